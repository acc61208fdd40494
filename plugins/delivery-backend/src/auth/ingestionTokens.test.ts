import { mockServices } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import { createHash } from 'node:crypto';
import {
  DatabaseIngestionTokenStore,
  parseIngestionTokenRequest,
} from './ingestionTokens';
import { createTestDatabases } from '../__testUtils__/testDatabases';

jest.setTimeout(60_000);

const databases = createTestDatabases();

describe('parseIngestionTokenRequest', () => {
  it.each([
    [{ repository: 'octo-org/payments' }, 'github', 'octo-org/payments'],
    [
      { repository: 'Octo-Org/my.repo_2', provider: 'github' },
      'github',
      'Octo-Org/my.repo_2',
    ],
    [
      { repository: 'group/sub/project', provider: 'gitlab' },
      'gitlab',
      'group/sub/project',
    ],
  ])('accepts %j', (body, provider, repository) => {
    expect(parseIngestionTokenRequest(body)).toEqual({ provider, repository });
  });

  it.each([
    [undefined, 'repository'],
    ['octo-org/payments', 'repository'],
    [{ repository: '-owner/name' }, 'repository'],
    [{ repository: `owner/${'n'.repeat(101)}` }, 'repository'],
    [{ repository: 'owner/name/extra' }, 'repository'],
    [{ repository: 'owner/.' }, 'repository'],
    [{ repository: 'owner/name', provider: 'GitHub' }, 'provider'],
    [{ repository: 'only-a-project', provider: 'gitlab' }, 'repository'],
    [{ repository: 'owner/name', token: 'rwy_x' }, 'token'],
  ])('refuses %j naming %s', (body, field) => {
    expect(() => parseIngestionTokenRequest(body)).toThrow(InputError);
    expect(() => parseIngestionTokenRequest(body)).toThrow(
      new RegExp(`^${field}: `),
    );
  });
});

describe.each(databases.eachSupportedId())(
  'DatabaseIngestionTokenStore (%s)',
  databaseId => {
    async function createStore(options: { fresh?: boolean } = {}) {
      // A test that rolls back a migration must not leave the shared database without it.
      const knex = await (options.fresh
        ? databases.fresh(databaseId)
        : databases.init(databaseId));
      const store = await DatabaseIngestionTokenStore.create({
        database: mockServices.database({ knex }),
      });
      return { knex, store };
    }

    it('finds a token by its hash only, and forgets it once another is issued', async () => {
      const { knex, store } = await createStore();
      const first = await store.issue({
        provider: 'github',
        repository: 'Octo-Org/Payments',
      });
      expect(first.token).toMatch(/^rwy_[A-Za-z0-9_-]{43}$/);
      await expect(store.find(first.token)).resolves.toEqual({
        provider: 'github',
        repository: 'Octo-Org/Payments',
      });
      expect(await knex('ingestion_tokens').pluck('token_hash')).toEqual([
        createHash('sha256').update(first.token).digest('hex'),
      ]);

      // The same repository in other letter case is the same repository.
      const second = await store.issue({
        provider: 'github',
        repository: 'octo-org/payments',
      });
      await expect(store.find(first.token)).resolves.toBeUndefined();
      await expect(store.find(second.token)).resolves.toEqual({
        provider: 'github',
        repository: 'octo-org/payments',
      });

      // Another provider's repository of the same name has a token of its own.
      const gitlab = await store.issue({
        provider: 'gitlab',
        repository: 'octo-org/payments',
      });
      await expect(store.find(second.token)).resolves.toBeDefined();
      await expect(store.find(gitlab.token)).resolves.toMatchObject({
        provider: 'gitlab',
      });
      await expect(store.find('not-a-token')).resolves.toBeUndefined();
      await expect(store.find(`${second.token}x`)).resolves.toBeUndefined();
    });

    it('leaves exactly one valid token when tokens are issued concurrently', async () => {
      const { knex, store } = await createStore();
      const issued = await Promise.all(
        Array.from({ length: 8 }, () =>
          store.issue({ provider: 'github', repository: 'o/r' }),
        ),
      );
      const [{ n }] = await knex('ingestion_tokens').count({ n: '*' });
      expect(Number(n)).toBe(1);
      const valid = (
        await Promise.all(issued.map(i => store.find(i.token)))
      ).filter(Boolean);
      expect(valid).toHaveLength(1);
    });

    it('has a migration that can be rolled back', async () => {
      const { knex } = await createStore({ fresh: true });
      await knex.migrate.down({
        directory: `${__dirname}/../../migrations`,
        name: '20261211_repository_ingestion_tokens.js',
      });
      expect(await knex.schema.hasTable('ingestion_tokens')).toBe(false);
    });
  },
);
