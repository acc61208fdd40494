import { JsonValue } from '@backstage/types';
import { EnvironmentSize } from '@runway/plugin-environments-common';
import { EnvironmentRecord } from '../database/EnvironmentStore';

/**
 * Thrown by a provisioner whose change was submitted but is not applied yet (a GitOps pull
 * request waiting for review). The environment stays in its state and the step is asked
 * again on the lifecycle worker's next run; finished checkpoints make that cheap.
 */
export class ProvisioningPendingError extends Error {
  name = 'ProvisioningPendingError';
}

/** What a provisioner creates or removes: the request's identity, owner and what to deploy. */
export type ProvisionTarget = Pick<
  EnvironmentRecord,
  | 'id'
  | 'name'
  | 'entityRef'
  | 'ownerRef'
  | 'requestedBy'
  | 'type'
  | 'branch'
  | 'version'
> & {
  size: EnvironmentSize;
};

/** Persistence of a run's steps, so that a run resumed after a crash skips finished steps. */
export interface ProvisioningContext {
  /**
   * Runs `fn` unless a step of this key already finished for this environment, in which
   * case its stored result is returned. The result is persisted before this resolves.
   */
  checkpoint<T extends JsonValue>(
    key: string,
    fn: () => Promise<T>,
  ): Promise<T>;
}

/**
 * Creates and removes environments. Both calls must be idempotent: they may run again after a
 * crash, with the checkpoints of the earlier run.
 */
export interface EnvironmentProvisioner {
  provision(
    target: ProvisionTarget,
    context: ProvisioningContext,
  ): Promise<{ url?: string }>;
  destroy(target: ProvisionTarget, context: ProvisioningContext): Promise<void>;
}
