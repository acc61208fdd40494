/*
 * Horizontal scale (issue 17): two backend replicas on one PostgreSQL database, ingesting one
 * stream concurrently behind round-robin, against one replica ingesting the same stream.
 *
 *   yarn bench:replicas                      # 200,000 events, 500 services, 4 clients
 *   BENCH_EVENTS=50000 yarn bench:replicas   # a quicker run
 *
 * Each replica is a process of its own (this file with `--replica PORT`): a backend with this
 * plugin, mock auth and a mock catalog of the synthetic organisation (dev/syntheticHistory.ts),
 * on PostgreSQL at BENCH_POSTGRES_URL, database runway_bench_replicas_delivery (dropped before
 * each phase and at the end). The stream is the synthetic year in batches of 1,000 events,
 * generated as it is posted; BENCH_CLIENTS clients (default 4) post batch after batch, batch k
 * to replica k mod replicas, so one service's events reach both replicas, out of order and at
 * the same time: exactly what two replicas behind a load balancer see.
 *
 * It prints events/s for one and for two replicas and their ratio (issue target: >= 1.6x), and
 * fails (exit 1) unless the two-replica database holds the same rows as the one-replica one
 * (every table's row count) and both replicas answer /dora (one service, a group of 50, the
 * organisation, 90 days) exactly as the single replica did. BENCH_READ_MODEL=1|0 sets
 * delivery.dora.readModel; unset, the plugin's default applies.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { isDeepStrictEqual } from 'node:util';
import knexFactory from 'knex';
import { startSyntheticBackend } from './syntheticBackend';
import {
  END,
  group,
  ORGANISATION,
  service,
  syntheticBatches,
} from './syntheticHistory';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 200_000);
const SERVICES = Number(process.env.BENCH_SERVICES ?? 500);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 4);
const BATCH = 1000;
const POSTGRES_URL =
  process.env.BENCH_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432';
const PREFIX = 'runway_bench_replicas_';
/** Inside the ports this benchmark may use (7120-7129); benchmark.ts takes 7120. */
const PORTS = [7121, 7122];
const SERVICE_TOKEN = 'Bearer mock-service-token';
const DAY_MS = 86_400_000;
const WINDOW = `from=${new Date(END - 90 * DAY_MS).toISOString()}&to=${new Date(
  END,
).toISOString()}`;
const READ_MODEL = process.env.BENCH_READ_MODEL;

/** A replica: this file started with `--replica PORT`; it runs until it is sent SIGTERM. */
async function runReplica(port: number) {
  const backend = await startSyntheticBackend({
    port,
    database: { client: 'pg', connection: POSTGRES_URL, prefix: PREFIX },
    services: SERVICES,
    readModel: READ_MODEL === undefined ? undefined : READ_MODEL === '1',
  });
  process.send?.('runway-replica-ready');
  process.on('SIGTERM', () => {
    backend.stop().finally(() => process.exit(0));
  });
}

function startReplica(port: number): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [...process.execArgv, __filename, '--replica', String(port)],
    { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  );
  return new Promise((resolve, reject) => {
    // Backstage's dev tooling talks over the same channel: wait for our own message.
    const onMessage = (message: unknown) => {
      if (message !== 'runway-replica-ready') return;
      child.off('message', onMessage);
      resolve(child);
    };
    child.on('message', onMessage);
    child.once('exit', code =>
      reject(new Error(`replica on :${port} exited (${code}) before ready`)),
    );
  });
}

function stopReplica(child: ChildProcess): Promise<void> {
  return new Promise(resolve => {
    if (child.exitCode !== null) {
      resolve();
      return;
    }
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

async function dropDatabase() {
  const admin = knexFactory({ client: 'pg', connection: POSTGRES_URL });
  try {
    await admin.raw(`drop database if exists ${PREFIX}delivery with (force)`);
  } finally {
    await admin.destroy();
  }
}

/** Posts the stream with CLIENTS clients, batch k to ports[k mod ports]; returns events/s. */
async function ingest(ports: number[]): Promise<number> {
  const stream = syntheticBatches(EVENTS, SERVICES, BATCH);
  let next = 0;
  let posted = 0;
  const client = async () => {
    for (;;) {
      const item = stream.next();
      if (item.done) return;
      const port = ports[next++ % ports.length];
      const response = await fetch(
        `http://localhost:${port}/api/delivery/events`,
        {
          method: 'POST',
          headers: {
            Authorization: SERVICE_TOKEN,
            'Content-Type': 'application/json',
          },
          body: JSON.stringify({ events: item.value }),
        },
      );
      if (!response.ok) {
        throw new Error(
          `POST /events on :${port}: ${
            response.status
          } ${await response.text()}`,
        );
      }
      posted += item.value.length;
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: CLIENTS }, client));
  return posted / ((performance.now() - start) / 1000);
}

/** Every table's row count in the plugin's database (the migrations' own tables left out). */
async function rowCounts(): Promise<Record<string, number>> {
  const knex = knexFactory({
    client: 'pg',
    connection: Object.assign(new URL(POSTGRES_URL), {
      pathname: `/${PREFIX}delivery`,
    }).toString(),
  });
  try {
    const tables = await knex('pg_tables')
      .where({ schemaname: 'public' })
      .whereNot('tablename', 'like', 'knex_%')
      .orderBy('tablename')
      .pluck('tablename');
    const counts: Record<string, number> = {};
    for (const table of tables) {
      const [{ count }] = await knex(table).count({ count: '*' });
      counts[table] = Number(count);
    }
    return counts;
  } finally {
    await knex.destroy();
  }
}

const READS = [service(0), group(0), ORGANISATION];

async function doraAnswers(port: number): Promise<unknown[]> {
  const answers = [];
  for (const ref of READS) {
    const response = await fetch(
      `http://localhost:${port}/api/delivery/dora?entityRef=${encodeURIComponent(
        ref,
      )}&${WINDOW}`,
      { headers: { Authorization: SERVICE_TOKEN } },
    );
    if (!response.ok) {
      throw new Error(`/dora ${ref} on :${port}: ${response.status}`);
    }
    answers.push(await response.json());
  }
  return answers;
}

/** Ingests the stream through `replicas` replicas on a fresh database. */
async function phase(replicas: number) {
  await dropDatabase();
  const children: ChildProcess[] = [];
  try {
    // One after the other: the first runs the migrations, as in a rolling deployment.
    for (const port of PORTS.slice(0, replicas)) {
      children.push(await startReplica(port));
    }
    const load = loadavg()[0];
    const eventsPerSecond = await ingest(PORTS.slice(0, replicas));
    const counts = await rowCounts();
    const answers = [];
    for (const port of PORTS.slice(0, replicas)) {
      answers.push(await doraAnswers(port));
    }
    console.log(
      `${replicas} replica(s): ${Math.round(
        eventsPerSecond,
      )} events/s (load average ${load.toFixed(1)} before)`,
    );
    return { eventsPerSecond, counts, answers };
  } finally {
    await Promise.all(children.map(stopReplica));
  }
}

async function main() {
  console.log(
    `Two replicas on one PostgreSQL: ${
      Math.ceil(EVENTS / SERVICES) * SERVICES
    } events, ${SERVICES} services, batches of ${BATCH}, ${CLIENTS} clients, ${
      cpus().length
    } CPUs, read model ${READ_MODEL ?? 'as configured by default'}`,
  );
  try {
    const one = await phase(1);
    const two = await phase(2);
    const problems: string[] = [];
    if (!isDeepStrictEqual(one.counts, two.counts)) {
      problems.push(
        `row counts differ:\n  one replica  ${JSON.stringify(
          one.counts,
        )}\n  two replicas ${JSON.stringify(two.counts)}`,
      );
    }
    two.answers.forEach((answers, r) =>
      answers.forEach((answer, i) => {
        if (!isDeepStrictEqual(answer, one.answers[0][i])) {
          problems.push(
            `replica ${r + 1} answers /dora for ${
              READS[i]
            } differently:\n  ${JSON.stringify(
              answer,
            )}\n  one replica: ${JSON.stringify(one.answers[0][i])}`,
          );
        }
      }),
    );
    console.log(
      `\n  one replica    ${Math.round(
        one.eventsPerSecond,
      )} events/s\n  two replicas   ${Math.round(
        two.eventsPerSecond,
      )} events/s\n  ratio          ${(
        two.eventsPerSecond / one.eventsPerSecond
      ).toFixed(2)}x (target >= 1.6x)\n  rows           ${
        problems.some(p => p.startsWith('row counts')) ? 'DIFFER' : 'identical'
      } (${Object.keys(one.counts).length} tables, ${Object.values(
        one.counts,
      ).reduce((a, b) => a + b, 0)} rows)\n  /dora answers  ${
        problems.some(p => p.startsWith('replica')) ? 'DIFFER' : 'identical'
      } (${READS.join(', ')}, on both replicas)`,
    );
    if (problems.length) {
      console.error(`\n${problems.join('\n')}`);
      process.exitCode = 1;
    }
  } finally {
    await dropDatabase();
  }
}

const replicaFlag = process.argv.indexOf('--replica');
if (replicaFlag >= 0) {
  runReplica(Number(process.argv[replicaFlag + 1])).catch(e => {
    console.error(e);
    process.exit(1);
  });
} else {
  main().catch(e => {
    console.error(e);
    process.exit(1);
  });
}
