// @ts-check

/*
 * The requests list's order (newest first, then by id), as an index: a page of the `all` view
 * reads its rows from here instead of sorting the whole table, however many years it holds.
 * Raw SQL because the two columns sort in opposite directions; SQLite and PostgreSQL both
 * take this statement.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.raw(
    'CREATE INDEX environment_requests_list_order_idx ON environment_requests (created_at DESC, id ASC)',
  );
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.raw('DROP INDEX environment_requests_list_order_idx');
};
