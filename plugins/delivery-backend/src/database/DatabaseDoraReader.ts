import { Knex } from 'knex';
import {
  DoraEventSource,
  DoraEventsRequest,
  DoraHistoryRequest,
  DoraHistoryRows,
  DoraWindowRows,
  DeploymentCommitRef,
} from '../dora/loadDoraEvents';
import {
  COMMIT_ORDER,
  CommitRow,
  commitColumns,
  deploymentColumns,
  DeploymentRow,
  groupCommits,
  inChunks,
  incidentColumns,
  IncidentRow,
  instantAs,
  isPostgres,
  ROWS_PER_STATEMENT,
  textArrayLiteral,
  Timestamp,
  toDeploymentEvent,
  toIncidentEvent,
  toIso,
  toMs,
  VALUES_PER_LOOKUP,
} from './rows';

/** An entity and an instant: where to find the deployment live at that instant. */
interface AnchorRow {
  entity_ref: string;
  finished_at: Timestamp | null;
}

type Scope = Omit<DoraEventsRequest, 'from' | 'to'>;

/**
 * The reads the DORA engine asks for (see {@link DoraEventSource}; which rows matter is
 * decided there).
 *
 * Every statement is driven by an index, never by a plain join between the window's
 * deployments and other rows: SQLite, and PostgreSQL without fresh statistics, planned those
 * as nested loops over the entities' whole history, and PostgreSQL with statistics as a scan
 * of the whole commits table (its cost model prices thousands of index probes above one
 * sequential read). SQLite is given explicit lists of ids, shas or (entity, instant) pairs;
 * PostgreSQL correlated subqueries (`lateral` below), which reads a window in one round of
 * statements instead of three.
 */
export class DatabaseDoraReader implements DoraEventSource {
  constructor(private readonly db: Knex) {}

  /**
   * Runs independent reads: together on a pool, one after another on a transaction (the
   * read model re-derives inside the writer's). A transaction is one connection, which runs
   * one statement at a time: `pg` would queue the others anyway, and warns that issuing
   * them while one runs is deprecated.
   */
  private async all<T extends readonly (() => PromiseLike<unknown>)[] | []>(
    tasks: T,
  ): Promise<{
    -readonly [K in keyof T]: T[K] extends () => PromiseLike<infer R>
      ? R
      : never;
  }> {
    if (this.db.isTransaction) {
      const results: unknown[] = [];
      for (const task of tasks) {
        results.push(await task());
      }
      return results as any;
    }
    return Promise.all(tasks.map(task => task())) as any;
  }

  /** {@link inChunks}, one chunk after another on a transaction (see {@link all}). */
  private inChunks<T, R>(
    items: T[],
    size: number,
    query: (chunk: T[]) => Promise<R[]>,
  ): Promise<R[]> {
    return inChunks(items, size, query, {
      sequential: Boolean(this.db.isTransaction),
    });
  }

  async readWindow(request: DoraEventsRequest): Promise<DoraWindowRows> {
    const postgres = isPostgres(this.db);
    // On PostgreSQL the window's commits, the incidents naming its deployments and the
    // other deployments of its shas come with it, through the window's own rows.
    const [windowRows, openIncidents, lastBefore, postgresRows] =
      await this.all([
        () =>
          this.inWindow(this.deployments(), 'd', request) as Promise<
            DeploymentRow[]
          >,
        () => this.incidentsOpenDuring(request),
        (): Promise<DeploymentRow[]> =>
          postgres
            ? this.lastBeforePostgres(request)
            : (
                this.beforeWindow(this.db({ d: 'deployments' }), 'd', request)
                  .groupBy('d.entity_ref')
                  .select(
                    'd.entity_ref',
                    instantAs(
                      this.db,
                      this.db.raw('max(??)', ['d.finished_at']),
                      'finished_at',
                    ),
                  ) as Promise<AnchorRow[]>
              ).then(anchors => this.deploymentsAt(request, anchors)),
        async () =>
          postgres ? this.windowRelationsPostgres(request) : undefined,
      ]);

    const windowIds = [...new Set(windowRows.map(row => row.id))];
    // SQLite: by id through the commits' primary key and the incidents' deployment_id
    // index, in short lists (the planner walks the indexes for those), then from the sha
    // index alone.
    const [windowCommits, namingIncidents] =
      postgresRows ??
      (await this.all([
        () =>
          this.byList<CommitRow>('c.deployment_id', windowIds, query =>
            query
              .from({ c: 'deployment_commits' })
              .select(commitColumns(this.db, 'c'))
              .orderBy(COMMIT_ORDER),
          ),
        () =>
          this.byList<IncidentRow>('i.deployment_id', windowIds, query =>
            query
              .from({ i: 'incidents' })
              .select(incidentColumns(this.db, 'i')),
          ),
      ]));
    const sameShas =
      postgresRows?.[2] ??
      (await this.byList<Pick<CommitRow, 'deployment_id' | 'sha'>>(
        'c.sha',
        [...new Set(windowCommits.map(c => c.sha))],
        query =>
          query
            .from({ c: 'deployment_commits' })
            .select('c.deployment_id', 'c.sha'),
      ));

    const commitsOf = groupCommits(windowCommits);
    return {
      deployments: windowRows.map(row =>
        toDeploymentEvent(row, commitsOf.get(row.id) ?? []),
      ),
      openIncidents: openIncidents.map(toIncidentEvent),
      namingIncidents: namingIncidents.map(toIncidentEvent),
      lastBefore: lastBefore.map(row => toDeploymentEvent(row, [])),
      sameShas: sameShas.map(row => ({
        deploymentId: row.deployment_id,
        sha: row.sha,
      })),
    };
  }

  async readHistory(
    scope: Scope,
    history: DoraHistoryRequest,
  ): Promise<DoraHistoryRows> {
    const [earlierRows, liveRows, commitRows] = await this.all([
      () =>
        this.inChunks(
          history.deploymentIds,
          ROWS_PER_STATEMENT,
          ids =>
            this.beforeWindow(this.deployments(), 'd', {
              ...scope,
              from: history.before,
            }).whereIn('d.id', ids) as Promise<DeploymentRow[]>,
        ),
      (): Promise<DeploymentRow[]> =>
        this.inChunks(
          history.liveWhenOpened,
          ROWS_PER_STATEMENT,
          ids =>
            this.db({ i: 'incidents' })
              .whereIn('i.id', ids)
              .select(
                'i.entity_ref',
                instantAs(
                  this.db,
                  this.succeeded(this.db({ x: 'deployments' }), 'x', scope)
                    .where('x.entity_ref', this.db.ref('i.entity_ref'))
                    .where('x.finished_at', '<=', this.db.ref('i.opened_at'))
                    .max('x.finished_at'),
                  'finished_at',
                ),
              ) as Promise<AnchorRow[]>,
        ).then(anchors => this.deploymentsAt(scope, anchors)),
      () => this.commitsOf(history.commits),
    ]);
    return {
      deployments: [...earlierRows, ...liveRows].map(row =>
        toDeploymentEvent(row, []),
      ),
      commits: commitRows.map(row => ({
        deploymentId: row.deployment_id,
        sha: row.sha,
        timestamp: toIso(row.committed_at),
      })),
    };
  }

  private commitsOf(pairs: DeploymentCommitRef[]): Promise<CommitRow[]> {
    return this.inChunks(
      pairs,
      ROWS_PER_STATEMENT,
      chunk =>
        this.db({ c: 'deployment_commits' })
          .select(commitColumns(this.db, 'c'))
          .whereIn(
            ['c.deployment_id', 'c.sha'],
            chunk.map(pair => [pair.deploymentId, pair.sha]),
          )
          .orderBy(COMMIT_ORDER) as Promise<CommitRow[]>,
    );
  }

  private deployments(): Knex.QueryBuilder {
    return this.db({ d: 'deployments' }).select(
      deploymentColumns(this.db, 'd'),
    );
  }

  private succeeded(query: Knex.QueryBuilder, alias: string, scope: Scope) {
    return query
      .whereIn(`${alias}.entity_ref`, scope.entityRefs)
      .where(`${alias}.environment`, scope.environment)
      .where(`${alias}.status`, 'succeeded');
  }

  private inWindow(
    query: Knex.QueryBuilder,
    alias: string,
    request: DoraEventsRequest,
  ) {
    return this.succeeded(query, alias, request)
      .where(`${alias}.finished_at`, '>=', request.from)
      .where(`${alias}.finished_at`, '<', request.to);
  }

  private beforeWindow(
    query: Knex.QueryBuilder,
    alias: string,
    request: Scope & { from: Date },
  ) {
    return this.succeeded(query, alias, request).where(
      `${alias}.finished_at`,
      '<',
      request.from,
    );
  }

  /** The scope's successful deployments that finished at one of the instants, per entity. */
  private deploymentsAt(
    scope: Scope,
    anchors: AnchorRow[],
  ): Promise<DeploymentRow[]> {
    return this.inChunks(
      anchors.filter(anchor => anchor.finished_at !== null),
      ROWS_PER_STATEMENT,
      chunk =>
        this.succeeded(this.deployments(), 'd', scope).whereIn(
          ['d.entity_ref', 'd.finished_at'],
          chunk.map(anchor => [
            anchor.entity_ref,
            new Date(toMs(anchor.finished_at!)),
          ]),
        ) as Promise<DeploymentRow[]>,
    );
  }

  /** SQLite: rows whose `column` is one of `values`, in short lists. */
  private byList<R>(
    column: string,
    values: string[],
    query: (builder: Knex.QueryBuilder) => Knex.QueryBuilder,
  ): Promise<R[]> {
    return this.inChunks(
      values,
      VALUES_PER_LOOKUP,
      chunk => query(this.db.queryBuilder()).whereIn(column, chunk) as any,
    );
  }

  /**
   * The scope's incidents opened before `to` that opened in the window or were still open
   * at `from`; one union branch per index.
   */
  private incidentsOpenDuring(
    request: DoraEventsRequest,
  ): Promise<IncidentRow[]> {
    const branch = (shape: (query: Knex.QueryBuilder) => void) =>
      this.db({ i: 'incidents' })
        .select(incidentColumns(this.db, 'i'))
        .whereIn('i.entity_ref', request.entityRefs)
        .where('i.environment', request.environment)
        .where('i.opened_at', '<', request.to)
        .where(shape);
    return branch(query => query.where('i.opened_at', '>=', request.from))
      .union([
        branch(query => query.whereNull('i.resolved_at')),
        branch(query => query.where('i.resolved_at', '>', request.from)),
      ])
      .then(rows => rows as IncidentRow[]);
  }

  /** PostgreSQL: per entity, a backward index scan finds its last instant before `from`. */
  private lastBeforePostgres(
    request: DoraEventsRequest,
  ): Promise<DeploymentRow[]> {
    return this.db
      .from(
        this.db.raw('unnest(?::text[]) as scope(entity_ref)', [
          textArrayLiteral(request.entityRefs),
        ]),
      )
      .joinRaw(
        `cross join lateral (
           select max(x.finished_at) as finished_at from deployments x
           where x.entity_ref = scope.entity_ref and x.environment = ?
             and x.status = 'succeeded' and x.finished_at < ?
         ) as last`,
        [request.environment, request.from],
      )
      .join({ d: 'deployments' }, join =>
        join
          .on('d.entity_ref', 'scope.entity_ref')
          .andOn('d.finished_at', 'last.finished_at')
          .andOnVal('d.environment', request.environment)
          .andOnVal('d.status', 'succeeded'),
      )
      .select(deploymentColumns(this.db, 'd')) as Promise<DeploymentRow[]>;
  }

  /**
   * PostgreSQL: the window's commits, the incidents that name its deployments, and the
   * other deployments' rows of its shas, each through the window's deployments.
   */
  private windowRelationsPostgres(
    request: DoraEventsRequest,
  ): Promise<
    [
      CommitRow[],
      IncidentRow[],
      Array<Pick<CommitRow, 'deployment_id' | 'sha'>>,
    ]
  > {
    /**
     * Each of the window's deployments (`w`) with the rows of a subquery that refers to it.
     * `offset 0` keeps the planner from flattening the subquery into a join, so it runs
     * once per deployment, through an index.
     */
    const perWindowDeployment = (alias: string, subquery: string) =>
      this.inWindow(this.db({ w: 'deployments' }), 'w', request).joinRaw(
        `cross join lateral (${subquery} offset 0) as ??`,
        [alias],
      );
    return this.all([
      () =>
        perWindowDeployment(
          'c',
          'select * from deployment_commits c where c.deployment_id = w.id',
        )
          .select(commitColumns(this.db, 'c'))
          .orderBy(COMMIT_ORDER) as Promise<CommitRow[]>,
      () =>
        perWindowDeployment(
          'i',
          'select * from incidents i where i.deployment_id = w.id',
        ).select(incidentColumns(this.db, 'i')) as Promise<IncidentRow[]>,
      // Read from the sha index alone.
      () =>
        perWindowDeployment(
          'c',
          'select c.deployment_id, c.sha from deployment_commits c where c.deployment_id = w.id',
        )
          .joinRaw(
            `cross join lateral (
             select e.deployment_id, e.sha from deployment_commits e
             where e.sha = c.sha and e.deployment_id <> c.deployment_id offset 0
           ) as e`,
          )
          .select('e.deployment_id', 'e.sha') as Promise<
          Array<Pick<CommitRow, 'deployment_id' | 'sha'>>
        >,
    ]);
  }
}
