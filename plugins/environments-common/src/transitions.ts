import { EnvironmentState } from './types';

/**
 * The state changes the lifecycle allows. Extending a `ready` environment keeps it `ready`
 * (audited, but not a state change); extending an `expiring` one brings it back to `ready`.
 *
 * @public
 */
export const ENVIRONMENT_TRANSITIONS: Readonly<
  Record<EnvironmentState, readonly EnvironmentState[]>
> = {
  requested: ['pending_approval', 'approved'],
  pending_approval: ['approved', 'rejected'],
  approved: ['provisioning'],
  rejected: [],
  provisioning: ['ready', 'failed'],
  ready: ['expiring', 'destroying'],
  expiring: ['ready', 'destroying'],
  destroying: ['destroyed', 'failed'],
  destroyed: [],
  failed: ['provisioning', 'destroying'],
};

/** Whether the lifecycle allows going from one state to another. @public */
export function canTransition(
  from: EnvironmentState,
  to: EnvironmentState,
): boolean {
  return ENVIRONMENT_TRANSITIONS[from].includes(to);
}

/** States that are over for good. @public */
export const TERMINAL_STATES: readonly EnvironmentState[] = [
  'rejected',
  'destroyed',
];

/**
 * States that count against a team's and a service's concurrent-environment quota: everything
 * that exists or will exist once approved, including failed environments (their resources may
 * still be there).
 *
 * @public
 */
export const ACTIVE_STATES: readonly EnvironmentState[] = [
  'requested',
  'pending_approval',
  'approved',
  'provisioning',
  'ready',
  'expiring',
  'destroying',
  'failed',
];
