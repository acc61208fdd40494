import {
  BackstageCredentials,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { ResourcePermission } from '@backstage/plugin-permission-common';
import { parseEntityRefParam } from '@runway/backend-utils';
import {
  ACTIVE_STATES,
  EnvironmentAction,
  EnvironmentCatalogue,
  EnvironmentEstimate,
  EnvironmentListView,
  EnvironmentRequest,
  EnvironmentRequestDetails,
  EnvironmentRequestInput,
  EnvironmentState,
  EnvironmentType,
  environmentApprovePermission,
  environmentDestroyPermission,
  environmentExtendPermission,
} from '@runway/plugin-environments-common';
import { DateTime } from 'luxon';
import { randomBytes, randomUUID } from 'node:crypto';
import {
  EnvironmentRecord,
  EnvironmentStore,
  TransitionRequest,
} from '../database/EnvironmentStore';
import { EnvironmentNotifier } from '../lifecycle/EnvironmentNotifier';
import { costBetween, costInMonth, estimateCost } from '../lifecycle/estimate';
import { Clock, iso } from '../lifecycle/LifecycleWorker';
import {
  Actor,
  approvalRefusal,
  approverRefs,
  checkQuotas,
  checkTtl,
  isAutoApproved,
  mayManage,
  validateSelection,
} from '../lifecycle/policy';
import { EnvironmentResource } from '../permissions/rules';
import { AccessControl } from './AccessControl';
import {
  decodeListCursor,
  DEFAULT_LIST_LIMIT,
  encodeListCursor,
} from './listCursor';
import {
  EnvironmentsSettings,
  notConfiguredReason,
  teamQuota,
} from './settings';

type UserCredentials = BackstageCredentials<BackstageUserPrincipal>;

const MAX_NAME_LENGTH = 63;
const MAX_TEXT_LENGTH = 1000;

/** A DNS-label-safe name: the service, the type and a random suffix. */
function environmentName(entityRef: string, type: string): string {
  const suffix = randomBytes(4).toString('hex').slice(0, 6);
  const service = parseEntityRef(entityRef)
    .name.toLocaleLowerCase('en-US')
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const prefix = `${service}-${type}`.slice(
    0,
    MAX_NAME_LENGTH - suffix.length - 1,
  );
  return `${prefix.replace(/-+$/, '')}-${suffix}`;
}

function optionalText(field: string, value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') {
    return undefined;
  }
  if (typeof value !== 'string' || value.length > MAX_TEXT_LENGTH) {
    throw new InputError(
      `${field}: must be a string of at most ${MAX_TEXT_LENGTH} characters`,
    );
  }
  return value.trim() || undefined;
}

/** The request operations of the API: validation, policy, quotas and guarded transitions. */
export class EnvironmentRequests {
  constructor(
    private readonly options: {
      store: EnvironmentStore;
      settings: EnvironmentsSettings;
      access: AccessControl;
      notifier: EnvironmentNotifier;
      clock: Clock;
      /** Called after a change the lifecycle worker acts on (approval, destroy, retry). */
      onChange?: () => void;
    },
  ) {}

  catalogue(): EnvironmentCatalogue {
    const { currency, types, missingConfig } = this.options.settings;
    return missingConfig.length === 0
      ? { currency, types, configured: true }
      : { currency, types, configured: false, missingConfig };
  }

  estimate(
    input: Pick<EnvironmentRequestInput, 'type' | 'size' | 'ttlHours'>,
  ): EnvironmentEstimate {
    this.assertConfigured();
    const { size, ttlHours } = validateSelection(
      this.options.settings.types,
      input,
    );
    return estimateCost(
      size.pricePerDay,
      ttlHours,
      this.options.settings.currency,
    );
  }

  async create(
    input: EnvironmentRequestInput,
    credentials: UserCredentials,
  ): Promise<EnvironmentRequestDetails> {
    const { store, settings, access, notifier, clock } = this.options;
    this.assertConfigured();
    const entityRef = parseEntityRefParam('entityRef', input.entityRef);
    const purpose = optionalText('purpose', input.purpose);
    if (!purpose) {
      throw new InputError(
        'purpose: required, say what the environment is for',
      );
    }
    const branch = optionalText('branch', input.branch);
    const version = optionalText('version', input.version);
    if (branch && version) {
      throw new InputError(
        'version: give either a branch or a version, not both',
      );
    }
    const { type, size, ttlHours } = validateSelection(settings.types, input);
    await access.authorizeCreate(credentials);
    const actor = await access.actor(credentials);
    const { ownerRef } = await access.owningTeam(entityRef, credentials);

    const estimate = estimateCost(
      size.pricePerDay,
      ttlHours,
      settings.currency,
    );
    const autoApproved = isAutoApproved(type, estimate);
    const approvers = approverRefs(type, ownerRef);
    // Check and insert under the team's lock, so concurrent requests (on any replica) see
    // each other and cannot both take the last place in a quota or the budget.
    const record = await store.withTeamLock(ownerRef, async locked => {
      const now = clock();
      const counts = await locked.countActive({
        ownerRef,
        entityRef,
        states: ACTIVE_STATES,
      });
      checkQuotas({
        usage: {
          teamRef: ownerRef,
          entityRef,
          activeForTeam: counts.team,
          activeForService: counts.service,
          teamMonthSpend: await this.monthSpend(locked, ownerRef, now),
        },
        team: teamQuota(settings.quotas, ownerRef),
        maxPerService: settings.quotas.maxPerService,
        monthCost: costInMonth(
          estimate.perDay,
          now,
          now.plus({ hours: ttlHours }),
          now,
        ),
        currency: settings.currency,
      });
      return locked.create(
        {
          id: randomUUID(),
          name: environmentName(entityRef, type.name),
          entityRef,
          ownerRef,
          requestedBy: actor.userRef,
          type: type.name,
          size: size.name,
          ttlHours,
          branch,
          version,
          purpose,
          currency: estimate.currency,
          pricePerDay: estimate.perDay,
          estimateTotal: estimate.total,
          createdAt: iso(now),
        },
        [
          { to: 'requested', reason: purpose },
          autoApproved
            ? {
                to: 'approved',
                reason: `auto-approved: type ${type.name} allows it and ${
                  estimate.total
                } ${estimate.currency} is within its budget${
                  type.budget === undefined ? '' : ` of ${type.budget}`
                }`,
              }
            : {
                to: 'pending_approval',
                reason: `needs approval by a member of ${approvers.join(', ')}`,
              },
        ],
      );
    });
    if (autoApproved) {
      this.options.onChange?.();
    } else {
      await notifier.pendingApproval(record, approvers);
    }
    return this.details(record, actor);
  }

  /**
   * A page of a view: at most `limit` requests looked at (those the caller may not see are
   * left out of it), and where the next page starts when there is one.
   */
  async list(
    view: EnvironmentListView,
    filter: {
      entityRef?: string;
      states?: EnvironmentState[];
      limit?: number;
      cursor?: string;
    },
    credentials: UserCredentials,
  ): Promise<{ items: EnvironmentRequest[]; nextCursor?: string }> {
    const { store, access } = this.options;
    // Who the caller is costs a permission decision and a catalog lookup. The `all` and
    // `pending-approval` views need it only for the requests they found, and what a service's
    // health card asks (its live environments) usually finds none: then it is not asked.
    let known: Actor | undefined;
    const actor = async () => (known ??= await access.actor(credentials));
    const entityRef = filter.entityRef
      ? parseEntityRefParam('entityRef', filter.entityRef)
      : undefined;
    const limit = filter.limit ?? DEFAULT_LIST_LIMIT;
    // One more than the page, to know whether there is a next one.
    const query = {
      entityRef,
      states: filter.states,
      limit: limit + 1,
      after:
        filter.cursor !== undefined
          ? decodeListCursor(filter.cursor)
          : undefined,
    };
    let records: EnvironmentRecord[];
    switch (view) {
      case 'mine':
        records = await store.list({
          ...query,
          requestedBy: (await actor()).userRef,
        });
        break;
      case 'team':
        records = await store.list({
          ...query,
          ownerRefs: (await actor()).ownershipRefs,
        });
        break;
      case 'pending-approval':
        records = await store.list({ ...query, states: ['pending_approval'] });
        break;
      default:
        records = await store.list(query);
    }
    // The next page starts after the last row this page looked at, whether or not the caller
    // may see it: pages are counted in rows read, so none costs more than `limit` rows.
    let nextCursor: string | undefined;
    if (records.length > limit) {
      records = records.slice(0, limit);
      nextCursor = encodeListCursor(records[records.length - 1]);
    }
    if (view === 'pending-approval' && records.length > 0) {
      const approver = await actor();
      records = records.filter(record =>
        this.allowedActions(record, approver).includes('approve'),
      );
    }
    if (records.length === 0) {
      return { items: [], nextCursor };
    }
    const caller = await actor();
    // Every view, not only `all`: a request of a service the caller may not see in the
    // catalog (any more) is not theirs to read, even if they asked for it.
    if (!caller.managesAll) {
      const visible = await access.visibleEntityRefs(
        records.map(record => record.entityRef),
        credentials,
      );
      records = records.filter(record => visible.has(record.entityRef));
    }
    const now = this.options.clock();
    return {
      items: records.map(record => this.toPublic(record, now, caller)),
      nextCursor,
    };
  }

  async get(
    id: string,
    credentials: UserCredentials,
  ): Promise<EnvironmentRequestDetails> {
    const actor = await this.options.access.actor(credentials);
    return this.details(await this.mustGet(id, actor, credentials), actor);
  }

  async approve(
    id: string,
    reason: string | undefined,
    credentials: UserCredentials,
  ): Promise<EnvironmentRequestDetails> {
    const { record, actor } = await this.authorizeApproval(id, credentials);
    const approved = await this.transition(record, {
      to: 'approved',
      actor: actor.userRef,
      reason: optionalText('reason', reason) ?? 'approved',
    });
    this.options.onChange?.();
    return this.details(approved, actor);
  }

  async reject(
    id: string,
    reason: string | undefined,
    credentials: UserCredentials,
  ): Promise<EnvironmentRequestDetails> {
    const why = optionalText('reason', reason);
    if (!why) {
      throw new InputError('reason: required, tell the requester why');
    }
    const { record, actor } = await this.authorizeApproval(id, credentials);
    const rejected = await this.transition(record, {
      to: 'rejected',
      actor: actor.userRef,
      reason: why,
    });
    await this.options.notifier.rejected(rejected, why);
    return this.details(rejected, actor);
  }

  async extend(
    id: string,
    ttlHours: number,
    reason: string | undefined,
    credentials: UserCredentials,
  ): Promise<EnvironmentRequestDetails> {
    const { record, actor, type } = await this.authorizeManagement(
      id,
      environmentExtendPermission,
      credentials,
    );
    if (record.state !== 'ready' && record.state !== 'expiring') {
      throw new ConflictError(
        `Cannot extend environment ${record.name}: it is ${record.state}; only ready or expiring environments can be extended`,
      );
    }
    checkTtl(type, ttlHours);
    const { store, settings, clock } = this.options;
    const newTotal = estimateCost(
      record.pricePerDay,
      ttlHours,
      record.currency,
    ).total;
    // A longer life costs more: the type's budget caps what one environment of it may cost
    // (that is what auto-approval was granted for), and the extra cost must fit in the
    // team's monthly budget, checked under the team's lock like a new request.
    if (
      type.budget !== undefined &&
      newTotal > type.budget &&
      newTotal > record.estimateTotal
    ) {
      throw new ConflictError(
        `budget: ${ttlHours} hours of ${
          record.name
        } would cost ${newTotal.toFixed(2)} ${record.currency}, over the ${
          type.name
        } budget of ${type.budget.toFixed(2)} ${
          record.currency
        }; request a new environment instead`,
      );
    }
    const extended = await store.withTeamLock(record.ownerRef, async locked => {
      const now = clock();
      const readyAt = DateTime.fromISO(record.readyAt!, { zone: 'utc' });
      const expiresAt = readyAt.plus({ hours: ttlHours });
      if (expiresAt <= now) {
        throw new InputError(
          `ttlHours: ${ttlHours} hours from ${
            record.readyAt
          } has already passed; the environment has run for ${Math.ceil(
            now.diff(readyAt, 'hours').hours,
          )} hours`,
        );
      }
      const oldEnd = record.expiresAt
        ? DateTime.fromISO(record.expiresAt, { zone: 'utc' })
        : readyAt.plus({ hours: record.ttlHours });
      const extra =
        costInMonth(record.pricePerDay, readyAt, expiresAt, now) -
        costInMonth(record.pricePerDay, readyAt, oldEnd, now);
      if (extra > 0) {
        const team = teamQuota(settings.quotas, record.ownerRef);
        const spend =
          (await this.monthSpend(locked, record.ownerRef, now)) + extra;
        if (spend > team.monthlyBudget) {
          throw new ConflictError(
            `budget: extending ${
              record.name
            } to ${ttlHours} hours would make team ${
              record.ownerRef
            } commit ${spend.toFixed(2)} ${
              settings.currency
            } this month, over its monthly budget of ${team.monthlyBudget.toFixed(
              2,
            )} ${settings.currency}`,
          );
        }
      }
      return this.transition(
        record,
        {
          to: 'ready',
          actor: actor.userRef,
          reason:
            optionalText('reason', reason) ??
            `TTL set to ${ttlHours} hours, expires ${iso(expiresAt)}`,
          patch: {
            ttlHours,
            expiresAt: iso(expiresAt),
            estimateTotal: newTotal,
          },
        },
        locked,
      );
    });
    return this.details(extended, actor);
  }

  async destroy(
    id: string,
    reason: string | undefined,
    credentials: UserCredentials,
  ): Promise<EnvironmentRequestDetails> {
    const { record, actor } = await this.authorizeManagement(
      id,
      environmentDestroyPermission,
      credentials,
    );
    if (!['ready', 'expiring', 'failed'].includes(record.state)) {
      throw new ConflictError(
        `Cannot destroy environment ${record.name}: it is ${record.state}; only ready, expiring or failed environments can be destroyed`,
      );
    }
    const destroying = await this.transition(record, {
      to: 'destroying',
      actor: actor.userRef,
      reason: optionalText('reason', reason) ?? 'destroyed on request',
      patch: { failedFrom: undefined, failureReason: undefined },
    });
    this.options.onChange?.();
    return this.details(destroying, actor);
  }

  async retry(
    id: string,
    credentials: UserCredentials,
  ): Promise<EnvironmentRequestDetails> {
    const { record, actor } = await this.authorizeManagement(
      id,
      environmentDestroyPermission,
      credentials,
    );
    if (record.state !== 'failed' || !record.failedFrom) {
      throw new ConflictError(
        `Cannot retry environment ${record.name}: it is ${record.state}, not failed`,
      );
    }
    const resumed = await this.transition(record, {
      to: record.failedFrom,
      actor: actor.userRef,
      reason: `retry after: ${record.failureReason ?? 'failure'}`,
      patch: { failedFrom: undefined, failureReason: undefined },
    });
    this.options.onChange?.();
    return this.details(resumed, actor);
  }

  /** What the caller may do with a request now, by the membership rule. */
  allowedActions(record: EnvironmentRecord, actor: Actor): EnvironmentAction[] {
    const type = this.type(record);
    const actions: EnvironmentAction[] = [];
    if (
      record.state === 'pending_approval' &&
      type &&
      !approvalRefusal(actor, record, type, { membershipDecides: true })
    ) {
      actions.push('approve', 'reject');
    }
    if (!mayManage(actor, record, type)) {
      return actions;
    }
    if (record.state === 'ready' || record.state === 'expiring') {
      actions.push('extend', 'destroy');
    }
    if (record.state === 'failed') {
      actions.push('retry', 'destroy');
    }
    return actions;
  }

  /** The request as the caller sees it, and how the policy grants them `permission` on it. */
  private async authorizeOn(
    id: string,
    permission: ResourcePermission,
    credentials: UserCredentials,
  ) {
    const { access } = this.options;
    const actor = await access.actor(credentials);
    const record = await this.mustGet(id, actor, credentials);
    const type = this.mustGetType(record);
    const grant = await access.authorize(
      permission,
      resourceOf(record),
      credentials,
      actor,
    );
    return { actor, record, type, grant };
  }

  private async authorizeApproval(id: string, credentials: UserCredentials) {
    const { actor, record, type, grant } = await this.authorizeOn(
      id,
      environmentApprovePermission,
      credentials,
    );
    const refusal = approvalRefusal(actor, record, type, {
      membershipDecides: grant === 'membership',
    });
    if (refusal) {
      throw new NotAllowedError(refusal);
    }
    if (record.state !== 'pending_approval') {
      throw new ConflictError(
        `Cannot approve or reject environment ${record.name}: it is ${record.state}, not pending approval`,
      );
    }
    return { record, actor, type };
  }

  private async authorizeManagement(
    id: string,
    permission: ResourcePermission,
    credentials: UserCredentials,
  ) {
    const { actor, record, type, grant } = await this.authorizeOn(
      id,
      permission,
      credentials,
    );
    if (grant === 'membership' && !mayManage(actor, record, type)) {
      throw new NotAllowedError(
        `Only ${record.requestedBy}, members of ${record.ownerRef}${
          type.approvers.length ? ` or of ${type.approvers.join(', ')}` : ''
        } may change environment ${record.name}`,
      );
    }
    return { record, actor, type };
  }

  private async transition(
    record: EnvironmentRecord,
    change: Pick<TransitionRequest, 'to' | 'actor' | 'reason' | 'patch'>,
    store: EnvironmentStore = this.options.store,
  ): Promise<EnvironmentRecord> {
    const updated = await store.transition({
      ...change,
      id: record.id,
      from: [record.state],
      revision: record.revision,
      at: iso(this.options.clock()),
    });
    if (!updated) {
      throw new ConflictError(
        `Environment ${record.name} changed meanwhile; reload it and try again`,
      );
    }
    return updated;
  }

  /** Committed spend of a team's environments in the month of `now`. */
  private async monthSpend(
    store: EnvironmentStore,
    ownerRef: string,
    now: DateTime,
  ): Promise<number> {
    const monthStart = now.toUTC().startOf('month');
    const records = await store.listForSpend({
      ownerRef,
      from: iso(monthStart),
      to: iso(monthStart.plus({ months: 1 })),
    });
    return records.reduce((sum, record) => {
      const start = DateTime.fromISO(record.readyAt ?? record.createdAt, {
        zone: 'utc',
      });
      // Until it was destroyed, else until it expires, else for its whole requested TTL.
      const endAt = record.destroyedAt ?? record.expiresAt;
      const end = endAt
        ? DateTime.fromISO(endAt, { zone: 'utc' })
        : start.plus({ hours: record.ttlHours });
      return sum + costInMonth(record.pricePerDay, start, end, now);
    }, 0);
  }

  private async details(
    record: EnvironmentRecord,
    actor: Actor,
  ): Promise<EnvironmentRequestDetails> {
    return {
      ...this.toPublic(record, this.options.clock(), actor),
      history: await this.options.store.history(record.id),
    };
  }

  private toPublic(
    record: EnvironmentRecord,
    now: DateTime,
    actor: Actor,
  ): EnvironmentRequest {
    const {
      revision: _revision,
      progress: _progress,
      failedFrom: _failedFrom,
      pricePerDay,
      estimateTotal,
      currency,
      ...rest
    } = record;
    const end = record.destroyedAt
      ? DateTime.fromISO(record.destroyedAt, { zone: 'utc' })
      : now;
    return {
      ...rest,
      estimate: {
        currency,
        perDay: pricePerDay,
        total: estimateTotal,
        ttlHours: record.ttlHours,
      },
      costSoFar: record.readyAt
        ? costBetween(
            pricePerDay,
            DateTime.fromISO(record.readyAt, { zone: 'utc' }),
            end,
          )
        : 0,
      allowedActions: this.allowedActions(record, actor),
    };
  }

  /**
   * The request, if the caller may see its service in the catalog or holds
   * `environments.request.manage`; otherwise the same 404 as an unknown id, so that whether
   * it exists does not leak.
   */
  private async mustGet(
    id: string,
    actor: Actor,
    credentials: UserCredentials,
  ): Promise<EnvironmentRecord> {
    const record = await this.options.store.get(id);
    const visible =
      record &&
      (actor.managesAll ||
        (
          await this.options.access.visibleEntityRefs(
            [record.entityRef],
            credentials,
          )
        ).has(record.entityRef));
    if (!visible) {
      throw new NotFoundError(`No environment request ${id}`);
    }
    return record;
  }

  /** @throws ServiceUnavailableError naming the config keys to set. */
  private assertConfigured() {
    const reason = notConfiguredReason(this.options.settings);
    if (reason) {
      throw new ServiceUnavailableError(reason);
    }
  }

  private type(record: EnvironmentRecord): EnvironmentType | undefined {
    return this.options.settings.types.find(type => type.name === record.type);
  }

  private mustGetType(record: EnvironmentRecord): EnvironmentType {
    const type = this.type(record);
    if (!type) {
      throw new ConflictError(
        `Environment type "${record.type}" of ${record.name} is no longer configured`,
      );
    }
    return type;
  }
}

function resourceOf(record: EnvironmentRecord): EnvironmentResource {
  return {
    id: record.id,
    requestedBy: record.requestedBy,
    ownerRef: record.ownerRef,
    entityRef: record.entityRef,
    type: record.type,
  };
}
