// @ts-check

/*
 * The components a merged pull request, merge request or CDEvents change belongs to. In a
 * monorepo they come from the files of the pushes that carried the change (see the adapters'
 * README, "Monorepos"), so a change seen before its push is attributed when the push arrives.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('merged_changes', table => {
    table
      .text('entity_refs')
      .nullable()
      .comment(
        'JSON array of the normalized refs of the components the change belongs to; null while unknown',
      );
    table.index(['merge_commit_sha'], 'merged_changes_merge_commit_idx');
    table.index(['head_sha'], 'merged_changes_head_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('merged_changes', table => {
    table.dropIndex([], 'merged_changes_head_idx');
    table.dropIndex([], 'merged_changes_merge_commit_idx');
    table.dropColumn('entity_refs');
  });
};
