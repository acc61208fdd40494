import {
  DeliveryEventSource,
  DeliveryEventType,
  DeploymentEvent,
  IncidentEvent,
  UnmatchedEvent,
} from '@runway/plugin-delivery-common';
import { Knex } from 'knex';

/*
 * The tables' rows, their conversion to and from events, and the statement-size rules every
 * store query follows.
 */

/** Rows per statement: keeps every insert well under SQLite's and PostgreSQL's bind limits. */
export const ROWS_PER_STATEMENT = 500;

/**
 * Values of one `in (...)` look-up. Short enough that PostgreSQL walks the index for it (at
 * several thousand it may scan the table) and far below both databases' parameter limits.
 */
export const VALUES_PER_LOOKUP = 1000;

export type Timestamp = Date | number | string;

export interface DeploymentRow {
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

export interface CommitRow {
  deployment_id: string;
  sha: string;
  committed_at: Timestamp;
}

export interface IncidentRow {
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

export interface PipelineRunRow {
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

export interface UnmatchedRow {
  key: string;
  source: string;
  event_type: string | null;
  event_id: string | null;
  entity_ref: string | null;
  reason: string;
  payload: string;
  received_at: Timestamp;
}

export const TABLE_BY_TYPE: Record<DeliveryEventType, string> = {
  deployment: 'deployments',
  incident: 'incidents',
  pipelineRun: 'pipeline_runs',
};

/** Commits of one deployment, oldest first. */
export const COMMIT_ORDER = [
  { column: 'c.committed_at', order: 'asc' },
  { column: 'c.sha', order: 'asc' },
];

export function normalizeRef(entityRef: string): string {
  return entityRef.toLocaleLowerCase('en-US');
}

/** Repository slugs are stored and compared in lower case (hosts ignore their case). */
export function normalizeRepository(repository: string): string {
  return repository.toLocaleLowerCase('en-US');
}

export function eventKey(type: DeliveryEventType, id: string): string {
  return `${type}:${id}`;
}

export function toDate(value: string): Date;
export function toDate(value: string | null | undefined): Date | null;
export function toDate(value: string | null | undefined): Date | null {
  return value ? new Date(value) : null;
}

export function toIso(value: Timestamp): string;
export function toIso(value: Timestamp | null): string | undefined;
export function toIso(value: Timestamp | null): string | undefined {
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

export function toMs(value: Timestamp): number {
  if (typeof value === 'string') {
    const epochMs = Number(value);
    return Number.isNaN(epochMs) ? Date.parse(value) : epochMs;
  }
  return typeof value === 'number' ? value : value.getTime();
}

export function orUndefined<T>(value: T | null): T | undefined {
  return value === null ? undefined : value;
}

export function* chunks<T>(
  items: T[],
  size = ROWS_PER_STATEMENT,
): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) {
    yield items.slice(i, i + size);
  }
}

/**
 * One query per chunk of `items`, run together (or in turn, on a transaction's single
 * connection); the rows of all of them.
 */
export async function inChunks<T, R>(
  items: T[],
  size: number,
  query: (chunk: T[]) => Promise<R[]>,
  options: { sequential?: boolean } = {},
): Promise<R[]> {
  if (options.sequential) {
    const rows: R[] = [];
    for (const chunk of chunks(items, size)) {
      rows.push(...(await query(chunk)));
    }
    return rows;
  }
  return (await Promise.all([...chunks(items, size)].map(query))).flat();
}

export function groupCommits(rows: CommitRow[]): Map<string, CommitRow[]> {
  const byDeployment = new Map<string, CommitRow[]>();
  for (const row of rows) {
    const list = byDeployment.get(row.deployment_id) ?? [];
    list.push(row);
    byDeployment.set(row.deployment_id, list);
  }
  return byDeployment;
}

export function toDeploymentEvent(
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

export function toIncidentEvent(row: IncidentRow): IncidentEvent {
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

export function toUnmatchedEvent(row: UnmatchedRow): UnmatchedEvent {
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

export function isPostgres(db: Knex): boolean {
  return db.client.config.client === 'pg';
}

/**
 * Reads of up to this many entities run without the transaction of {@link readWithoutJit}: they
 * sort a few thousand rows at most, which fit in the default work_mem, and their connection
 * has JIT compilation off already ({@link turnJitOffForNewConnections}).
 */
export const SMALL_READ_ENTITIES = 20;

const jitOffPools = new WeakSet<object>();

/**
 * Turns PostgreSQL's JIT compilation off for each connection `db`'s pool opens from now on,
 * as Backstage sets a configured role: with the pool's createSuccess event. The plugin's
 * reads are aggregates estimated as costly enough to compile, and compiling took longer than
 * they run (see {@link readWithoutJit}). A no-op on SQLite, and for a pool already set up.
 */
export function turnJitOffForNewConnections(
  db: Knex,
  onError: (error: Error) => void,
): void {
  // tarn's pool: `on` for its events, not an EventEmitter.
  const pool = (
    db.client as {
      pool?: { on(event: string, listener: (...args: any[]) => void): void };
    }
  ).pool;
  if (!isPostgres(db) || !pool || jitOffPools.has(pool)) return;
  jitOffPools.add(pool);
  pool.on(
    'createSuccess',
    (
      _eventId: number,
      connection: { query(sql: string): Promise<unknown> },
    ) => {
      // Queued on the connection before anything the pool hands it out for.
      connection.query('set jit = off').catch(onError);
    },
  );
}

/**
 * Runs an aggregate read of `entities` entities with PostgreSQL's JIT compilation off and room
 * to sort in memory. An aggregate over many entities is estimated as costly enough to compile
 * (jit_above_cost), and compiling took 200-560 ms, longer than the query itself runs; an
 * organisation's 90 days of deployments spilled to disk at the default work_mem of 4 MB
 * (about 6 MB to sort by entity at a million events, 35 MB at ten million). `set local`
 * keeps both settings to this one read, in a transaction of its own (four round trips and a
 * connection each). A read of a few entities (a service's card, a page of the catalog) skips
 * that: its connection has JIT off from {@link turnJitOffForNewConnections}, and it fits in the
 * default work_mem.
 */
export async function readWithoutJit<T>(
  db: Knex,
  query: Knex.QueryBuilder,
  entities: number,
): Promise<T> {
  if (
    !isPostgres(db) ||
    (entities <= SMALL_READ_ENTITIES &&
      jitOffPools.has((db.client as { pool?: object }).pool ?? {}))
  ) {
    return (await query) as T;
  }
  return db.transaction(async tx => {
    // Both in one statement: one round trip fewer for every aggregate read.
    await tx.raw(
      "select set_config('jit', 'off', true), set_config('work_mem', '64MB', true)",
    );
    return (await query.transacting(tx)) as T;
  });
}

/**
 * A list of entity refs as a table `alias(entity_ref)` to select from, bound as one value
 * (an array on PostgreSQL, JSON on SQLite), so a statement can look up each entity through
 * an index however many entities it names.
 */
export function entityRefTable(
  db: Knex,
  entityRefs: readonly string[],
  alias: string,
): Knex.Raw {
  if (isPostgres(db)) {
    return db.raw(`unnest(?::text[]) as ??(entity_ref)`, [
      textArrayLiteral(entityRefs),
      alias,
    ]);
  }
  return db.raw(`(select value as entity_ref from json_each(?)) as ??`, [
    JSON.stringify(entityRefs),
    alias,
  ]);
}

/**
 * A PostgreSQL text[] literal: a lookup list goes as one bind value, where knex would
 * expand an array into one placeholder per value.
 */
export function textArrayLiteral(values: readonly string[]): string {
  const quote = (value: string) =>
    value.includes('"') || value.includes('\\')
      ? value.replace(/[\\"]/g, '\\$&')
      : value;
  return `{${values.map(value => `"${quote(value)}"`).join(',')}}`;
}

/**
 * Selects timestamp columns as epoch milliseconds on PostgreSQL: parsing timestamptz values
 * in the driver is the bulk of the cost of reading an entity's whole deployment history.
 * SQLite already stores them as milliseconds.
 */
export function instantColumns(
  db: Knex,
  table: string,
  columns: string[],
): Array<string | Knex.Raw> {
  return columns.map(column =>
    isPostgres(db)
      ? db.raw('(extract(epoch from ??) * 1000)::bigint::text as ??', [
          `${table}.${column}`,
          column,
        ])
      : `${table}.${column}`,
  );
}

/** An instant expression selected as epoch milliseconds (see {@link instantColumns}). */
export function instantAs(
  db: Knex,
  expression: Knex.Raw | Knex.QueryBuilder,
  alias: string,
): Knex.Raw {
  return isPostgres(db)
    ? db.raw('(extract(epoch from (?)) * 1000)::bigint::text as ??', [
        expression,
        alias,
      ])
    : db.raw('(?) as ??', [expression, alias]);
}

/** A deployment's columns other than its instants (started_at, finished_at). */
export const DEPLOYMENT_PLAIN_COLUMNS = [
  'id',
  'entity_ref',
  'environment',
  'status',
  'version',
  'commit_sha',
  'rollback_of',
  'labels',
] as const;

/** Columns of `alias` as read: plain ones as they are, instants as {@link instantColumns}. */
function columnsOf(
  db: Knex,
  alias: string,
  plain: readonly string[],
  instants: string[],
): Array<string | Knex.Raw> {
  return [
    ...plain.map(column => `${alias}.${column}`),
    ...instantColumns(db, alias, instants),
  ];
}

export function deploymentColumns(db: Knex, alias: string) {
  return columnsOf(db, alias, DEPLOYMENT_PLAIN_COLUMNS, [
    'started_at',
    'finished_at',
  ]);
}

export function commitColumns(db: Knex, alias: string) {
  return columnsOf(db, alias, ['deployment_id', 'sha'], ['committed_at']);
}

/** A pipeline run's columns that make its event (not run_at, source, received_at). */
export function pipelineRunColumns(db: Knex, alias: string) {
  return columnsOf(
    db,
    alias,
    [
      'id',
      'entity_ref',
      'pipeline',
      'branch',
      'status',
      'attempt',
      'url',
      'commit_sha',
    ],
    ['started_at', 'finished_at'],
  );
}

export function incidentColumns(db: Knex, alias: string) {
  return columnsOf(
    db,
    alias,
    ['id', 'entity_ref', 'environment', 'deployment_id', 'severity', 'url'],
    ['opened_at', 'resolved_at'],
  );
}

/** Per knex client, the column types of each table (PostgreSQL), read once. */
const columnTypes = new WeakMap<
  object,
  Map<string, Promise<Map<string, string>>>
>();

async function postgresColumnTypes(
  db: Knex,
  table: string,
  runner: Knex,
): Promise<Map<string, string>> {
  const key = db.client as object;
  let tables = columnTypes.get(key);
  if (!tables) {
    tables = new Map();
    columnTypes.set(key, tables);
  }
  let types = tables.get(table);
  if (!types) {
    types = runner
      .raw(
        `select a.attname as name, format_type(a.atttypid, a.atttypmod) as type
         from pg_attribute a
         where a.attrelid = to_regclass(?) and a.attnum > 0 and not a.attisdropped`,
        [table],
      )
      .then(
        (result: { rows: Array<{ name: string; type: string }> }) =>
          new Map(result.rows.map(row => [row.name, row.type])),
      );
    tables.set(table, types);
    // A failed read is not kept.
    types.catch(() => tables!.delete(table));
  }
  return types;
}

/** A PostgreSQL array literal of one column's values (one bind value for the whole column). */
export function postgresArrayLiteral(values: unknown[]): string {
  return `{${values
    .map(value => {
      if (value === null || value === undefined) {
        return 'NULL';
      }
      if (typeof value === 'number') {
        if (!Number.isFinite(value)) {
          throw new Error(`Not a finite number: ${value}`);
        }
        return String(value);
      }
      if (typeof value === 'boolean') {
        return value ? 't' : 'f';
      }
      const text = value instanceof Date ? value.toISOString() : String(value);
      return `"${text.replace(/[\\"]/g, '\\$&')}"`;
    })
    .join(',')}}`;
}

/**
 * PostgreSQL: the rows of an insert as `(columns) select * from unnest(...)`, each column
 * bound as one array, for `db(table).insert(...)`: a multi-row insert binds every value,
 * which PostgreSQL parses one by one (the bulk of a write of 1000 events). Every row has the
 * first row's columns. Wrapped: a Knex.Raw is a thenable, which `await` would run.
 */
export async function unnestRows(
  db: Knex,
  table: string,
  rows: Array<Record<string, unknown>>,
  /** Where the column types are read the first time (the writer's transaction). */
  runner: Knex = db,
): Promise<{ raw: Knex.Raw }> {
  const types = await postgresColumnTypes(db, table, runner);
  const columns = Object.keys(rows[0]);
  const raw = db.raw(
    `(${columns.map(() => '??').join(', ')}) select * from unnest(${columns
      .map(column => {
        const type = types.get(column);
        if (!type) {
          throw new Error(`No column ${column} in ${table}`);
        }
        return `?::${type}[]`;
      })
      .join(', ')})`,
    [
      ...columns,
      ...columns.map(column =>
        postgresArrayLiteral(rows.map(row => row[column])),
      ),
    ],
  );
  return { raw };
}
