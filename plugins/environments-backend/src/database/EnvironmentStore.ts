import { JsonObject } from '@backstage/types';
import {
  EnvironmentRequest,
  EnvironmentState,
  EnvironmentTransition,
} from '@runway/plugin-environments-common';

/**
 * A stored request: the API's request (less what is computed per caller or per read: the
 * estimate, the cost so far, the allowed actions) with the bookkeeping the API does not show.
 */
export type EnvironmentRecord = Omit<
  EnvironmentRequest,
  'estimate' | 'costSoFar' | 'allowedActions'
> & {
  /** The state a failed environment failed in: where a retry resumes. */
  failedFrom?: EnvironmentState;
  currency: string;
  pricePerDay: number;
  estimateTotal: number;
  /** Bumped by every transition; a transition may require the revision its caller read. */
  revision: number;
  progress: JsonObject;
};

/** Columns a transition may change along with the state. */
export type EnvironmentPatch = Partial<
  Pick<
    EnvironmentRecord,
    | 'ttlHours'
    | 'estimateTotal'
    | 'url'
    | 'readyAt'
    | 'expiresAt'
    | 'destroyedAt'
    | 'failedFrom'
    | 'failureReason'
  >
> & {
  /** Replace the provisioner's progress (e.g. clear it before a teardown). */
  progress?: JsonObject;
};

/** One state change, checked against the row as the caller last read it. */
export interface TransitionRequest {
  id: string;
  /** The states the row must be in; the update does nothing otherwise. */
  from: EnvironmentState[];
  to: EnvironmentState;
  /** When set, the row must still be at this revision (nobody changed it meanwhile). */
  revision?: number;
  actor: string;
  reason?: string;
  at: string;
  patch?: EnvironmentPatch;
  /**
   * When set, the row's lease must be held by this worker: a worker whose lease lapsed and
   * was taken over must not record the outcome of the work it was doing.
   */
  leaseOwner?: string;
}

export interface NewEnvironmentRecord
  extends Omit<
    EnvironmentRecord,
    | 'state'
    | 'revision'
    | 'progress'
    | 'updatedAt'
    | 'failedFrom'
    | 'failureReason'
    | 'url'
    | 'readyAt'
    | 'expiresAt'
    | 'destroyedAt'
  > {}

export interface ListEnvironmentsQuery {
  requestedBy?: string;
  ownerRefs?: string[];
  entityRef?: string;
  states?: EnvironmentState[];
  /** At most this many rows (all when absent). */
  limit?: number;
  /**
   * Only rows after this one in the list's order (newest first, then by id): where the page
   * before ended. A position, not a row that must still exist.
   */
  after?: ListPosition;
}

/** A row's place in the list's order. */
export interface ListPosition {
  createdAt: string;
  id: string;
}

/** The only code that reads and writes environment requests. */
export interface EnvironmentStore {
  /**
   * Inserts a request and its first transitions (`null -> requested -> ...`) in one
   * transaction; the row ends in the last transition's state.
   */
  create(
    record: NewEnvironmentRecord,
    transitions: Array<{ to: EnvironmentState; reason?: string }>,
  ): Promise<EnvironmentRecord>;
  get(id: string): Promise<EnvironmentRecord | undefined>;
  /**
   * Runs `fn` in one transaction holding the team's quota lock, with a store bound to that
   * transaction: checks of a team's quotas and budget and the write they allow (a new
   * request, an extension) run one at a time per team, across backend replicas.
   */
  withTeamLock<T>(
    ownerRef: string,
    fn: (store: EnvironmentStore) => Promise<T>,
  ): Promise<T>;
  list(query: ListEnvironmentsQuery): Promise<EnvironmentRecord[]>;
  history(id: string): Promise<EnvironmentTransition[]>;
  /**
   * Applies a state change and its audit entry atomically, only if the row is still in one of
   * `from` (and at `revision` when given). Returns the updated row, or undefined when the
   * guard did not hold: someone else made a transition first.
   */
  transition(
    request: TransitionRequest,
  ): Promise<EnvironmentRecord | undefined>;
  /** Counts a team's and a service's requests in the given states. */
  countActive(options: {
    ownerRef: string;
    entityRef: string;
    states: readonly EnvironmentState[];
  }): Promise<{ team: number; service: number }>;
  /** A team's requests that may cost money in the window `[from, to)`. */
  listForSpend(options: {
    ownerRef: string;
    from: string;
    to: string;
  }): Promise<EnvironmentRecord[]>;
  /** Requests the worker must act on at `now`. */
  listDue(options: {
    now: string;
    /** Ready environments expiring before this instant (the largest reminder offset ahead). */
    expiringBefore: string;
  }): Promise<EnvironmentRecord[]>;
  /**
   * Takes (or renews) the lease on a row in one of `states`: true when `owner` now holds it,
   * false when another worker holds an unexpired lease. The holder renews it the same way.
   */
  acquireLease(options: {
    id: string;
    owner: string;
    states: EnvironmentState[];
    now: string;
    until: string;
  }): Promise<boolean>;
  releaseLease(id: string, owner: string): Promise<void>;
  /** Saves the provisioner's progress while `owner` holds the lease; false if it lost it. */
  saveProgress(
    id: string,
    owner: string,
    progress: JsonObject,
  ): Promise<boolean>;
  /**
   * Records that the reminder for `(id, expiresAt, offsetMinutes)` is being sent: true for the
   * one caller that recorded it first, false for everyone after.
   */
  claimReminder(options: {
    id: string;
    expiresAt: string;
    offsetMinutes: number;
    at: string;
  }): Promise<boolean>;
}
