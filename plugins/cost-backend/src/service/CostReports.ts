import {
  AllocationCoverage,
  AllocationReport,
  CostGranularity,
  CostMetric,
  CostOverview,
  CostVisibility,
  CurrencyAmount,
  EntityCost,
  EntityCostSummary,
  UnallocatedTag,
} from '@runway/plugin-cost-common';
import { NotFoundError } from '@backstage/errors';
import { DateTime } from 'luxon';
import { BASELINE_DAYS, detectAnomalies } from '../analysis/anomalies';
import { computeForecast, forecastFrom } from '../analysis/forecast';
import { buildSeries, computeChange, daysBetween } from '../analysis/series';
import {
  AllocationKeySum,
  CostDimension,
  CostQuery,
  CostReportStore,
} from '../database/CostReportStore';
import { AttributionSnapshot, CostAttribution } from './CostAttribution';

/** A window of cost: `from` inclusive, `to` exclusive, both UTC. */
export interface CostWindow {
  from: DateTime;
  to: DateTime;
  metric: CostMetric;
}

const DIMENSIONS: CostDimension[] = [
  'serviceCategory',
  'serviceName',
  'region',
  'account',
];

/** Answers which of the given entity refs the caller may read. */
export type ReadableRefs = (refs: string[]) => Promise<Set<string>>;

async function onlyReadable(
  refs: string[],
  readable: ReadableRefs | undefined,
): Promise<string[]> {
  if (!readable) {
    return refs;
  }
  const allowed = await readable(refs);
  return refs.filter(ref => allowed.has(ref));
}

/** Adds amounts into a per-currency map. */
class CurrencyTotals {
  private readonly amounts = new Map<string, number>();

  add(currency: string, amount: number): void {
    this.amounts.set(currency, (this.amounts.get(currency) ?? 0) + amount);
  }

  get(currency: string): number {
    return this.amounts.get(currency) ?? 0;
  }

  currencies(): string[] {
    return [...this.amounts.keys()].sort();
  }

  list(): CurrencyAmount[] {
    return this.currencies().map(currency => ({
      currency,
      amount: this.get(currency),
    }));
  }
}

function coverageOf(
  sums: AllocationKeySum[],
  owners: Map<number, string>,
): AllocationCoverage[] {
  const total = new CurrencyTotals();
  const allocated = new CurrencyTotals();
  for (const sum of sums) {
    total.add(sum.currency, sum.amount);
    if (owners.has(sum.allocationKeyId)) {
      allocated.add(sum.currency, sum.amount);
    }
  }
  return total.currencies().map(currency => ({
    currency,
    total: total.get(currency),
    allocated: allocated.get(currency),
    unallocated: total.get(currency) - allocated.get(currency),
    ratio:
      total.get(currency) === 0
        ? null
        : allocated.get(currency) / total.get(currency),
  }));
}

/** Reads cost from the store, attributes it and hands it to the engines. */
export class CostReports {
  constructor(
    private readonly store: CostReportStore,
    private readonly attribution: CostAttribution,
  ) {}

  async entityCost(request: {
    entityRef: string;
    window: CostWindow;
    granularity: CostGranularity;
    now: DateTime;
    /** The refs the caller may read, among those given; everything when undefined. */
    readable?: ReadableRefs;
  }): Promise<Omit<EntityCost, 'visibility'>> {
    const { entityRef, window, granularity } = request;
    const { from, to } = window;
    const { scope, query, asOf } = await this.entityWindow(request);
    const previousFrom = from.minus(to.diff(from));
    const dailyFrom = DateTime.min(
      from.startOf('day').minus({ days: BASELINE_DAYS }),
      forecastFrom(asOf),
    );
    const [totals, previousTotals, daily, sumsByDimension] = await Promise.all([
      this.store.sumByCurrency(query(from, to)),
      this.store.sumByCurrency(query(previousFrom, from)),
      this.store.sumByDay(query(dailyFrom, to)),
      this.store.sumByDimensions(query(from, to), DIMENSIONS),
    ]);
    const breakdowns = DIMENSIONS.map(dimension => sumsByDimension[dimension]);

    const days = daysBetween(from, to);
    const windowDays = new Set(days);
    const [serviceCategory, serviceName, region, account] = breakdowns.map(
      sums =>
        sums.map(sum => ({
          key: sum.key,
          ...(sum.name ? { name: sum.name } : {}),
          currency: sum.currency,
          amount: sum.amount,
        })),
    );
    return {
      entityRef,
      scope,
      metric: window.metric,
      from: from.toISO()!,
      to: to.toISO()!,
      totals,
      previous: {
        from: previousFrom.toISO()!,
        to: from.toISO()!,
        totals: previousTotals,
      },
      change: computeChange(totals, previousTotals),
      series: {
        granularity,
        points: buildSeries(
          daily.filter(day => windowDays.has(day.date)),
          days,
          granularity,
        ),
      },
      breakdown: { serviceCategory, serviceName, region, account },
      forecast: computeForecast(daily, asOf),
      anomalies: detectAnomalies(
        daily,
        days,
        daysBetween(from.startOf('day').minus({ days: BASELINE_DAYS }), to),
      ),
    };
  }

  /**
   * The window's totals and the month-end forecast of an entity, counted exactly as
   * {@link CostReports.entityCost} counts them, with two queries instead of four.
   */
  async entityCostSummary(request: {
    entityRef: string;
    window: CostWindow;
    now: DateTime;
    /** The refs the caller may read, among those given; everything when undefined. */
    readable?: ReadableRefs;
  }): Promise<EntityCostSummary> {
    const { entityRef, window } = request;
    const { from, to } = window;
    const { query, asOf } = await this.entityWindow(request);
    const [totals, daily] = await Promise.all([
      this.store.sumByCurrency(query(from, to)),
      this.store.sumByDay(query(forecastFrom(asOf), to)),
    ]);
    return {
      entityRef,
      metric: window.metric,
      from: from.toISO()!,
      to: to.toISO()!,
      totals,
      forecast: computeForecast(daily, asOf),
    };
  }

  /**
   * What an entity's cost is counted over: the parts of its scope the caller may read (404
   * when that leaves out the entity itself), a query of their allocation keys for any
   * window, and the instant the forecast runs from.
   */
  private async entityWindow(request: {
    entityRef: string;
    window: CostWindow;
    now: DateTime;
    readable?: ReadableRefs;
  }) {
    const { entityRef, window } = request;
    const { from, to, metric } = window;
    const snapshot = await this.attribution.snapshotCovering(
      [entityRef],
      refs => onlyReadable(refs, request.readable),
    );
    // The entity is part of its own scope, so this one catalog call answers both whether the
    // caller may see it at all and which parts of its scope they may read (a separate lookup
    // of the entity cost two more internal requests on every card and tab load).
    const scope = await onlyReadable(
      snapshot.scope(entityRef),
      request.readable,
    );
    if (!scope.includes(entityRef)) {
      throw new NotFoundError(`No entity ${entityRef} in the catalog`);
    }
    const allocationKeyIds = snapshot.keyIds(scope);
    const query = (start: DateTime, end: DateTime): CostQuery => ({
      from: start.toISO()!,
      to: end.toISO()!,
      metric,
      allocationKeyIds,
    });
    const latestDay = await this.store.latestUsageDate(query(from, to));
    // Exports lag: the forecast runs from the last day with cost, not from an empty today.
    const asOf = DateTime.min(
      to,
      request.now,
      ...(latestDay
        ? [DateTime.fromISO(latestDay, { zone: 'utc' }).plus({ days: 1 })]
        : []),
    );
    return { scope, query, asOf };
  }

  async overview(request: {
    window: CostWindow;
    kind: CostOverview['kind'];
    sort: 'cost' | 'name';
    order: 'asc' | 'desc';
    currency?: string;
    /** Only these entities (normalized refs); every entity of the kind when undefined. */
    entityRefs?: string[];
    limit: number;
    offset: number;
    /** The refs the caller may read, among those given; everything when undefined. */
    readable?: ReadableRefs;
    /** With `teams`, the coverage (which is about every team's cost) is left out. */
    visibility: CostVisibility;
  }): Promise<CostOverview & { visibility: CostVisibility }> {
    const { window } = request;
    const snapshot = request.entityRefs
      ? await this.attribution.snapshotCovering(request.entityRefs, refs =>
          onlyReadable(refs, request.readable),
        )
      : await this.attribution.snapshot();
    const only = request.entityRefs && new Set(request.entityRefs);
    // The catalog is asked about what the answer can contain: with `entityRefs` (a catalog
    // list page's rows), those entities and their scopes, not every entity with cost (which
    // in a large organisation is thousands of refs per page of the list).
    const candidates = only
      ? [
          ...new Set(
            snapshot.entities
              .filter(entity => only.has(entity.ref))
              .flatMap(entity => snapshot.scope(entity.ref)),
          ),
        ]
      : snapshot.entities.map(entity => entity.ref);
    const readable = new Set(await onlyReadable(candidates, request.readable));
    const sums = await this.store.sumByAllocationKey(this.query(window));
    const owners = snapshot.owners();
    const direct = new Map<string, CurrencyTotals>();
    const overall = new CurrencyTotals();
    for (const sum of sums) {
      overall.add(sum.currency, sum.amount);
      const owner = owners.get(sum.allocationKeyId);
      if (owner) {
        const totals = direct.get(owner) ?? new CurrencyTotals();
        totals.add(sum.currency, sum.amount);
        direct.set(owner, totals);
      }
    }

    const items = snapshot.entities
      .filter(
        entity =>
          entity.kind === request.kind &&
          readable.has(entity.ref) &&
          (!only || only.has(entity.ref)),
      )
      .map(entity => {
        const totals = new CurrencyTotals();
        for (const ref of snapshot
          .scope(entity.ref)
          .filter(part => readable.has(part))) {
          for (const { currency, amount } of direct.get(ref)?.list() ?? []) {
            totals.add(currency, amount);
          }
        }
        return {
          entityRef: entity.ref,
          ...(entity.title ? { title: entity.title } : {}),
          totals: totals.list(),
        };
      });

    const sortCurrency =
      request.currency ??
      overall.list().sort((a, b) => Math.abs(b.amount) - Math.abs(a.amount))[0]
        ?.currency ??
      null;
    const amountOf = (item: (typeof items)[number]) =>
      item.totals.find(total => total.currency === sortCurrency)?.amount ?? 0;
    const direction = request.order === 'asc' ? 1 : -1;
    const byName = (a: (typeof items)[number], b: (typeof items)[number]) =>
      a.entityRef.localeCompare(b.entityRef);
    items.sort((a, b) =>
      request.sort === 'cost'
        ? direction * (amountOf(a) - amountOf(b)) || byName(a, b)
        : direction * byName(a, b),
    );

    return {
      visibility: request.visibility,
      metric: window.metric,
      from: window.from.toISO()!,
      to: window.to.toISO()!,
      kind: request.kind,
      sortCurrency,
      totalItems: items.length,
      items: items.slice(request.offset, request.offset + request.limit),
      coverage:
        request.visibility === 'organization' ? coverageOf(sums, owners) : [],
    };
  }

  /**
   * Unallocated cost belongs to no team, so only the organisation view has it: a team view
   * gets the report's shape with nothing in it.
   */
  async allocationReport(request: {
    window: CostWindow;
    limit: number;
    visibility: CostVisibility;
  }): Promise<AllocationReport> {
    const { window, limit, visibility } = request;
    if (visibility === 'teams') {
      return {
        visibility,
        metric: window.metric,
        from: window.from.toISO()!,
        to: window.to.toISO()!,
        coverage: [],
        topResources: [],
        topTags: [],
        untagged: [],
      };
    }
    const snapshot = await this.attribution.snapshot();
    const unallocatedKeyIds = snapshot.unallocatedKeyIds;
    const [sums, topResources] = await Promise.all([
      this.store.sumByAllocationKey(this.query(window)),
      this.store.topResources(
        { ...this.query(window), allocationKeyIds: unallocatedKeyIds },
        limit,
      ),
    ]);
    const owners = snapshot.owners();
    const unallocated = sums.filter(sum => !owners.has(sum.allocationKeyId));
    return {
      visibility,
      metric: window.metric,
      from: window.from.toISO()!,
      to: window.to.toISO()!,
      coverage: coverageOf(sums, owners),
      topResources,
      topTags: topTags(unallocated, snapshot).slice(0, limit),
      untagged: untagged(unallocated, snapshot),
    };
  }

  private query(window: CostWindow): CostQuery {
    return {
      from: window.from.toISO()!,
      to: window.to.toISO()!,
      metric: window.metric,
    };
  }
}

/** Unallocated cost per tag (key = value), largest first. */
function topTags(
  sums: AllocationKeySum[],
  snapshot: AttributionSnapshot,
): UnallocatedTag[] {
  const byTag = new Map<string, UnallocatedTag>();
  for (const sum of sums) {
    const tags = snapshot.allocationKey(sum.allocationKeyId)?.tags ?? {};
    for (const [key, raw] of Object.entries(tags)) {
      const value = typeof raw === 'string' ? raw : JSON.stringify(raw);
      const id = JSON.stringify([key, value, sum.currency]);
      const tag = byTag.get(id) ?? {
        key,
        value,
        currency: sum.currency,
        amount: 0,
      };
      tag.amount += sum.amount;
      byTag.set(id, tag);
    }
  }
  return [...byTag.values()].sort(
    (a, b) =>
      b.amount - a.amount ||
      a.key.localeCompare(b.key) ||
      a.value.localeCompare(b.value),
  );
}

function untagged(
  sums: AllocationKeySum[],
  snapshot: AttributionSnapshot,
): CurrencyAmount[] {
  const totals = new CurrencyTotals();
  for (const sum of sums) {
    const tags = snapshot.allocationKey(sum.allocationKeyId)?.tags;
    if (!tags || Object.keys(tags).length === 0) {
      totals.add(sum.currency, sum.amount);
    }
  }
  return totals.list();
}
