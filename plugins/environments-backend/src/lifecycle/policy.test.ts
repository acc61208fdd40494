import { ConflictError, InputError } from '@backstage/errors';
import { EnvironmentType } from '@runway/plugin-environments-common';
import { DEFAULT_TYPES } from '../service/settings';
import {
  approvalRefusal,
  checkQuotas,
  isAutoApproved,
  mayManage,
  validateSelection,
} from './policy';

const preview = DEFAULT_TYPES.find(type => type.name === 'preview')!;
const staging = DEFAULT_TYPES.find(type => type.name === 'staging')!;
const perf = DEFAULT_TYPES.find(type => type.name === 'perf')!;

describe('validateSelection', () => {
  it('resolves the type, the size and the default TTL', () => {
    const selection = validateSelection(DEFAULT_TYPES, {
      type: 'preview',
      size: 'medium',
    });
    expect(selection.size.name).toBe('medium');
    expect(selection.ttlHours).toBe(preview.defaultTtlHours);
  });

  it.each([
    [{ type: 'nope', size: 'small' }, /^type: unknown environment type "nope"/],
    [
      { type: 'preview', size: 'huge' },
      /^size: type "preview" has no size "huge"/,
    ],
    [
      { type: 'preview', size: 'small', ttlHours: 73 },
      /^ttlHours: must be at most 72 for type "preview", got 73$/,
    ],
    [
      { type: 'preview', size: 'small', ttlHours: 0 },
      /^ttlHours: must be a number > 0/,
    ],
  ])('refuses %j with an InputError naming the field', (input, message) => {
    expect(() => validateSelection(DEFAULT_TYPES, input)).toThrow(InputError);
    expect(() => validateSelection(DEFAULT_TYPES, input)).toThrow(message);
  });
});

describe('checkQuotas', () => {
  const usage = {
    teamRef: 'group:default/team-a',
    entityRef: 'component:default/payments',
    activeForTeam: 1,
    activeForService: 1,
    teamMonthSpend: 90,
  };
  const team = { maxEnvironments: 2, monthlyBudget: 100 };
  const check =
    (overrides: Partial<typeof usage>, monthCost = 5) =>
    () =>
      checkQuotas({
        usage: { ...usage, ...overrides },
        team,
        maxPerService: 2,
        monthCost,
        currency: 'USD',
      });

  it('passes within every limit', () => {
    expect(check({})).not.toThrow();
  });

  it('refuses over the team quota, the service quota and the monthly budget', () => {
    expect(check({ activeForTeam: 2 })).toThrow(ConflictError);
    expect(check({ activeForTeam: 2 })).toThrow(
      'quota: team group:default/team-a already has 2 active environments (limit 2)',
    );
    expect(check({ activeForService: 2 })).toThrow(
      /^quota: service component:default\/payments/,
    );
    expect(check({}, 10.01)).toThrow(
      'budget: team group:default/team-a would commit 100.01 USD this month, over its monthly budget of 100.00 USD',
    );
  });
});

describe('isAutoApproved', () => {
  it('approves automatically only when the type allows it and the estimate is within budget', () => {
    const estimate = (total: number) => ({
      currency: 'USD',
      perDay: 1,
      total,
      ttlHours: 24,
    });
    expect(isAutoApproved(preview, estimate(20))).toBe(true);
    expect(isAutoApproved(preview, estimate(20.01))).toBe(false);
    expect(isAutoApproved(staging, estimate(1))).toBe(false);
    const unlimited: EnvironmentType = { ...preview, budget: undefined };
    expect(isAutoApproved(unlimited, estimate(1e6))).toBe(true);
  });
});

describe('approval and management rules', () => {
  const request = {
    requestedBy: 'user:default/alice',
    ownerRef: 'group:default/team-a',
  };
  const alice = {
    userRef: 'user:default/alice',
    managesAll: false,
    ownershipRefs: ['user:default/alice', 'group:default/team-a'],
  };
  const bob = {
    userRef: 'user:default/bob',
    managesAll: false,
    ownershipRefs: ['user:default/bob', 'group:default/team-a'],
  };
  const carol = {
    userRef: 'user:default/carol',
    managesAll: false,
    ownershipRefs: ['user:default/carol', 'group:default/team-platform'],
  };
  const membership = { membershipDecides: true };

  it('lets another member of the owning team approve, not the requester', () => {
    expect(approvalRefusal(bob, request, staging, membership)).toBeUndefined();
    expect(approvalRefusal(alice, request, staging, membership)).toBe(
      'type "staging" does not allow approving your own request',
    );
    expect(
      approvalRefusal(
        alice,
        request,
        { ...staging, allowSelfApproval: true },
        membership,
      ),
    ).toBeUndefined();
  });

  it('lets only the configured approvers approve types that name them', () => {
    expect(approvalRefusal(bob, request, perf, membership)).toBe(
      'only members of group:default/team-platform may approve "perf" requests',
    );
    expect(approvalRefusal(carol, request, perf, membership)).toBeUndefined();
    expect(approvalRefusal(carol, request, staging, membership)).toMatch(
      /^only members of group:default\/team-a/,
    );
  });

  it('leaves membership to the permission policy when its conditions granted it, but never self-approval', () => {
    const policy = { membershipDecides: false };
    expect(approvalRefusal(carol, request, staging, policy)).toBeUndefined();
    expect(approvalRefusal(alice, request, staging, policy)).toMatch(
      /does not allow approving your own request/,
    );
  });

  it('lets the requester, the team and the approvers manage an environment', () => {
    const outsider = {
      userRef: 'user:default/mallory',
      ownershipRefs: ['user:default/mallory', 'group:default/team-b'],
      managesAll: false,
    };
    expect(mayManage(alice, request, staging)).toBe(true);
    expect(mayManage(bob, request, staging)).toBe(true);
    expect(mayManage(carol, request, perf)).toBe(true);
    expect(mayManage(carol, request, staging)).toBe(false);
    expect(mayManage(outsider, request, staging)).toBe(false);
  });

  it("lets a holder of environments.request.manage approve and manage any team's requests, but not approve their own", () => {
    const admin = {
      userRef: 'user:default/kwame',
      ownershipRefs: ['user:default/kwame', 'group:default/team-x'],
      managesAll: true,
    };
    expect(
      approvalRefusal(admin, request, staging, membership),
    ).toBeUndefined();
    expect(approvalRefusal(admin, request, perf, membership)).toBeUndefined();
    expect(mayManage(admin, request, staging)).toBe(true);
    expect(
      approvalRefusal(
        admin,
        { ...request, requestedBy: admin.userRef },
        staging,
        membership,
      ),
    ).toBe('type "staging" does not allow approving your own request');
  });
});
