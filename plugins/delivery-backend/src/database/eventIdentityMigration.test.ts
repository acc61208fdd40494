import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { createTestDatabases } from '../__testUtils__/testDatabases';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const directory = resolvePackagePath(
  '@runway/plugin-delivery-backend',
  'migrations',
);

describe.each(databases.eachSupportedId())(
  'migration 20261212_event_identity (%s)',
  id => {
    it('moves API events out of other sources’ ids and removes stored webhook bodies', async () => {
      const knex = await databases.fresh(id);
      await knex.migrate.up({ directory, name: '20261122_init.js' });
      for (const name of [
        '20261123_dora_read_paths.js',
        '20261123_monorepo_pushes.js',
        '20261202_merged_change_entities.js',
        '20261211_repository_ingestion_tokens.js',
      ]) {
        await knex.migrate.up({ directory, name });
      }
      const receivedAt = new Date('2026-01-05T10:00:00Z');
      const deployment = (rowId: string, source: string) => ({
        id: rowId,
        entity_ref: 'component:default/payments',
        environment: 'production',
        status: 'succeeded',
        finished_at: receivedAt,
        source,
        received_at: receivedAt,
      });
      await knex('deployments').insert([
        deployment('github:deployment:1', 'api'),
        deployment('github:deployment:2', 'github'),
        deployment('rollback', 'api'),
      ]);
      await knex('deployments')
        .where('id', 'rollback')
        .update({ rollback_of: 'github:deployment:1' });
      await knex('deployment_commits').insert({
        deployment_id: 'github:deployment:1',
        sha: 'abc',
        committed_at: receivedAt,
      });
      const unmatched = (key: string, payload: object, eventType?: string) => ({
        key,
        source: 'github',
        event_type: eventType ?? null,
        event_id: eventType ? key.slice(eventType.length + 1) : null,
        reason: 'no entity',
        payload: JSON.stringify(payload),
        received_at: receivedAt,
      });
      await knex('unmatched_events').insert([
        unmatched(
          'pipelineRun:github:workflow_run:1:1',
          {
            event: { id: 'github:workflow_run:1:1' },
            entity: { kind: 'none', why: 'test' },
            body: { head_commit: { message: 'secret', author: 'a@b.c' } },
          },
          'pipelineRun',
        ),
        unmatched('raw-hash', { commits: [{ message: 'secret' }] }),
      ]);

      await knex.migrate.latest({ directory });

      expect(
        await knex('deployments')
          .select('id', 'source', 'rollback_of')
          .orderBy('id'),
      ).toEqual([
        {
          id: 'api:github:deployment:1',
          source: 'api',
          rollback_of: null,
        },
        { id: 'github:deployment:2', source: 'github', rollback_of: null },
        {
          id: 'rollback',
          source: 'api',
          rollback_of: 'api:github:deployment:1',
        },
      ]);
      expect(await knex('deployment_commits').select('deployment_id')).toEqual([
        { deployment_id: 'api:github:deployment:1' },
      ]);
      const rows = await knex('unmatched_events').select('key', 'payload');
      expect(rows).toEqual([
        {
          key: 'pipelineRun:github:workflow_run:1:1',
          payload: JSON.stringify({
            event: { id: 'github:workflow_run:1:1' },
            entity: { kind: 'none', why: 'test' },
          }),
        },
      ]);
    });
  },
);
