// @ts-check

/*
 * One row per team: the row a request or an extension locks (SELECT ... FOR UPDATE on
 * PostgreSQL) while it checks the team's quotas and budget and writes, so two backend
 * replicas cannot both pass a quota that has room for only one of them.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('environment_quota_locks', table => {
    table.string('owner_ref', 255).primary();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('environment_quota_locks');
};
