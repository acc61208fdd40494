import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import {
  DeliveryEventSource,
  DeliveryEventType,
  DeploymentCommit,
  DeploymentEvent,
  IncidentEvent,
  PipelineRunEvent,
  UnmatchedEvent,
} from '@runway/plugin-delivery-common';
import { Knex } from 'knex';
import {
  DeliveryStore,
  DeploymentAwaitingCommits,
  DeploymentCommitLookup,
  DoraEvents,
  FindMergedChangesRequest,
  FindPushPathsRequest,
  FindShippedCommitsRequest,
  ListDeploymentsAwaitingCommitsRequest,
  ListDoraEventsRequest,
  ListDeploymentsRequest,
  ListIncidentsRequest,
  ListPipelineRunsRequest,
  ListUnmatchedByKeyRequest,
  ListUnmatchedRequest,
  MergedChangeInput,
  PushedCommitInput,
  ShippedCommit,
  StoredMergedChange,
  UnmatchedEventInput,
  WriteEventsRequest,
  WriteEventsResult,
} from './DeliveryStore';

const migrationsDir = resolvePackagePath(
  '@runway/plugin-delivery-backend',
  'migrations',
);

/** The most commits one deployment is given from pushes (a first deployment of a long history). */
const MAX_SHIPPED_COMMITS = 1000;

/** Rows per statement: keeps every insert well under SQLite's and PostgreSQL's bind limits. */
const ROWS_PER_STATEMENT = 500;

/**
 * Values of one `in (...)` look-up. Short enough that PostgreSQL walks the index for it (at
 * several thousand it may scan the table) and far below both databases' parameter limits.
 */
const VALUES_PER_LOOKUP = 1000;

type Timestamp = Date | number | string;

interface DeploymentRow {
  id: string;
  entity_ref: string;
  environment: string;
  status: string;
  started_at: Timestamp | null;
  finished_at: Timestamp;
  version: string | null;
  commit_sha: string | null;
  rollback_of: string | null;
  labels: string | null;
  source: string;
  received_at: Timestamp;
}

interface CommitRow {
  deployment_id: string;
  sha: string;
  committed_at: Timestamp;
}

interface IncidentRow {
  id: string;
  entity_ref: string;
  environment: string;
  opened_at: Timestamp;
  resolved_at: Timestamp | null;
  deployment_id: string | null;
  severity: string | null;
  url: string | null;
  source: string;
  received_at: Timestamp;
}

interface PipelineRunRow {
  id: string;
  entity_ref: string;
  pipeline: string;
  branch: string | null;
  status: string;
  attempt: number | null;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
  url: string | null;
  commit_sha: string | null;
  run_at: Timestamp;
  source: string;
  received_at: Timestamp;
}

/** An entity and an instant: where to find the deployment live at that instant. */
interface AnchorRow {
  entity_ref: string;
  finished_at: Timestamp | null;
}

interface UnmatchedRow {
  key: string;
  source: string;
  event_type: string | null;
  event_id: string | null;
  entity_ref: string | null;
  reason: string;
  payload: string;
  received_at: Timestamp;
}

const TABLE_BY_TYPE: Record<DeliveryEventType, string> = {
  deployment: 'deployments',
  incident: 'incidents',
  pipelineRun: 'pipeline_runs',
};

/** Columns a re-post always replaces; every other column keeps its value when the re-post omits it. */
const REPLACED_COLUMNS: Record<DeliveryEventType, string[]> = {
  deployment: [
    'entity_ref',
    'environment',
    'status',
    'finished_at',
    'source',
    'received_at',
  ],
  incident: ['entity_ref', 'environment', 'opened_at', 'source', 'received_at'],
  pipelineRun: ['entity_ref', 'pipeline', 'status', 'source', 'received_at'],
};

const KEPT_COLUMNS: Record<DeliveryEventType, string[]> = {
  deployment: ['started_at', 'version', 'commit_sha', 'rollback_of', 'labels'],
  incident: ['resolved_at', 'deployment_id', 'severity', 'url'],
  pipelineRun: [
    'branch',
    'attempt',
    'started_at',
    'finished_at',
    'url',
    'commit_sha',
  ],
};

/** `startedAt` -> `started_at`: event fields and their columns. */
function columnOf(field: string): string {
  return field.replace(/[A-Z]/g, letter => `_${letter.toLowerCase()}`);
}

function normalizeRef(entityRef: string): string {
  return entityRef.toLocaleLowerCase('en-US');
}

function toDate(value: string): Date;
function toDate(value: string | null | undefined): Date | null;
function toDate(value: string | null | undefined): Date | null {
  return value ? new Date(value) : null;
}

function toIso(value: Timestamp): string;
function toIso(value: Timestamp | null): string | undefined;
function toIso(value: Timestamp | null): string | undefined {
  if (value === null) {
    return undefined;
  }
  if (typeof value === 'string') {
    // Epoch milliseconds arrive as digit strings from instantColumns (see there); an ISO
    // string is not a number. Tested before parsing: this runs for every row DORA reads.
    const epochMs = Number(value);
    return new Date(Number.isNaN(epochMs) ? value : epochMs).toISOString();
  }
  return new Date(value).toISOString();
}

function orUndefined<T>(value: T | null): T | undefined {
  return value === null ? undefined : value;
}

/** How many re-homing ids one ConflictError names. */
const MAX_REPORTED_CONFLICTS = 5;

/**
 * The order of a pipeline run's states: a run never goes back to an earlier one. The
 * finished states share the last rank; among them the later `finished_at` wins.
 */
const RUN_STATUS_RANK = `case ?? when 'queued' then 0 when 'running' then 1 else 2 end`;

function eventKey(type: DeliveryEventType, id: string): string {
  return `${type}:${id}`;
}

/**
 * A PostgreSQL text[] literal: a lookup list goes as one bind value, where knex would
 * expand an array into one placeholder per value.
 */
function textArrayLiteral(values: readonly string[]): string {
  const quote = (value: string) =>
    value.includes('"') || value.includes('\\')
      ? value.replace(/[\\"]/g, '\\$&')
      : value;
  return `{${values.map(value => `"${quote(value)}"`).join(',')}}`;
}

function* chunks<T>(items: T[], size = ROWS_PER_STATEMENT): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) {
    yield items.slice(i, i + size);
  }
}

/** The last post of an id in a batch wins, as if the events had been posted one by one. */
function lastById<T extends { id: string }>(events: T[]): T[] {
  return [...new Map(events.map(event => [event.id, event])).values()];
}

const COMMIT_ORDER = [
  { column: 'c.committed_at', order: 'asc' },
  { column: 'c.sha', order: 'asc' },
];

function toMs(value: Timestamp): number {
  if (typeof value === 'string') {
    const epochMs = Number(value);
    return Number.isNaN(epochMs) ? Date.parse(value) : epochMs;
  }
  return typeof value === 'number' ? value : value.getTime();
}

/**
 * Sorts by an instant, then id. Each instant is parsed once: a group's window holds
 * thousands of events, and parsing in the comparator dominated the sort.
 */
function sortByInstantThenId<T extends { id: string }>(
  items: T[],
  instant: (item: T) => string,
): T[] {
  return items
    .map(item => ({ item, ms: Date.parse(instant(item)) }))
    .sort(
      (a, b) =>
        a.ms - b.ms ||
        (a.item.id < b.item.id ? -1 : Number(a.item.id > b.item.id)),
    )
    .map(({ item }) => item);
}

function groupCommits(rows: CommitRow[]): Map<string, CommitRow[]> {
  const byDeployment = new Map<string, CommitRow[]>();
  for (const row of rows) {
    const list = byDeployment.get(row.deployment_id) ?? [];
    list.push(row);
    byDeployment.set(row.deployment_id, list);
  }
  return byDeployment;
}

function toDeploymentEvent(
  row: DeploymentRow,
  commits: CommitRow[],
): DeploymentEvent {
  return {
    type: 'deployment',
    id: row.id,
    entityRef: row.entity_ref,
    environment: row.environment,
    status: row.status as DeploymentEvent['status'],
    startedAt: toIso(row.started_at),
    finishedAt: toIso(row.finished_at),
    version: orUndefined(row.version),
    commitSha: orUndefined(row.commit_sha),
    commits: commits.map(commit => ({
      sha: commit.sha,
      timestamp: toIso(commit.committed_at),
    })),
    rollbackOf: orUndefined(row.rollback_of),
    labels: row.labels ? JSON.parse(row.labels) : undefined,
  };
}

function toIncidentEvent(row: IncidentRow): IncidentEvent {
  return {
    type: 'incident',
    id: row.id,
    entityRef: row.entity_ref,
    environment: row.environment,
    openedAt: toIso(row.opened_at),
    resolvedAt: toIso(row.resolved_at) ?? null,
    deploymentId: orUndefined(row.deployment_id),
    severity: orUndefined(row.severity),
    url: orUndefined(row.url),
  };
}

function toUnmatchedEvent(row: UnmatchedRow): UnmatchedEvent {
  return {
    key: row.key,
    source: row.source as DeliveryEventSource,
    eventType: orUndefined(row.event_type) as DeliveryEventType | undefined,
    eventId: orUndefined(row.event_id),
    entityRef: orUndefined(row.entity_ref),
    reason: row.reason,
    payload: JSON.parse(row.payload),
    receivedAt: toIso(row.received_at),
  };
}

/** Delivery events in the plugin's database (SQLite or PostgreSQL), through knex. */
export class DatabaseDeliveryStore implements DeliveryStore {
  private readonly isPostgres: boolean;

  private constructor(private readonly db: Knex) {
    this.isPostgres = db.client.config.client === 'pg';
  }

  /**
   * Selects timestamp columns as epoch milliseconds on PostgreSQL: parsing timestamptz values
   * in the driver is the bulk of the cost of reading an entity's whole deployment history.
   * SQLite already stores them as milliseconds.
   */
  private instantColumns(
    table: string,
    columns: string[],
  ): Array<string | Knex.Raw> {
    return columns.map(column =>
      this.isPostgres
        ? this.db.raw('(extract(epoch from ??) * 1000)::bigint::text as ??', [
            `${table}.${column}`,
            column,
          ])
        : `${table}.${column}`,
    );
  }

  private deploymentColumns(alias: string): Array<string | Knex.Raw> {
    return [
      ...[
        'id',
        'entity_ref',
        'environment',
        'status',
        'version',
        'commit_sha',
        'rollback_of',
        'labels',
      ].map(column => `${alias}.${column}`),
      ...this.instantColumns(alias, ['started_at', 'finished_at']),
    ];
  }

  private commitColumns(alias: string): Array<string | Knex.Raw> {
    return [
      `${alias}.deployment_id`,
      `${alias}.sha`,
      ...this.instantColumns(alias, ['committed_at']),
    ];
  }

  private incidentColumns(alias: string): Array<string | Knex.Raw> {
    return [
      ...[
        'id',
        'entity_ref',
        'environment',
        'deployment_id',
        'severity',
        'url',
      ].map(column => `${alias}.${column}`),
      ...this.instantColumns(alias, ['opened_at', 'resolved_at']),
    ];
  }

  /** An instant expression selected as epoch milliseconds (see {@link instantColumns}). */
  private instantAs(
    expression: Knex.Raw | Knex.QueryBuilder,
    alias: string,
  ): Knex.Raw {
    return this.isPostgres
      ? this.db.raw('(extract(epoch from (?)) * 1000)::bigint::text as ??', [
          expression,
          alias,
        ])
      : this.db.raw('(?) as ??', [expression, alias]);
  }

  /**
   * The scope's incidents opened before `to` that opened in the window or were still open
   * at `from` (they make the window's deployments rework); one union branch per index.
   */
  private async incidentsTouchingWindow(
    entityRefs: string[],
    environment: string,
    from: Date,
    to: Date,
  ): Promise<IncidentRow[]> {
    const branch = (shape: (query: Knex.QueryBuilder) => void) =>
      this.db({ i: 'incidents' })
        .select(this.incidentColumns('i'))
        .whereIn('i.entity_ref', entityRefs)
        .where('i.environment', environment)
        .where('i.opened_at', '<', to)
        .where(shape);
    return branch(query => query.where('i.opened_at', '>=', from)).union([
      branch(query => query.whereNull('i.resolved_at')),
      branch(query => query.where('i.resolved_at', '>', from)),
    ]);
  }

  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseDeliveryStore> {
    const { database } = options;
    const client = await database.getClient();
    if (!database.migrations?.skip) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseDeliveryStore(client);
  }

  async writeEvents(request: WriteEventsRequest): Promise<WriteEventsResult> {
    const {
      source,
      events,
      unmatched = [],
      placeholderFields = {},
      commits = [],
      changes = [],
      changeAttributions = [],
      matchedIds = [],
    } = request;
    const receivedAt = new Date();
    const deployments = lastById(
      events.filter((e): e is DeploymentEvent => e.type === 'deployment'),
    );
    const incidents = lastById(
      events.filter((e): e is IncidentEvent => e.type === 'incident'),
    );
    const runs = lastById(
      events.filter((e): e is PipelineRunEvent => e.type === 'pipelineRun'),
    );
    const unmatchedKeys = new Set(
      unmatched.map(entry => eventKey(entry.eventType, entry.eventId)),
    );
    const rowsByType = {
      deployment: deployments.map(e =>
        this.deploymentRow(e, source, receivedAt),
      ),
      incident: incidents.map(e => this.incidentRow(e, source, receivedAt)),
      pipelineRun: runs.map(e => this.pipelineRunRow(e, source, receivedAt)),
    };

    return this.db.transaction(async tx => {
      const stored = await this.assertSameHome(tx, rowsByType);
      let created = 0;
      for (const type of Object.keys(rowsByType) as DeliveryEventType[]) {
        created += rowsByType[type].filter(
          row => !stored[type].has(row.id),
        ).length;
        await this.upsert(tx, type, rowsByType[type], placeholderFields);
      }
      const applied = await this.writtenAt(
        tx,
        deployments.map(d => d.id),
        receivedAt,
      );
      await this.replaceCommits(
        tx,
        deployments.filter(d => applied.has(d.id)),
      );
      await this.updateCommitLookups(
        tx,
        deployments.filter(d => applied.has(d.id)),
        request.commitLookups ?? [],
      );
      await this.insertPushedCommits(tx, commits, receivedAt);
      await this.upsertMergedChanges(tx, changes, receivedAt);
      for (const attribution of changeAttributions) {
        await tx('merged_changes')
          .where({ source: attribution.source, id: attribution.id })
          .update({ entity_refs: JSON.stringify(attribution.entityRefs) });
      }

      const matchedKeys = [...events, ...matchedIds]
        .map(e => eventKey(e.type, e.id))
        .filter(key => !unmatchedKeys.has(key));
      for (const keys of chunks(matchedKeys)) {
        await tx('unmatched_events').whereIn('key', keys).delete();
      }
      await this.insertUnmatched(tx, unmatched, receivedAt);

      return { created, updated: events.length - created };
    });
  }

  async findShippedCommits(
    request: FindShippedCommitsRequest,
  ): Promise<ShippedCommit[]> {
    const repository = {
      provider: request.provider,
      repository: request.repository.toLocaleLowerCase('en-US'),
    };
    const target: { seq: number; branch: string } | undefined = await this.db(
      'pushed_commits',
    )
      .where({ ...repository, sha: request.sha })
      .modify(query => {
        if (request.branch) {
          query.where('branch', request.branch);
        }
      })
      .orderBy('seq', 'asc')
      .first('seq', 'branch');
    if (!target) {
      return [];
    }
    const branch = { ...repository, branch: target.branch };
    const previous = await this.db({ c: 'pushed_commits' })
      .join({ d: 'deployments' }, 'd.commit_sha', 'c.sha')
      .where({
        'c.provider': branch.provider,
        'c.repository': branch.repository,
        'c.branch': branch.branch,
        'd.entity_ref': normalizeRef(request.entityRef),
        'd.environment': request.environment,
        'd.status': 'succeeded',
      })
      .where('c.seq', '<', target.seq)
      .where('d.finished_at', '<', request.finishedBefore)
      .max({ seq: 'c.seq' })
      .first();
    const rows: Array<{
      sha: string;
      committed_at: Timestamp;
      paths: string | null;
    }> = await this.db('pushed_commits')
      .where(branch)
      .where('seq', '<=', target.seq)
      .where('seq', '>', previous?.seq ?? 0)
      .orderBy('seq', 'desc')
      .limit(MAX_SHIPPED_COMMITS)
      .select('sha', 'committed_at', 'paths');
    return rows.reverse().map(row => ({
      sha: row.sha,
      timestamp: toIso(row.committed_at),
      ...(row.paths ? { paths: JSON.parse(row.paths) } : {}),
    }));
  }

  async findPushPaths(
    request: FindPushPathsRequest,
  ): Promise<string[] | undefined> {
    const rows: Array<{ paths: string | null }> = await this.db(
      'pushed_commits',
    )
      .where({
        provider: request.provider,
        repository: request.repository.toLocaleLowerCase('en-US'),
        push_head_sha: request.headSha,
      })
      .whereNotNull('paths')
      .select('paths');
    const paths = new Set(
      rows.flatMap(row => JSON.parse(row.paths!) as string[]),
    );
    return paths.size > 0 ? [...paths] : undefined;
  }

  async findMergedChanges(
    request: FindMergedChangesRequest,
  ): Promise<StoredMergedChange[]> {
    if (request.shas.length === 0) {
      return [];
    }
    const repository = request.repository.toLocaleLowerCase('en-US');
    const rows: Array<{
      source: string;
      id: string;
      repository: string | null;
      head_sha: string | null;
      merge_commit_sha: string | null;
    }> = await this.db('merged_changes')
      .whereIn('merge_commit_sha', request.shas)
      .orWhereIn('head_sha', request.shas)
      .select('source', 'id', 'repository', 'head_sha', 'merge_commit_sha');
    return rows
      .filter(row => row.repository?.toLocaleLowerCase('en-US') === repository)
      .map(row => ({
        source: row.source as DeliveryEventSource,
        id: row.id,
        repository: row.repository!,
        headSha: orUndefined(row.head_sha),
        mergeCommitSha: orUndefined(row.merge_commit_sha),
      }));
  }

  async listDeploymentsAwaitingCommits(
    request: ListDeploymentsAwaitingCommitsRequest,
  ): Promise<DeploymentAwaitingCommits[]> {
    const { pushed } = request;
    if (pushed?.shas.length === 0) {
      return [];
    }
    const rows: Array<{
      id: string;
      entity_ref: string;
      environment: string;
      finished_at: Timestamp;
      provider: string;
      repository: string;
      ref: string | null;
      sha: string;
    }> = await this.db({ l: 'deployment_commit_lookups' })
      .join({ d: 'deployments' }, 'd.id', 'l.deployment_id')
      .modify(query => {
        if (pushed) {
          query
            .where('l.provider', pushed.provider)
            .where('l.repository', pushed.repository.toLocaleLowerCase('en-US'))
            .whereIn('l.sha', pushed.shas.slice(0, VALUES_PER_LOOKUP));
        }
      })
      .whereExists(
        this.db({ c: 'pushed_commits' })
          .whereRaw('c.provider = l.provider')
          .whereRaw('c.repository = l.repository')
          .whereRaw('c.sha = l.sha')
          .select(this.db.raw('1')),
      )
      .orderBy([
        { column: 'd.finished_at', order: 'asc' },
        { column: 'd.id', order: 'asc' },
      ])
      .limit(request.limit)
      .select(
        'd.id',
        'd.entity_ref',
        'd.environment',
        ...this.instantColumns('d', ['finished_at']),
        'l.provider',
        'l.repository',
        'l.ref',
        'l.sha',
      );
    return rows.map(row => ({
      id: row.id,
      entityRef: row.entity_ref,
      environment: row.environment,
      finishedAt: toIso(row.finished_at),
      lookup: {
        deploymentId: row.id,
        provider: row.provider,
        repository: row.repository,
        ...(row.ref !== null ? { ref: row.ref } : {}),
        sha: row.sha,
      },
    }));
  }

  async fillDeploymentCommits(
    entries: Array<{ deploymentId: string; commits: DeploymentCommit[] }>,
  ): Promise<number> {
    return this.db.transaction(async tx => {
      let filled = 0;
      for (const { deploymentId, commits } of entries) {
        const waiting = await tx('deployment_commit_lookups')
          .where('deployment_id', deploymentId)
          .delete();
        if (waiting > 0 && commits.length > 0) {
          await this.replaceCommits(tx, [{ id: deploymentId, commits }]);
          filled += 1;
        }
      }
      return filled;
    });
  }

  async listUnmatchedByKey(
    request: ListUnmatchedByKeyRequest,
  ): Promise<UnmatchedEvent[]> {
    const rows: UnmatchedRow[] = await this.db<UnmatchedRow>('unmatched_events')
      .modify(query => {
        if (request.afterKey !== undefined) {
          query.where('key', '>', request.afterKey);
        }
      })
      .orderBy('key', 'asc')
      .limit(request.limit)
      .select();
    return rows.map(toUnmatchedEvent);
  }

  async deleteUnmatched(keys: string[]): Promise<void> {
    for (const batch of chunks(keys)) {
      await this.db('unmatched_events').whereIn('key', batch).delete();
    }
  }

  async listUnmatched(
    request: ListUnmatchedRequest,
  ): Promise<{ items: UnmatchedEvent[]; totalCount: number }> {
    const filtered = () => {
      const query = this.db<UnmatchedRow>('unmatched_events');
      return request.source ? query.where('source', request.source) : query;
    };
    const [rows, [{ count }]] = await Promise.all([
      filtered()
        .select()
        .orderBy([
          { column: 'received_at', order: 'desc' },
          { column: 'key', order: 'asc' },
        ])
        .limit(request.limit)
        .offset(request.offset),
      filtered().count<{ count: number | string }[]>({ count: '*' }),
    ]);
    return {
      items: rows.map(toUnmatchedEvent),
      totalCount: Number(count),
    };
  }

  async listEntityRefs(): Promise<string[]> {
    const rows: Array<{ entity_ref: string }> = await this.db
      .select('entity_ref')
      .from('deployments')
      .union(
        this.db.select('entity_ref').from('incidents'),
        this.db.select('entity_ref').from('pipeline_runs'),
      )
      .orderBy('entity_ref');
    return rows.map(row => row.entity_ref);
  }

  async listDeployments(
    request: ListDeploymentsRequest,
  ): Promise<DeploymentEvent[]> {
    if (request.entityRefs.length === 0) {
      return [];
    }
    const scope = (query: Knex.QueryBuilder) => {
      query
        .whereIn('d.entity_ref', request.entityRefs.map(normalizeRef))
        .where('d.environment', request.environment)
        .where('d.finished_at', '<', request.finishedBefore);
      if (request.finishedFrom) {
        query.where('d.finished_at', '>=', request.finishedFrom);
      }
      return query;
    };
    const [rows, commitRows] = await Promise.all([
      scope(
        this.db<DeploymentRow>({ d: 'deployments' }).select(
          this.deploymentColumns('d'),
        ),
      ).orderBy([
        { column: 'd.finished_at', order: 'asc' },
        { column: 'd.id', order: 'asc' },
      ]) as Promise<DeploymentRow[]>,
      scope(
        this.db<CommitRow>({ c: 'deployment_commits' })
          .join({ d: 'deployments' }, 'd.id', 'c.deployment_id')
          .select(this.commitColumns('c')),
      ).orderBy(COMMIT_ORDER) as Promise<CommitRow[]>,
    ]);

    const commitsByDeployment = groupCommits(commitRows);
    return rows.map(row =>
      toDeploymentEvent(row, commitsByDeployment.get(row.id) ?? []),
    );
  }

  async listIncidents(request: ListIncidentsRequest): Promise<IncidentEvent[]> {
    if (request.entityRefs.length === 0) {
      return [];
    }
    const query = this.db<IncidentRow>('incidents')
      .whereIn('entity_ref', request.entityRefs.map(normalizeRef))
      .where('environment', request.environment)
      .where('opened_at', '<', request.openedBefore);
    if (request.openedFrom) {
      query.where('opened_at', '>=', request.openedFrom);
    }
    const rows: IncidentRow[] = await query
      .select(...this.incidentColumns('incidents'))
      .orderBy([
        { column: 'opened_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ]);
    return rows.map(toIncidentEvent);
  }

  async listDoraEvents(request: ListDoraEventsRequest): Promise<DoraEvents> {
    const { environment, from, to } = request;
    const entityRefs = [...new Set(request.entityRefs.map(normalizeRef))];
    if (entityRefs.length === 0) {
      return { deployments: [], incidents: [] };
    }
    // Every statement is driven by an index, never by a plain join between the window's
    // deployments and other rows: SQLite, and PostgreSQL without fresh statistics, planned
    // those as nested loops over the entities' whole history, and PostgreSQL with
    // statistics as a scan of the whole commits table (its cost model prices thousands of
    // index probes above one sequential read). SQLite is given explicit lists of ids, shas
    // or (entity, instant) pairs; PostgreSQL correlated subqueries (`lateral` below), which
    // reads the same rows in two rounds of statements instead of four.
    const postgres = this.isPostgres;
    const succeeded = (query: Knex.QueryBuilder, alias: string) =>
      query
        .whereIn(`${alias}.entity_ref`, entityRefs)
        .where(`${alias}.environment`, environment)
        .where(`${alias}.status`, 'succeeded');
    const inWindow = (query: Knex.QueryBuilder, alias: string) =>
      succeeded(query, alias)
        .where(`${alias}.finished_at`, '>=', from)
        .where(`${alias}.finished_at`, '<', to);
    const beforeWindow = (query: Knex.QueryBuilder, alias: string) =>
      succeeded(query, alias).where(`${alias}.finished_at`, '<', from);
    const deployments = () =>
      this.db({ d: 'deployments' }).select(this.deploymentColumns('d'));
    const inChunks = async <T, R>(
      items: T[],
      size: number,
      query: (chunk: T[]) => Promise<R[]>,
    ): Promise<R[]> =>
      (await Promise.all([...chunks(items, size)].map(query))).flat();
    /** The deployments that finished at one of the instants, per entity. */
    const deploymentsAt = (anchors: AnchorRow[]) =>
      inChunks(
        anchors.filter(anchor => anchor.finished_at !== null),
        ROWS_PER_STATEMENT,
        chunk =>
          succeeded(deployments(), 'd').whereIn(
            ['d.entity_ref', 'd.finished_at'],
            chunk.map(anchor => [
              anchor.entity_ref,
              new Date(toMs(anchor.finished_at!)),
            ]),
          ) as Promise<DeploymentRow[]>,
      );
    /**
     * PostgreSQL: each of the window's deployments (`w`) with the rows of a subquery that
     * refers to it. `offset 0` keeps the planner from flattening the subquery into a
     * join, so it runs once per deployment, through an index.
     */
    const perWindowDeployment = (alias: string, subquery: string) =>
      inWindow(this.db({ w: 'deployments' }), 'w').joinRaw(
        `cross join lateral (${subquery} offset 0) as ??`,
        [alias],
      );
    /** SQLite: rows whose `column` is one of `values`, in short lists. */
    const byList = <R>(
      column: string,
      values: string[],
      query: (builder: Knex.QueryBuilder) => Knex.QueryBuilder,
    ): Promise<R[]> =>
      inChunks(
        values,
        VALUES_PER_LOOKUP,
        chunk => query(this.db.queryBuilder()).whereIn(column, chunk) as any,
      );

    // Round one: the window's deployments, the incidents open during it, each entity's last
    // deployment before it; on PostgreSQL also the window's commits, the incidents that
    // name its deployments and the earlier deployments that shipped the same commits.
    const [windowRows, touching, lastRows, postgresRows] = await Promise.all([
      inWindow(deployments(), 'd') as Promise<DeploymentRow[]>,
      this.incidentsTouchingWindow(entityRefs, environment, from, to),
      postgres
        ? // Per entity, a backward index scan finds the instant.
          (this.db
            .from(
              this.db.raw('unnest(?::text[]) as scope(entity_ref)', [
                textArrayLiteral(entityRefs),
              ]),
            )
            .joinRaw(
              `cross join lateral (
                 select max(x.finished_at) as finished_at from deployments x
                 where x.entity_ref = scope.entity_ref and x.environment = ?
                   and x.status = 'succeeded' and x.finished_at < ?
               ) as last`,
              [environment, from],
            )
            .join({ d: 'deployments' }, join =>
              join
                .on('d.entity_ref', 'scope.entity_ref')
                .andOn('d.finished_at', 'last.finished_at')
                .andOnVal('d.environment', environment)
                .andOnVal('d.status', 'succeeded'),
            )
            .select(this.deploymentColumns('d')) as Promise<DeploymentRow[]>)
        : (
            beforeWindow(this.db({ d: 'deployments' }), 'd')
              .groupBy('d.entity_ref')
              .select(
                'd.entity_ref',
                this.instantAs(
                  this.db.raw('max(??)', ['d.finished_at']),
                  'finished_at',
                ),
              ) as Promise<AnchorRow[]>
          ).then(deploymentsAt),
      postgres
        ? Promise.all([
            perWindowDeployment(
              'c',
              'select * from deployment_commits c where c.deployment_id = w.id',
            )
              .select(this.commitColumns('c'))
              .orderBy(COMMIT_ORDER) as Promise<CommitRow[]>,
            perWindowDeployment(
              'i',
              'select * from incidents i where i.deployment_id = w.id',
            ).select(this.incidentColumns('i')) as Promise<IncidentRow[]>,
            // Commits of the window found again under another deployment: read from the
            // sha index, then the commits' rows of those (few) other deployments.
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
          ])
        : undefined,
    ]);

    const windowIds = [...new Set(windowRows.map(row => row.id))];
    const inWindowIds = new Set(windowIds);
    const entityOfWindow = new Map(windowRows.map(r => [r.id, r.entity_ref]));
    const inScope = new Set(entityRefs);
    const toMsValue = to.getTime();
    // Round two on SQLite: by id through the commits' primary key and the incidents'
    // deployment_id index, in short lists (the planner walks the indexes for those).
    const [windowCommits, namingWindow] = postgresRows
      ? postgresRows
      : await Promise.all([
          byList<CommitRow>('c.deployment_id', windowIds, query =>
            query
              .from({ c: 'deployment_commits' })
              .select(this.commitColumns('c'))
              .orderBy(COMMIT_ORDER),
          ),
          byList<IncidentRow>('i.deployment_id', windowIds, query =>
            query.from({ i: 'incidents' }).select(this.incidentColumns('i')),
          ),
        ]);
    // Round three on SQLite: from the sha index alone.
    const sharingShas = postgresRows
      ? postgresRows[2]
      : await byList<Pick<CommitRow, 'deployment_id' | 'sha'>>(
          'c.sha',
          [...new Set(windowCommits.map(c => c.sha))],
          query =>
            query
              .from({ c: 'deployment_commits' })
              .select('c.deployment_id', 'c.sha'),
        );
    const commitsSharingShas = [
      ...new Map(
        sharingShas
          .filter(row => !inWindowIds.has(row.deployment_id))
          .map(row => [`${row.deployment_id} ${row.sha}`, row]),
      ).values(),
    ];

    const incidentRows = [
      ...new Map(
        [
          ...touching,
          ...namingWindow.filter(
            row =>
              inScope.has(row.entity_ref) &&
              row.environment === environment &&
              toMs(row.opened_at) < toMsValue,
          ),
        ].map(row => [row.id, row]),
      ).values(),
    ];
    const fromMs = from.getTime();
    // Deployments the incidents name (an open incident makes later deployments rework) and
    // those that shipped a commit of the window (lead time counts a commit at its first
    // deployment).
    const earlierIds = new Set(commitsSharingShas.map(c => c.deployment_id));
    const unnamedBeforeWindow: string[] = [];
    for (const incident of incidentRows) {
      if (incident.deployment_id !== null) {
        earlierIds.add(incident.deployment_id);
      } else if (toMs(incident.opened_at) < fromMs) {
        unnamedBeforeWindow.push(incident.id);
      }
    }
    // The last round, short lists (often empty): usually no statement at all.
    const [earlierRows, causeRows, sharedCommits] = await Promise.all([
      inChunks(
        [...earlierIds],
        ROWS_PER_STATEMENT,
        ids =>
          beforeWindow(deployments(), 'd').whereIn('d.id', ids) as Promise<
            DeploymentRow[]
          >,
      ),
      // The deployment that was live when an incident naming none opened.
      inChunks(
        unnamedBeforeWindow,
        ROWS_PER_STATEMENT,
        ids =>
          this.db({ i: 'incidents' })
            .whereIn('i.id', ids)
            .select(
              'i.entity_ref',
              this.instantAs(
                succeeded(this.db({ x: 'deployments' }), 'x')
                  .where('x.entity_ref', this.db.ref('i.entity_ref'))
                  .where('x.finished_at', '<=', this.db.ref('i.opened_at'))
                  .max('x.finished_at'),
                'finished_at',
              ),
            ) as Promise<AnchorRow[]>,
      ).then(deploymentsAt),
      inChunks(
        commitsSharingShas,
        ROWS_PER_STATEMENT,
        pairs =>
          this.db({ c: 'deployment_commits' })
            .select(this.commitColumns('c'))
            .whereIn(
              ['c.deployment_id', 'c.sha'],
              pairs.map(pair => [pair.deployment_id, pair.sha]),
            )
            .orderBy(COMMIT_ORDER) as Promise<CommitRow[]>,
      ),
    ]);

    // An earlier deployment keeps only the commits its entity shipped in the window. Keys
    // are only built for the shared shas: a group's window has tens of thousands of commits.
    const sharedShas = new Set(sharedCommits.map(c => c.sha));
    const windowShas = new Set(
      windowCommits
        .filter(c => sharedShas.has(c.sha))
        .map(c => `${entityOfWindow.get(c.deployment_id)} ${c.sha}`),
    );
    const entityOf = new Map(earlierRows.map(row => [row.id, row.entity_ref]));
    const commitsOf = groupCommits([
      ...windowCommits,
      ...sharedCommits.filter(c =>
        windowShas.has(`${entityOf.get(c.deployment_id)} ${c.sha}`),
      ),
    ]);
    const events = new Map<string, DeploymentEvent>();
    for (const row of [
      ...windowRows,
      ...lastRows,
      ...earlierRows,
      ...causeRows,
    ]) {
      if (!events.has(row.id)) {
        events.set(row.id, toDeploymentEvent(row, commitsOf.get(row.id) ?? []));
      }
    }
    return {
      deployments: sortByInstantThenId([...events.values()], d => d.finishedAt),
      incidents: sortByInstantThenId(
        incidentRows.map(toIncidentEvent),
        i => i.openedAt,
      ),
    };
  }

  async listPipelineRuns(
    request: ListPipelineRunsRequest,
  ): Promise<PipelineRunEvent[]> {
    if (request.entityRefs.length === 0) {
      return [];
    }
    const rows = await this.db<PipelineRunRow>('pipeline_runs')
      .whereIn('entity_ref', request.entityRefs.map(normalizeRef))
      .where('run_at', '>=', request.since)
      .select()
      .orderBy([
        { column: 'run_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ]);
    return rows.map(row => ({
      type: 'pipelineRun',
      id: row.id,
      entityRef: row.entity_ref,
      pipeline: row.pipeline,
      branch: orUndefined(row.branch),
      status: row.status as PipelineRunEvent['status'],
      attempt: orUndefined(row.attempt),
      startedAt: toIso(row.started_at),
      finishedAt: toIso(row.finished_at),
      url: orUndefined(row.url),
      commitSha: orUndefined(row.commit_sha),
    }));
  }

  /**
   * The stored ids of the batch, by type, once it is certain that none of them would move to
   * another entity or source (a ConflictError naming them otherwise). Stored rows are
   * locked on PostgreSQL so that the check holds until the transaction commits.
   */
  private async assertSameHome(
    tx: Knex.Transaction,
    rowsByType: Record<
      DeliveryEventType,
      Array<{ id: string; entity_ref: string; source: string }>
    >,
  ): Promise<Record<DeliveryEventType, Set<string>>> {
    const stored = {} as Record<DeliveryEventType, Set<string>>;
    const conflicts: string[] = [];
    for (const type of Object.keys(rowsByType) as DeliveryEventType[]) {
      stored[type] = new Set();
      const incoming = new Map(rowsByType[type].map(row => [row.id, row]));
      for (const ids of chunks([...incoming.keys()])) {
        const rows: Array<{ id: string; entity_ref: string; source: string }> =
          await tx(TABLE_BY_TYPE[type])
            .whereIn('id', ids)
            .select('id', 'entity_ref', 'source')
            .modify(query => {
              if (this.isPostgres) {
                query.forUpdate();
              }
            });
        for (const row of rows) {
          stored[type].add(row.id);
          const next = incoming.get(row.id)!;
          if (next.entity_ref !== row.entity_ref) {
            conflicts.push(
              `${type} ${row.id} belongs to ${row.entity_ref}, not ${next.entity_ref}`,
            );
          } else if (next.source !== row.source) {
            conflicts.push(
              `${type} ${row.id} was sent by ${row.source}, not ${next.source}`,
            );
          }
        }
      }
    }
    if (conflicts.length > 0) {
      const shown = conflicts.slice(0, MAX_REPORTED_CONFLICTS);
      const more = conflicts.length - shown.length;
      throw new ConflictError(
        `An event id cannot move to another entity or source; nothing was stored: ${shown.join(
          '; ',
        )}${more > 0 ? `; and ${more} more` : ''}`,
      );
    }
    return stored;
  }

  /** The deployments among `ids` this write stored (not left alone as older than stored). */
  private async writtenAt(
    tx: Knex.Transaction,
    ids: string[],
    receivedAt: Date,
  ): Promise<Set<string>> {
    const written = new Set<string>();
    for (const batch of chunks(ids)) {
      const rows: Array<{ id: string }> = await tx('deployments')
        .whereIn('id', batch)
        .where('received_at', receivedAt)
        .select('id');
      rows.forEach(row => written.add(row.id));
    }
    return written;
  }

  private async updateCommitLookups(
    tx: Knex.Transaction,
    deployments: DeploymentEvent[],
    lookups: DeploymentCommitLookup[],
  ): Promise<void> {
    const written = new Map(deployments.map(d => [d.id, d]));
    const withCommits = deployments
      .filter(d => d.commits?.length)
      .map(d => d.id);
    for (const batch of chunks(withCommits)) {
      await tx('deployment_commit_lookups')
        .whereIn('deployment_id', batch)
        .delete();
    }
    const rows = lookups
      .filter(lookup => {
        const deployment = written.get(lookup.deploymentId);
        return deployment && !deployment.commits?.length;
      })
      .map(lookup => ({
        deployment_id: lookup.deploymentId,
        provider: lookup.provider,
        repository: lookup.repository.toLocaleLowerCase('en-US'),
        ref: lookup.ref ?? null,
        sha: lookup.sha,
      }));
    for (const batch of chunks(rows)) {
      await tx('deployment_commit_lookups')
        .insert(batch)
        .onConflict('deployment_id')
        .merge();
    }
  }

  /** Upserts rows of one event type, in groups that share the same placeholder fields. */
  private async upsert(
    tx: Knex.Transaction,
    type: DeliveryEventType,
    rows: Array<{ id: string }>,
    placeholderFields: Record<string, string[]>,
  ): Promise<void> {
    const groups = new Map<string, { columns: string[]; rows: typeof rows }>();
    for (const row of rows) {
      const columns = (placeholderFields[eventKey(type, row.id)] ?? [])
        .map(columnOf)
        .sort();
      const signature = columns.join(',');
      const group = groups.get(signature) ?? { columns, rows: [] };
      group.rows.push(row);
      groups.set(signature, group);
    }
    for (const group of groups.values()) {
      await this.upsertGroup(tx, type, group.rows, group.columns);
    }
  }

  /**
   * When an update of a stored event applies: never to an older state (see
   * {@link DeliveryStore.writeEvents}).
   */
  private newerThanStored(
    tx: Knex.Transaction,
    type: DeliveryEventType,
  ): Knex.Raw | undefined {
    const table = TABLE_BY_TYPE[type];
    if (type === 'deployment') {
      return tx.raw('excluded.finished_at >= ??', [`${table}.finished_at`]);
    }
    if (type === 'pipelineRun') {
      const incoming = tx.raw(RUN_STATUS_RANK, ['excluded.status']);
      const stored = tx.raw(RUN_STATUS_RANK, [`${table}.status`]);
      return tx.raw(
        `(?) > (?) or ((?) = (?) and (excluded.finished_at is null or ?? is null or excluded.finished_at >= ??))`,
        [
          incoming,
          stored,
          incoming,
          stored,
          `${table}.finished_at`,
          `${table}.finished_at`,
        ],
      );
    }
    return undefined;
  }

  private async upsertGroup(
    tx: Knex.Transaction,
    type: DeliveryEventType,
    rows: Array<{ id: string }>,
    placeholderColumns: string[],
  ): Promise<void> {
    const table = TABLE_BY_TYPE[type];
    const stored = (column: string) => `${table}.${column}`;
    const merge: Record<string, Knex.Raw> = {};
    for (const column of REPLACED_COLUMNS[type]) {
      merge[column] = tx.raw('excluded.??', [column]);
    }
    for (const column of KEPT_COLUMNS[type]) {
      merge[column] = tx.raw('coalesce(excluded.??, ??)', [
        column,
        stored(column),
      ]);
    }
    if (type === 'pipelineRun') {
      merge.run_at = tx.raw(
        'coalesce(excluded.started_at, excluded.finished_at, ??)',
        [stored('run_at')],
      );
    }
    for (const column of placeholderColumns) {
      if (column in merge) {
        merge[column] = tx.raw('coalesce(??, excluded.??)', [
          stored(column),
          column,
        ]);
      }
    }

    const newer = this.newerThanStored(tx, type);
    for (const batch of chunks(rows)) {
      const upsert = tx(table).insert(batch).onConflict('id').merge(merge);
      await (newer ? upsert.where(newer) : upsert);
    }
  }

  private async insertPushedCommits(
    tx: Knex.Transaction,
    commits: PushedCommitInput[],
    receivedAt: Date,
  ): Promise<void> {
    const rows = commits.map(commit => ({
      provider: commit.provider,
      repository: commit.repository.toLocaleLowerCase('en-US'),
      branch: commit.branch,
      sha: commit.sha,
      committed_at: toDate(commit.timestamp),
      received_at: receivedAt,
      paths: commit.paths ? JSON.stringify(commit.paths) : null,
      push_head_sha: commit.pushHead ?? null,
    }));
    for (const batch of chunks(rows)) {
      await tx('pushed_commits')
        .insert(batch)
        .onConflict(['provider', 'repository', 'branch', 'sha'])
        .ignore();
    }
  }

  private async upsertMergedChanges(
    tx: Knex.Transaction,
    changes: MergedChangeInput[],
    receivedAt: Date,
  ): Promise<void> {
    const rows = [
      ...new Map(
        changes.map(change => [
          `${change.source}:${change.id}`,
          {
            source: change.source,
            id: change.id,
            repository: change.repository ?? null,
            merged_at: toDate(change.mergedAt),
            head_sha: change.headSha ?? null,
            merge_commit_sha: change.mergeCommitSha ?? null,
            target_branch: change.targetBranch ?? null,
            url: change.url ?? null,
            received_at: receivedAt,
            entity_refs: change.entityRefs
              ? JSON.stringify(change.entityRefs)
              : null,
          },
        ]),
      ).values(),
    ];
    const merge: Record<string, Knex.Raw> = {};
    for (const column of [
      'repository',
      'merged_at',
      'head_sha',
      'merge_commit_sha',
      'target_branch',
      'url',
      'received_at',
    ]) {
      merge[column] = tx.raw('excluded.??', [column]);
    }
    // A redelivery that could not attribute the change keeps the stored attribution.
    merge.entity_refs = tx.raw('coalesce(excluded.entity_refs, ??)', [
      'merged_changes.entity_refs',
    ]);
    for (const batch of chunks(rows)) {
      await tx('merged_changes')
        .insert(batch)
        .onConflict(['source', 'id'])
        .merge(merge);
    }
  }

  private async replaceCommits(
    tx: Knex.Transaction,
    deployments: Array<Pick<DeploymentEvent, 'id' | 'commits'>>,
  ): Promise<void> {
    const withCommits = deployments.filter(d => d.commits);
    for (const batch of chunks(withCommits)) {
      await tx('deployment_commits')
        .whereIn(
          'deployment_id',
          batch.map(d => d.id),
        )
        .delete();
    }
    const rows: CommitRow[] = withCommits.flatMap(deployment =>
      [...new Map(deployment.commits!.map(c => [c.sha, c])).values()].map(
        commit => ({
          deployment_id: deployment.id,
          sha: commit.sha,
          committed_at: toDate(commit.timestamp),
        }),
      ),
    );
    for (const batch of chunks(rows)) {
      await tx('deployment_commits').insert(batch);
    }
  }

  private async insertUnmatched(
    tx: Knex.Transaction,
    entries: UnmatchedEventInput[],
    receivedAt: Date,
  ): Promise<void> {
    const rows = [
      ...new Map(
        entries.map(entry => {
          const row: UnmatchedRow = {
            key: eventKey(entry.eventType, entry.eventId),
            source: entry.source,
            event_type: entry.eventType,
            event_id: entry.eventId,
            entity_ref: entry.entityRef ?? null,
            reason: entry.reason,
            payload: JSON.stringify(entry.payload ?? null),
            received_at: receivedAt,
          };
          return [row.key, row] as const;
        }),
      ).values(),
    ];
    for (const batch of chunks(rows)) {
      // Listed by when it was first received, however often it is delivered or re-resolved.
      await tx('unmatched_events')
        .insert(batch)
        .onConflict('key')
        .merge([
          'source',
          'event_type',
          'event_id',
          'entity_ref',
          'reason',
          'payload',
        ]);
    }
  }

  private deploymentRow(
    event: DeploymentEvent,
    source: DeliveryEventSource,
    receivedAt: Date,
  ): DeploymentRow {
    return {
      id: event.id,
      entity_ref: normalizeRef(event.entityRef),
      environment: event.environment,
      status: event.status,
      started_at: toDate(event.startedAt),
      finished_at: toDate(event.finishedAt),
      version: event.version ?? null,
      commit_sha: event.commitSha ?? null,
      rollback_of: event.rollbackOf ?? null,
      labels: event.labels ? JSON.stringify(event.labels) : null,
      source,
      received_at: receivedAt,
    };
  }

  private incidentRow(
    event: IncidentEvent,
    source: DeliveryEventSource,
    receivedAt: Date,
  ): IncidentRow {
    return {
      id: event.id,
      entity_ref: normalizeRef(event.entityRef),
      environment: event.environment,
      opened_at: toDate(event.openedAt),
      resolved_at: toDate(event.resolvedAt),
      deployment_id: event.deploymentId ?? null,
      severity: event.severity ?? null,
      url: event.url ?? null,
      source,
      received_at: receivedAt,
    };
  }

  private pipelineRunRow(
    event: PipelineRunEvent,
    source: DeliveryEventSource,
    receivedAt: Date,
  ): PipelineRunRow {
    const startedAt = toDate(event.startedAt);
    const finishedAt = toDate(event.finishedAt);
    return {
      id: event.id,
      entity_ref: normalizeRef(event.entityRef),
      pipeline: event.pipeline,
      branch: event.branch ?? null,
      status: event.status,
      attempt: event.attempt ?? null,
      started_at: startedAt,
      finished_at: finishedAt,
      url: event.url ?? null,
      commit_sha: event.commitSha ?? null,
      run_at: startedAt ?? finishedAt ?? receivedAt,
      source,
      received_at: receivedAt,
    };
  }
}
