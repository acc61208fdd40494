/*
 * Import and query benchmark: generates a FOCUS CSV (1,000,000 rows over a year by default),
 * imports it through the normal import path into a fresh database, then times the per-entity
 * cost query over the year. Prints rows/s, peak RSS and the query's p50/p95, with the
 * machine's load average: on a shared machine the throughput moves with it. Then times the
 * organisation overview (`/overview`) over a year that starts and ends mid-day, as the
 * delivery page's cost column asks, both ways in turn: with the window as asked (read from
 * the exported rows, as before `wholeDays`) and moved to whole days (read from the daily
 * sums, as now), and prints the ratio.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs dev/benchmark.ts
 *
 * Environment: BENCH_ROWS (default 1000000), BENCH_DB (`pg`, the default, or `sqlite`),
 * BENCH_PG_URL (default postgresql://postgres@127.0.0.1:5432; the database
 * runway_cost_benchmark is dropped and re-created), BENCH_QUERIES (default 50),
 * BENCH_OVERVIEW_QUERIES (default 10, each way), BENCH_FORMAT
 * (`csv`, the default, or `parquet`). Parquet layout: BENCH_PARQUET_ROW_GROUP (rows per row
 * group, default 100,000) and BENCH_PARQUET_PAGE_BYTES (data page size, default 64 KiB: at
 * most about 16,000 rows a page, like the 20,000-row page limit parquet-mr, arrow-rs and
 * Iceberg writers apply by default; hyparquet-writer's own default, 1 MiB, puts a whole
 * 100,000-row column chunk in one page).
 */
import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { execFileSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { once } from 'node:events';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import knexFactory, { Knex } from 'knex';
import { DateTime } from 'luxon';
import { createCostStores } from '../src/database/createCostStores';
import { costFileFromPath } from '../src/ingest/CostFile';
import { FocusImporter } from '../src/ingest/FocusImporter';
import { CostAttribution } from '../src/service/CostAttribution';
import { CostReports, CostWindow } from '../src/service/CostReports';
import { wholeDays } from '../src/service/parseWindow';
import { DEFAULT_TAG_KEYS } from '../src/service/settings';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const DB = process.env.BENCH_DB ?? 'pg';
const PG_URL =
  process.env.BENCH_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432';
const QUERIES = Number(process.env.BENCH_QUERIES ?? 50);
const FORMAT = process.env.BENCH_FORMAT === 'parquet' ? 'parquet' : 'csv';
const PARQUET_ROW_GROUP_ROWS = Number(
  process.env.BENCH_PARQUET_ROW_GROUP ?? 100_000,
);
const PARQUET_PAGE_BYTES = Number(
  process.env.BENCH_PARQUET_PAGE_BYTES ?? 64 * 1024,
);
const SERVICES = 200;
const OVERVIEW_RUNS = Number(process.env.BENCH_OVERVIEW_QUERIES ?? 10);
/** First argument that makes the script only write the CSV (used in a child process). */
const GENERATE = 'generate';
const PROVIDERS = ['AWS', 'Microsoft', 'Google Cloud'];
const CATEGORIES = ['Compute', 'Storage', 'Databases', 'Networking'];
const REGIONS = ['us-east-1', 'eu-west-1', 'westeurope', 'europe-west4'];

function focusRecord(i: number, year: DateTime) {
  const iso = (instant: DateTime) =>
    instant.toISO({ suppressMilliseconds: true })!;
  const day = year.plus({ days: i % 365 });
  const period = day.startOf('month');
  const cost = ((i % 97) / 10).toFixed(4);
  return {
    BilledCost: cost,
    EffectiveCost: cost,
    ListCost: cost,
    BillingCurrency: 'USD',
    BillingPeriodStart: iso(period),
    BillingPeriodEnd: iso(period.plus({ months: 1 })),
    ChargePeriodStart: iso(day),
    ChargePeriodEnd: iso(day.plus({ days: 1 })),
    ChargeCategory: 'Usage',
    ProviderName: PROVIDERS[i % 3],
    ServiceCategory: CATEGORIES[i % 4],
    ServiceName: `svc-${i % 40}`,
    RegionId: REGIONS[i % 4],
    RegionName: 'Region',
    SubAccountId: String(100000 + (i % 50)),
    SubAccountName: 'acct',
    ResourceId: `res-${i % 5000}`,
    ResourceName: '',
    Tags:
      i % 10 === 0
        ? ''
        : JSON.stringify({ app: `svc-${i % SERVICES}`, env: 'prod' }),
  };
}

const YEAR = DateTime.fromISO('2025-01-01T00:00:00Z', { zone: 'utc' });

async function generateCsv(path: string): Promise<void> {
  const out = createWriteStream(path);
  const chunkSize = 10_000;
  for (let first = 0; first < ROWS; first += chunkSize) {
    const records = [];
    for (let i = first; i < Math.min(ROWS, first + chunkSize); i++) {
      records.push(focusRecord(i, YEAR));
    }
    if (!out.write(stringify(records, { header: first === 0 }))) {
      await once(out, 'drain');
    }
  }
  out.end();
  await once(out, 'finish');
}

/** The same rows as Parquet: costs DOUBLE, dates TIMESTAMP, layout as configured above. */
async function generateParquet(path: string): Promise<void> {
  const { parquetWriteFile } = await import('hyparquet-writer');
  const records = Array.from({ length: ROWS }, (_, i) => focusRecord(i, YEAR));
  const column = <K extends keyof (typeof records)[number]>(
    name: K,
    type: 'DOUBLE' | 'TIMESTAMP' | 'STRING',
  ) => ({
    name,
    type,
    data: records.map(record => {
      const value = record[name];
      if (value === '') {
        return null;
      }
      if (type === 'DOUBLE') {
        return Number(value);
      }
      return type === 'TIMESTAMP' ? new Date(value) : value;
    }),
  });
  const columns = Object.keys(records[0]).map(name => {
    const key = name as keyof (typeof records)[number];
    if (key.endsWith('Cost')) {
      return column(key, 'DOUBLE');
    }
    return column(key, key.includes('Period') ? 'TIMESTAMP' : 'STRING');
  });
  parquetWriteFile({
    filename: path,
    columnData: columns,
    rowGroupSize: PARQUET_ROW_GROUP_ROWS,
    pageSize: PARQUET_PAGE_BYTES,
  });
}

async function database(dir: string): Promise<Knex> {
  if (DB === 'sqlite') {
    return knexFactory({
      client: 'better-sqlite3',
      connection: { filename: join(dir, 'cost.sqlite') },
      useNullAsDefault: true,
    });
  }
  const admin = knexFactory({ client: 'pg', connection: PG_URL });
  await admin.raw('drop database if exists runway_cost_benchmark');
  await admin.raw('create database runway_cost_benchmark');
  await admin.destroy();
  return knexFactory({
    client: 'pg',
    connection: `${PG_URL}/runway_cost_benchmark`,
  });
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

async function main() {
  const dir = await mkdtemp(join(tmpdir(), 'cost-benchmark-'));
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 50);
  const knex = await database(dir);
  try {
    const file = join(dir, `focus.${FORMAT}`);
    // Generated in a child process, so that its memory is not counted as the import's.
    execFileSync(process.execPath, [
      ...process.execArgv,
      __filename,
      GENERATE,
      file,
    ]);
    const size = (await stat(file)).size;

    const stores = await createCostStores({
      database: mockServices.database({ knex }),
    });
    const importer = new FocusImporter({
      store: stores.imports,
      logger: mockServices.rootLogger({ level: 'warn' }),
      batchSize: 1000,
    });
    const loadBefore = loadavg()[0];
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const { import: result } = await importer.import(
      await costFileFromPath(file),
      'benchmark',
    );
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const loadAfter = loadavg()[0];
    const importPeakRss = Math.max(peakRss, process.memoryUsage().rss);

    const entities: Entity[] = Array.from({ length: SERVICES }, (_, i) => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: `svc-${i}`, namespace: 'default' },
      spec: {},
    }));
    const attribution = new CostAttribution({
      catalog: catalogServiceMock({ entities }),
      auth: mockServices.auth(),
      store: stores.reports,
      rules: { tagRules: [], tagKeys: DEFAULT_TAG_KEYS, accountSystems: [] },
      cacheTtlMs: 60_000,
    });
    const reports = new CostReports(stores.reports, attribution);
    const window = {
      from: DateTime.fromISO('2025-01-01T00:00:00Z', { zone: 'utc' }),
      to: DateTime.fromISO('2026-01-01T00:00:00Z', { zone: 'utc' }),
      metric: 'EffectiveCost' as const,
    };
    const timings: number[] = [];
    for (let i = 0; i < QUERIES; i++) {
      const queryStarted = performance.now();
      await reports.entityCost({
        entityRef: `component:default/svc-${i % SERVICES}`,
        window,
        granularity: 'day',
        now: window.to,
      });
      timings.push(performance.now() - queryStarted);
    }

    // The organisation overview from a mid-day window, both ways, alternating.
    const midDay: CostWindow = {
      from: DateTime.fromISO('2025-01-01T10:00:00Z', { zone: 'utc' }),
      to: DateTime.fromISO('2026-01-01T10:00:00Z', { zone: 'utc' }),
      metric: 'EffectiveCost',
    };
    const overview = (asked: CostWindow) =>
      reports.overview({
        window: asked,
        kind: 'component',
        sort: 'cost',
        order: 'desc',
        limit: 50,
        offset: 0,
        visibility: 'organization',
      });
    const exportedRows: number[] = [];
    const dailySums: number[] = [];
    for (let i = 0; i < OVERVIEW_RUNS; i++) {
      for (const [asked, times] of [
        [midDay, exportedRows],
        [wholeDays(midDay), dailySums],
      ] as const) {
        const queryStarted = performance.now();
        await overview(asked);
        times.push(performance.now() - queryStarted);
      }
    }
    clearInterval(sampler);
    const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
    process.stdout.write(
      [
        `database: ${DB}`,
        `file: ${FORMAT}, ${ROWS} rows, ${mb(size)}${
          FORMAT === 'parquet'
            ? ` (row groups of ${PARQUET_ROW_GROUP_ROWS} rows, pages of ${PARQUET_PAGE_BYTES} bytes)`
            : ''
        }`,
        `import: ${result.rowsImported} rows in ${seconds.toFixed(1)} s = ${(
          result.rowsImported / seconds
        ).toFixed(0)} rows/s (${result.badRowCount} bad rows)`,
        `import CPU time of this process: ${cpuSeconds.toFixed(1)} s = ${(
          result.rowsImported / cpuSeconds
        ).toFixed(0)} rows per CPU second; load average ${loadBefore.toFixed(
          1,
        )} before, ${loadAfter.toFixed(1)} after (${cpus().length} CPUs)`,
        `peak RSS during import and queries: ${mb(peakRss)} (import alone: ${mb(
          importPeakRss,
        )})`,
        `per-entity cost query over a year (${QUERIES} runs): p50 ${percentile(
          timings,
          0.5,
        ).toFixed(0)} ms, p95 ${percentile(timings, 0.95).toFixed(0)} ms`,
        `organisation overview over a year from mid-day to mid-day (${OVERVIEW_RUNS} runs each): as asked, from the exported rows, p50 ${percentile(
          exportedRows,
          0.5,
        ).toFixed(
          0,
        )} ms; moved to whole days, from the daily sums, p50 ${percentile(
          dailySums,
          0.5,
        ).toFixed(0)} ms; ratio ${(
          percentile(exportedRows, 0.5) / percentile(dailySums, 0.5)
        ).toFixed(1)}x`,
        '',
      ].join('\n'),
    );
  } finally {
    clearInterval(sampler);
    await knex.destroy();
    await rm(dir, { recursive: true, force: true });
  }
}

(process.argv[2] === GENERATE
  ? (FORMAT === 'parquet' ? generateParquet : generateCsv)(process.argv[3])
  : main()
).catch(error => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
