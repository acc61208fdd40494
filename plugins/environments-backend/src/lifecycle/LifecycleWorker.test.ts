import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import { EnvironmentState } from '@runway/plugin-environments-common';
import { DateTime, Duration } from 'luxon';
import { randomUUID } from 'node:crypto';
import { DatabaseEnvironmentStore } from '../database/DatabaseEnvironmentStore';
import { EnvironmentStore } from '../database/EnvironmentStore';
import { DEFAULT_TYPES } from '../service/settings';
import {
  EnvironmentProvisioner,
  ProvisionTarget,
  ProvisioningContext,
  ProvisioningPendingError,
} from '../provisioning/types';
import { EnvironmentNotifier } from './EnvironmentNotifier';
import { iso, LifecycleWorker } from './LifecycleWorker';

jest.setTimeout(60_000);

const databases = TestDatabases.create();

/**
 * A provisioner with two checkpointed steps per phase that records every step it really
 * executes; `hang` makes a step never finish, as if the backend died during it.
 */
class RecordingProvisioner implements EnvironmentProvisioner {
  readonly executed: string[] = [];
  hang?: string;
  /** The step a run is stuck in, set once it has really entered the hang. */
  hanging?: string;
  fail?: string;
  /** Runs that end "submitted, not applied yet" (a pull request waiting for review). */
  pendingRuns = 0;
  /** The first run of this step waits until `until` settles: a step longer than the lease. */
  slow?: { key: string; until: Promise<void>; started?: boolean };

  provision(target: ProvisionTarget, context: ProvisioningContext) {
    return this.steps('provision', target, context).then(() => {
      if (this.pendingRuns > 0) {
        this.pendingRuns--;
        throw new ProvisioningPendingError('waiting for review');
      }
      return { url: `https://${target.name}.test` };
    });
  }

  destroy(target: ProvisionTarget, context: ProvisioningContext) {
    return this.steps('destroy', target, context);
  }

  private async steps(
    phase: string,
    target: ProvisionTarget,
    context: ProvisioningContext,
  ) {
    for (const step of ['write', 'commit']) {
      const key = `${phase}:${step}`;
      await context.checkpoint(key, async () => {
        if (this.hang === key) {
          this.hanging = key;
          await new Promise(() => {});
        }
        if (this.slow?.key === key && !this.slow.started) {
          this.slow.started = true;
          await this.slow.until;
        }
        if (this.fail === key) {
          throw new Error(`${key} failed: repository unreachable`);
        }
        this.executed.push(`${target.name} ${key}`);
        return key;
      });
    }
  }
}

describe.each(databases.eachSupportedId())(
  'LifecycleWorker (%s)',
  databaseId => {
    const start = DateTime.fromISO('2026-11-02T08:00:00Z', { zone: 'utc' });
    let now: DateTime;
    let store: EnvironmentStore;
    let provisioner: RecordingProvisioner;
    let sent: NotificationSendOptions[];

    beforeEach(async () => {
      const knex = await databases.init(databaseId);
      store = await DatabaseEnvironmentStore.create({
        database: mockServices.database({ knex }),
      });
      provisioner = new RecordingProvisioner();
      sent = [];
      now = start;
    });

    function worker(
      workerId: string,
      offsets = [{ days: 1 }, { hours: 1 }],
      lease: { renewEveryMs?: number; maxRenewMs?: number } = {},
    ) {
      return new LifecycleWorker({
        ...lease,
        store,
        provisioner,
        notifier: new EnvironmentNotifier({
          notifications: { send: async options => void sent.push(options) },
          logger: mockServices.logger.mock(),
        }),
        types: DEFAULT_TYPES,
        reminderOffsets: offsets.map(offset => Duration.fromObject(offset)),
        leaseMs: 5 * 60_000,
        logger: mockServices.logger.mock(),
        clock: () => now,
        workerId,
      });
    }

    async function approvedRequest(ttlHours = 48) {
      return store.create(
        {
          id: randomUUID(),
          name: `payments-dev-${Math.random().toString(16).slice(2, 8)}`,
          entityRef: 'component:default/payments',
          ownerRef: 'group:default/team-a',
          requestedBy: 'user:default/alice',
          type: 'dev',
          size: 'small',
          ttlHours,
          purpose: 'testing',
          currency: 'USD',
          pricePerDay: 2.4,
          estimateTotal: 4.8,
          createdAt: iso(now),
        },
        [{ to: 'requested' }, { to: 'approved' }],
      );
    }

    const path = async (id: string) =>
      (await store.history(id)).map(({ from, to }) => `${from ?? '-'}>${to}`);
    const titles = () => sent.map(options => options.payload.title);
    const countTransitions = async (id: string, to: EnvironmentState) =>
      (await store.history(id)).filter(entry => entry.to === to).length;

    it('provisions an approved request and records when it expires', async () => {
      const request = await approvedRequest(48);
      await worker('a').runOnce();

      const ready = (await store.get(request.id))!;
      expect(ready).toMatchObject({
        state: 'ready',
        url: `https://${request.name}.test`,
        readyAt: iso(start),
        expiresAt: iso(start.plus({ hours: 48 })),
        progress: {
          'provision:write': 'provision:write',
          'provision:commit': 'provision:commit',
        },
      });
      expect(await path(request.id)).toEqual([
        '->requested',
        'requested>approved',
        'approved>provisioning',
        'provisioning>ready',
      ]);
      expect(titles()).toEqual([`Environment ${request.name} is ready`]);
    });

    it("marks the environment failed with the provisioner's reason", async () => {
      const request = await approvedRequest();
      provisioner.fail = 'provision:commit';
      await worker('a').runOnce();
      expect(await store.get(request.id)).toMatchObject({
        state: 'failed',
        failedFrom: 'provisioning',
        failureReason: 'provision:commit failed: repository unreachable',
      });
      expect(titles()).toEqual([`Environment ${request.name} failed`]);
    });

    it('keeps an environment provisioning while its change waits for review, and makes it ready once applied', async () => {
      const request = await approvedRequest(48);
      provisioner.pendingRuns = 2;
      const a = worker('a');
      await a.runOnce();
      await a.runOnce();
      expect(await store.get(request.id)).toMatchObject({
        state: 'provisioning',
      });
      expect(titles()).toEqual([]);

      now = start.plus({ hours: 3 });
      await a.runOnce();
      expect(await store.get(request.id)).toMatchObject({
        state: 'ready',
        // The TTL runs from when it became usable, not from the request.
        readyAt: iso(now),
        expiresAt: iso(now.plus({ hours: 48 })),
      });
      // Each step ran once although the run was asked for three times.
      expect(provisioner.executed).toEqual([
        `${request.name} provision:write`,
        `${request.name} provision:commit`,
      ]);
      expect(await countTransitions(request.id, 'provisioning')).toBe(1);
    });

    it('resumes provisioning after a restart from the last finished step, once the lease has lapsed', async () => {
      const request = await approvedRequest();
      provisioner.hang = 'provision:commit';
      // The first instance dies while committing: its run never finishes.
      void worker('dies').runOnce();
      // Wait until it is really stuck in the commit (not merely past the write), or it
      // could finish the commit itself once the hang is lifted.
      await waitFor(async () => provisioner.hanging === 'provision:commit');
      expect(provisioner.executed).toHaveLength(1);
      provisioner.hang = undefined;

      const restarted = worker('restarted');
      await restarted.runOnce();
      expect((await store.get(request.id))!.state).toBe('provisioning');

      now = start.plus({ minutes: 6 });
      await restarted.runOnce();
      expect(provisioner.executed).toEqual([
        `${request.name} provision:write`,
        `${request.name} provision:commit`,
      ]);
      expect((await store.get(request.id))!.state).toBe('ready');
      expect(await countTransitions(request.id, 'provisioning')).toBe(1);
    });

    it('renews its lease during a step longer than the lease, so another instance does not take over midway', async () => {
      const request = await approvedRequest();
      let finish!: () => void;
      provisioner.slow = {
        key: 'provision:write',
        until: new Promise<void>(resolve => {
          finish = resolve;
        }),
      };
      const first = worker('first', undefined, { renewEveryMs: 10 });
      const running = first.runOnce();
      await waitFor(async () => provisioner.slow?.started === true);

      // Four minutes into a five-minute lease the first instance renews it...
      now = start.plus({ minutes: 4 });
      await new Promise(resolve => setTimeout(resolve, 100));
      // ...so at eight minutes, past the first lease, the second instance keeps off.
      now = start.plus({ minutes: 8 });
      await worker('second').runOnce();
      expect(provisioner.executed).toEqual([]);

      finish();
      await running;
      expect(provisioner.executed).toEqual([
        `${request.name} provision:write`,
        `${request.name} provision:commit`,
      ]);
      expect((await store.get(request.id))!.state).toBe('ready');
      expect(await countTransitions(request.id, 'ready')).toBe(1);
    });

    it('stops renewing a hung step after a while; the instance taking over records the outcome, the stale one cannot', async () => {
      const request = await approvedRequest();
      let finish!: () => void;
      provisioner.slow = {
        key: 'provision:write',
        until: new Promise<void>(resolve => {
          finish = resolve;
        }),
      };
      const stale = worker('stale', undefined, {
        renewEveryMs: 10,
        maxRenewMs: 50,
      });
      const running = stale.runOnce();
      await waitFor(async () => provisioner.slow?.started === true);
      await new Promise(resolve => setTimeout(resolve, 150));

      now = start.plus({ minutes: 6 });
      await worker('next').runOnce();
      expect((await store.get(request.id))!.state).toBe('ready');

      // The stale instance wakes up: its write lands in `executed`, but it has lost the
      // lease, so it neither continues nor records anything.
      finish();
      await running;
      expect(provisioner.executed).toEqual([
        `${request.name} provision:write`,
        `${request.name} provision:commit`,
        `${request.name} provision:write`,
      ]);
      expect(await countTransitions(request.id, 'ready')).toBe(1);
      expect(await countTransitions(request.id, 'failed')).toBe(0);
      expect(titles()).toEqual([`Environment ${request.name} is ready`]);
    });

    it('reminds once per offset, marks the environment expiring, and tears it down at its TTL', async () => {
      const request = await approvedRequest(48);
      const w = worker('a');
      await w.runOnce();
      sent = [];
      const expiresAt = start.plus({ hours: 48 });

      now = expiresAt.minus({ hours: 25 });
      await w.runOnce();
      expect(sent).toEqual([]);

      now = expiresAt.minus({ hours: 23 });
      await w.runOnce();
      await w.runOnce();
      expect((await store.get(request.id))!.state).toBe('expiring');
      expect(titles()).toEqual([
        `Environment ${request.name} expires in 23 hours`,
      ]);
      expect(sent[0].recipients).toEqual({
        type: 'entity',
        entityRef: ['user:default/alice'],
      });

      now = expiresAt.minus({ minutes: 30 });
      await w.runOnce();
      await w.runOnce();
      expect(titles()).toEqual([
        `Environment ${request.name} expires in 23 hours`,
        `Environment ${request.name} expires in 30 minutes`,
      ]);

      now = expiresAt;
      await w.runOnce();
      await w.runOnce();
      expect(await store.get(request.id)).toMatchObject({
        state: 'destroyed',
        destroyedAt: iso(expiresAt),
      });
      expect(await path(request.id)).toEqual([
        '->requested',
        'requested>approved',
        'approved>provisioning',
        'provisioning>ready',
        'ready>expiring',
        'expiring>destroying',
        'destroying>destroyed',
      ]);
      expect(titles().slice(2)).toEqual([
        `Environment ${request.name} expired and is being torn down`,
        `Environment ${request.name} was destroyed`,
      ]);
    });

    it('skips reminders longer than the environment lives', async () => {
      const request = await approvedRequest(2);
      const w = worker('a');
      await w.runOnce();
      sent = [];
      now = start.plus({ minutes: 90 });
      await w.runOnce();
      expect(titles()).toEqual([
        `Environment ${request.name} expires in 30 minutes`,
      ]);
    });

    it('with two instances on one database, sends each reminder once and tears down exactly once', async () => {
      const requests = [await approvedRequest(48), await approvedRequest(48)];
      const first = worker('replica-1');
      const second = worker('replica-2');
      await Promise.all([first.runOnce(), second.runOnce()]);
      expect(provisioner.executed).toHaveLength(4);
      sent = [];

      now = start.plus({ hours: 47 });
      await Promise.all([first.runOnce(), second.runOnce(), first.runOnce()]);
      expect(titles().sort()).toEqual(
        requests
          .map(request => `Environment ${request.name} expires in 1 hour`)
          .sort(),
      );

      now = start.plus({ hours: 48, minutes: 1 });
      await Promise.all([first.runOnce(), second.runOnce()]);
      await Promise.all([first.runOnce(), second.runOnce()]);
      for (const request of requests) {
        expect((await store.get(request.id))!.state).toBe('destroyed');
        expect(await countTransitions(request.id, 'destroying')).toBe(1);
        expect(await countTransitions(request.id, 'destroyed')).toBe(1);
      }
      const teardowns = provisioner.executed.filter(step =>
        step.includes('destroy:'),
      );
      expect(teardowns.sort()).toEqual(
        requests
          .flatMap(request => [
            `${request.name} destroy:commit`,
            `${request.name} destroy:write`,
          ])
          .sort(),
      );
    });
  },
);

async function waitFor(condition: () => Promise<boolean>) {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (await condition()) {
      return;
    }
    await new Promise(resolve => setTimeout(resolve, 25));
  }
  throw new Error('condition not met in time');
}
