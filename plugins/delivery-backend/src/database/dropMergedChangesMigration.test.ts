import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { createTestDatabases } from '../__testUtils__/testDatabases';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const directory = resolvePackagePath(
  '@runway/plugin-delivery-backend',
  'migrations',
);

describe.each(databases.eachSupportedId())(
  'migration 20261215_drop_merged_changes (%s)',
  id => {
    it('drops merged_changes, and down brings it back as it was', async () => {
      const knex = await databases.fresh(id);
      await knex.migrate.latest({ directory });
      expect(await knex.schema.hasTable('merged_changes')).toBe(false);

      // Later migrations leave merged_changes alone: this one is undone by name.
      await knex.migrate.down({
        directory,
        name: '20261215_drop_merged_changes.js',
      });
      const change = {
        source: 'github',
        id: 'github:pull_request:1',
        repository: 'acme/shop',
        merged_at: new Date('2026-01-05T10:00:00Z'),
        head_sha: 'abc',
        merge_commit_sha: 'def',
        target_branch: 'main',
        url: 'https://github.com/acme/shop/pull/1',
        received_at: new Date('2026-01-05T10:00:01Z'),
        entity_refs: '["component:default/shop"]',
      };
      await knex('merged_changes').insert(change);
      expect(
        await knex('merged_changes')
          .where('head_sha', 'abc')
          .first('id', 'entity_refs'),
      ).toEqual({ id: change.id, entity_refs: change.entity_refs });

      await knex.migrate.latest({ directory });
      expect(await knex.schema.hasTable('merged_changes')).toBe(false);
    });
  },
);
