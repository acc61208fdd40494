// @ts-check

/*
 * The DORA read model (issue 17): what the metrics need of each successful deployment,
 * derived from the raw events by src/dora/doraFacts.ts and kept up to date at ingest, so
 * that a report aggregates the rows of its window instead of re-deriving them from every
 * deployment and commit. Instants are epoch milliseconds (the same arithmetic on SQLite and
 * PostgreSQL). Every row carries its deployment's entity, environment and finish so each
 * table is read through its own (entity, environment, finish) index.
 * Rebuilt from the raw events at any time (`yarn rederive`), so `down` just drops it.
 */

/**
 * @param {import('knex').Knex.CreateTableBuilder} table
 */
function deploymentColumns(table) {
  table.string('deployment_id', 255).notNullable();
  table.string('entity_ref', 255).notNullable();
  table.string('environment', 255).notNullable();
  table.bigInteger('finished_at_ms').notNullable();
}

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('dora_deployment_facts', table => {
    deploymentColumns(table);
    table.primary(['deployment_id']);
    table
      .bigInteger('rolled_back_at_ms')
      .nullable()
      .comment('finish of the earliest later deployment rolling this one back');
    table
      .boolean('rework_always')
      .notNullable()
      .comment('rollbackOf set or a hotfix label');
    table.index(
      ['entity_ref', 'environment', 'finished_at_ms'],
      'dora_deployment_facts_window_idx',
    );
  });
  await knex.schema.createTable('dora_lead_times', table => {
    deploymentColumns(table);
    table
      .double('seconds')
      .notNullable()
      .comment('lead time of one commit this deployment shipped first');
    table.index(
      ['entity_ref', 'environment', 'finished_at_ms'],
      'dora_lead_times_window_idx',
    );
  });
  await knex.schema.createTable('dora_blames', table => {
    deploymentColumns(table);
    table.string('incident_id', 255).notNullable();
    table.string('incident_entity_ref', 255).notNullable();
    table.bigInteger('opened_at_ms').notNullable();
    table.bigInteger('resolved_at_ms').nullable();
    table.primary(['deployment_id', 'incident_id']);
    table.index(
      ['entity_ref', 'environment', 'finished_at_ms'],
      'dora_blames_window_idx',
    );
  });
  await knex.schema.createTable('dora_rework_causes', table => {
    deploymentColumns(table);
    table
      .string('incident_entity_ref', 255)
      .notNullable()
      .comment(
        'entity of an incident blamed on an earlier deployment, open when this one finished',
      );
    table.primary(['deployment_id', 'incident_entity_ref']);
    table.index(
      ['entity_ref', 'environment', 'finished_at_ms'],
      'dora_rework_causes_window_idx',
    );
  });
  await knex.schema.createTable('dora_read_model', table => {
    table.string('key', 64).primary();
    table.text('value').notNullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  for (const table of [
    'dora_read_model',
    'dora_rework_causes',
    'dora_blames',
    'dora_lead_times',
    'dora_deployment_facts',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
};
