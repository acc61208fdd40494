/*
 * Ingestion and DORA benchmark, on SQLite and on PostgreSQL: for each database, in a fresh
 * process, it starts this plugin in a backend of its own (mock auth, a mock catalog of
 * BENCH_SERVICES components in groups of 50) on a fresh database, seeds one year of synthetic
 * history through POST /events, then times GET /dora over 90 days for one service and for a
 * group of 50, beside the bare SQL aggregate over the same rows, and prints a summary.
 *
 *   yarn bench                                  # both databases, 1,000,000 events, 500 services
 *   yarn bench --database sqlite                # one database
 *   BENCH_EVENTS=100000 yarn bench              # a quicker run
 *   BENCH_EVENTS=10000000 BENCH_CLIENTS=4 yarn bench --database postgres   # ten million
 *   BENCH_EVENTS=2000000 BENCH_YEARS=10 yarn bench --database postgres  # 200,000 a year, 10 years
 *
 * The history is generated as it is posted (no array of every event). BENCH_CLIENTS (default
 * 1) clients post at once, each taking the next batch.
 *
 * SQLite: a file in a temporary directory (as the embedded default), removed afterwards.
 * PostgreSQL: BENCH_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432), the database
 * runway_bench_delivery, dropped before and after the run. BENCH_KEEP=1 keeps it afterwards;
 * BENCH_REUSE=1 then times the requests again on it without seeding (no ingestion figures):
 *
 *   BENCH_KEEP=1 yarn bench --database postgres               # seed once, keep the data
 *   BENCH_KEEP=1 BENCH_REUSE=1 yarn bench --database postgres # time the reads again
 *
 * The DORA read model (delivery.dora.readModel) is as the plugin's default: on with
 * PostgreSQL, off with SQLite; BENCH_READ_MODEL=1 or 0 sets it for both. With it on,
 * ingestion also derives it, /dora and /overview aggregate it in SQL, and the read model's
 * own SQL (the store's aggregate called directly, without HTTP) is timed beside the bare SQL.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import knexFactory, { Knex } from 'knex';
import { DatabaseDoraFacts } from '../src/database/DatabaseDoraFacts';
import {
  DEFAULT_INCIDENT_ATTRIBUTION_WINDOW_HOURS,
  getBenchmarkSet,
} from '../src/dora';
import {
  END,
  group,
  GROUP_SIZE,
  ORGANISATION,
  service,
  syntheticBatches,
} from './syntheticHistory';
import { startSyntheticBackend } from './syntheticBackend';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
/**
 * Years the history spans (default 1). With BENCH_EVENTS grown in proportion the density stays
 * the same and only the history grows longer: the reads of the last 90 days should not change.
 */
const YEARS = Number(process.env.BENCH_YEARS ?? 1);
const SERVICES = Number(process.env.BENCH_SERVICES ?? 500);
const POSTGRES_URL =
  process.env.BENCH_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432';
/** Inside the ports this benchmark may use (7120-7129). */
const PORT = Number(process.env.BENCH_PORT ?? 7120);
const REUSE = Boolean(process.env.BENCH_REUSE);
/** delivery.dora.readModel; undefined: the plugin's default for the database. */
const READ_MODEL =
  process.env.BENCH_READ_MODEL === undefined
    ? undefined
    : process.env.BENCH_READ_MODEL === '1';
const DATABASES = ['sqlite', 'postgres'] as const;
type DatabaseKind = (typeof DATABASES)[number];
const DATABASE_PREFIX = 'runway_bench_';
const BATCH = 1000;
/** Clients posting at once (the issue's ingest target allows up to 4). */
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 1);
const SAMPLES = 50;
/** Organisation-wide reads are slower: fewer samples. */
const ORG_SAMPLES = Number(process.env.BENCH_ORG_SAMPLES ?? 20);
const DAY_MS = 86_400_000;
const WINDOW_START = END - 90 * DAY_MS;
const BASE = `http://localhost:${PORT}/api/delivery`;
const SERVICE_TOKEN = 'Bearer mock-service-token';

interface Timing {
  p50: number;
  p95: number;
  p99: number;
  /**
   * CPU time of this process (backend and load generator) per request, which the other
   * processes of a shared machine inflate far less than the elapsed times.
   */
  cpuMs: number;
}

interface BenchmarkResult {
  database: DatabaseKind;
  /** One-minute load average before and after the timed requests (the machine is shared). */
  loadAverage: number[];
  events: number;
  ingestionSeconds: number;
  eventsPerSecond: number;
  rssAfterIngestionMb: number;
  peakRssMb: number;
  windowDeployments: {
    oneService: number;
    group: number;
    organisation: number;
  };
  dora: { oneService: Timing; group: Timing; organisation: Timing };
  /** GET /overview: the metrics of every service (a page of 200 rows, the most). */
  overview: Timing;
  /** GET /dora/summary of a group of 50 (the team page's read). */
  groupSummary: Timing;
  bareSql: { oneService: Timing; group: Timing; organisation: Timing };
  /** The read model's aggregate alone (BENCH_READ_MODEL). */
  readModelSql?: { oneService: Timing; group: Timing; organisation: Timing };
  readModel: boolean;
}

/** Nearest-rank percentile. */
function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

async function timed(
  run: () => Promise<unknown>,
  samples = SAMPLES,
): Promise<Timing> {
  // One call first, not counted: the first of each kind pays for one-time work (the code
  // path's compilation, the catalog's first answer, cold pages), which is not a periodic spike.
  await run();
  const times: number[] = [];
  const cpuStart = process.cpuUsage();
  for (let i = 0; i < samples; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  const cpu = process.cpuUsage(cpuStart);
  return {
    p50: percentile(times, 0.5),
    p95: percentile(times, 0.95),
    p99: percentile(times, 0.99),
    cpuMs: (cpu.user + cpu.system) / 1000 / samples,
  };
}

const megabytes = (bytes: number) => Math.round(bytes / 1e6);

async function get(path: string) {
  const response = await fetch(`${BASE}${path}`, {
    headers: { Authorization: SERVICE_TOKEN },
  });
  if (!response.ok) {
    throw new Error(`${path}: ${response.status} ${await response.text()}`);
  }
  return response.json();
}

/**
 * Posts the synthetic year through POST /events with CLIENTS clients, each taking the next
 * batch of the stream: one service's next events, the services in turn (so clients write
 * different services at once); returns the events posted.
 */
async function ingest(afterBatch: (posted: number) => void): Promise<number> {
  const stream = syntheticBatches(EVENTS, SERVICES, BATCH, 'round', YEARS);
  let posted = 0;
  const client = async () => {
    for (let item = stream.next(); !item.done; item = stream.next()) {
      const response = await fetch(`${BASE}/events`, {
        method: 'POST',
        headers: {
          Authorization: SERVICE_TOKEN,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({ events: item.value }),
      });
      if (!response.ok) {
        throw new Error(
          `POST /events: ${response.status} ${await response.text()}`,
        );
      }
      posted += item.value.length;
      afterBatch(posted);
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, client));
  return posted;
}

/**
 * With autovacuum off (as on this machine's PostgreSQL), tables that grow during the seeding
 * keep the statistics of their empty start and the planner picks sequential scans that cost
 * more with every batch: at ten million events, ingestion fell to half its rate. Production
 * servers run autovacuum, which analyses a table each time a tenth of it has changed; this
 * returns a callback that does the same (one ANALYZE at a time, in the background), or
 * undefined when autovacuum is on.
 */
async function analyzeAsAutovacuum(
  knex: Knex,
): Promise<((posted: number) => void) | undefined> {
  const { rows } = await knex.raw('show autovacuum');
  if (rows[0].autovacuum === 'on') return undefined;
  console.log(
    '[postgres] autovacuum is off on this server: the benchmark runs ANALYZE each time the events grow by a tenth, as autovacuum would',
  );
  let analyzedAt = 0;
  let running = false;
  return posted => {
    if (running || posted < analyzedAt * 1.1 + 5 * BATCH) return;
    running = true;
    analyzedAt = posted;
    knex
      .raw('analyze')
      .catch(error => console.warn(`[postgres] analyze failed: ${error}`))
      .finally(() => {
        running = false;
      });
  };
}

/** Prints the rate at each tenth of the stream (long runs show they are alive). */
function progress(
  start: number,
  alsoAfterBatch?: (posted: number) => void,
): (posted: number) => void {
  let nextReport = EVENTS / 10;
  return posted => {
    alsoAfterBatch?.(posted);
    if (posted < nextReport) return;
    nextReport += EVENTS / 10;
    const seconds = (performance.now() - start) / 1000;
    console.log(
      `  ${posted} events in ${seconds.toFixed(0)} s (${Math.round(
        posted / seconds,
      )} events/s), RSS ${megabytes(process.memoryUsage().rss)} MB`,
    );
  };
}

/**
 * What a hand-written report would run: the window's deployment count and median lead time
 * over their commits, in one statement (window functions, the same SQL on both databases).
 * It skips Runway's rules (first deployment of a commit, failures, recovery, rework): it is
 * the floor for reading the same rows, not an equivalent.
 */
function bareAggregate(knex: Knex, kind: DatabaseKind) {
  const leadSeconds =
    kind === 'postgres'
      ? 'extract(epoch from d.finished_at - c.committed_at)'
      : '(d.finished_at - c.committed_at) / 1000.0';
  return async (entityRefs: string[]) => {
    const refs = entityRefs.map(() => '?').join(', ');
    const scope = `d.entity_ref in (${refs}) and d.environment = 'production'
      and d.status = 'succeeded' and d.finished_at >= ? and d.finished_at < ?`;
    const bindings = [...entityRefs, new Date(WINDOW_START), new Date(END)];
    const result = await knex.raw(
      `with lead as (
         select ${leadSeconds} as seconds
         from deployments d join deployment_commits c on c.deployment_id = d.id
         where ${scope}
       ), ranked as (
         select seconds, row_number() over (order by seconds) as n,
                count(*) over () as total
         from lead
       )
       select (select count(*) from deployments d where ${scope}) as deployments,
              (select avg(seconds) from ranked
               where n in ((total + 1) / 2, (total + 2) / 2)) as median_seconds`,
      [...bindings, ...bindings],
    );
    const row = kind === 'postgres' ? result.rows[0] : result[0];
    return Number(row.deployments);
  };
}

/** The backend creates the plugin's database again when it starts. */
async function dropPostgresDatabase() {
  const admin = knexFactory({ client: 'pg', connection: POSTGRES_URL });
  try {
    await admin.raw(
      `drop database if exists ${DATABASE_PREFIX}delivery with (force)`,
    );
  } finally {
    await admin.destroy();
  }
}

async function runOne(kind: DatabaseKind): Promise<BenchmarkResult> {
  const sqliteDirectory =
    kind === 'sqlite' ? mkdtempSync(join(tmpdir(), 'runway-bench-')) : '';
  if (REUSE && kind !== 'postgres') {
    throw new Error('BENCH_REUSE needs --database postgres');
  }
  if (kind === 'postgres' && !REUSE) {
    await dropPostgresDatabase();
  }
  const database =
    kind === 'sqlite'
      ? {
          client: 'better-sqlite3',
          connection: { directory: sqliteDirectory },
        }
      : { client: 'pg', connection: POSTGRES_URL, prefix: DATABASE_PREFIX };
  const readModel = READ_MODEL ?? kind === 'postgres';
  const backend = await startSyntheticBackend({
    port: PORT,
    database,
    services: SERVICES,
    readModel,
  });

  const knex = knexFactory({
    client: database.client,
    connection:
      kind === 'sqlite'
        ? { filename: join(sqliteDirectory, 'delivery.sqlite') }
        : Object.assign(new URL(POSTGRES_URL), {
            pathname: `/${DATABASE_PREFIX}delivery`,
          }).toString(),
    useNullAsDefault: true,
  });
  try {
    console.log(
      `[${kind}] ${
        REUSE ? 'reusing the kept database instead of seeding' : 'seeding'
      } ${
        Math.ceil(EVENTS / SERVICES) * SERVICES
      } events (${SERVICES} services, one year)`,
    );
    const ingestStart = performance.now();
    const posted = REUSE
      ? 0
      : await ingest(
          progress(
            ingestStart,
            kind === 'postgres' ? await analyzeAsAutovacuum(knex) : undefined,
          ),
        );
    const ingestionSeconds = (performance.now() - ingestStart) / 1000;
    const rssAfterIngestionMb = megabytes(process.memoryUsage().rss);
    console.log(
      `[${kind}] ingestion: ${Math.round(
        posted / ingestionSeconds,
      )} events/s (${posted} in ${ingestionSeconds.toFixed(
        1,
      )} s), RSS ${rssAfterIngestionMb} MB`,
    );

    if (kind === 'postgres') {
      // What autovacuum does on a production server after a bulk load (PostgreSQL 13+ also
      // vacuums tables that only grew); this machine's PostgreSQL runs with autovacuum off,
      // which leaves the planner without statistics and index-only scans visiting the heap.
      await knex.raw('vacuum analyze');
    }
    const loadBefore = loadavg()[0];
    const window = `from=${new Date(WINDOW_START).toISOString()}&to=${new Date(
      END,
    ).toISOString()}`;
    const groups = Math.ceil(SERVICES / GROUP_SIZE);
    const groupMembers = (g: number) =>
      Array.from({ length: GROUP_SIZE }, (_, i) => g * GROUP_SIZE + i)
        .filter(i => i < SERVICES)
        .map(service);
    let k = 0;
    const oneService = await timed(() =>
      get(`/dora?entityRef=${service(k++ % SERVICES)}&${window}`),
    );
    const groupDora = await timed(() =>
      get(`/dora?entityRef=${group((k++ % groups) * GROUP_SIZE)}&${window}`),
    );
    const orgDora = await timed(
      () => get(`/dora?entityRef=${ORGANISATION}&${window}`),
      ORG_SAMPLES,
    );
    const overview = await timed(
      () => get(`/overview?limit=200&${window}`),
      ORG_SAMPLES,
    );
    // What a team page and the Delivery tab read: both windows, a weekly trend, each service.
    const groupSummary = await timed(() =>
      get(`/dora/summary?entityRef=${group(k++ % groups)}&${window}`),
    );
    const everyService = Array.from({ length: SERVICES }, (_, i) => service(i));
    const aggregate = bareAggregate(knex, kind);
    const bareOne = await timed(() => aggregate([service(k++ % SERVICES)]));
    const bareGroup = await timed(() => aggregate(groupMembers(k++ % groups)));
    const bareOrg = await timed(() => aggregate(everyService), ORG_SAMPLES);
    let readModelSql: BenchmarkResult['readModelSql'];
    if (readModel) {
      const facts = new DatabaseDoraFacts(knex, {
        attributionWindowHours: DEFAULT_INCIDENT_ATTRIBUTION_WINDOW_HOURS,
      });
      const benchmark = getBenchmarkSet(undefined);
      const metrics = (entityRefs: string[]) =>
        facts.metrics(
          {
            entityRefs,
            environment: 'production',
            fromMs: WINDOW_START,
            toMs: END,
          },
          benchmark,
        );
      readModelSql = {
        oneService: await timed(() => metrics([service(k++ % SERVICES)])),
        group: await timed(() => metrics(groupMembers(k++ % groups))),
        organisation: await timed(() => metrics(everyService), ORG_SAMPLES),
      };
    }
    const result: BenchmarkResult = {
      database: kind,
      loadAverage: [loadBefore, loadavg()[0]].map(l => Math.round(l * 10) / 10),
      events: posted,
      ingestionSeconds: Math.round(ingestionSeconds * 10) / 10,
      eventsPerSecond: Math.round(posted / ingestionSeconds),
      rssAfterIngestionMb,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1000),
      windowDeployments: {
        oneService: await aggregate([service(0)]),
        group: await aggregate(groupMembers(0)),
        organisation: await aggregate(everyService),
      },
      dora: { oneService, group: groupDora, organisation: orgDora },
      overview,
      groupSummary,
      bareSql: { oneService: bareOne, group: bareGroup, organisation: bareOrg },
      readModelSql,
      readModel,
    };
    return result;
  } finally {
    await knex.destroy();
    await backend.stop();
    if (kind === 'sqlite') {
      rmSync(sqliteDirectory, { recursive: true, force: true });
    } else if (!process.env.BENCH_KEEP) {
      await dropPostgresDatabase();
    }
  }
}

const ms = (value: number) => `${value.toFixed(1)} ms`.padStart(10);

function printSummary(results: BenchmarkResult[]) {
  console.log(
    `\nDelivery benchmark: ${SERVICES} services, ${
      YEARS === 1 ? 'one year' : `${YEARS} years`
    } of history, GET /dora over 90 days, ${SAMPLES} requests each (organisation and overview: ${ORG_SAMPLES})`,
  );
  for (const r of results) {
    console.log(`\n${r.database}${r.readModel ? ' (DORA read model on)' : ''}`);
    console.log(
      `  ingestion                ${r.eventsPerSecond} events/s (${r.events} events in ${r.ingestionSeconds} s)`,
    );
    console.log(
      `  RSS                      ${r.rssAfterIngestionMb} MB after ingestion, ${r.peakRssMb} MB peak (backend and load generator share the process)`,
    );
    const line = (label: string, t: Timing) =>
      console.log(
        `  ${label.padEnd(24)} p50 ${ms(t.p50)}   p95 ${ms(t.p95)}   p99 ${ms(
          t.p99,
        )}   CPU ${ms(t.cpuMs)} per request in this process`,
      );
    line(`dora, one service`, r.dora.oneService);
    line(`bare SQL, one service`, r.bareSql.oneService);
    line(`dora, group of ${GROUP_SIZE}`, r.dora.group);
    line(`bare SQL, group of ${GROUP_SIZE}`, r.bareSql.group);
    line(`dora, organisation`, r.dora.organisation);
    line(`bare SQL, organisation`, r.bareSql.organisation);
    line(`overview, ${SERVICES} rows`, r.overview); // pages of 200 (the most), metrics of all
    line(`summary, group of 50`, r.groupSummary);
    if (r.readModelSql) {
      line(`read-model SQL, one`, r.readModelSql.oneService);
      line(`read-model SQL, group`, r.readModelSql.group);
      line(`read-model SQL, org`, r.readModelSql.organisation);
    }
    console.log(
      `  load average             ${r.loadAverage.join(' -> ')} (one minute, ${
        cpus().length
      } CPUs) around the timed requests`,
    );
    console.log(
      `  rows in the window       ${r.windowDeployments.oneService} deployments for one service, ${r.windowDeployments.group} for a group, ${r.windowDeployments.organisation} for the organisation`,
    );
  }
}

function databaseArgument(): DatabaseKind | undefined {
  const index = process.argv.indexOf('--database');
  if (index < 0) {
    return undefined;
  }
  const value = process.argv[index + 1] as DatabaseKind;
  if (!DATABASES.includes(value)) {
    throw new Error(`--database must be one of ${DATABASES.join(', ')}`);
  }
  return value;
}

async function main() {
  const only = databaseArgument();
  // Set only by this script for the process it starts per database (not a setting).
  const resultFile = process.env.RUNWAY_BENCH_CHILD_RESULT_FILE;
  if (only && resultFile) {
    writeFileSync(resultFile, JSON.stringify(await runOne(only)));
    // The stopped backend leaves handles open (pools, timers): end the measuring process.
    process.exit(0);
  }
  // One process per database, so that neither run's memory or caches color the other's.
  const resultDirectory = mkdtempSync(join(tmpdir(), 'runway-bench-results-'));
  try {
    const results: BenchmarkResult[] = [];
    for (const kind of only ? [only] : DATABASES) {
      const file = join(resultDirectory, `${kind}.json`);
      const child = spawnSync(
        process.execPath,
        [...process.execArgv, __filename, '--database', kind],
        {
          env: { ...process.env, RUNWAY_BENCH_CHILD_RESULT_FILE: file },
          stdio: 'inherit',
        },
      );
      if (child.status !== 0) {
        throw new Error(`The ${kind} run failed (exit ${child.status})`);
      }
      results.push(JSON.parse(readFileSync(file, 'utf8')));
    }
    printSummary(results);
  } finally {
    rmSync(resultDirectory, { recursive: true, force: true });
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
