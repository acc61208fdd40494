// @ts-check

/*
 * Daily sums of cost_rows per allocation key and breakdown dimension, kept in step with
 * cost_rows by the import (each committed billing period rewrites its days). Cost read over
 * whole UTC days, which is what every card and the overview ask for, comes from here: a year
 * of one entity is a few hundred rows instead of every exported row.
 *
 * cost_rows keeps one index for key + time lookups (windows that do not start or end at
 * midnight, top resources): the time-first one only served the reads that moved here, and
 * each index on cost_rows slows every import down.
 */

const GRAIN = [
  'source',
  'billing_period_start',
  'usage_date',
  'allocation_key_id',
  'billing_currency',
  'service_category',
  'service_name',
  'region_id',
  'region_name',
  'sub_account_id',
  'sub_account_name',
];

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('cost_daily', table => {
    table.string('source', 255).notNullable();
    table.string('billing_period_start', 32).notNullable();
    table.string('usage_date', 10).notNullable();
    table.integer('allocation_key_id').notNullable();
    table.string('billing_currency', 8).notNullable();
    table.text('service_category').nullable();
    table.text('service_name').nullable();
    table.text('region_id').nullable();
    table.text('region_name').nullable();
    table.text('sub_account_id').nullable();
    table.text('sub_account_name').nullable();
    table.decimal('effective_cost', 38, 15).notNullable();
    table.decimal('billed_cost', 38, 15).notNullable();
    table.decimal('list_cost', 38, 15).notNullable();
    table.integer('row_count').notNullable();
    table.index(
      ['source', 'billing_period_start'],
      'cost_daily_source_period_idx',
    );
    table.index(['allocation_key_id', 'usage_date'], 'cost_daily_key_date_idx');
    table.index(['usage_date'], 'cost_daily_date_idx');
  });
  const grain = GRAIN.join(', ');
  await knex.raw(
    `insert into cost_daily (${grain}, effective_cost, billed_cost, list_cost, row_count)
     select ${grain}, sum(effective_cost), sum(billed_cost), sum(list_cost), count(*)
     from cost_rows group by ${grain}`,
  );
  await knex.schema.alterTable('cost_rows', table => {
    table.dropIndex([], 'cost_rows_start_key_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('cost_rows', table => {
    table.index(
      ['charge_period_start', 'allocation_key_id'],
      'cost_rows_start_key_idx',
    );
  });
  await knex.schema.dropTable('cost_daily');
};
