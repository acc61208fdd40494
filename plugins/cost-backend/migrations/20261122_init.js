// @ts-check

/*
 * FOCUS cost rows as exported, the imports that brought them, and the distinct
 * (sub-account, tags) pairs the rows carry. Attribution to catalog entities is computed from
 * those pairs when cost is read, so it follows catalog changes without rewriting rows.
 *
 * Instants are ISO-8601 UTC strings and days `YYYY-MM-DD` strings: they compare and group the
 * same way on SQLite and PostgreSQL. Costs are exact decimals on PostgreSQL.
 */

/** @param {import('knex').Knex.CreateTableBuilder} table */
function costColumns(table) {
  table.string('import_id', 64).notNullable();
  table.string('source', 255).notNullable();
  table.string('billing_period_start', 32).notNullable();
  table.string('charge_period_start', 32).notNullable();
  table.string('charge_period_end', 32).notNullable();
  table.string('usage_date', 10).notNullable();
  table.string('billing_currency', 8).notNullable();
  table.decimal('effective_cost', 38, 15).notNullable();
  table.decimal('billed_cost', 38, 15).notNullable();
  table.decimal('list_cost', 38, 15).notNullable();
  table.string('charge_category', 64).nullable();
  table.text('provider_name').nullable();
  table.text('service_category').nullable();
  table.text('service_name').nullable();
  table.text('region_id').nullable();
  table.text('region_name').nullable();
  table.text('sub_account_id').nullable();
  table.text('sub_account_name').nullable();
  table.text('resource_id').nullable();
  table.text('resource_name').nullable();
  table.text('tags').nullable().comment('FOCUS Tags as a JSON object');
  table.integer('allocation_key_id').notNullable();
}

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('cost_imports', table => {
    table.string('id', 64).primary();
    table.string('source', 255).notNullable();
    table.text('file_name').notNullable();
    table.string('content_hash', 64).notNullable();
    table.string('status', 16).notNullable();
    table.string('focus_version', 8).nullable();
    table.string('started_at', 32).notNullable();
    table.string('finished_at', 32).nullable();
    table.integer('rows_read').notNullable().defaultTo(0);
    table.integer('rows_imported').notNullable().defaultTo(0);
    table.integer('bad_row_count').notNullable().defaultTo(0);
    table
      .text('bad_rows')
      .nullable()
      .comment('JSON array of the first bad rows');
    table.text('billing_periods').nullable().comment('JSON array');
    table.text('error').nullable();
    table.index(['content_hash', 'status'], 'cost_imports_hash_idx');
    table.index(['started_at'], 'cost_imports_started_idx');
  });

  await knex.schema.createTable('cost_allocation_keys', table => {
    table.increments('id');
    table
      .string('key_hash', 64)
      .notNullable()
      .unique({ indexName: 'cost_allocation_keys_hash_uq' });
    table.text('sub_account_id').nullable();
    table.text('tags').nullable();
  });

  await knex.schema.createTable('cost_rows', table => {
    table.bigIncrements('id');
    costColumns(table);
    table.index(
      ['source', 'billing_period_start'],
      'cost_rows_source_period_idx',
    );
    table.index(
      ['charge_period_start', 'allocation_key_id'],
      'cost_rows_start_key_idx',
    );
    table.index(
      ['allocation_key_id', 'charge_period_start'],
      'cost_rows_key_start_idx',
    );
  });

  // Rows of an import in progress: moved into cost_rows one billing period per transaction
  // once the whole file has been read, so a failed import changes nothing.
  await knex.schema.createTable('cost_staged_rows', table => {
    costColumns(table);
    table.index(
      ['import_id', 'billing_period_start'],
      'cost_staged_rows_import_idx',
    );
  });
  if (knex.client.config.client === 'pg') {
    // Staged rows are rewritten into cost_rows or discarded: no need to write them to the WAL.
    await knex.raw('alter table cost_staged_rows set unlogged');
  }
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('cost_staged_rows');
  await knex.schema.dropTable('cost_rows');
  await knex.schema.dropTable('cost_allocation_keys');
  await knex.schema.dropTable('cost_imports');
};
