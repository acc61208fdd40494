// @ts-check

/*
 * Imports in progress say they are alive every few seconds (heartbeat_at, an ISO-8601 UTC
 * string): an import left `running` by a process that was killed has a stale heartbeat, and
 * any replica may then fail it and drop its staged rows, while the imports other replicas
 * are running are left alone.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('cost_imports', table => {
    table.string('heartbeat_at', 32).nullable();
  });
  await knex('cost_imports')
    .where({ status: 'running' })
    .update({ heartbeat_at: knex.ref('started_at') });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('cost_imports', table => {
    table.dropColumn('heartbeat_at');
  });
};
