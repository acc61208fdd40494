// @ts-check

/*
 * Indexes for the DORA read path, which loads a window's deployments and only the history
 * that decides their metrics (see DatabaseDeliveryStore.listDoraEvents):
 * - earlier deployments that shipped a commit of the window: deployment_commits by sha;
 * - incidents that name a deployment of the window: incidents by deployment_id;
 * - incidents still open when the window starts: incidents by resolved_at per entity.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('deployment_commits', table => {
    table.index(['sha', 'deployment_id'], 'deployment_commits_sha_idx');
  });
  await knex.schema.alterTable('incidents', table => {
    table.index(['deployment_id'], 'incidents_deployment_idx');
    table.index(
      ['entity_ref', 'environment', 'resolved_at'],
      'incidents_entity_env_resolved_idx',
    );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('incidents', table => {
    table.dropIndex([], 'incidents_entity_env_resolved_idx');
    table.dropIndex([], 'incidents_deployment_idx');
  });
  await knex.schema.alterTable('deployment_commits', table => {
    table.dropIndex([], 'deployment_commits_sha_idx');
  });
};
