// @ts-check

/*
 * Events: identity, order, and nothing lost (issue 13, section 4).
 *
 * - Ids are scoped by source: each adapter owns the ids that start with its name
 *   (`github:`, `gitlab:`, `cdevents:`; demo data `demo-`), the native API everything else.
 *   Events posted through the API before that rule, under an id of another source's
 *   namespace, are moved to `api:<id>` (with their commits, the references other API events
 *   make to them and their unmatched record), so that source's own event can be stored.
 * - deployment_commit_lookups: where a GitHub or GitLab deployment's commits will come from
 *   (the push that carried its sha), kept until that push is seen and the commits filled in.
 * - unmatched_events keep the normalized event and what is needed to resolve it again,
 *   never a webhook body: stored bodies are removed, and raw payloads (no event) dropped.
 */

/** Id prefixes owned by a source other than the native API. */
const RESERVED_PREFIXES = ['github:', 'gitlab:', 'cdevents:', 'demo-'];

const TABLES = {
  deployment: 'deployments',
  incident: 'incidents',
  pipelineRun: 'pipeline_runs',
};

/**
 * @param {import('knex').Knex} knex
 * @param {string} table
 */
function squatters(knex, table) {
  return knex(table)
    .where('source', 'api')
    .where(query => {
      for (const prefix of RESERVED_PREFIXES) {
        query.orWhere('id', 'like', `${prefix}%`);
      }
    })
    .select();
}

/**
 * @param {import('knex').Knex} knex
 */
async function moveSquattedIds(knex) {
  for (const [type, table] of Object.entries(TABLES)) {
    for (const row of await squatters(knex, table)) {
      const id = `api:${row.id}`;
      await knex(table).insert({ ...row, id });
      if (type === 'deployment') {
        await knex('deployment_commits')
          .where('deployment_id', row.id)
          .update({ deployment_id: id });
        await knex('deployments')
          .where({ source: 'api', rollback_of: row.id })
          .update({ rollback_of: id });
        await knex('incidents')
          .where({ source: 'api', deployment_id: row.id })
          .update({ deployment_id: id });
      }
      await knex(table).where('id', row.id).delete();
      await knex('unmatched_events')
        .where('key', `${type}:${row.id}`)
        .update({ key: `${type}:${id}`, event_id: id });
    }
  }
}

/**
 * @param {import('knex').Knex} knex
 */
async function removeStoredBodies(knex) {
  await knex('unmatched_events').whereNull('event_type').delete();
  const rows = await knex('unmatched_events')
    .where('payload', 'like', '%"body"%')
    .select('key', 'payload');
  for (const row of rows) {
    const payload = JSON.parse(row.payload);
    if (payload && typeof payload === 'object' && 'body' in payload) {
      delete payload.body;
      await knex('unmatched_events')
        .where('key', row.key)
        .update({ payload: JSON.stringify(payload) });
    }
  }
}

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await moveSquattedIds(knex);
  await removeStoredBodies(knex);
  await knex.schema.createTable('deployment_commit_lookups', table => {
    table
      .string('deployment_id', 255)
      .primary()
      .references('id')
      .inTable('deployments')
      .onDelete('CASCADE');
    table.string('provider', 16).notNullable();
    table
      .string('repository', 255)
      .notNullable()
      .comment('lower-case slug, as in pushed_commits');
    table
      .string('ref', 255)
      .nullable()
      .comment('branch deployed from; null: any branch');
    table.string('sha', 255).notNullable();
    table.index(
      ['provider', 'repository', 'sha'],
      'deployment_commit_lookups_sha_idx',
    );
  });
};

/**
 * Moved ids and removed bodies are not restored: the bodies are gone, and the moved events
 * are valid as they are.
 *
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('deployment_commit_lookups');
};
