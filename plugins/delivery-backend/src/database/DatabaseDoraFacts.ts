import { Knex } from 'knex';
import { DoraBenchmarkSet } from '../dora/benchmarks';
import {
  DoraQuantiles as Quantiles,
  metricsFromTotals,
  summarize,
} from '../dora/computeDora';
import { DeploymentFacts, deriveDoraFacts } from '../dora/doraFacts';
import { DoraMetrics } from '../dora/types';
import { loadDoraEvents } from '../dora/loadDoraEvents';
import { DatabaseDoraReader } from './DatabaseDoraReader';
import {
  chunks,
  CommitRow,
  commitColumns,
  DEPLOYMENT_PLAIN_COLUMNS,
  deploymentColumns,
  DeploymentRow,
  entityRefTable,
  groupCommits,
  incidentColumns,
  IncidentRow,
  instantAs,
  instantColumns,
  isPostgres,
  readWithoutJit,
  Timestamp,
  toMs,
  toDeploymentEvent,
  toIncidentEvent,
  textArrayLiteral,
  unnestRows,
  VALUES_PER_LOOKUP,
} from './rows';

const HOUR_MS = 3_600_000;
/** The group key of a whole scope's aggregate. */
const ALL = '*';
const FACT_TABLES = [
  'dora_deployment_facts',
  'dora_lead_times',
  'dora_blames',
  'dora_rework_causes',
];
/** Entities re-derived per round of statements. */
const ENTITIES_PER_ROUND = 100;
/**
 * Entities per transaction of a rebuild: ingestion of an entity waits for its transaction,
 * so a few at a time (each is derived from its whole history).
 */
const ENTITIES_PER_REBUILD_TRANSACTION = 10;
/** How often a replica whose model is not built looks whether another one finished it. */
const READY_RECHECK_MS = 30_000;
const ROWS_PER_INSERT = 500;
/** Partitions whose live deployment one statement looks up (SQLite allows 500 union terms). */
const PARTITIONS_PER_LOOKUP = 200;
/** Bind values of one statement of writes run together (PostgreSQL allows 65,535). */
const BINDS_PER_STATEMENT = 30_000;
/** Groups one delete statement names. */
const GROUPS_PER_DELETE = 50;
/**
 * Partitions of one environment are re-derived together when their T are at most this far
 * apart: the later ones' facts from the group's T are derived again (exact, and replaced), a
 * cost bounded by this span of their history.
 */
const GROUP_SPAN_MS = 7 * 24 * 3_600_000;

/**
 * An instant of one partition (entity and environment) from which facts may have changed:
 * `live` when the deployment live at that instant is concerned too.
 */
export interface ChangePoint {
  entityRef: string;
  environment: string;
  atMs: number;
  live: boolean;
}

/** One entity's deployments to one environment, re-derived from `fromMs` (see rederive). */
interface Partition {
  entityRef: string;
  environment: string;
  fromMs: number;
  liveMs: number;
}

/** Partitions of one environment re-derived together, from the earliest of their T. */
interface PartitionGroup {
  environment: string;
  entityRefs: string[];
  fromMs: number;
}

/**
 * The partitions in groups: per environment, in order of T, a group takes the partitions
 * whose T are within GROUP_SPAN_MS of its first.
 */
function groupPartitions(partitions: readonly Partition[]): PartitionGroup[] {
  const sorted = [...partitions].sort(
    (a, b) =>
      (a.environment < b.environment
        ? -1
        : Number(a.environment > b.environment)) || a.fromMs - b.fromMs,
  );
  const groups: PartitionGroup[] = [];
  let current: PartitionGroup | undefined;
  for (const partition of sorted) {
    if (
      !current ||
      current.environment !== partition.environment ||
      partition.fromMs - current.fromMs > GROUP_SPAN_MS ||
      current.entityRefs.length >= VALUES_PER_LOOKUP
    ) {
      current = {
        environment: partition.environment,
        entityRefs: [],
        fromMs: partition.fromMs,
      };
      groups.push(current);
    }
    current.entityRefs.push(partition.entityRef);
  }
  return groups;
}

/** Before any stored instant, and after: the bounds of a re-derivation from T on. */
const BEGINNING_MS = Date.UTC(1900, 0, 1);
const END_MS = Date.UTC(9999, 0, 1);

/** A scope, environment and window of the read model, as the reports ask for it. */
export interface DoraFactsQuery {
  entityRefs: string[];
  environment: string;
  /** The window: the deployments finished in `[fromMs, toMs)`. */
  fromMs: number;
  toMs: number;
  /**
   * The instant the window's deployments are judged at: the incidents opened and rollbacks
   * finished before it count. `toMs` unless later: a report of two windows (the overview's
   * `previous`) judges the earlier one as of the end of the later one, as the engine does.
   */
  asOfMs?: number;
}

/** The quantiles of one sample set, as the database reads them. */
/** A group's deployment counts, as the database answers them. */
interface TotalsRow {
  g: string;
  deployments: number | string;
  failed: number | string;
  rework: number | string;
  open: number | string;
}

/** A group's sample count and quantiles, as {@link percentileColumns} answers them. */
interface QuantileRow {
  g: string;
  n: number | string;
  median: number | string | null;
  p90: number | string | null;
}

/** PostgreSQL: count, median and p90 of a column's values (nulls are not samples). */
function percentileColumns(db: Knex, column: string): Knex.Raw[] {
  return [
    db.raw('count(??) as n', [column]),
    db.raw('percentile_cont(0.5) within group (order by ??) as median', [
      column,
    ]),
    db.raw('percentile_cont(0.9) within group (order by ??) as p90', [column]),
  ];
}

/**
 * Buckets of a window by their ends (each bucket's deployments finished before its end and at
 * or after the end before it; the last bucket has no end), of the whole scope or with
 * `perEntity` of each entity (only its own incidents count).
 */
interface Buckets {
  bucketEndsMs: number[];
  perEntity?: boolean;
}

/** Between a bucket's index and the entity ref in the group keys of entity buckets. */
const BUCKET_SEPARATOR = ' ';

/**
 * SQL for the index (as text: '0', '1', ...) of the bucket a deployment falls in, by its
 * `column` of finish times. The ends are integers of this process, inlined (a year of days
 * would otherwise bind hundreds of values).
 */
function bucketIndex(db: Knex, column: string, buckets: Buckets): string {
  const finished = db.raw('??', [column]).toQuery();
  const ends = buckets.bucketEndsMs;
  return `(case ${ends
    .map((end, i) => `when ${finished} < ${Math.trunc(end)} then '${i}'`)
    .join(' ')} else '${ends.length}' end)`;
}

/** The groups that have samples, by group. */
function quantileMap(rows: QuantileRow[]): Map<string, Quantiles> {
  const result = new Map<string, Quantiles>();
  for (const row of rows) {
    if (Number(row.n) > 0) {
      result.set(row.g, {
        samples: Number(row.n),
        median: Number(row.median),
        p90: Number(row.p90),
      });
    }
  }
  return result;
}

/**
 * The DORA read model in the database (see src/dora/doraFacts.ts for what it holds and what
 * each fact depends on): re-derived per entity from the raw events, and aggregated in SQL
 * over the rows of a window.
 *
 * The unit of re-derivation is an entity: its facts depend only on its own deployments
 * (every environment), its own incidents and the incidents that name its deployments. A
 * write re-derives the entities it touched (see {@link DatabaseDoraFacts.touchedBy}) in the
 * same transaction, under a per-entity lock on PostgreSQL so that concurrent writers of one
 * entity derive in turn, each from what the other committed.
 */
export class DatabaseDoraFacts {
  /** Whether reads may use the model (see {@link isReady}). */
  private ready = false;
  private checkedAtMs = -Infinity;

  constructor(
    private readonly db: Knex,
    private readonly options: { attributionWindowHours: number },
  ) {}

  /**
   * Where the events with these ids sit now (call before and after a write): the instants
   * from which their partitions' facts may change. See {@link DatabaseDoraFacts.rederive}.
   */
  async changePoints(
    tx: Knex.Transaction,
    ids: { deploymentIds: string[]; incidentIds: string[] },
    /** Events this write stored for the first time: where they are is what was written. */
    written: { deployments: DeploymentRow[]; incidents: IncidentRow[] } = {
      deployments: [],
      incidents: [],
    },
  ): Promise<ChangePoint[]> {
    const points: ChangePoint[] = [];
    const named = new Set<string>();
    const deployments: Array<{
      entity_ref: string;
      environment: string;
      finished_at: Timestamp;
      rollback_of: string | null;
    }> = [...written.deployments];
    for (const batch of chunks(ids.deploymentIds)) {
      deployments.push(
        ...(await tx('deployments')
          .whereIn('id', batch)
          .select(
            'entity_ref',
            'environment',
            'rollback_of',
            ...instantColumns(this.db, 'deployments', ['finished_at']),
          )),
      );
    }
    for (const row of deployments) {
      // Its own facts and later ones', and the deployment before it (live when the
      // incidents after it opened).
      points.push({
        entityRef: row.entity_ref,
        environment: row.environment,
        atMs: toMs(row.finished_at),
        live: true,
      });
      if (row.rollback_of) {
        named.add(row.rollback_of);
      }
    }
    const incidents: Array<{
      entity_ref: string;
      environment: string;
      opened_at: Timestamp;
      deployment_id: string | null;
    }> = [...written.incidents];
    for (const batch of chunks(ids.incidentIds)) {
      incidents.push(
        ...(await tx('incidents')
          .whereIn('id', batch)
          .select(
            'entity_ref',
            'environment',
            'deployment_id',
            ...instantColumns(this.db, 'incidents', ['opened_at']),
          )),
      );
    }
    for (const row of incidents) {
      if (row.deployment_id) {
        named.add(row.deployment_id);
      } else {
        // The deployment live when it opened, and the later ones it makes rework.
        points.push({
          entityRef: row.entity_ref,
          environment: row.environment,
          atMs: toMs(row.opened_at),
          live: true,
        });
      }
    }
    for (const batch of chunks([...named])) {
      const rows: Array<{
        entity_ref: string;
        environment: string;
        finished_at: Timestamp;
      }> = await tx('deployments')
        .whereIn('id', batch)
        .select(
          'entity_ref',
          'environment',
          ...instantColumns(this.db, 'deployments', ['finished_at']),
        );
      for (const row of rows) {
        // A named deployment (blamed or rolled back) and the later ones of its entity.
        points.push({
          entityRef: row.entity_ref,
          environment: row.environment,
          atMs: toMs(row.finished_at),
          live: false,
        });
      }
    }
    return points;
  }

  /**
   * Re-derives the facts that these change points may have changed, from the stored events.
   *
   * A partition is one entity's deployments to one environment. From analyzeDeployments
   * (see doraFacts.ts), a change at instant c changes only the facts of the partition's
   * deployments finished at or after c, and, for a deployment moved or added, a rollback
   * target and an incident naming no deployment, of the deployment live at c (the last
   * successful one finished at or before c, or for a deployment, before it). So each
   * partition is re-derived from T, the earliest such finish, and the facts of its
   * deployments finished at or after T are replaced: computed by the engine from exactly the
   * events that decide them (loadDoraEvents over `[T, ∞)`, the same narrowing that
   * listDoraEvents.test.ts holds to the whole history), plus the incidents of other
   * entities naming the partition's deployments.
   *
   * Set-based per write: the instants live at the change points are found in one statement,
   * the partitions of one environment whose T are close are loaded together (one
   * loadDoraEvents over their entities from their earliest T: the facts of every loaded
   * deployment from there on are exact, so all of them are replaced), and the old facts are
   * deleted and the new ones inserted a few statements per table for the whole write.
   *
   * Every delete runs before any insert: a deployment that moved to another environment is
   * among the points by its old place too (the writer's `changePoints` before the write), so
   * its old row goes with its old partition's range; any other row of a derived deployment
   * is looked for by id and deleted too (concurrent writers, below).
   */
  async rederive(tx: Knex.Transaction, points: readonly ChangePoint[]) {
    const byPartition = new Map<string, Partition>();
    for (const point of points) {
      const key = JSON.stringify([point.entityRef, point.environment]);
      const partition = byPartition.get(key) ?? {
        entityRef: point.entityRef,
        environment: point.environment,
        fromMs: Infinity,
        liveMs: Infinity,
      };
      if (point.live) {
        partition.liveMs = Math.min(partition.liveMs, point.atMs);
      } else {
        partition.fromMs = Math.min(partition.fromMs, point.atMs);
      }
      byPartition.set(key, partition);
    }
    const partitions = [...byPartition.values()];
    if (partitions.length === 0) {
      return;
    }
    await this.lock(
      tx,
      partitions.map(p => p.entityRef),
    );
    await this.resolveLive(
      tx,
      partitions.filter(p => Number.isFinite(p.liveMs)),
    );
    const groups = groupPartitions(partitions);
    const foreign = await this.foreignIncidents(tx, groups);
    const facts: DeploymentFacts[] = [];
    for (const group of groups) {
      const refs = new Set(group.entityRefs);
      facts.push(
        ...(await this.deriveGroup(
          tx,
          group,
          foreign.filter(
            ({ named }) =>
              named.environment === group.environment &&
              refs.has(named.entity_ref),
          ),
        )),
      );
    }
    await this.together(
      tx,
      FACT_TABLES.flatMap(table =>
        [...chunks(groups, GROUPS_PER_DELETE)].map(round =>
          tx(table)
            .where(q => {
              for (const group of round) {
                q.orWhere(branch =>
                  branch
                    .where('environment', group.environment)
                    .whereIn('entity_ref', group.entityRefs)
                    .where('finished_at_ms', '>=', group.fromMs),
                );
              }
            })
            .delete(),
        ),
      ),
    );
    // A derived deployment's row outside the ranges deleted: one stored elsewhere before (on
    // PostgreSQL another writer may have stored the same new id meanwhile, in another
    // environment, which is then not among the points by its old place). Looked up by the
    // primary key: every fact row has its deployment's row in dora_deployment_facts.
    const stale: Array<{ deployment_id: string; entity_ref: string }> = [];
    for (const ids of chunks(facts.map(f => f.id))) {
      stale.push(
        ...(await tx('dora_deployment_facts')
          .whereIn('deployment_id', ids)
          .select('deployment_id', 'entity_ref')),
      );
    }
    if (stale.length > 0) {
      await this.together(
        tx,
        FACT_TABLES.flatMap(table =>
          [...chunks(stale)].map(rows =>
            tx(table)
              .whereIn('entity_ref', [...new Set(rows.map(r => r.entity_ref))])
              .whereIn(
                'deployment_id',
                rows.map(r => r.deployment_id),
              )
              .delete(),
          ),
        ),
      );
    }
    await this.insert(tx, facts);
  }

  /**
   * Moves each partition's `fromMs` back to the finish of the deployment live at its `liveMs`
   * (the last successful one finished before it), in one statement per round of partitions.
   */
  private async resolveLive(tx: Knex.Transaction, partitions: Partition[]) {
    const postgres = isPostgres(this.db);
    for (const round of chunks(
      partitions,
      postgres ? VALUES_PER_LOOKUP : PARTITIONS_PER_LOOKUP,
    )) {
      const live = (entityRef: Knex.Raw, environment: Knex.Raw, at: Knex.Raw) =>
        tx('deployments as d')
          .where('d.entity_ref', entityRef)
          .where('d.environment', environment)
          .where('d.status', 'succeeded')
          .where('d.finished_at', '<', at)
          .max('d.finished_at');
      let rows: Array<{ k: number | string; finished_at: Timestamp | null }>;
      if (postgres) {
        // One correlated look-up per partition, through the deployments' window index.
        rows = await tx
          .from(
            tx.raw(
              'unnest(?::text[], ?::text[], ?::text[]) with ordinality as p(entity_ref, environment, live, n)',
              [
                textArrayLiteral(round.map(p => p.entityRef)),
                textArrayLiteral(round.map(p => p.environment)),
                textArrayLiteral(
                  round.map(p => new Date(p.liveMs).toISOString()),
                ),
              ],
            ),
          )
          .select(
            tx.raw('p.n - 1 as k'),
            instantAs(
              this.db,
              live(
                tx.raw('p.entity_ref'),
                tx.raw('p.environment'),
                tx.raw('p.live::timestamptz'),
              ),
              'finished_at',
            ),
          );
      } else {
        const branches = round.map((partition, index) =>
          tx
            .select(
              tx.raw('cast(? as integer) as k', [index]),
              instantAs(
                this.db,
                live(
                  tx.raw('?', [partition.entityRef]),
                  tx.raw('?', [partition.environment]),
                  tx.raw('?', [new Date(partition.liveMs)]),
                ),
                'finished_at',
              ),
            )
            .toSQL(),
        );
        // One statement: the branches' SQL joined, with their bindings in order (toQuery
        // would inline the instants as text, which SQLite compares as greater than its ms).
        rows = await tx.raw(
          branches.map(branch => branch.sql).join(' union all '),
          branches.flatMap(branch => [...branch.bindings]),
        );
      }
      for (const row of rows) {
        const partition = round[Number(row.k)];
        const liveMs =
          row.finished_at === null || row.finished_at === undefined
            ? BEGINNING_MS
            : toMs(row.finished_at);
        partition.fromMs = Math.min(partition.fromMs, liveMs);
      }
    }
  }

  /**
   * The incidents of an environment naming deployments of other entities, for every group
   * at once (one statement per round of partitions), each with the deployment it names.
   */
  private async foreignIncidents(
    tx: Knex.Transaction,
    groups: PartitionGroup[],
  ): Promise<Array<{ incident: IncidentRow; named: DeploymentRow }>> {
    const pairs = groups.flatMap(group =>
      group.entityRefs.map(ref => [group.environment, ref]),
    );
    const result: Array<{ incident: IncidentRow; named: DeploymentRow }> = [];
    // The named deployment's columns, as deploymentColumns selects them, prefixed.
    const named = [
      ...DEPLOYMENT_PLAIN_COLUMNS.map(
        column => `d.${column} as named_${column}`,
      ),
      instantAs(this.db, this.db.ref('d.started_at'), 'named_started_at'),
      instantAs(this.db, this.db.ref('d.finished_at'), 'named_finished_at'),
    ];
    for (const round of chunks(pairs, VALUES_PER_LOOKUP / 2)) {
      const rows: Array<Record<string, unknown>> = await tx('incidents as i')
        .join('deployments as d', 'd.id', 'i.deployment_id')
        .whereIn(['d.environment', 'd.entity_ref'], round)
        .whereRaw('?? = ??', ['i.environment', 'd.environment'])
        .whereRaw('?? <> ??', ['i.entity_ref', 'd.entity_ref'])
        .select(...incidentColumns(this.db, 'i'), ...named);
      for (const row of rows) {
        const incident: Record<string, unknown> = {};
        const deployment: Record<string, unknown> = {};
        for (const [key, value] of Object.entries(row)) {
          if (key.startsWith('named_')) {
            deployment[key.slice('named_'.length)] = value;
          } else {
            incident[key] = value;
          }
        }
        result.push({
          incident: incident as unknown as IncidentRow,
          named: deployment as unknown as DeploymentRow,
        });
      }
    }
    return result;
  }

  /**
   * The facts of a group's deployments finished at or after its `fromMs`, from the events
   * that decide them: its entities' events over `[fromMs, ∞)` (loadDoraEvents) and the
   * incidents of other entities naming their deployments, with the deployments those name.
   */
  private async deriveGroup(
    tx: Knex.Transaction,
    group: PartitionGroup,
    foreign: Array<{ incident: IncidentRow; named: DeploymentRow }>,
  ): Promise<DeploymentFacts[]> {
    const { environment, entityRefs, fromMs } = group;
    const loaded = await loadDoraEvents(new DatabaseDoraReader(tx), {
      entityRefs,
      environment,
      from: new Date(fromMs),
      to: new Date(END_MS),
    });
    const known = new Set(loaded.deployments.map(d => d.id));
    const named = new Map<string, DeploymentRow>();
    for (const { named: row } of foreign) {
      if (!known.has(row.id)) {
        named.set(row.id, row);
      }
    }
    const inGroup = new Set(entityRefs);
    return deriveDoraFacts({
      deployments: [
        ...loaded.deployments,
        ...[...named.values()].map(row => ({
          ...toDeploymentEvent(row, []),
          commits: [],
        })),
      ],
      incidents: [
        ...loaded.incidents,
        ...foreign.map(({ incident }) => toIncidentEvent(incident)),
      ],
      attributionWindowMs: this.options.attributionWindowHours * HOUR_MS,
    }).filter(
      f =>
        inGroup.has(f.entityRef) &&
        f.environment === environment &&
        f.finishedAtMs >= fromMs,
    );
  }

  /**
   * Writers of one entity derive in turn (PostgreSQL), taking the locks in a fixed order (no
   * lock cycle), in one statement.
   */
  private async lock(tx: Knex.Transaction, entityRefs: string[]) {
    if (isPostgres(this.db)) {
      const keys = [...new Set(entityRefs)]
        .sort()
        .map(entityRef => `delivery-dora-facts ${entityRef}`);
      await tx.raw(
        `select count(pg_advisory_xact_lock(hashtext(k.key))) from
           (select key from unnest(?::text[]) with ordinality as u(key, n)
            order by n offset 0) as k`,
        [textArrayLiteral(keys)],
      );
    }
  }

  /** Re-derives every fact of these entities from all their stored events. */
  async rederiveEntities(tx: Knex.Transaction, entityRefs: Iterable<string>) {
    const sorted = [...new Set(entityRefs)].sort();
    await this.lock(tx, sorted);
    for (const round of chunks(sorted, ENTITIES_PER_ROUND)) {
      const facts = deriveDoraFacts({
        ...(await this.eventsOf(tx, round)),
        attributionWindowMs: this.options.attributionWindowHours * HOUR_MS,
      });
      for (const table of FACT_TABLES) {
        await tx(table).whereIn('entity_ref', round).delete();
      }
      await this.insert(tx, facts);
    }
  }

  /** Whether the stored model was built with this attribution window. */
  async isCurrent(): Promise<boolean> {
    const row = await this.db('dora_read_model')
      .where('key', 'attributionWindowHours')
      .first();
    return row?.value === String(this.options.attributionWindowHours);
  }

  /**
   * Whether reads may aggregate the model: it is built for this attribution window. Until
   * then (a rebuild in progress, here or on another replica) reads run the engine on the
   * events; the stored state is looked at again at most every {@link READY_RECHECK_MS}.
   */
  async isReady(): Promise<boolean> {
    if (this.ready) {
      return true;
    }
    const now = Date.now();
    if (now - this.checkedAtMs >= READY_RECHECK_MS) {
      this.checkedAtMs = now;
      this.ready = await this.isCurrent();
    }
    return this.ready;
  }

  /**
   * Called at start: whether the model needs a rebuild (see {@link rebuild}). A database
   * without deployments needs none (a fresh installation), so it is marked built at once.
   */
  async needsRebuild(): Promise<boolean> {
    if (await this.isCurrent()) {
      this.ready = true;
      return false;
    }
    if (!(await this.db('deployments').first('id'))) {
      await this.markCurrent();
      this.ready = true;
      return false;
    }
    return true;
  }

  /**
   * Rebuilds the whole read model from the raw events (after a change of its definition or
   * of the attribution window, or when it is switched on for stored events). Reads use the
   * engine until it is done; ingestion goes on meanwhile and keeps deriving what it writes.
   * Each entity is derived anew from all its events under its lock, a few entities per
   * transaction, so a write waits for at most one short transaction and whatever it derived
   * before its entity's turn is replaced by the whole entity's facts.
   */
  async rebuild(): Promise<{ entities: number }> {
    this.ready = false;
    const entityRefs: string[] = (
      await this.db('deployments').distinct('entity_ref')
    ).map((row: { entity_ref: string }) => row.entity_ref);
    await this.db.transaction(async tx => {
      await tx('dora_read_model')
        .where('key', 'attributionWindowHours')
        .delete();
      for (const table of FACT_TABLES) {
        await tx(table).delete();
      }
    });
    for (const round of chunks(entityRefs, ENTITIES_PER_REBUILD_TRANSACTION)) {
      await this.db.transaction(tx => this.rederiveEntities(tx, round));
    }
    // Only once every entity is derived: an interrupted rebuild runs again at the next start.
    await this.markCurrent();
    this.ready = true;
    return { entities: entityRefs.length };
  }

  private async markCurrent() {
    await this.db('dora_read_model')
      .insert({
        key: 'attributionWindowHours',
        value: String(this.options.attributionWindowHours),
      })
      .onConflict('key')
      .merge();
  }

  /** Every stored row, in a stable order (tests compare rebuilt and incremental models). */
  async dump(): Promise<Record<string, unknown[]>> {
    const dump: Record<string, unknown[]> = {};
    for (const table of FACT_TABLES) {
      const rows: Array<Record<string, unknown>> = await this.db(
        table,
      ).select();
      dump[table] = rows
        .map(row =>
          Object.fromEntries(
            Object.entries(row)
              .sort(([a], [b]) => (a < b ? -1 : 1))
              .map(([key, value]) => [key, normalizeValue(key, value)]),
          ),
        )
        .map(row => JSON.stringify(row))
        .sort();
    }
    return dump;
  }

  /** The metrics of a scope's window, aggregated in SQL over the read model. */
  async metrics(
    query: DoraFactsQuery,
    benchmark: DoraBenchmarkSet,
  ): Promise<DoraMetrics> {
    const refs = [...new Set(query.entityRefs)];
    const empty = summarize([], query.toMs - query.fromMs, benchmark);
    if (refs.length === 0) {
      return empty;
    }
    return (
      (await this.aggregate(query, refs, 'all', benchmark)).get(ALL) ?? empty
    );
  }

  /**
   * Each entity's own metrics over the window (as its own {@link metrics}: only its own
   * incidents count), in one round of statements grouped by entity.
   */
  async metricsPerEntity(
    query: DoraFactsQuery,
    benchmark: DoraBenchmarkSet,
  ): Promise<Map<string, DoraMetrics>> {
    const refs = [...new Set(query.entityRefs)];
    const result = new Map<string, DoraMetrics>();
    if (refs.length === 0) {
      return result;
    }
    const grouped = await this.aggregate(query, refs, 'entity', benchmark);
    for (const ref of refs) {
      result.set(
        ref,
        grouped.get(ref) ?? summarize([], query.toMs - query.fromMs, benchmark),
      );
    }
    return result;
  }

  /**
   * A scope's metrics per bucket of the window (a series): `buckets` cover `[fromMs, toMs)`
   * in order, one after the other; each bucket's deployments are judged as of `asOfMs`
   * (the series' end), and its frequency is measured over its own length.
   */
  async metricsPerBucket(
    query: DoraFactsQuery,
    buckets: ReadonlyArray<{ fromMs: number; toMs: number }>,
    benchmark: DoraBenchmarkSet,
  ): Promise<DoraMetrics[]> {
    const metricsOf = await this.aggregateBuckets(
      query,
      buckets,
      benchmark,
      false,
    );
    return buckets.map((_, index) => metricsOf(index));
  }

  /**
   * Each entity's own metrics (as {@link metricsPerEntity}) per bucket of the window, all in
   * the one round of statements that a single window takes: `buckets` as in
   * {@link metricsPerBucket}. The overview's window and the one before it are two buckets.
   */
  async metricsPerEntityPerBucket(
    query: DoraFactsQuery,
    buckets: ReadonlyArray<{ fromMs: number; toMs: number }>,
    benchmark: DoraBenchmarkSet,
  ): Promise<Map<string, DoraMetrics[]>> {
    const metricsOf = await this.aggregateBuckets(
      query,
      buckets,
      benchmark,
      true,
    );
    return new Map(
      [...new Set(query.entityRefs)].map(ref => [
        ref,
        buckets.map((_, index) => metricsOf(index, ref)),
      ]),
    );
  }

  /**
   * {@link aggregate} over buckets of the window, of the scope or of each entity: answers the
   * metrics of bucket `index` (of the entity `ref`), empty ones where nothing was deployed.
   */
  private async aggregateBuckets(
    query: DoraFactsQuery,
    buckets: ReadonlyArray<{ fromMs: number; toMs: number }>,
    benchmark: DoraBenchmarkSet,
    perEntity: boolean,
  ): Promise<(index: number, ref?: string) => DoraMetrics> {
    const refs = [...new Set(query.entityRefs)];
    const durationOf = (index: number) =>
      buckets[index].toMs - buckets[index].fromMs;
    const grouped =
      refs.length === 0 || buckets.length === 0
        ? new Map<string, DoraMetrics>()
        : await this.aggregate(
            query,
            refs,
            { bucketEndsMs: buckets.slice(0, -1).map(b => b.toMs), perEntity },
            benchmark,
            // The key starts with the bucket's index (then the entity's ref, per entity).
            group => durationOf(Number(group.split(BUCKET_SEPARATOR)[0])),
          );
    return (index, ref) =>
      grouped.get(
        ref === undefined ? String(index) : `${index}${BUCKET_SEPARATOR}${ref}`,
      ) ?? summarize([], durationOf(index), benchmark);
  }

  /**
   * Each entity's last successful deployment to the environment that finished before `toMs`
   * (the smallest id among those finished at the same instant), as the overview shows it.
   */
  async lastDeployments(
    query: DoraFactsQuery,
  ): Promise<Map<string, DeploymentRow>> {
    const { db } = this;
    const refs = [...new Set(query.entityRefs)];
    const latest = new Map<string, DeploymentRow>();
    if (refs.length === 0) {
      return latest;
    }
    // Per entity, a backward scan of the facts' window index finds its last finish (the
    // facts are the successful deployments), so the cost is one index probe per entity
    // however long its history; a group-by over the deployments read all of it.
    const lastFinish = db('dora_deployment_facts as x')
      .whereRaw('?? = ??', ['x.entity_ref', 'r.entity_ref'])
      .where('x.environment', query.environment)
      .where('x.finished_at_ms', '<', query.toMs)
      .max('x.finished_at_ms');
    const rows: DeploymentRow[] = await db
      .from(
        db
          .from(entityRefTable(db, refs, 'r'))
          .select('r.entity_ref', lastFinish.as('last'))
          .as('l'),
      )
      .join('dora_deployment_facts as f', join =>
        join
          .on('f.entity_ref', 'l.entity_ref')
          .andOn('f.environment', db.raw('?', [query.environment]))
          .andOn('f.finished_at_ms', 'l.last'),
      )
      .join('deployments as d', 'd.id', 'f.deployment_id')
      .select(deploymentColumns(db, 'd'));
    for (const row of rows) {
      const known = latest.get(row.entity_ref);
      if (!known || row.id < known.id) {
        latest.set(row.entity_ref, row);
      }
    }
    return latest;
  }

  /**
   * The window's metrics per group: the whole scope (`all`, key {@link ALL}), each entity
   * (`entity`: only its own incidents count) or each bucket of the window (`buckets`, keyed
   * by index: the deployments finished before the first end are bucket 0, and so on).
   */
  private async aggregate(
    query: DoraFactsQuery,
    refs: string[],
    grouping: 'all' | 'entity' | Buckets,
    benchmark: DoraBenchmarkSet,
    durationMsOf: (group: string) => number = () => query.toMs - query.fromMs,
  ): Promise<Map<string, DoraMetrics>> {
    const { db } = this;
    const perEntity =
      grouping === 'entity' ||
      (typeof grouping === 'object' && grouping.perEntity === true);
    const group = (alias: string) => {
      if (grouping === 'entity') {
        return db.raw('?? as g', [`${alias}.entity_ref`]);
      }
      if (grouping === 'all') {
        return db.raw(`'${ALL}' as g`);
      }
      const bucket = bucketIndex(db, `${alias}.finished_at_ms`, grouping);
      return grouping.perEntity
        ? db.raw(`${bucket} || '${BUCKET_SEPARATOR}' || ?? as g`, [
            `${alias}.entity_ref`,
          ])
        : db.raw(`${bucket} as g`);
    };
    const outcomes = () => this.deploymentOutcomes(query, refs, perEntity);
    const counts = (q: Knex.QueryBuilder) =>
      q
        .groupBy('t.g')
        .select(
          't.g',
          db.raw('count(*) as deployments'),
          db.raw('coalesce(sum(??), 0) as failed', ['t.failed']),
          db.raw('coalesce(sum(??), 0) as rework', ['t.rework']),
          db.raw('coalesce(sum(??), 0) as open', ['t.open']),
        );
    let leadTimes: Map<string, Quantiles>;
    let recoveries: Map<string, Quantiles>;
    let totals: TotalsRow[];
    if (isPostgres(db)) {
      // The window's outcomes are read once: their counts and the recovery quantiles come
      // from the same rows (percentile_cont ignores the deployments without a recovery).
      let rows: Array<TotalsRow & QuantileRow>;
      [leadTimes, rows] = await Promise.all([
        perEntity
          ? this.leadTimesPerEntityPostgres(
              query,
              refs,
              typeof grouping === 'object' ? grouping : undefined,
            )
          : this.quantiles(
              db('dora_lead_times as l')
                .modify(q => this.window(q, 'l', query, refs))
                .select(group('l'), db.raw('?? as v', ['l.seconds'])),
              refs.length,
            ),
        readWithoutJit<Array<TotalsRow & QuantileRow>>(
          db,
          counts(
            db.from(
              outcomes()
                .select(
                  group('o'),
                  'o.failed',
                  'o.rework',
                  'o.open',
                  'o.recovery',
                )
                .as('t'),
            ),
          ).select(...percentileColumns(db, 't.recovery')),
          refs.length,
        ),
      ]);
      totals = rows;
      recoveries = quantileMap(rows);
    } else {
      [leadTimes, recoveries, totals] = await Promise.all([
        this.quantiles(
          db('dora_lead_times as l')
            .modify(q => this.window(q, 'l', query, refs))
            .select(group('l'), db.raw('?? as v', ['l.seconds'])),
          refs.length,
        ),
        this.quantiles(
          outcomes()
            .whereNotNull('o.recovery')
            .select(group('o'), db.raw('?? as v', ['o.recovery'])),
          refs.length,
        ),
        counts(
          db.from(
            outcomes()
              .select(group('o'), 'o.failed', 'o.rework', 'o.open')
              .as('t'),
          ),
        ),
      ]);
    }
    const noSamples: Quantiles = { samples: 0, median: null, p90: null };
    const result = new Map<string, DoraMetrics>();
    for (const row of totals) {
      result.set(
        row.g,
        // The engine's own arithmetic from the counts: the same shapes, levels and rates.
        metricsFromTotals(
          {
            deployments: Number(row.deployments),
            failed: Number(row.failed),
            rework: Number(row.rework),
            openIncidents: Number(row.open),
            leadTimes: leadTimes.get(row.g) ?? noSamples,
            recoveries: recoveries.get(row.g) ?? noSamples,
          },
          durationMsOf(row.g),
          benchmark,
        ),
      );
    }
    return result;
  }

  /**
   * One row per deployment of the window (with its entity_ref): failed, recovery seconds,
   * open incidents, rework. Incidents count when of an entity of the scope, or with
   * `perEntity` of the deployment's own entity.
   */
  private deploymentOutcomes(
    query: DoraFactsQuery,
    refs: string[],
    perEntity: boolean,
  ) {
    const { db } = this;
    const double = isPostgres(db) ? 'double precision' : 'real';
    const asOfMs = Math.max(query.asOfMs ?? query.toMs, query.toMs);
    const inScope = (q: Knex.QueryBuilder, alias: string) =>
      perEntity
        ? q.whereRaw('?? = ??', [
            `${alias}.incident_entity_ref`,
            `${alias}.entity_ref`,
          ])
        : q.whereIn(`${alias}.incident_entity_ref`, refs);
    const blames = db('dora_blames as b')
      .modify(q => this.window(q, 'b', query, refs))
      .where('b.opened_at_ms', '<', asOfMs)
      .modify(q => inScope(q, 'b'))
      .groupBy('b.deployment_id')
      .select(
        'b.deployment_id',
        db.raw('count(*) as blames'),
        db.raw(
          'sum(case when ?? is null then 1 else 0 end) as open',
          'b.resolved_at_ms',
        ),
        db.raw('min(??) as opened', 'b.opened_at_ms'),
        db.raw('max(??) as resolved', 'b.resolved_at_ms'),
      );
    const rework = db('dora_rework_causes as r')
      .modify(q => this.window(q, 'r', query, refs))
      .modify(q => inScope(q, 'r'))
      .distinct('r.deployment_id');
    const rolledBack = db.raw('(?? is not null and ?? < ?)', [
      'f.rolled_back_at_ms',
      'f.rolled_back_at_ms',
      asOfMs,
    ]);
    const outcomes = db('dora_deployment_facts as f')
      .modify(q => this.window(q, 'f', query, refs))
      .leftJoin(blames.as('b'), 'b.deployment_id', 'f.deployment_id')
      .leftJoin(rework.as('r'), 'r.deployment_id', 'f.deployment_id')
      .select(
        'f.entity_ref',
        'f.finished_at_ms',
        db.raw(
          `case when ?? is not null or ${rolledBack.toQuery()} then 1 else 0 end as failed`,
          ['b.deployment_id'],
        ),
        db.raw(
          `case when ?? is not null then
             case when ?? = 0 and ?? >= ?? then cast(?? - ?? as ${double}) / 1000 end
           when ${rolledBack.toQuery()} then cast(?? - ?? as ${double}) / 1000 end as recovery`,
          [
            'b.deployment_id',
            'b.open',
            'b.resolved',
            'b.opened',
            'b.resolved',
            'b.opened',
            'f.rolled_back_at_ms',
            'f.finished_at_ms',
          ],
        ),
        db.raw('coalesce(??, 0) as open', ['b.open']),
        db.raw('case when ?? or ?? is not null then 1 else 0 end as rework', [
          'f.rework_always',
          'r.deployment_id',
        ]),
      );
    return db.from(outcomes.as('o'));
  }

  /**
   * PostgreSQL: each entity's lead-time quantiles over the window, one index range scan and
   * one small sort per entity. Grouping the whole scope's rows by entity sorted them all
   * first (a sort that spilled to disk for an organisation's 90 days), which took twice as
   * long.
   */
  private async leadTimesPerEntityPostgres(
    query: DoraFactsQuery,
    refs: string[],
    /** Each entity's quantiles per bucket, keyed as {@link aggregate} keys them. */
    buckets?: Buckets,
  ): Promise<Map<string, Quantiles>> {
    const { db } = this;
    const bucket = buckets && bucketIndex(db, 'l.finished_at_ms', buckets);
    const samples = db('dora_lead_times as l')
      .whereRaw('?? = ??', ['l.entity_ref', 'r.entity_ref'])
      .where('l.environment', query.environment)
      .where('l.finished_at_ms', '>=', query.fromMs)
      .where('l.finished_at_ms', '<', query.toMs)
      .modify(q => {
        if (bucket) q.select(db.raw(`${bucket} as b`)).groupByRaw(bucket);
      })
      .select(...percentileColumns(db, 'l.seconds'))
      .toSQL();
    return quantileMap(
      await readWithoutJit<QuantileRow[]>(
        db,
        db
          .from(entityRefTable(db, refs, 'r'))
          .joinRaw(`cross join lateral (${samples.sql}) as q`, [
            ...samples.bindings,
          ])
          .select(
            bucket
              ? db.raw(`q.b || '${BUCKET_SEPARATOR}' || ?? as g`, [
                  'r.entity_ref',
                ])
              : db.raw('?? as g', ['r.entity_ref']),
            'q.n',
            'q.median',
            'q.p90',
          ),
        refs.length,
      ),
    );
  }

  private window(
    query: Knex.QueryBuilder,
    alias: string,
    window: DoraFactsQuery,
    refs: string[],
  ) {
    query
      .whereIn(`${alias}.entity_ref`, refs)
      .where(`${alias}.environment`, window.environment)
      .where(`${alias}.finished_at_ms`, '>=', window.fromMs)
      .where(`${alias}.finished_at_ms`, '<', window.toMs);
  }

  /**
   * Count, median and p90 of the `v` column of `samples` per group `g` (groups without
   * samples are absent): PostgreSQL's percentile_cont; on SQLite the two ranks each
   * quantile interpolates between, by row_number, interpolated here exactly as
   * statistics.ts does. `entities`: how many entities the samples are of.
   */
  private async quantiles(
    samples: Knex.QueryBuilder,
    entities: number,
  ): Promise<Map<string, Quantiles>> {
    const { db } = this;
    const result = new Map<string, Quantiles>();
    if (isPostgres(db)) {
      return quantileMap(
        await readWithoutJit<QuantileRow[]>(
          db,
          db
            .from(samples.as('s'))
            .groupBy('s.g')
            .select('s.g', ...percentileColumns(db, 's.v')),
          entities,
        ),
      );
    }
    const ranked = db
      .from(samples.as('s'))
      .select(
        's.g',
        's.v',
        db.raw('row_number() over (partition by ?? order by ??) - 1 as r', [
          's.g',
          's.v',
        ]),
        db.raw('count(*) over (partition by ??) as n', ['s.g']),
      );
    // h = (n - 1) * p; the values at floor(h) and ceil(h).
    const rank = (p: number, bound: 'floor' | 'ceil') =>
      bound === 'floor'
        ? `cast((n - 1) * ${p} as integer)`
        : `(cast((n - 1) * ${p} as integer) + case when (n - 1) * ${p} > cast((n - 1) * ${p} as integer) then 1 else 0 end)`;
    const pick = (p: number, bound: 'floor' | 'ceil') =>
      db.raw(`max(case when r = ${rank(p, bound)} then v end) as ??`, [
        `${bound}${p * 10}`,
      ]);
    const rows: Array<Record<string, string | number>> = await db
      .from(ranked.as('k'))
      .groupBy('k.g')
      .select(
        'k.g',
        db.raw('max(n) as n'),
        pick(0.5, 'floor'),
        pick(0.5, 'ceil'),
        pick(0.9, 'floor'),
        pick(0.9, 'ceil'),
      );
    for (const row of rows) {
      const n = Number(row.n);
      const interpolate = (p: number) => {
        const h = (n - 1) * p;
        const low = Number(row[`floor${p * 10}`]);
        const high = Number(row[`ceil${p * 10}`]);
        return low + (h - Math.floor(h)) * (high - low);
      };
      result.set(String(row.g), {
        samples: n,
        median: interpolate(0.5),
        p90: interpolate(0.9),
      });
    }
    return result;
  }

  private async eventsOf(tx: Knex.Transaction, entityRefs: string[]) {
    const deploymentRows: DeploymentRow[] = await tx('deployments as d')
      .whereIn('d.entity_ref', entityRefs)
      .select(deploymentColumns(this.db, 'd'));
    const commitRows: CommitRow[] = await tx('deployment_commits as c')
      .join('deployments as d', 'd.id', 'c.deployment_id')
      .whereIn('d.entity_ref', entityRefs)
      .select(commitColumns(this.db, 'c'));
    const incidentRows: IncidentRow[] = await tx('incidents as i')
      .whereIn('i.entity_ref', entityRefs)
      .orWhereIn(
        'i.deployment_id',
        tx('deployments').whereIn('entity_ref', entityRefs).select('id'),
      )
      .select(incidentColumns(this.db, 'i'));
    const commitsOf = groupCommits(commitRows);
    return {
      deployments: deploymentRows.map(row =>
        toDeploymentEvent(row, commitsOf.get(row.id) ?? []),
      ),
      incidents: incidentRows.map(toIncidentEvent),
    };
  }

  private async insert(tx: Knex.Transaction, facts: DeploymentFacts[]) {
    const base = (f: DeploymentFacts) => ({
      deployment_id: f.id,
      entity_ref: f.entityRef,
      environment: f.environment,
      finished_at_ms: f.finishedAtMs,
    });
    const rows: Record<string, Array<Record<string, unknown>>> = {
      dora_deployment_facts: facts.map(f => ({
        ...base(f),
        rolled_back_at_ms: f.rolledBackAtMs,
        rework_always: f.reworkAlways,
      })),
      dora_lead_times: facts.flatMap(f =>
        f.leadTimeSeconds.map(seconds => ({ ...base(f), seconds })),
      ),
      dora_blames: facts.flatMap(f =>
        f.blames.map(b => ({
          ...base(f),
          incident_id: b.incidentId,
          incident_entity_ref: b.incidentEntityRef,
          opened_at_ms: b.openedAtMs,
          resolved_at_ms: b.resolvedAtMs,
        })),
      ),
      dora_rework_causes: facts.flatMap(f =>
        f.reworkIncidentEntities.map(entity => ({
          ...base(f),
          incident_entity_ref: entity,
        })),
      ),
    };
    if (isPostgres(this.db)) {
      // One statement for every row of every table, each column bound as one array.
      const inserts: Knex.QueryBuilder[] = [];
      for (const [table, tableRows] of Object.entries(rows)) {
        if (tableRows.length > 0) {
          inserts.push(
            tx(table).insert(
              (await unnestRows(this.db, table, tableRows, tx)).raw,
            ),
          );
        }
      }
      await this.together(tx, inserts);
      return;
    }
    for (const [table, tableRows] of Object.entries(rows)) {
      for (const batch of chunks(tableRows, ROWS_PER_INSERT)) {
        await tx(table).insert(batch);
      }
    }
  }

  /**
   * Runs writes that do not depend on one another: on PostgreSQL as few statements as the
   * bind limit allows (each write a data-modifying WITH of one statement, which PostgreSQL
   * runs whether the statement reads it or not), on SQLite one by one.
   */
  private async together(tx: Knex.Transaction, writes: Knex.QueryBuilder[]) {
    if (!isPostgres(this.db)) {
      for (const write of writes) {
        await write;
      }
      return;
    }
    let parts: string[] = [];
    let bindings: unknown[] = [];
    const flush = async () => {
      if (parts.length > 0) {
        await tx.raw(
          `with ${parts
            .map((part, index) => `w${index} as (${part})`)
            .join(', ')} select 1`,
          bindings as Knex.RawBinding[],
        );
      }
      parts = [];
      bindings = [];
    };
    for (const write of writes) {
      const sql = write.toSQL();
      if (bindings.length + sql.bindings.length > BINDS_PER_STATEMENT) {
        await flush();
      }
      parts.push(sql.sql);
      bindings.push(...sql.bindings);
    }
    await flush();
  }
}

/** Database values as one form on both databases (bigints come back as strings on PostgreSQL). */
function normalizeValue(key: string, value: unknown): unknown {
  if (value === null || value === undefined) {
    return null;
  }
  if (key.endsWith('_ms') || key === 'seconds') {
    return Number(value);
  }
  if (key === 'rework_always') {
    return Boolean(value);
  }
  return value;
}
