import {
  DatabaseService,
  LoggerService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import {
  DeploymentCommit,
  DeploymentEvent,
  PipelineRunEvent,
  UnmatchedEvent,
} from '@runway/plugin-delivery-common';
import { Knex } from 'knex';
import { DoraBenchmarkSet } from '../dora/benchmarks';
import { loadDoraEvents } from '../dora/loadDoraEvents';
import { DoraMetrics } from '../dora/types';
import { DatabaseDoraReader } from './DatabaseDoraReader';
import { DatabaseEventQueries } from './DatabaseEventQueries';
import { DatabaseDoraFacts } from './DatabaseDoraFacts';
import { DatabaseEventWriter } from './DatabaseEventWriter';
import { DatabasePushQueries } from './DatabasePushQueries';
import { DatabaseUnmatchedEvents } from './DatabaseUnmatchedEvents';
import {
  DeliveryStore,
  DeploymentAwaitingCommits,
  DoraEvents,
  FindPushPathsRequest,
  FindShippedCommitsRequest,
  ListDeploymentsAwaitingCommitsRequest,
  ListDoraEventsRequest,
  ListPipelineRunsRequest,
  OverviewPipelineRuns,
  ListUnmatchedByKeyRequest,
  ListUnmatchedRequest,
  ShippedCommit,
  WriteEventsRequest,
  WriteEventsResult,
} from './DeliveryStore';
import {
  DeploymentRow,
  normalizeRef,
  toDeploymentEvent,
  turnJitOffForNewConnections,
} from './rows';

const migrationsDir = resolvePackagePath(
  '@runway/plugin-delivery-backend',
  'migrations',
);

/**
 * Delivery events in the plugin's database (SQLite or PostgreSQL), through knex: the
 * {@link DeliveryStore} the plugin uses, one part per concern (writes, pushes, unmatched
 * records, reads, DORA's reads).
 */
export class DatabaseDeliveryStore implements DeliveryStore {
  private readonly writer: DatabaseEventWriter;
  private readonly pushes: DatabasePushQueries;
  private readonly unmatched: DatabaseUnmatchedEvents;
  private readonly events: DatabaseEventQueries;
  private readonly dora: DatabaseDoraReader;

  /**
   * The DORA read model (issue 17), when enabled: kept up to date by every write and
   * aggregated in SQL by the reads that use it.
   */
  readonly doraFacts?: DatabaseDoraFacts;

  private constructor(db: Knex, doraFacts?: DatabaseDoraFacts) {
    this.doraFacts = doraFacts;
    this.writer = new DatabaseEventWriter(db, doraFacts);
    this.pushes = new DatabasePushQueries(db);
    this.unmatched = new DatabaseUnmatchedEvents(db);
    this.events = new DatabaseEventQueries(db);
    this.dora = new DatabaseDoraReader(db);
  }

  static async create(options: {
    database: DatabaseService;
    /**
     * Keep the DORA read model with this attribution window (hours). When it was built for
     * another one or never, and events are stored, reads run the engine until
     * {@link DatabaseDeliveryStore.rebuildDoraReadModel} has run (the plugin schedules it).
     */
    doraReadModel?: { attributionWindowHours: number };
    /** Told when a new connection could not have JIT compilation turned off. */
    logger?: LoggerService;
  }): Promise<DatabaseDeliveryStore> {
    const { database, logger } = options;
    const client = await database.getClient();
    // Before the migrations: every connection the pool opens, from the first, has JIT off.
    turnJitOffForNewConnections(client, error =>
      logger?.warn(
        `Could not turn JIT compilation off for a new database connection; the DORA reads on it may compile their queries: ${error}`,
      ),
    );
    if (!database.migrations?.skip) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    const doraFacts = options.doraReadModel
      ? new DatabaseDoraFacts(client, options.doraReadModel)
      : undefined;
    const store = new DatabaseDeliveryStore(client, doraFacts);
    store.doraReadModelNeedsRebuild = doraFacts
      ? await doraFacts.needsRebuild()
      : false;
    return store;
  }

  /** Whether the read model, switched on, had to be rebuilt at start (see create). */
  doraReadModelNeedsRebuild = false;

  /**
   * Rebuilds the DORA read model from the stored events when it is not built for this
   * configuration (a no-op otherwise, or when the model is off); `undefined` when nothing
   * was to do. Long at scale (minutes for a million events): run it in the background.
   */
  async rebuildDoraReadModel(): Promise<{ entities: number } | undefined> {
    if (!this.doraFacts || (await this.doraFacts.isCurrent())) {
      this.doraReadModelNeedsRebuild = false;
      return undefined;
    }
    const result = await this.doraFacts.rebuild();
    this.doraReadModelNeedsRebuild = false;
    return result;
  }

  writeEvents(request: WriteEventsRequest): Promise<WriteEventsResult> {
    return this.writer.writeEvents(request);
  }

  fillDeploymentCommits(
    entries: Array<{ deploymentId: string; commits: DeploymentCommit[] }>,
  ): Promise<number> {
    return this.writer.fillDeploymentCommits(entries);
  }

  findShippedCommits(
    request: FindShippedCommitsRequest,
  ): Promise<ShippedCommit[]> {
    return this.pushes.findShippedCommits(request);
  }

  findPushPaths(request: FindPushPathsRequest): Promise<string[] | undefined> {
    return this.pushes.findPushPaths(request);
  }

  listDeploymentsAwaitingCommits(
    request: ListDeploymentsAwaitingCommitsRequest,
  ): Promise<DeploymentAwaitingCommits[]> {
    return this.pushes.listDeploymentsAwaitingCommits(request);
  }

  listUnmatchedByKey(
    request: ListUnmatchedByKeyRequest,
  ): Promise<UnmatchedEvent[]> {
    return this.unmatched.listByKey(request);
  }

  deleteUnmatched(keys: string[]): Promise<void> {
    return this.unmatched.delete(keys);
  }

  listUnmatched(
    request: ListUnmatchedRequest,
  ): Promise<{ items: UnmatchedEvent[]; totalCount: number }> {
    return this.unmatched.list(request);
  }

  listEntityRefs(among?: readonly string[]): Promise<string[]> {
    return this.events.listEntityRefs(among);
  }

  listPipelineRuns(
    request: ListPipelineRunsRequest,
  ): Promise<PipelineRunEvent[]> {
    return this.events.listPipelineRuns(request);
  }

  listOverviewPipelineRuns(
    request: ListPipelineRunsRequest & { commitShas: string[] },
  ): Promise<OverviewPipelineRuns> {
    return this.events.listOverviewPipelineRuns(request);
  }

  async doraMetrics(
    request: ListDoraEventsRequest,
    benchmark: DoraBenchmarkSet,
    options: { asOf?: Date } = {},
  ): Promise<DoraMetrics | undefined> {
    const facts = this.doraFacts;
    if (!facts || !(await facts.isReady())) {
      return undefined;
    }
    return facts.metrics(factsQuery(request, options.asOf), benchmark);
  }

  async doraMetricsPerBucket(
    request: ListDoraEventsRequest,
    buckets: ReadonlyArray<{ fromMs: number; toMs: number }>,
    benchmark: DoraBenchmarkSet,
  ): Promise<DoraMetrics[] | undefined> {
    const facts = this.doraFacts;
    if (!facts || !(await facts.isReady())) {
      return undefined;
    }
    return facts.metricsPerBucket(factsQuery(request), buckets, benchmark);
  }

  async doraOverview(
    request: ListDoraEventsRequest,
    benchmark: DoraBenchmarkSet,
    options: {
      lastDeployments?: boolean;
      /** Judge the window's deployments as of this later instant (see DoraFactsQuery). */
      asOf?: Date;
      /** The start of the window before (see DeliveryStore's doraOverview). */
      previousFrom?: Date;
    } = {},
  ): Promise<
    | {
        metrics: Map<string, DoraMetrics>;
        previousMetrics?: Map<string, DoraMetrics>;
        lastDeployments: Map<string, DeploymentEvent>;
      }
    | undefined
  > {
    const facts = this.doraFacts;
    if (!facts || !(await facts.isReady())) {
      return undefined;
    }
    const query = factsQuery(request, options.asOf);
    const previousFromMs = options.previousFrom?.getTime();
    const [{ metrics, previousMetrics }, last] = await Promise.all([
      previousFromMs === undefined
        ? facts
            .metricsPerEntity(query, benchmark)
            .then(current => ({ metrics: current, previousMetrics: undefined }))
        : // Both windows as two buckets of one read: the statements of one window.
          facts
            .metricsPerEntityPerBucket(
              { ...query, fromMs: previousFromMs },
              [
                { fromMs: previousFromMs, toMs: query.fromMs },
                { fromMs: query.fromMs, toMs: query.toMs },
              ],
              benchmark,
            )
            .then(perBucket => ({
              metrics: new Map(
                [...perBucket].map(([ref, [, current]]) => [ref, current]),
              ),
              previousMetrics: new Map(
                [...perBucket].map(([ref, [before]]) => [ref, before]),
              ),
            })),
      options.lastDeployments === false
        ? new Map<string, DeploymentRow>()
        : facts.lastDeployments(query),
    ]);
    return {
      metrics,
      ...(previousMetrics && { previousMetrics }),
      lastDeployments: new Map(
        [...last].map(([ref, row]) => [ref, toDeploymentEvent(row, [])]),
      ),
    };
  }

  listDoraEvents(request: ListDoraEventsRequest): Promise<DoraEvents> {
    return loadDoraEvents(this.dora, {
      ...request,
      entityRefs: request.entityRefs.map(normalizeRef),
    });
  }
}

/** A request as the read model's query. */
function factsQuery(request: ListDoraEventsRequest, asOf?: Date) {
  return {
    entityRefs: request.entityRefs.map(normalizeRef),
    environment: request.environment,
    fromMs: request.from.getTime(),
    toMs: request.to.getTime(),
    asOfMs: asOf?.getTime(),
  };
}
