// @ts-check

/*
 * Monorepos: the files each pushed commit changed, and the last commit of its push. A
 * deployment is given only the commits whose files belong to its component, and a CI run
 * (which names the push's last commit) the components its push changed.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('pushed_commits', table => {
    table
      .text('paths')
      .nullable()
      .comment('JSON array of the files the commit changed; null when unknown');
    table
      .string('push_head_sha', 255)
      .nullable()
      .comment('after of the push that carried the commit');
    table.index(
      ['provider', 'repository', 'push_head_sha'],
      'pushed_commits_push_head_idx',
    );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('pushed_commits', table => {
    table.dropIndex([], 'pushed_commits_push_head_idx');
    table.dropColumn('push_head_sha');
    table.dropColumn('paths');
  });
};
