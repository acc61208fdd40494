import {
  EnvironmentEstimate,
  EnvironmentRequestInput,
  EnvironmentSize,
  EnvironmentType,
} from '@runway/plugin-environments-common';
import { ConflictError, InputError } from '@backstage/errors';
import { TeamQuota } from '../service/settings';

/** A request checked against the catalogue, with its TTL resolved. */
export interface ValidatedRequest {
  type: EnvironmentType;
  size: EnvironmentSize;
  ttlHours: number;
}

/** Finds the type and size and checks the TTL; throws an InputError naming the field. */
export function validateSelection(
  types: EnvironmentType[],
  input: Pick<EnvironmentRequestInput, 'type' | 'size' | 'ttlHours'>,
): ValidatedRequest {
  const type = types.find(candidate => candidate.name === input.type);
  if (!type) {
    throw new InputError(
      `type: unknown environment type "${input.type}"; one of ${types
        .map(candidate => candidate.name)
        .join(', ')}`,
    );
  }
  const size = type.sizes.find(candidate => candidate.name === input.size);
  if (!size) {
    throw new InputError(
      `size: type "${type.name}" has no size "${
        input.size
      }"; one of ${type.sizes.map(candidate => candidate.name).join(', ')}`,
    );
  }
  const ttlHours = input.ttlHours ?? type.defaultTtlHours;
  checkTtl(type, ttlHours);
  return { type, size, ttlHours };
}

/** Throws an InputError unless the TTL is positive and within the type's maximum. */
export function checkTtl(type: EnvironmentType, ttlHours: number) {
  if (!Number.isFinite(ttlHours) || ttlHours <= 0) {
    throw new InputError(`ttlHours: must be a number > 0, got ${ttlHours}`);
  }
  if (ttlHours > type.maxTtlHours) {
    throw new InputError(
      `ttlHours: must be at most ${type.maxTtlHours} for type "${type.name}", got ${ttlHours}`,
    );
  }
}

/** What a team and a service already have running, and the team's spend this month. */
export interface QuotaUsage {
  teamRef: string;
  entityRef: string;
  activeForTeam: number;
  activeForService: number;
  /** Committed spend of the team's environments in the current month. */
  teamMonthSpend: number;
}

/** Throws a ConflictError when one more environment would break a quota or the budget. */
export function checkQuotas(options: {
  usage: QuotaUsage;
  team: TeamQuota;
  maxPerService: number;
  /** The part of the new request's estimate that falls in the current month. */
  monthCost: number;
  currency: string;
}) {
  const { usage, team, maxPerService, monthCost, currency } = options;
  if (usage.activeForTeam >= team.maxEnvironments) {
    throw new ConflictError(
      `quota: team ${usage.teamRef} already has ${usage.activeForTeam} active environments (limit ${team.maxEnvironments})`,
    );
  }
  if (usage.activeForService >= maxPerService) {
    throw new ConflictError(
      `quota: service ${usage.entityRef} already has ${usage.activeForService} active environments (limit ${maxPerService})`,
    );
  }
  const spend = usage.teamMonthSpend + monthCost;
  if (spend > team.monthlyBudget) {
    throw new ConflictError(
      `budget: team ${usage.teamRef} would commit ${spend.toFixed(
        2,
      )} ${currency} this month, over its monthly budget of ${team.monthlyBudget.toFixed(
        2,
      )} ${currency}`,
    );
  }
}

/** Whether a request goes straight to provisioning: the type allows it and it is within budget. */
export function isAutoApproved(
  type: EnvironmentType,
  estimate: EnvironmentEstimate,
): boolean {
  return (
    type.autoApprove &&
    (type.budget === undefined || estimate.total <= type.budget)
  );
}

/** Who may approve requests of a type for a team: the type's approvers, else the team. */
export function approverRefs(
  type: EnvironmentType,
  ownerRef: string,
): string[] {
  return type.approvers.length > 0 ? type.approvers : [ownerRef];
}

/** Who a user is for the approval rules: their ref and every ref they own through. */
export interface Actor {
  userRef: string;
  /** Normalized: the user and the groups they are a member of. */
  ownershipRefs: string[];
  /**
   * Holds `environments.request.manage`: acts on every request whatever its team (the
   * membership rule does not apply to them; the self-approval rule does).
   */
  managesAll: boolean;
}

/**
 * Why the built-in membership rule refuses an approval, or undefined when it allows it.
 * Self-approval is refused whatever the permission policy says when the type forbids it,
 * to holders of `environments.request.manage` too: an approval is a second pair of eyes.
 */
export function approvalRefusal(
  actor: Actor,
  request: { requestedBy: string; ownerRef: string },
  type: EnvironmentType,
  options: { membershipDecides: boolean },
): string | undefined {
  if (request.requestedBy === actor.userRef && !type.allowSelfApproval) {
    return `type "${type.name}" does not allow approving your own request`;
  }
  if (!options.membershipDecides || actor.managesAll) {
    return undefined;
  }
  const approvers = approverRefs(type, request.ownerRef);
  if (!approvers.some(ref => actor.ownershipRefs.includes(ref))) {
    return `only members of ${approvers.join(', ')} may approve "${
      type.name
    }" requests`;
  }
  return undefined;
}

/**
 * Whether the built-in membership rule lets a user manage (extend, destroy, retry) an
 * environment: its requester, the owning team, the type's approvers and holders of
 * `environments.request.manage` may.
 */
export function mayManage(
  actor: Actor,
  request: { requestedBy: string; ownerRef: string },
  type: EnvironmentType | undefined,
): boolean {
  return (
    actor.managesAll ||
    request.requestedBy === actor.userRef ||
    actor.ownershipRefs.includes(request.ownerRef) ||
    (type?.approvers ?? []).some(ref => actor.ownershipRefs.includes(ref))
  );
}
