// @ts-check

/*
 * Environment requests (one row per request, its state and the environment it became), the
 * audit trail of every state change, and the expiry reminders already sent.
 *
 * Instants are ISO-8601 UTC strings with milliseconds: they compare the same way on SQLite
 * and PostgreSQL. `revision` is the optimistic lock every transition checks; `lease_*` is the
 * claim of the worker provisioning or tearing down an environment; `progress` holds the
 * results of the provisioner's finished steps so a resumed run skips them.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('environment_requests', table => {
    table.string('id', 36).primary();
    table
      .string('name', 63)
      .notNullable()
      .unique({ indexName: 'environment_requests_name_uq' });
    table.string('entity_ref', 255).notNullable();
    table.string('owner_ref', 255).notNullable();
    table.string('requested_by', 255).notNullable();
    table.string('type', 63).notNullable();
    table.string('size', 63).notNullable();
    table.float('ttl_hours').notNullable();
    table.string('branch', 255).nullable();
    table.string('version', 255).nullable();
    table.text('purpose').notNullable();
    table.string('state', 32).notNullable();
    table.string('failed_from', 32).nullable();
    table.text('failure_reason').nullable();
    table.string('currency', 8).notNullable();
    table.decimal('price_per_day', 18, 4).notNullable();
    table.decimal('estimate_total', 18, 2).notNullable();
    table.text('url').nullable();
    table.string('created_at', 32).notNullable();
    table.string('updated_at', 32).notNullable();
    table.string('ready_at', 32).nullable();
    table.string('expires_at', 32).nullable();
    table.string('destroyed_at', 32).nullable();
    table.integer('revision').notNullable().defaultTo(0);
    table
      .text('progress')
      .nullable()
      .comment('JSON object: step name -> result');
    table.string('lease_owner', 64).nullable();
    table.string('lease_expires_at', 32).nullable();
    table.index(['state', 'expires_at'], 'environment_requests_state_idx');
    table.index(['owner_ref', 'state'], 'environment_requests_owner_idx');
    table.index(['entity_ref', 'state'], 'environment_requests_entity_idx');
    table.index(['requested_by'], 'environment_requests_requester_idx');
  });

  await knex.schema.createTable('environment_transitions', table => {
    table.increments('id');
    table
      .string('request_id', 36)
      .notNullable()
      .references('id')
      .inTable('environment_requests')
      .onDelete('CASCADE');
    table.string('from_state', 32).nullable();
    table.string('to_state', 32).notNullable();
    table.string('actor', 255).notNullable();
    table.text('reason').nullable();
    table.string('at', 32).notNullable();
    table.index(['request_id', 'id'], 'environment_transitions_request_idx');
  });

  await knex.schema.createTable('environment_reminders', table => {
    table
      .string('request_id', 36)
      .notNullable()
      .references('id')
      .inTable('environment_requests')
      .onDelete('CASCADE');
    table.string('expires_at', 32).notNullable();
    table.integer('offset_minutes').notNullable();
    table.string('claim', 36).notNullable();
    table.string('sent_at', 32).notNullable();
    table.primary(['request_id', 'expires_at', 'offset_minutes']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('environment_reminders');
  await knex.schema.dropTable('environment_transitions');
  await knex.schema.dropTable('environment_requests');
};
