// @ts-check

/*
 * merged_changes (merged pull requests, merge requests and CDEvents changes, with the
 * components each belongs to) was written on every delivery and never read: nothing
 * reported on it. Dropped so that existing databases stop carrying it; `down` recreates it
 * as 20261122_init and 20261202_merged_change_entities left it (empty).
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.dropTableIfExists('merged_changes');
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.createTable('merged_changes', table => {
    table.string('source', 32).notNullable();
    table.string('id', 255).notNullable();
    table.string('repository', 255).nullable();
    table.timestamp('merged_at', { useTz: true }).notNullable();
    table.string('head_sha', 255).nullable();
    table.string('merge_commit_sha', 255).nullable();
    table.string('target_branch', 255).nullable();
    table.text('url').nullable();
    table.timestamp('received_at', { useTz: true }).notNullable();
    table.primary(['source', 'id']);
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
