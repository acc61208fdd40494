// @ts-check

/*
 * Delivery events, one table per event type, keyed by the event id (re-posting an id updates
 * the row). Every timestamp column holds an instant (timestamptz on PostgreSQL).
 * Indexes follow the read paths: DORA reads deployments and incidents of a set of entities in
 * one environment up to an instant; pipeline state reads runs of an entity since an instant.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('deployments', table => {
    table.string('id', 255).primary();
    table.string('entity_ref', 255).notNullable();
    table.string('environment', 255).notNullable();
    table.string('status', 16).notNullable();
    table.timestamp('started_at', { useTz: true }).nullable();
    table.timestamp('finished_at', { useTz: true }).notNullable();
    table.string('version', 255).nullable();
    table.string('commit_sha', 255).nullable();
    table.string('rollback_of', 255).nullable();
    table.text('labels').nullable().comment('JSON object of string labels');
    table.string('source', 32).notNullable();
    table.timestamp('received_at', { useTz: true }).notNullable();
    table.index(
      ['entity_ref', 'environment', 'finished_at'],
      'deployments_entity_env_finished_idx',
    );
  });

  await knex.schema.createTable('deployment_commits', table => {
    table
      .string('deployment_id', 255)
      .notNullable()
      .references('id')
      .inTable('deployments')
      .onDelete('CASCADE');
    table.string('sha', 255).notNullable();
    table.timestamp('committed_at', { useTz: true }).notNullable();
    table.primary(['deployment_id', 'sha']);
  });

  await knex.schema.createTable('incidents', table => {
    table.string('id', 255).primary();
    table.string('entity_ref', 255).notNullable();
    table.string('environment', 255).notNullable();
    table.timestamp('opened_at', { useTz: true }).notNullable();
    table.timestamp('resolved_at', { useTz: true }).nullable();
    table.string('deployment_id', 255).nullable();
    table.string('severity', 255).nullable();
    table.text('url').nullable();
    table.string('source', 32).notNullable();
    table.timestamp('received_at', { useTz: true }).notNullable();
    table.index(
      ['entity_ref', 'environment', 'opened_at'],
      'incidents_entity_env_opened_idx',
    );
  });

  await knex.schema.createTable('pipeline_runs', table => {
    table.string('id', 255).primary();
    table.string('entity_ref', 255).notNullable();
    table.string('pipeline', 255).notNullable();
    table.string('branch', 255).nullable();
    table.string('status', 16).notNullable();
    table.integer('attempt').nullable();
    table.timestamp('started_at', { useTz: true }).nullable();
    table.timestamp('finished_at', { useTz: true }).nullable();
    table.text('url').nullable();
    table.string('commit_sha', 255).nullable();
    table
      .timestamp('run_at', { useTz: true })
      .notNullable()
      .comment(
        'startedAt, else finishedAt, else when first received: orders runs',
      );
    table.string('source', 32).notNullable();
    table.timestamp('received_at', { useTz: true }).notNullable();
    table.index(['entity_ref', 'run_at'], 'pipeline_runs_entity_run_at_idx');
  });

  // Commits seen in pushes, in push order (seq): a deployment event that names only its
  // commit gets the commits pushed to its branch since the previous deployment from here.
  await knex.schema.createTable('pushed_commits', table => {
    table.bigIncrements('seq').primary();
    table.string('provider', 16).notNullable();
    table.string('repository', 255).notNullable();
    table.string('branch', 255).notNullable();
    table.string('sha', 255).notNullable();
    table.timestamp('committed_at', { useTz: true }).notNullable();
    table.timestamp('received_at', { useTz: true }).notNullable();
    table.unique(['provider', 'repository', 'branch', 'sha'], {
      indexName: 'pushed_commits_branch_sha_idx',
    });
  });

  // Merged pull requests, merge requests and CDEvents change.merged, kept for tracing.
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
  });

  await knex.schema.createTable('unmatched_events', table => {
    table
      .string('key', 255)
      .primary()
      .comment(
        'type:id of a normalized event, else a hash of source and payload',
      );
    table.string('source', 32).notNullable();
    table.string('event_type', 32).nullable();
    table.string('event_id', 255).nullable();
    table.string('entity_ref', 255).nullable();
    table.text('reason').notNullable();
    table.text('payload').notNullable().comment('JSON');
    table.timestamp('received_at', { useTz: true }).notNullable();
    table.index(['received_at'], 'unmatched_events_received_at_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('unmatched_events');
  await knex.schema.dropTable('merged_changes');
  await knex.schema.dropTable('pushed_commits');
  await knex.schema.dropTable('pipeline_runs');
  await knex.schema.dropTable('incidents');
  await knex.schema.dropTable('deployment_commits');
  await knex.schema.dropTable('deployments');
};
