// @ts-check

/*
 * The last computed template drift of every catalog entity that records the template it was
 * created from. Rewritten by the scheduled check; read by the API. Instants are ISO-8601 UTC
 * strings (they compare the same way on SQLite and PostgreSQL); changes is JSON text.
 */

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('golden_paths_drift', table => {
    table.comment('Template drift of each entity created from a template');
    table.string('entity_ref', 512).primary().notNullable();
    table.text('entity_title').nullable();
    table.string('owner_ref', 512).nullable();
    table.string('template_ref', 512).notNullable();
    table.text('template_title').nullable();
    table.string('recorded_version', 255).nullable();
    table.string('current_version', 255).nullable();
    table.string('status', 32).notNullable();
    table.text('changes').notNullable();
    table.text('changelog_error').nullable();
    table.string('checked_at', 32).notNullable();
    table.index(['status'], 'golden_paths_drift_status_idx');
    table.index(['owner_ref'], 'golden_paths_drift_owner_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('golden_paths_drift');
};
