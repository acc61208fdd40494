import { LoggerService } from '@backstage/backend-plugin-api';
import { JsonObject, JsonValue } from '@backstage/types';
import {
  EnvironmentState,
  EnvironmentType,
  SYSTEM_ACTOR,
} from '@runway/plugin-environments-common';
import { DateTime, Duration } from 'luxon';
import { randomUUID } from 'node:crypto';
import {
  EnvironmentRecord,
  EnvironmentStore,
} from '../database/EnvironmentStore';
import {
  EnvironmentProvisioner,
  ProvisionTarget,
  ProvisioningContext,
  ProvisioningPendingError,
} from '../provisioning/types';
import { EnvironmentNotifier } from './EnvironmentNotifier';

/** The clock of the lifecycle; tests drive it. */
export type Clock = () => DateTime;

export const iso = (instant: DateTime) => instant.toUTC().toISO()!;

/** Thrown when another worker took over an environment this one was working on. */
class LeaseLostError extends Error {}

/**
 * Moves environments through the lifecycle in the background: provisions approved ones,
 * tears down destroyed and expired ones, and reminds owners before expiry.
 *
 * Safe with several backend instances on one database: every state change is a guarded
 * transition (only one instance's succeeds), provisioning and teardown run under a lease
 * (one instance at a time, another resumes once it expires), and each reminder is claimed
 * before it is sent. Finished provisioner steps are persisted, so work resumes where it
 * stopped after a restart.
 */
export class LifecycleWorker {
  private readonly workerId: string;
  private running?: Promise<void>;
  private rerun = false;

  constructor(
    private readonly options: {
      store: EnvironmentStore;
      provisioner: EnvironmentProvisioner;
      notifier: EnvironmentNotifier;
      types: EnvironmentType[];
      /** Largest first. */
      reminderOffsets: Duration[];
      leaseMs: number;
      logger: LoggerService;
      clock: Clock;
      workerId?: string;
      /**
       * How often a worker renews the lease while it provisions or tears down (default a
       * third of the lease), so a step longer than the lease is not taken over midway.
       */
      renewEveryMs?: number;
      /**
       * How long a worker keeps renewing one lease (default 30 minutes): a step that hangs
       * in a live process must not hold the environment forever; after this the lease lapses
       * and another worker resumes from the last finished step.
       */
      maxRenewMs?: number;
    },
  ) {
    this.workerId = options.workerId ?? randomUUID();
  }

  /**
   * Runs {@link LifecycleWorker.runOnce} soon, without waiting: calls while a run is going
   * start one more run after it, never two at once.
   */
  kick(): Promise<void> {
    if (this.running) {
      this.rerun = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.rerun = false;
        try {
          await this.runOnce();
        } catch (error) {
          this.options.logger.error(
            `Environment lifecycle run failed: ${error}`,
          );
        }
      } while (this.rerun);
      this.running = undefined;
    })();
    return this.running;
  }

  /** Acts on every environment that needs it now. */
  async runOnce(): Promise<void> {
    const { store, reminderOffsets, clock, logger } = this.options;
    const now = clock();
    const ahead = reminderOffsets[0] ?? Duration.fromMillis(0);
    const due = await store.listDue({
      now: iso(now),
      expiringBefore: iso(now.plus(ahead)),
    });
    for (const record of due) {
      try {
        await this.advance(record, now);
      } catch (error) {
        logger.error(
          `Environment ${record.name} (${record.id}) in state ${record.state}: ${error}`,
        );
      }
    }
  }

  private async advance(record: EnvironmentRecord, now: DateTime) {
    switch (record.state) {
      case 'approved': {
        const started = await this.options.store.transition({
          id: record.id,
          from: ['approved'],
          to: 'provisioning',
          actor: SYSTEM_ACTOR,
          reason: 'provisioning started',
          at: iso(now),
        });
        if (started) {
          await this.run(started, 'provisioning');
        }
        return;
      }
      case 'provisioning':
      case 'destroying':
        await this.run(record, record.state);
        return;
      case 'ready':
      case 'expiring':
        await this.expire(record, now);
        return;
      default:
        return;
    }
  }

  private async expire(record: EnvironmentRecord, now: DateTime) {
    const { store, notifier, reminderOffsets } = this.options;
    if (!record.expiresAt || !record.readyAt) {
      return;
    }
    const expiresAt = DateTime.fromISO(record.expiresAt, { zone: 'utc' });
    if (now >= expiresAt) {
      const tearingDown = await store.transition({
        id: record.id,
        from: ['ready', 'expiring'],
        revision: record.revision,
        to: 'destroying',
        actor: SYSTEM_ACTOR,
        reason: `TTL of ${record.ttlHours} hours reached`,
        at: iso(now),
      });
      if (tearingDown) {
        await notifier.expired(tearingDown);
        await this.run(tearingDown, 'destroying');
      }
      return;
    }
    // An offset is due once its instant has passed; offsets longer than the environment's
    // whole life are skipped. Only the nearest due offset is claimed and sent, so a reminder
    // that was missed while the backend was down is not sent late next to a newer one.
    const readyAt = DateTime.fromISO(record.readyAt, { zone: 'utc' });
    const nearest = reminderOffsets
      .filter(offset => {
        const at = expiresAt.minus(offset);
        return at > readyAt && now >= at;
      })
      .at(-1);
    if (!nearest) {
      return;
    }
    const claimed = await store.claimReminder({
      id: record.id,
      expiresAt: record.expiresAt,
      offsetMinutes: Math.round(nearest.as('minutes')),
      at: iso(now),
    });
    if (claimed) {
      await notifier.reminder(record, expiresAt, now);
    }
    if (record.state === 'ready') {
      await store.transition({
        id: record.id,
        from: ['ready'],
        revision: record.revision,
        to: 'expiring',
        actor: SYSTEM_ACTOR,
        reason: `expires ${expiresAt.toRelative({ base: now })}`,
        at: iso(now),
      });
    }
  }

  /** Provisions or tears down under the lease, resuming from the persisted progress. */
  private async run(
    record: EnvironmentRecord,
    state: Extract<EnvironmentState, 'provisioning' | 'destroying'>,
  ) {
    const { store, clock, leaseMs } = this.options;
    const start = clock();
    const acquired = await store.acquireLease({
      id: record.id,
      owner: this.workerId,
      states: [state],
      now: iso(start),
      until: iso(start.plus(leaseMs)),
    });
    if (!acquired) {
      return;
    }
    const lease = this.keepLease(record.id, state);
    try {
      // Read again under the lease: the progress may be newer than the listed row's.
      const current = await store.get(record.id);
      if (current?.state !== state) {
        return;
      }
      await this.perform(current, state, lease);
    } finally {
      lease.stop();
      await store.releaseLease(record.id, this.workerId);
    }
  }

  /**
   * Renews the lease in the background while the work runs. When a renewal fails (another
   * worker took over after it lapsed), `lost` turns true and the next checkpoint stops.
   */
  private keepLease(
    id: string,
    state: 'provisioning' | 'destroying',
  ): { readonly lost: boolean; stop(): void } {
    const { store, clock, leaseMs, logger } = this.options;
    const renewEveryMs = this.options.renewEveryMs ?? leaseMs / 3;
    const maxRenewMs = this.options.maxRenewMs ?? 30 * 60_000;
    const startedAt = Date.now();
    let lost = false;
    let renewing = false;
    const timer = setInterval(async () => {
      if (renewing || lost) {
        return;
      }
      if (Date.now() - startedAt > maxRenewMs) {
        clearInterval(timer);
        return;
      }
      renewing = true;
      try {
        const now = clock();
        const renewed = await store.acquireLease({
          id,
          owner: this.workerId,
          states: [state],
          now: iso(now),
          until: iso(now.plus(leaseMs)),
        });
        if (!renewed) {
          lost = true;
          clearInterval(timer);
        }
      } catch (error) {
        // A failed renewal is retried on the next tick; the lease is still valid until then
        // unless the database stays unreachable for the rest of it.
        logger.warn(`Could not renew the lease on environment ${id}: ${error}`);
      } finally {
        renewing = false;
      }
    }, renewEveryMs);
    timer.unref?.();
    return {
      get lost() {
        return lost;
      },
      stop: () => clearInterval(timer),
    };
  }

  private async perform(
    record: EnvironmentRecord,
    state: 'provisioning' | 'destroying',
    lease: { readonly lost: boolean },
  ) {
    const { store, provisioner, notifier, clock } = this.options;
    const context = this.context(record, lease);
    // Outcomes are recorded only while this worker still holds the lease.
    const leaseOwner = this.workerId;
    try {
      const target = this.target(record);
      if (state === 'provisioning') {
        const { url } = await provisioner.provision(target, context);
        const readyAt = clock();
        const ready = await store.transition({
          id: record.id,
          from: ['provisioning'],
          to: 'ready',
          actor: SYSTEM_ACTOR,
          reason: url ? `ready at ${url}` : 'ready',
          at: iso(readyAt),
          leaseOwner,
          patch: {
            url,
            readyAt: iso(readyAt),
            expiresAt: iso(readyAt.plus({ hours: record.ttlHours })),
          },
        });
        if (ready) {
          await notifier.ready(ready);
        }
      } else {
        await provisioner.destroy(target, context);
        const destroyedAt = iso(clock());
        const destroyed = await store.transition({
          id: record.id,
          from: ['destroying'],
          to: 'destroyed',
          actor: SYSTEM_ACTOR,
          reason: 'resources removed',
          at: destroyedAt,
          leaseOwner,
          patch: { destroyedAt },
        });
        if (destroyed) {
          await notifier.destroyed(destroyed);
        }
      }
    } catch (error) {
      if (error instanceof LeaseLostError) {
        return;
      }
      if (error instanceof ProvisioningPendingError) {
        // Submitted, not applied yet: stay in this state and ask again on the next run.
        this.options.logger.info(
          `Environment ${record.name} (${record.id}) ${state}: ${error.message}`,
        );
        return;
      }
      const reason = error instanceof Error ? error.message : String(error);
      const failed = await store.transition({
        id: record.id,
        from: [state],
        to: 'failed',
        actor: SYSTEM_ACTOR,
        reason,
        at: iso(clock()),
        leaseOwner,
        patch: { failedFrom: state, failureReason: reason },
      });
      if (failed) {
        await notifier.failed(failed);
      }
    }
  }

  private context(
    record: EnvironmentRecord,
    lease: { readonly lost: boolean },
  ): ProvisioningContext {
    const { store } = this.options;
    const progress: JsonObject = { ...record.progress };
    return {
      checkpoint: async <T extends JsonValue>(
        key: string,
        fn: () => Promise<T>,
      ): Promise<T> => {
        if (key in progress) {
          return progress[key] as T;
        }
        if (lease.lost) {
          throw new LeaseLostError(
            `Lost the lease on environment ${record.id}`,
          );
        }
        const result = await fn();
        progress[key] = result;
        if (!(await store.saveProgress(record.id, this.workerId, progress))) {
          throw new LeaseLostError(
            `Lost the lease on environment ${record.id}`,
          );
        }
        return result;
      },
    };
  }

  private target(record: EnvironmentRecord): ProvisionTarget {
    const type = this.options.types.find(
      candidate => candidate.name === record.type,
    );
    const size = type?.sizes.find(candidate => candidate.name === record.size);
    if (!size) {
      throw new Error(
        `Environment type "${record.type}" with size "${record.size}" is no longer configured`,
      );
    }
    return {
      id: record.id,
      name: record.name,
      entityRef: record.entityRef,
      ownerRef: record.ownerRef,
      requestedBy: record.requestedBy,
      type: record.type,
      size,
      branch: record.branch,
      version: record.version,
    };
  }
}
