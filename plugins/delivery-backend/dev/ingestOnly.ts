/*
 * Ingestion alone, without HTTP: the store's writeEvents on PostgreSQL (database
 * runway_bench_ingest at BENCH_POSTGRES_URL, dropped and created; DATABASE=sqlite: a file in a
 * temporary directory), synthetic events of SERVICES
 * services (default 100), PER each (default 200), with the DORA read model on (MODEL=1) or
 * off; batches of one service's events, or with INTERLEAVE=1 batches of 1000 spanning every
 * service in time order. Prints events/s and statements per batch; TOP=1 the statements that
 * took longest.
 *
 *   MODEL=1 INTERLEAVE=1 node --require @backstage/cli/config/nodeTransform.cjs dev/ingestOnly.ts
 */
import knexFactory, { Knex } from 'knex';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeliveryEvent } from '@runway/plugin-delivery-common';
import { mockServices } from '@backstage/backend-test-utils';
import { DatabaseDeliveryStore } from '../src/database/DatabaseDeliveryStore';
import { service, syntheticEvent } from './syntheticHistory';

const URL =
  process.env.BENCH_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432';
const DB = 'runway_bench_ingest';
async function main() {
  const model = process.env.MODEL === '1';
  const services = Number(process.env.SERVICES ?? 100);
  const perService = Number(process.env.PER ?? 200);
  const interleave = process.env.INTERLEAVE === '1';
  const sqlite = process.env.DATABASE === 'sqlite';
  let knex: Knex;
  if (sqlite) {
    const directory = mkdtempSync(join(tmpdir(), 'runway-ingest-'));
    process.on('exit', () =>
      rmSync(directory, { recursive: true, force: true }),
    );
    knex = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: join(directory, 'delivery.sqlite') },
      useNullAsDefault: true,
    });
  } else {
    const admin = knexFactory({ client: 'pg', connection: URL });
    await admin.raw(`drop database if exists ${DB} with (force)`);
    await admin.raw(`create database ${DB}`);
    await admin.destroy();
    knex = knexFactory({
      client: 'pg',
      connection: `${URL}/${DB}`,
      pool: { min: 1, max: 5 },
    });
  }
  let queries = 0;
  const started = new Map<string, number>();
  const bySql = new Map<string, { n: number; ms: number }>();
  type Query = { __knexQueryUid: string; sql: string };
  knex.on('query', (q: Query) => {
    queries++;
    started.set(q.__knexQueryUid, performance.now());
  });
  knex.on('query-response', (_r: unknown, q: Query) => {
    const t =
      performance.now() - (started.get(q.__knexQueryUid) ?? performance.now());
    const key = String(q.sql).replace(/\s+/g, ' ').slice(0, 110);
    const e = bySql.get(key) ?? { n: 0, ms: 0 };
    e.n++;
    e.ms += t;
    bySql.set(key, e);
  });
  const store = await DatabaseDeliveryStore.create({
    database: mockServices.database({ knex }),
    doraReadModel: model ? { attributionWindowHours: 24 } : undefined,
  });
  const batches: DeliveryEvent[][] = [];
  if (interleave) {
    // Batches of 1000 across the services, in time order.
    const all: DeliveryEvent[] = [];
    for (let n = 0; n < perService; n++) {
      for (let s = 0; s < services; s++) {
        all.push(syntheticEvent(service(s), n, perService));
      }
    }
    for (let i = 0; i < all.length; i += 1000) {
      batches.push(all.slice(i, i + 1000));
    }
  } else {
    for (let s = 0; s < services; s++) {
      for (let n = 0; n < perService; n += 1000) {
        batches.push(
          Array.from({ length: Math.min(1000, perService - n) }, (_, k) =>
            syntheticEvent(service(s), n + k, perService),
          ),
        );
      }
    }
  }
  queries = 0;
  const start = performance.now();
  let events = 0;
  for (const batch of batches) {
    await store.writeEvents({ source: 'api', events: batch });
    events += batch.length;
  }
  const s = (performance.now() - start) / 1000;
  console.log(
    JSON.stringify({
      model,
      interleave,
      events,
      seconds: +s.toFixed(1),
      eventsPerSecond: Math.round(events / s),
      queriesPerBatch: +(queries / batches.length).toFixed(1),
    }),
  );
  console.log(
    'sql ms total',
    Math.round([...bySql.values()].reduce((a, v) => a + v.ms, 0)),
  );
  if (process.env.TOP) {
    for (const [sql, timing] of [...bySql.entries()]
      .sort((a, b) => b[1].ms - a[1].ms)
      .slice(0, 25)) {
      console.log(Math.round(timing.ms), timing.n, sql);
    }
  }
  await knex.destroy();
  process.exit(0);
}
main().catch(e => {
  console.error(e);
  process.exit(1);
});
