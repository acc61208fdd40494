import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { knex as createKnex, Knex } from 'knex';
import { DatabaseEnvironmentStore } from './DatabaseEnvironmentStore';
import { NewEnvironmentRecord } from './EnvironmentStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create();

const record = (
  id: string,
  overrides: Partial<NewEnvironmentRecord> = {},
): NewEnvironmentRecord => ({
  id,
  name: `env-${id}`,
  entityRef: 'component:default/payments',
  ownerRef: 'group:default/team-a',
  requestedBy: 'user:default/alice',
  type: 'dev',
  size: 'small',
  ttlHours: 24,
  purpose: 'test',
  currency: 'USD',
  pricePerDay: 2.4,
  estimateTotal: 2.4,
  createdAt: '2026-11-02T08:00:00.000Z',
  ...overrides,
});

describe.each(databases.eachSupportedId())(
  'DatabaseEnvironmentStore (%s)',
  databaseId => {
    async function createStore() {
      const knex = await databases.init(databaseId);
      return {
        knex,
        store: await DatabaseEnvironmentStore.create({
          database: mockServices.database({ knex }),
        }),
      };
    }

    it('stores a request with its first transitions and reads it back', async () => {
      const { store } = await createStore();
      const created = await store.create(record('a', { branch: 'main' }), [
        { to: 'requested', reason: 'test' },
        { to: 'pending_approval' },
      ]);
      expect(created).toMatchObject({
        id: 'a',
        state: 'pending_approval',
        branch: 'main',
        pricePerDay: 2.4,
        revision: 0,
        progress: {},
      });
      expect(await store.history('a')).toEqual([
        expect.objectContaining({
          from: null,
          to: 'requested',
          actor: 'user:default/alice',
          reason: 'test',
        }),
        expect.objectContaining({ from: 'requested', to: 'pending_approval' }),
      ]);
    });

    it('applies a transition only while its guard holds, and audits only applied ones', async () => {
      const { store } = await createStore();
      await store.create(record('a'), [
        { to: 'requested' },
        { to: 'pending_approval' },
      ]);
      const at = '2026-11-02T09:00:00.000Z';
      const stale = {
        id: 'a',
        from: ['pending_approval' as const],
        revision: 0,
        actor: 'user:default/bob',
        at,
      };
      const approved = await store.transition({
        ...stale,
        to: 'approved',
        reason: 'ok',
      });
      expect(approved).toMatchObject({
        state: 'approved',
        revision: 1,
        updatedAt: at,
      });
      expect(
        await store.transition({ ...stale, to: 'rejected' }),
      ).toBeUndefined();
      expect(
        await store.transition({
          id: 'a',
          from: ['pending_approval'],
          to: 'rejected',
          actor: 'x',
          at,
        }),
      ).toBeUndefined();
      expect((await store.history('a')).map(entry => entry.to)).toEqual([
        'requested',
        'pending_approval',
        'approved',
      ]);
    });

    it('gives the lease to one worker at a time until it expires, and keeps progress only for the holder', async () => {
      const { store } = await createStore();
      await store.create(record('a'), [
        { to: 'requested' },
        { to: 'approved' },
      ]);
      await store.transition({
        id: 'a',
        from: ['approved'],
        to: 'provisioning',
        actor: 's',
        at: '2026-11-02T08:00:00.000Z',
      });
      const lease = (owner: string, now: string) =>
        store.acquireLease({
          id: 'a',
          owner,
          states: ['provisioning'],
          now,
          until: '2026-11-02T08:05:00.000Z',
        });
      expect(await lease('w1', '2026-11-02T08:00:00.000Z')).toBe(true);
      expect(await lease('w2', '2026-11-02T08:01:00.000Z')).toBe(false);
      expect(await store.saveProgress('a', 'w2', { step: 1 })).toBe(false);
      expect(await store.saveProgress('a', 'w1', { step: 1 })).toBe(true);
      expect(await lease('w2', '2026-11-02T08:06:00.000Z')).toBe(true);
      expect((await store.get('a'))!.progress).toEqual({ step: 1 });
      await store.releaseLease('a', 'w2');
      expect(await lease('w3', '2026-11-02T08:06:00.000Z')).toBe(true);
    });

    it('only lets the lease holder record an outcome guarded by the lease', async () => {
      const { store } = await createStore();
      await store.create(record('a'), [
        { to: 'requested' },
        { to: 'approved' },
      ]);
      await store.transition({
        id: 'a',
        from: ['approved'],
        to: 'provisioning',
        actor: 's',
        at: '2026-11-02T08:00:00.000Z',
      });
      const lease = (owner: string, now: string) =>
        store.acquireLease({
          id: 'a',
          owner,
          states: ['provisioning'],
          now,
          until: '2026-11-02T08:05:00.000Z',
        });
      expect(await lease('w1', '2026-11-02T08:00:00.000Z')).toBe(true);
      // w1's lease lapses and w2 takes over: w1's late result must not land.
      expect(await lease('w2', '2026-11-02T08:06:00.000Z')).toBe(true);
      const ready = {
        id: 'a',
        from: ['provisioning' as const],
        to: 'ready' as const,
        actor: 's',
        at: '2026-11-02T08:07:00.000Z',
      };
      expect(await store.transition({ ...ready, leaseOwner: 'w1' })).toBe(
        undefined,
      );
      expect(
        (await store.transition({ ...ready, leaseOwner: 'w2' }))?.state,
      ).toBe('ready');
    });

    it('runs quota checks of one team one at a time, also from two connections pools (replicas)', async () => {
      const { knex, store } = await createStore();
      // A second backend instance: its own connection pool on the same database. SQLite
      // in memory cannot be shared between pools, and one SQLite backend has one pool.
      let second: Knex | undefined;
      let other = store;
      if (databaseId.startsWith('POSTGRES')) {
        second = createKnex(knex.client.config);
        other = await DatabaseEnvironmentStore.create({
          database: mockServices.database({
            knex: second,
            migrations: { skip: true },
          }),
        });
      }
      try {
        // Each attempt counts, waits (so an unserialized second attempt counts before the
        // first one inserts), then inserts only if the team has no environment yet.
        const attempt = (target: typeof store, id: string) =>
          target.withTeamLock('group:default/team-a', async locked => {
            const { team } = await locked.countActive({
              ownerRef: 'group:default/team-a',
              entityRef: 'component:default/payments',
              states: ['approved'],
            });
            await new Promise(resolve => setTimeout(resolve, 300));
            if (team > 0) {
              return false;
            }
            await locked.create(record(id), [
              { to: 'requested' },
              { to: 'approved' },
            ]);
            return true;
          });
        const results = await Promise.all([
          attempt(store, 'a'),
          attempt(other, 'b'),
        ]);
        expect(results.filter(Boolean)).toHaveLength(1);
        expect(
          await store.countActive({
            ownerRef: 'group:default/team-a',
            entityRef: 'component:default/payments',
            states: ['approved'],
          }),
        ).toEqual({ team: 1, service: 1 });

        // Another team is not held up by team-a's lock, and a failed check writes nothing.
        await expect(
          other.withTeamLock('group:default/team-b', async locked => {
            await locked.create(
              record('c', { ownerRef: 'group:default/team-b' }),
              [{ to: 'requested' }],
            );
            throw new Error('over quota');
          }),
        ).rejects.toThrow('over quota');
        expect(await store.get('c')).toBeUndefined();
      } finally {
        await second?.destroy();
      }
    });

    it('counts active requests and lists those that cost money in a month', async () => {
      const { store } = await createStore();
      await store.create(record('a'), [
        { to: 'requested' },
        { to: 'approved' },
      ]);
      await store.create(
        record('b', { entityRef: 'component:default/search' }),
        [{ to: 'requested' }, { to: 'pending_approval' }],
      );
      await store.create(
        record('c', { createdAt: '2026-12-05T00:00:00.000Z' }),
        [{ to: 'requested' }, { to: 'pending_approval' }],
      );
      await store.transition({
        id: 'b',
        from: ['pending_approval'],
        to: 'rejected',
        actor: 'x',
        at: '2026-11-02T09:00:00.000Z',
      });
      expect(
        await store.countActive({
          ownerRef: 'group:default/team-a',
          entityRef: 'component:default/payments',
          states: ['approved', 'pending_approval'],
        }),
      ).toEqual({ team: 2, service: 2 });
      const november = await store.listForSpend({
        ownerRef: 'group:default/team-a',
        from: '2026-11-01T00:00:00.000Z',
        to: '2026-12-01T00:00:00.000Z',
      });
      expect(november.map(entry => entry.id)).toEqual(['a']);
    });

    it('reads the list a page at a time, newest first, through ties in time, as it reads it whole', async () => {
      const { store } = await createStore();
      // 13 requests over 4 instants (ties in time are ordered by id), created out of order.
      const instants = [
        '2026-11-02T08:00:00.000Z',
        '2026-11-03T08:00:00.000Z',
        '2026-11-03T08:00:00.001Z',
        '2026-11-10T00:00:00.000Z',
      ];
      // Not in id order either (ids are UUIDs in production: lower-case hex and dashes).
      const ids = Array.from(
        { length: 13 },
        (_, index) => `id-${String((index * 5) % 13).padStart(2, '0')}`,
      );
      for (const [index, id] of ids.entries()) {
        await store.create(
          record(id, {
            createdAt: instants[(index * 7) % instants.length],
            entityRef:
              index % 3 === 0
                ? 'component:default/search'
                : 'component:default/payments',
          }),
          [{ to: 'requested' }],
        );
      }
      const whole = await store.list({});
      expect(new Set(whole.map(entry => entry.id)).size).toBe(13);
      // The order itself: instants descending, then ids ascending.
      expect(whole).toEqual(
        [...whole].sort(
          (a, b) =>
            b.createdAt.localeCompare(a.createdAt) || (a.id < b.id ? -1 : 1),
        ),
      );
      for (const entityRef of [undefined, 'component:default/payments']) {
        const expected = (await store.list({ entityRef })).map(
          entry => entry.id,
        );
        for (const limit of [1, 2, 5, 13, 20]) {
          const read: string[] = [];
          let after: { createdAt: string; id: string } | undefined;
          for (let page = 0; page < 20; page++) {
            const rows = await store.list({ entityRef, limit, after });
            expect(rows.length).toBeLessThanOrEqual(limit);
            read.push(...rows.map(entry => entry.id));
            if (rows.length < limit) break;
            after = rows[rows.length - 1];
          }
          expect({ entityRef, limit, read }).toEqual({
            entityRef,
            limit,
            read: expected,
          });
        }
      }
    });

    it('lets one caller claim each reminder', async () => {
      const { store } = await createStore();
      await store.create(record('a'), [{ to: 'requested' }]);
      const claim = {
        id: 'a',
        expiresAt: '2026-11-03T08:00:00.000Z',
        offsetMinutes: 60,
        at: '2026-11-03T07:00:00.000Z',
      };
      const claims = await Promise.all([
        store.claimReminder(claim),
        store.claimReminder(claim),
      ]);
      expect(claims.sort()).toEqual([false, true]);
      expect(
        await store.claimReminder({
          ...claim,
          expiresAt: '2026-11-04T08:00:00.000Z',
        }),
      ).toBe(true);
    });

    it('migrates down cleanly', async () => {
      const { knex } = await createStore();
      await knex.migrate.rollback(
        { directory: `${__dirname}/../../migrations` },
        true,
      );
      expect(await knex.schema.hasTable('environment_requests')).toBe(false);
    });
  },
);
