import {
  ACTIVE_STATES,
  canTransition,
  ENVIRONMENT_TRANSITIONS,
  TERMINAL_STATES,
} from './transitions';
import { ENVIRONMENT_STATES } from './types';

describe('environment transitions', () => {
  it('follows the documented lifecycle', () => {
    const path = [
      'requested',
      'pending_approval',
      'approved',
      'provisioning',
      'ready',
      'expiring',
      'destroying',
      'destroyed',
    ] as const;
    for (let i = 1; i < path.length; i++) {
      expect(canTransition(path[i - 1], path[i])).toBe(true);
    }
    expect(canTransition('requested', 'approved')).toBe(true);
    expect(canTransition('pending_approval', 'rejected')).toBe(true);
    expect(canTransition('expiring', 'ready')).toBe(true);
  });

  it('lets a failed environment resume provisioning or teardown only', () => {
    expect(ENVIRONMENT_TRANSITIONS.failed).toEqual([
      'provisioning',
      'destroying',
    ]);
    expect(canTransition('provisioning', 'failed')).toBe(true);
    expect(canTransition('destroying', 'failed')).toBe(true);
    expect(canTransition('ready', 'failed')).toBe(false);
  });

  it('never leaves a terminal state and never skips approval', () => {
    for (const terminal of TERMINAL_STATES) {
      for (const to of ENVIRONMENT_STATES) {
        expect(canTransition(terminal, to)).toBe(false);
      }
    }
    expect(canTransition('pending_approval', 'provisioning')).toBe(false);
    expect(canTransition('requested', 'ready')).toBe(false);
    expect(ACTIVE_STATES).not.toContain('destroyed');
    expect(ACTIVE_STATES).not.toContain('rejected');
  });
});
