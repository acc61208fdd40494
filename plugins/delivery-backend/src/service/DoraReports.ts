import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { parseTimeWindow, TimeWindow } from '@runway/backend-utils';
import {
  DeliveryOverview,
  DeliveryOverviewItem,
  DeploymentEvent,
  DoraBucketSize,
  DoraDeploymentList,
  DoraEntitySummary,
  DoraMetrics,
  DoraMetricValues,
  DoraSeries,
  DoraSummary,
  OverviewOrderField,
  PerformanceLevel,
  PipelineRunEvent,
  PipelineStates,
} from '@runway/plugin-delivery-common';
import { DateTime } from 'luxon';
import { DeliveryStore, OverviewPipelineRuns } from '../database/DeliveryStore';
import {
  checkSeriesOptions,
  computeDora,
  computeDoraSeries,
  DoraBenchmarkSet,
  DoraInput,
  getBenchmarkSet,
  listDoraDeployments,
  seriesBucketBounds,
  seriesBuckets,
} from '../dora';
import {
  DoraContext,
  deploymentsInWindow,
  prepareDora,
  summarize,
} from '../dora/computeDora';
import { computeDefaultBranchHeads, computePipelineState } from '../pipelines';
import { CatalogEntities } from './CatalogEntities';
import {
  defaultBranchRun,
  lastDeployment,
  latestDeployment,
  matchesSearch,
  metricValues,
  overallLevel,
  sortOverview,
  worstPipelineStatus,
} from './overview';
import { DeliverySettings } from './settings';

const DEFAULT_ENVIRONMENT = 'production';
const DEFAULT_SERIES_TIME_ZONE = 'UTC';
const DEFAULT_SUMMARY_BUCKET: DoraBucketSize = 'week';
const DEFAULT_OVERVIEW_PAGE_SIZE = 50;
/**
 * Runs loaded for pipeline state: the 30-day statistics plus enough history to find when a
 * default branch started failing or the latest run of a quiet branch.
 */
const PIPELINE_HISTORY_DAYS = 90;

/**
 * The `[from, to)` window of a read request: the rule every Runway backend shares
 * (`parseTimeWindow`: ISO dates or instants, `from` before `to`, at most 731 days, `from`
 * 30 days before `to` by default), with `to` defaulting to now.
 *
 * @throws InputError naming the field at fault.
 */
export function parseReportWindow(
  query: { from?: string; to?: string },
  now: DateTime = DateTime.utc(),
): TimeWindow {
  return parseTimeWindow(query, { now });
}

/** What every DORA report is about, parsed by the router. */
export interface DoraQuery {
  /** A normalized entity ref: a Group or System stands for its components. */
  entityRef: string;
  window: TimeWindow;
  /** Default `production`. */
  environment?: string;
  /** Default: the configured benchmark, else the engine's. */
  benchmark?: string;
}

export interface DoraSeriesQuery extends DoraQuery {
  bucket: DoraBucketSize;
  /** IANA zone of the buckets; default UTC. */
  tz?: string;
}

export interface DoraSummaryQuery extends DoraQuery {
  /** Default `week`. */
  bucket?: DoraBucketSize;
  tz?: string;
}

export interface OverviewQuery {
  window: TimeWindow;
  environment?: string;
  benchmark?: string;
  /** Normalized refs; only these entities (exact match). */
  entityRefs?: string[];
  /** Normalized refs; only entities owned by / part of them. */
  owner?: string;
  system?: string;
  search?: string;
  level?: PerformanceLevel;
  orderBy?: OverviewOrderField;
  order?: 'asc' | 'desc';
  offset?: number;
  limit?: number;
}

/** Milliseconds of a window's bounds, as the engine's window functions take them. */
interface WindowMs {
  fromMs: number;
  toMs: number;
}

const isoOf = (ms: number) => new Date(ms).toISOString();

function groupByEntity<T extends { entityRef: string }>(
  events: readonly T[],
): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const event of events) {
    const group = groups.get(event.entityRef) ?? [];
    group.push(event);
    groups.set(event.entityRef, group);
  }
  return groups;
}

/**
 * Each entity's own metrics over `window`, from one analysis (`context`) of all the
 * entities' events (`input`): the engine's per-deployment facts are worked out per entity,
 * so a share of the whole analysis is the entity's own.
 *
 * The one exception is an incident that names, by id, a deployment of another entity: the
 * whole analysis blames that deployment, while the other entity's own `/dora` (which loads
 * only its own incidents) does not. Rows must equal that entity's `/dora`, so such an entity
 * (rare) is analysed again on its own events.
 */
function metricsPerEntity(
  entityRefs: readonly string[],
  input: DoraInput,
  context: DoraContext,
  { fromMs, toMs }: WindowMs,
): Map<string, DoraMetricValues> {
  const entityOfDeployment = new Map(
    input.deployments.map(d => [d.id, d.entityRef]),
  );
  const blamedByOthers = new Set(
    input.incidents.flatMap(incident => {
      const owner =
        incident.deploymentId !== undefined
          ? entityOfDeployment.get(incident.deploymentId)
          : undefined;
      return owner !== undefined && owner !== incident.entityRef ? [owner] : [];
    }),
  );
  const deploymentsOf = groupByEntity(input.deployments);
  const incidentsOf = groupByEntity(input.incidents);
  const analysedOf = new Map<string, DoraContext['deployments']>();
  for (const deployment of deploymentsInWindow(
    context.deployments,
    fromMs,
    toMs,
  )) {
    const ref = deployment.event.entityRef;
    analysedOf.set(ref, [...(analysedOf.get(ref) ?? []), deployment]);
  }

  const metrics = new Map<string, DoraMetricValues>();
  for (const entityRef of entityRefs) {
    let inWindow = analysedOf.get(entityRef) ?? [];
    if (blamedByOthers.has(entityRef)) {
      const own = prepareDora({
        ...input,
        from: isoOf(fromMs),
        to: isoOf(toMs),
        deployments: deploymentsOf.get(entityRef) ?? [],
        incidents: incidentsOf.get(entityRef) ?? [],
      });
      inWindow = deploymentsInWindow(own.deployments, fromMs, toMs);
    }
    metrics.set(
      entityRef,
      summarize(inWindow, toMs - fromMs, context.benchmark),
    );
  }
  return metrics;
}

/**
 * The read side of the delivery API: DORA metrics, series, summaries and drill-downs of an
 * entity, the overview of every entity, and pipeline state. Takes parsed queries (the
 * router parses and authenticates), loads what the engines need through the store and
 * shapes the responses.
 */
export class DoraReports {
  constructor(
    private readonly options: {
      store: DeliveryStore;
      entities: CatalogEntities;
      settings: Pick<
        DeliverySettings,
        'benchmark' | 'incidentAttributionWindowHours'
      >;
    },
  ) {}

  /** DORA's metrics of an entity over the window. */
  async metrics(
    query: DoraQuery,
    credentials: BackstageCredentials,
  ): Promise<DoraMetrics> {
    const { store, settings } = this.options;
    const environment = query.environment ?? DEFAULT_ENVIRONMENT;
    if (store.doraMetrics && environment) {
      // The read model: the window's rows aggregated in the database.
      const { fromMs, toMs } = windowMs(query.window);
      const benchmark = getBenchmarkSet(query.benchmark ?? settings.benchmark);
      const values = await store.doraMetrics(
        {
          entityRefs: await this.options.entities.resolveScope(
            query.entityRef,
            credentials,
          ),
          environment,
          from: new Date(fromMs),
          to: new Date(toMs),
        },
        benchmark,
      );
      if (values) {
        return {
          entityRef: query.entityRef,
          from: isoOf(fromMs),
          to: isoOf(toMs),
          environment,
          benchmark: benchmark.id,
          ...values,
        };
      }
    }
    const { input } = await this.load(query, credentials);
    return { entityRef: query.entityRef, ...computeDora(input) };
  }

  /** The metrics per calendar bucket. */
  async series(
    query: DoraSeriesQuery,
    credentials: BackstageCredentials,
  ): Promise<DoraSeries> {
    const window = windowMs(query.window);
    const options = {
      bucket: query.bucket,
      tz: query.tz ?? DEFAULT_SERIES_TIME_ZONE,
    };
    const fromModel = await this.readModel(query, async model => {
      checkSeriesOptions(options);
      const buckets = seriesBucketBounds({ ...options, ...window });
      const values = await model.perBucket(
        await this.options.entities.resolveScope(query.entityRef, credentials),
        window,
        buckets,
      );
      return (
        values && {
          entityRef: query.entityRef,
          from: isoOf(window.fromMs),
          to: isoOf(window.toMs),
          environment: model.environment,
          benchmark: model.benchmark.id,
          ...options,
          buckets: buckets.map(({ fromMs: _f, toMs: _t, ...bucket }, i) => ({
            ...bucket,
            ...values[i],
          })),
        }
      );
    });
    if (fromModel) {
      return fromModel;
    }
    const { input } = await this.load(query, credentials);
    return {
      entityRef: query.entityRef,
      ...computeDoraSeries({
        ...input,
        bucket: query.bucket,
        tz: query.tz ?? DEFAULT_SERIES_TIME_ZONE,
      }),
    };
  }

  /**
   * The metrics of the window and of the window of equal length before it, a trend, and
   * each covered component's own metrics (worst level first). The events of both windows
   * are analysed once for the two windows and the components.
   */
  async summary(
    query: DoraSummaryQuery,
    credentials: BackstageCredentials,
  ): Promise<DoraSummary> {
    const { entities } = this.options;
    const { fromMs, toMs } = windowMs(query.window);
    const current = { fromMs, toMs };
    const previous = { fromMs: 2 * fromMs - toMs, toMs: fromMs };
    const seriesOptions = {
      bucket: query.bucket ?? DEFAULT_SUMMARY_BUCKET,
      tz: query.tz ?? DEFAULT_SERIES_TIME_ZONE,
    };
    const fromModel = await this.readModel(query, async model => {
      checkSeriesOptions(seriesOptions);
      const buckets = seriesBucketBounds({ ...seriesOptions, ...current });
      const entityRefs = await entities.resolveScope(
        query.entityRef,
        credentials,
      );
      // The window before is judged as of the end of this one, as the engine does (it
      // analyses both windows at once); so are the buckets.
      const [now, before, series, perEntity, described] = await Promise.all([
        model.metrics(entityRefs, current),
        model.metrics(entityRefs, previous, current.toMs),
        model.perBucket(entityRefs, current, buckets),
        model.perEntity(entityRefs, current),
        entities.describe(entityRefs, credentials),
      ]);
      if (!now || !before || !series || !perEntity) {
        return undefined;
      }
      return this.summaryOf(query, {
        environment: model.environment,
        benchmarkId: model.benchmark.id,
        current,
        previous,
        now,
        before,
        series: {
          ...seriesOptions,
          buckets: buckets.map(({ fromMs: _f, toMs: _t, ...bucket }, i) => ({
            ...bucket,
            ...series[i],
          })),
        },
        described,
        perEntity: ref => perEntity.get(ref)!,
      });
    });
    if (fromModel) {
      return fromModel;
    }
    // The store only loads the history that decides the metrics of the window it is asked
    // for: ask for both.
    const { entityRefs, input } = await this.load(
      query,
      credentials,
      previous.fromMs,
    );
    const context = prepareDora({
      ...input,
      from: isoOf(previous.fromMs),
      to: isoOf(current.toMs),
    });
    const metricsOf = ({ fromMs: from, toMs: to }: WindowMs) =>
      summarize(
        deploymentsInWindow(context.deployments, from, to),
        to - from,
        context.benchmark,
      );
    // The trend comes from the same analysis as both windows' metrics.
    checkSeriesOptions(seriesOptions);
    const series = {
      ...seriesOptions,
      buckets: seriesBuckets(context, { ...seriesOptions, ...current }),
    };
    const described = await entities.describe(entityRefs, credentials);
    const perEntity = metricsPerEntity(
      described.map(entity => entity.entityRef),
      input,
      context,
      current,
    );
    return this.summaryOf(query, {
      environment: input.environment,
      benchmarkId: context.benchmark.id,
      current,
      previous,
      now: metricsOf(current),
      before: metricsOf(previous),
      series,
      described,
      perEntity: ref => perEntity.get(ref)!,
    });
  }

  /**
   * Runs `read` on the read model when the store keeps one; `undefined` when it does not, or
   * when the model is not built yet (any of its reads answers `undefined`): the caller then
   * runs the engine on the events.
   */
  private async readModel<T>(
    query: Pick<DoraQuery, 'environment' | 'benchmark'>,
    read: (model: ReadModelReads) => Promise<T | undefined>,
  ): Promise<T | undefined> {
    const { store, settings } = this.options;
    const environment = query.environment ?? DEFAULT_ENVIRONMENT;
    if (
      !store.doraMetrics ||
      !store.doraMetricsPerBucket ||
      !store.doraOverview ||
      !environment
    ) {
      return undefined;
    }
    const benchmark = getBenchmarkSet(query.benchmark ?? settings.benchmark);
    const request = (entityRefs: string[], window: WindowMs) => ({
      entityRefs,
      environment,
      from: new Date(window.fromMs),
      to: new Date(window.toMs),
    });
    return read({
      environment,
      benchmark,
      metrics: (entityRefs, window, asOfMs) =>
        store.doraMetrics!(
          request(entityRefs, window),
          benchmark,
          asOfMs === undefined ? {} : { asOf: new Date(asOfMs) },
        ),
      perBucket: (entityRefs, window, buckets) =>
        store.doraMetricsPerBucket!(
          request(entityRefs, window),
          buckets,
          benchmark,
        ),
      perEntity: async (entityRefs, window) =>
        (
          await store.doraOverview!(request(entityRefs, window), benchmark, {
            lastDeployments: false,
          })
        )?.metrics,
    });
  }

  /** A summary's answer from its parts, however they were computed. */
  private summaryOf(
    query: DoraSummaryQuery,
    parts: {
      environment: string;
      benchmarkId: string;
      current: WindowMs;
      previous: WindowMs;
      now: DoraMetricValues;
      before: DoraMetricValues;
      series: DoraSummary['series'];
      described: Array<{ entityRef: string; title?: string }>;
      perEntity: (entityRef: string) => DoraMetricValues;
    },
  ): DoraSummary {
    const { current, previous } = parts;
    return {
      entityRef: query.entityRef,
      from: isoOf(current.fromMs),
      to: isoOf(current.toMs),
      environment: parts.environment,
      benchmark: parts.benchmarkId,
      current: metricValues(parts.now),
      previous: {
        from: isoOf(previous.fromMs),
        to: isoOf(previous.toMs),
        ...metricValues(parts.before),
      },
      series: {
        bucket: parts.series.bucket,
        tz: parts.series.tz,
        buckets: parts.series.buckets,
      },
      entities: sortOverview(
        parts.described.map(({ entityRef, title }): DoraEntitySummary => {
          const metrics = metricValues(parts.perEntity(entityRef));
          return {
            entityRef,
            ...(title ? { title } : {}),
            ...metrics,
            level: overallLevel(metrics),
          };
        }),
        'level',
        'asc',
      ),
    };
  }

  /** The deployments behind the metrics, newest first, with their incidents. */
  async deployments(
    query: DoraQuery,
    credentials: BackstageCredentials,
  ): Promise<DoraDeploymentList> {
    const { input } = await this.load(query, credentials);
    const incidentsById = new Map(input.incidents.map(i => [i.id, i]));
    return {
      entityRef: query.entityRef,
      from: input.from,
      to: input.to,
      environment: input.environment,
      items: listDoraDeployments(input)
        .reverse()
        .map(detail => ({
          id: detail.id,
          entityRef: detail.entityRef,
          environment: detail.environment,
          startedAt: detail.startedAt,
          finishedAt: detail.finishedAt,
          version: detail.version,
          commitSha: detail.commitSha,
          commits: detail.commits.map(
            ({ sha, timestamp, leadTimeSeconds }) => ({
              sha,
              timestamp,
              leadTimeSeconds,
            }),
          ),
          failed: detail.failed,
          failureReasons: detail.failureReasons,
          incidents: detail.incidentIds.flatMap(id => {
            const incident = incidentsById.get(id);
            return incident
              ? [
                  {
                    id,
                    openedAt: incident.openedAt,
                    resolvedAt: incident.resolvedAt ?? null,
                    severity: incident.severity ?? null,
                    url: incident.url ?? null,
                  },
                ]
              : [];
          }),
          rolledBackBy: detail.rolledBackBy,
          rollbackOf: detail.rollbackOf,
          recoverySeconds: detail.recoverySeconds,
          rework: detail.rework,
          reworkReasons: detail.reworkReasons,
        })),
    };
  }

  /**
   * Every entity with events that the caller can see, filtered, sorted and paged, each with
   * its own metrics over the window and over the window of equal length before it (one
   * analysis of all their events for both), its last deployment and its current pipeline
   * status with the run behind it.
   */
  async overview(
    query: OverviewQuery,
    credentials: BackstageCredentials,
  ): Promise<DeliveryOverview> {
    const { store, entities } = this.options;
    const wanted = query.entityRefs && new Set(query.entityRefs);
    // Asked about some entities (a card, a page of the catalog list): only those are looked up.
    const withEvents = await store.listEntityRefs(query.entityRefs);
    const visible = (
      await entities.describe(
        wanted ? withEvents.filter(ref => wanted.has(ref)) : withEvents,
        credentials,
      )
    ).filter(
      entity =>
        (!wanted || wanted.has(entity.entityRef)) &&
        (!query.owner || entity.owners.includes(query.owner)) &&
        (!query.system || entity.systems.includes(query.system)) &&
        matchesSearch(entity, query.search),
    );
    const refs = visible.map(entity => entity.entityRef);
    const current = windowMs(query.window);
    const previous = {
      fromMs: 2 * current.fromMs - current.toMs,
      toMs: current.fromMs,
    };
    const fromRead = await this.overviewFromReadModel(
      query,
      refs,
      current,
      previous,
    );
    let input: Pick<DoraInput, 'from' | 'to' | 'environment'>;
    let benchmarkId: string;
    let perEntity: Map<string, DoraMetricValues>;
    let previousPerEntity: Map<string, DoraMetricValues>;
    let lastDeploymentOf: (entityRef: string) => DeploymentEvent | undefined;
    if (fromRead) {
      ({ input, benchmarkId, perEntity, previousPerEntity, lastDeploymentOf } =
        fromRead);
    } else {
      // As in the summary: the store loads the history that decides the window it is asked
      // for, so ask for both, and analyse both windows at once.
      const doraInput = await this.doraInput(query, refs, previous.fromMs);
      const context = prepareDora({
        ...doraInput,
        from: isoOf(previous.fromMs),
      });
      input = doraInput;
      benchmarkId = context.benchmark.id;
      perEntity = metricsPerEntity(refs, doraInput, context, current);
      previousPerEntity = metricsPerEntity(refs, doraInput, context, previous);
      const deploymentsOf = groupByEntity(doraInput.deployments);
      lastDeploymentOf = entityRef =>
        latestDeployment(deploymentsOf.get(entityRef) ?? []);
    }
    const items = visible.map(entity => {
      const metrics = metricValues(perEntity.get(entity.entityRef)!);
      return { ...entity, ...metrics, level: overallLevel(metrics) };
    });
    const selected = sortOverview(
      items.filter(item => !query.level || item.level === query.level),
      query.orderBy ?? 'level',
      query.order ?? 'asc',
    );
    const offset = query.offset ?? 0;
    const page = selected.slice(
      offset,
      offset + (query.limit ?? DEFAULT_OVERVIEW_PAGE_SIZE),
    );
    // Pipeline state is the current one, whatever the window: only for the page shown.
    const lastDeployments = new Map(
      page.map(item => [item.entityRef, lastDeploymentOf(item.entityRef)]),
    );
    const { runs, branchRuns } = await this.overviewPipelineRuns(
      page.map(item => item.entityRef),
      [...lastDeployments.values()].flatMap(last =>
        last?.commitSha ? [last.commitSha] : [],
      ),
    );
    const pipelines = computeDefaultBranchHeads({ runs, branchRuns });
    const runsOf = groupByEntity(runs);
    return {
      from: input.from,
      to: input.to,
      environment: input.environment,
      benchmark: benchmarkId,
      previous: { from: isoOf(previous.fromMs), to: isoOf(previous.toMs) },
      totalCount: selected.length,
      items: page.map((item): DeliveryOverviewItem => {
        const own = pipelines.filter(p => p.entityRef === item.entityRef);
        const last = lastDeployments.get(item.entityRef);
        const previousMetrics = metricValues(
          previousPerEntity.get(item.entityRef)!,
        );
        return {
          ...item,
          lastDeployment: lastDeployment(
            last ? [last] : [],
            runsOf.get(item.entityRef) ?? [],
          ),
          pipelineStatus: worstPipelineStatus(own),
          defaultBranchRun: defaultBranchRun(own),
          previous: {
            level: overallLevel(previousMetrics),
            ...previousMetrics,
          },
        };
      }),
    };
  }

  /**
   * The overview's figures from the store's read model, when it keeps one: each entity's
   * metrics over the window and over the one before it, and its last deployment.
   */
  private async overviewFromReadModel(
    query: OverviewQuery,
    entityRefs: string[],
    current: { fromMs: number; toMs: number },
    previous: { fromMs: number; toMs: number },
  ) {
    const { store, settings } = this.options;
    const environment = query.environment ?? DEFAULT_ENVIRONMENT;
    if (!store.doraOverview || !environment) {
      return undefined;
    }
    const benchmark = getBenchmarkSet(query.benchmark ?? settings.benchmark);
    const read = (
      window: { fromMs: number; toMs: number },
      options: { lastDeployments: boolean; previousFrom?: Date },
    ) =>
      store.doraOverview!(
        {
          entityRefs,
          environment,
          from: new Date(window.fromMs),
          to: new Date(window.toMs),
        },
        benchmark,
        // Both windows' deployments judged as of the end of the window shown, as the engine
        // does (it analyses both at once): an incident of this window blamed on a deployment
        // of the window before makes that one failed.
        { ...options, asOf: new Date(current.toMs) },
      );
    // Both windows in one read (two statements fewer than a read of each, for every card,
    // catalog page and overview page); the window before needs no last deployment.
    const now = await read(current, {
      lastDeployments: true,
      previousFrom: new Date(previous.fromMs),
    });
    if (!now) {
      return undefined;
    }
    // A store that reads one window at a time: the window before on its own.
    const before = now.previousMetrics
      ? { metrics: now.previousMetrics }
      : await read(previous, { lastDeployments: false });
    if (!before) {
      return undefined;
    }
    return {
      input: {
        from: isoOf(current.fromMs),
        to: isoOf(current.toMs),
        environment,
      },
      benchmarkId: benchmark.id,
      perEntity: now.metrics as Map<string, DoraMetricValues>,
      previousPerEntity: before.metrics as Map<string, DoraMetricValues>,
      lastDeploymentOf: (entityRef: string) =>
        now.lastDeployments.get(entityRef),
    };
  }

  /** The current pipeline state of an entity (a Group or System: its components). */
  async pipelines(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<PipelineStates> {
    const entityRefs = await this.options.entities.resolveScope(
      entityRef,
      credentials,
    );
    return { entityRef, ...(await this.pipelineStates(entityRefs)) };
  }

  private async pipelineStates(entityRefs: string[]) {
    return computePipelineState({
      runs: await this.pipelineRuns(entityRefs),
      now: DateTime.utc().toISO(),
    });
  }

  /**
   * The runs the overview's page shows (see the store's `listOverviewPipelineRuns`), or, from
   * a store without that read, every run of the page's entities in the pipeline history.
   */
  private async overviewPipelineRuns(
    entityRefs: string[],
    commitShas: string[],
  ): Promise<{
    runs: PipelineRunEvent[];
    branchRuns?: OverviewPipelineRuns['branches'];
  }> {
    const { store } = this.options;
    if (!store.listOverviewPipelineRuns) {
      return { runs: await this.pipelineRuns(entityRefs) };
    }
    const { runs, branches } = await store.listOverviewPipelineRuns({
      entityRefs,
      since: DateTime.utc().minus({ days: PIPELINE_HISTORY_DAYS }).toJSDate(),
      commitShas,
    });
    return { runs, branchRuns: branches };
  }

  private pipelineRuns(entityRefs: string[]): Promise<PipelineRunEvent[]> {
    return this.options.store.listPipelineRuns({
      entityRefs,
      since: DateTime.utc().minus({ days: PIPELINE_HISTORY_DAYS }).toJSDate(),
    });
  }

  /**
   * The engine's input for an entity's report: the events of the components it stands for
   * that the caller may see. `loadFromMs` widens what is loaded to an earlier start.
   */
  private async load(
    query: DoraQuery,
    credentials: BackstageCredentials,
    loadFromMs?: number,
  ) {
    const entityRefs = await this.options.entities.resolveScope(
      query.entityRef,
      credentials,
    );
    return {
      entityRefs,
      input: await this.doraInput(query, entityRefs, loadFromMs),
    };
  }

  /** The one place a request's window becomes the store's dates and the engine's instants. */
  private async doraInput(
    query: Pick<DoraQuery, 'window' | 'environment' | 'benchmark'>,
    entityRefs: string[],
    loadFromMs?: number,
  ): Promise<DoraInput> {
    const { store, settings } = this.options;
    const { fromMs, toMs } = windowMs(query.window);
    const environment = query.environment ?? DEFAULT_ENVIRONMENT;
    const { deployments, incidents } = await store.listDoraEvents({
      entityRefs,
      environment,
      from: new Date(loadFromMs ?? fromMs),
      to: new Date(toMs),
    });
    return {
      from: isoOf(fromMs),
      to: isoOf(toMs),
      environment,
      deployments,
      incidents,
      benchmark: query.benchmark ?? settings.benchmark,
      incidentAttributionWindowHours: settings.incidentAttributionWindowHours,
    };
  }
}

/** The read model's aggregates as the reports use them (see DoraReports.readModel). */
interface ReadModelReads {
  environment: string;
  benchmark: DoraBenchmarkSet;
  /** A scope's metrics; `asOfMs` judges the window's deployments as of a later instant. */
  metrics(
    entityRefs: string[],
    window: WindowMs,
    asOfMs?: number,
  ): Promise<DoraMetricValues | undefined>;
  perBucket(
    entityRefs: string[],
    window: WindowMs,
    buckets: ReadonlyArray<WindowMs>,
  ): Promise<DoraMetricValues[] | undefined>;
  perEntity(
    entityRefs: string[],
    window: WindowMs,
  ): Promise<Map<string, DoraMetricValues> | undefined>;
}

function windowMs(window: TimeWindow): WindowMs {
  return { fromMs: window.from.toMillis(), toMs: window.to.toMillis() };
}
