/*
 * Fault script (run by hand, not in `npm test`): does ingestion lose or duplicate anything when
 * the backend dies mid-stream, and do two replicas on one PostgreSQL agree?
 *
 *   yarn workspace @runway/plugin-delivery-backend faults
 *   FAULT_EVENTS=20000 yarn workspace @runway/plugin-delivery-backend faults   # a quick run
 *
 * Phase 1: one backend process (this plugin, mock auth, a mock catalog of FAULT_SERVICES
 * services) on a fresh PostgreSQL database; 4 concurrent clients post FAULT_EVENTS events in
 * batches; the backend is killed with SIGKILL at 30% and at 60% of acknowledged batches and
 * restarted; clients resend every batch that was not acknowledged. Then the stored rows are
 * counted against what was sent, and GET /dora is read for a few services and a team.
 * Phase 2: the same stream, on a fresh database, through two backend processes sharing it,
 * batches round-robin between them; counts again, and /dora from both replicas compared with
 * each other and with phase 1.
 *
 * PostgreSQL: FAULT_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432), database
 * runway_faults_delivery, dropped before each phase and at the end. Ports 7125 and 7126.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { isDeepStrictEqual } from 'node:util';
import knexFactory from 'knex';
import { startSyntheticBackend } from './syntheticBackend';
import { END, group, service, syntheticEvent } from './syntheticHistory';

const EVENTS = Number(process.env.FAULT_EVENTS ?? 200_000);
const SERVICES = Number(process.env.FAULT_SERVICES ?? 50);
const CLIENTS = 4;
const BATCH = 500;
const PORTS = [7125, 7126];
const POSTGRES_URL =
  process.env.FAULT_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432';
const DATABASE_PREFIX = 'runway_faults_';
const DATABASE = `${DATABASE_PREFIX}delivery`;
const SERVICE_TOKEN = 'Bearer mock-service-token';
const DAY_MS = 86_400_000;
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** Child mode: one backend on `port`, until killed. */
async function serve(port: number) {
  await startSyntheticBackend({
    port,
    database: {
      client: 'pg',
      connection: POSTGRES_URL,
      prefix: DATABASE_PREFIX,
    },
    services: SERVICES,
  });
}

class Replica {
  private child?: ChildProcess;
  starts = 0;
  constructor(readonly port: number) {}

  get url() {
    return `http://localhost:${this.port}/api/delivery`;
  }

  async start() {
    this.child = spawn(
      process.execPath,
      [...process.execArgv, __filename, '--serve', String(this.port)],
      { stdio: ['ignore', 'inherit', 'inherit'] },
    );
    this.starts++;
    for (let i = 0; i < 240; i++) {
      try {
        const res = await fetch(
          `http://localhost:${this.port}/.backstage/health/v1/readiness`,
        );
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      if (this.child.exitCode !== null) {
        throw new Error(
          `replica :${this.port} exited with ${this.child.exitCode}`,
        );
      }
      await sleep(500);
    }
    throw new Error(`replica :${this.port} not ready after 120 s`);
  }

  async kill() {
    const child = this.child!;
    const exited = new Promise(r => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }

  async stop() {
    if (this.child && this.child.exitCode === null) await this.kill();
  }
}

async function resetDatabase() {
  const admin = knexFactory({ client: 'pg', connection: POSTGRES_URL });
  try {
    await admin.raw(`drop database if exists ${DATABASE} with (force)`);
  } finally {
    await admin.destroy();
  }
}

/** Every batch of the stream, in the order clients send them (services split by client). */
function batchesOf(client: number) {
  const perService = Math.ceil(EVENTS / SERVICES);
  const batches: Array<() => ReturnType<typeof syntheticEvent>[]> = [];
  for (let s = client; s < SERVICES; s += CLIENTS) {
    for (let n = 0; n < perService; n += BATCH) {
      const count = Math.min(BATCH, perService - n);
      // Built when sent, so the whole stream is never in memory at once.
      batches.push(() =>
        Array.from({ length: count }, (_, k) =>
          syntheticEvent(service(s), n + k, perService),
        ),
      );
    }
  }
  return batches;
}

interface StreamStats {
  sent: Record<string, number>;
  batches: number;
  resent: number;
  seconds: number;
}

/**
 * Posts the stream with CLIENTS concurrent clients. A batch counts as sent only when a replica
 * acknowledged it with 2xx; a refused connection, a reset or a 5xx means "send it again".
 * `onProgress` sees the fraction of acknowledged batches (the kill schedule).
 */
async function stream(
  replicas: Replica[],
  onProgress: (fraction: number) => Promise<void>,
): Promise<StreamStats> {
  const perClient = Array.from({ length: CLIENTS }, (_, c) => batchesOf(c));
  const total = perClient.reduce((n, b) => n + b.length, 0);
  const sent: Record<string, number> = {};
  let acknowledged = 0;
  let resent = 0;
  let next = 0;
  let progress = Promise.resolve();
  const start = performance.now();
  await Promise.all(
    perClient.map(async batches => {
      for (const build of batches) {
        const events = build();
        const body = JSON.stringify({ events });
        for (let attempt = 0; ; attempt++) {
          const replica = replicas[next++ % replicas.length];
          let status = 0;
          let text = '';
          try {
            const res = await fetch(`${replica.url}/events`, {
              method: 'POST',
              headers: {
                Authorization: SERVICE_TOKEN,
                'Content-Type': 'application/json',
              },
              body,
            });
            status = res.status;
            text = await res.text();
          } catch {
            status = 0; // killed mid-request, or not listening yet
          }
          if (status >= 200 && status < 300) break;
          if (status >= 400 && status < 500) {
            throw new Error(`POST /events answered ${status}: ${text}`);
          }
          resent++;
          if (attempt > 600)
            throw new Error('a batch was refused for 5 minutes');
          await sleep(500);
        }
        for (const event of events)
          sent[event.type] = (sent[event.type] ?? 0) + 1;
        const fraction = ++acknowledged / total;
        progress = progress.then(() => onProgress(fraction));
        await progress;
      }
    }),
  );
  return {
    sent,
    batches: total,
    resent,
    seconds: (performance.now() - start) / 1000,
  };
}

async function storedCounts() {
  const knex = knexFactory({
    client: 'pg',
    connection: Object.assign(new URL(POSTGRES_URL), {
      pathname: `/${DATABASE}`,
    }).toString(),
  });
  try {
    const count = async (table: string) => {
      const [row] = await knex(table).select(
        knex.raw('count(*) as rows'),
        knex.raw('count(distinct id) as ids'),
      );
      return { rows: Number(row.rows), ids: Number(row.ids) };
    };
    return {
      deployment: await count('deployments'),
      incident: await count('incidents'),
      pipelineRun: await count('pipeline_runs'),
      commits: Number(
        (await knex('deployment_commits').count({ n: '*' }))[0].n,
      ),
    };
  } finally {
    await knex.destroy();
  }
}

async function doraAnswers(replica: Replica) {
  const window = `from=${new Date(
    END - 90 * DAY_MS,
  ).toISOString()}&to=${new Date(END).toISOString()}`;
  const answers: Record<string, unknown> = {};
  for (const ref of [service(0), service(1), service(SERVICES - 1), group(0)]) {
    const res = await fetch(
      `${replica.url}/dora?entityRef=${encodeURIComponent(ref)}&${window}`,
      { headers: { Authorization: SERVICE_TOKEN } },
    );
    if (!res.ok) throw new Error(`GET /dora ${ref}: ${res.status}`);
    answers[ref] = await res.json();
  }
  return answers;
}

type Counts = Awaited<ReturnType<typeof storedCounts>>;

/** Problems found comparing what was stored with what was acknowledged; empty when none. */
function checkCounts(stats: StreamStats, counts: Counts): string[] {
  const problems: string[] = [];
  for (const type of ['deployment', 'incident', 'pipelineRun'] as const) {
    const { rows, ids } = counts[type];
    if (rows !== stats.sent[type]) {
      problems.push(`${type}: ${rows} stored, ${stats.sent[type]} sent`);
    }
    if (rows !== ids) problems.push(`${type}: ${rows - ids} duplicate rows`);
  }
  if (counts.commits !== stats.sent.deployment * 3) {
    problems.push(
      `deployment commits: ${counts.commits} stored, ${
        stats.sent.deployment * 3
      } sent`,
    );
  }
  return problems;
}

function report(
  title: string,
  stats: StreamStats,
  counts: Counts,
  extra: string,
) {
  const total = Object.values(stats.sent).reduce((a, b) => a + b, 0);
  console.log(`\n${title}`);
  console.log(
    `  sent and acknowledged    ${total} events in ${
      stats.batches
    } batches, ${stats.seconds.toFixed(1)} s (${Math.round(
      total / stats.seconds,
    )} events/s including restarts)`,
  );
  console.log(`  batches sent again       ${stats.resent} ${extra}`);
  for (const type of ['deployment', 'incident', 'pipelineRun'] as const) {
    console.log(
      `  ${type.padEnd(24)} sent ${stats.sent[type]}, stored ${
        counts[type].rows
      } rows, ${counts[type].ids} distinct ids`,
    );
  }
  console.log(
    `  deployment commits       sent ${stats.sent.deployment * 3}, stored ${
      counts.commits
    }`,
  );
}

async function main() {
  const serveIndex = process.argv.indexOf('--serve');
  if (serveIndex >= 0) {
    await serve(Number(process.argv[serveIndex + 1]));
    return;
  }
  const failures: string[] = [];

  // Phase 1: one replica, killed twice.
  await resetDatabase();
  const single = new Replica(PORTS[0]);
  await single.start();
  const killAt = [0.3, 0.6];
  const kills: string[] = [];
  const phase1 = await stream([single], async fraction => {
    if (killAt.length > 0 && fraction >= killAt[0]) {
      killAt.shift();
      await single.kill();
      kills.push(`${Math.round(fraction * 100)}%`);
      // Clients keep retrying against the dead port meanwhile.
      await sleep(1000);
      await single.start();
    }
  });
  const counts1 = await storedCounts();
  const dora1 = await doraAnswers(single);
  await single.stop();
  report(
    `Phase 1: one replica, SIGKILL at ${kills.join(
      ' and ',
    )} of acknowledged batches`,
    phase1,
    counts1,
    `(the backend was started ${single.starts} times)`,
  );
  failures.push(...checkCounts(phase1, counts1).map(p => `phase 1: ${p}`));

  // Phase 2: two replicas on one database, batches round-robin.
  await resetDatabase();
  const replicas = PORTS.map(port => new Replica(port));
  // One after the other: both run the migrations at start, the second finds them done.
  for (const replica of replicas) await replica.start();
  const phase2 = await stream(replicas, async () => {});
  const counts2 = await storedCounts();
  const doraA = await doraAnswers(replicas[0]);
  const doraB = await doraAnswers(replicas[1]);
  for (const replica of replicas) await replica.stop();
  report(
    'Phase 2: two replicas on one PostgreSQL, round-robin',
    phase2,
    counts2,
    '',
  );
  failures.push(...checkCounts(phase2, counts2).map(p => `phase 2: ${p}`));
  const sameAcrossReplicas = isDeepStrictEqual(doraA, doraB);
  const sameAsPhase1 = isDeepStrictEqual(doraA, dora1);
  console.log(
    `  /dora, 3 services and a team: replicas ${
      sameAcrossReplicas ? 'agree' : 'DIFFER'
    }; ${sameAsPhase1 ? 'equal to' : 'DIFFERENT FROM'} phase 1's answers`,
  );
  if (!sameAcrossReplicas)
    failures.push('phase 2: replicas answer /dora differently');
  if (!sameAsPhase1) failures.push('phase 2: /dora differs from phase 1');

  await resetDatabase();
  if (failures.length > 0) {
    console.log(`\nFAILED:\n  ${failures.join('\n  ')}`);
    process.exit(1);
  }
  console.log('\nNothing lost, nothing duplicated, replicas agree.');
  process.exit(0);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
