import { mockServices } from '@backstage/backend-test-utils';
import { DeploymentEvent, IncidentEvent } from '@runway/plugin-delivery-common';
import { createRandom } from '../demo/random';
import {
  computeDora,
  getBenchmarkSet,
  seriesBucketBounds,
  seriesBuckets,
} from '../dora';
import {
  deploymentsInWindow,
  prepareDora,
  summarize,
} from '../dora/computeDora';
import { tangledHistory } from '../dora/testEvents';
import { lastDeployment } from '../service/overview';
import { DatabaseDeliveryStore } from './DatabaseDeliveryStore';
import { createTestDatabases } from '../__testUtils__/testDatabases';

jest.setTimeout(180_000);

const databases = createTestDatabases();

const PAYMENTS = 'component:default/payments';
const LEDGER = 'component:default/ledger';
const ORDERS = 'component:default/orders';
const START = Date.UTC(2026, 0, 1);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const HOURS = 24;

/**
 * The tangled history posted the way it arrives in life: in small batches in a shuffled
 * order (incidents before the deployments they name, rollbacks before their targets),
 * incidents first posted open and resolved later, deployments first posted to another
 * environment or without their commits and re-posted, incidents naming the wrong
 * deployment and corrected: every case where a late event changes
 * the facts of deployments stored earlier.
 */
function arrivals(seed: string) {
  const events = tangledHistory(seed);
  const random = createRandom(`${seed}-arrivals`);
  const batches: Array<Array<DeploymentEvent | IncidentEvent>> = [];
  const all: Array<DeploymentEvent | IncidentEvent> = [
    ...events.deployments,
    ...events.incidents,
  ];
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(random.between(0, i + 1));
    [all[i], all[j]] = [all[j], all[i]];
  }
  const early: Array<DeploymentEvent | IncidentEvent> = [];
  const late: Array<DeploymentEvent | IncidentEvent> = [];
  for (const event of all) {
    if (event.type === 'incident' && event.resolvedAt && random.chance(0.3)) {
      early.push({ ...event, resolvedAt: null });
      late.push(event);
    } else if (
      event.type === 'incident' &&
      event.deploymentId &&
      random.chance(0.4)
    ) {
      // First blamed on the wrong deployment (of any entity), then corrected.
      early.push({
        ...event,
        deploymentId: random.pick(events.deployments).id,
      });
      late.push(event);
    } else if (event.type === 'deployment' && random.chance(0.1)) {
      early.push({
        ...event,
        environment:
          event.environment === 'production' ? 'staging' : 'production',
        commits: [],
      });
      late.push(event);
    } else {
      early.push(event);
    }
  }
  const sequence = [...early, ...late];
  for (let i = 0; i < sequence.length; i += 17) {
    batches.push(sequence.slice(i, i + 17));
  }
  return { events, batches };
}

describe.each(databases.eachSupportedId())(
  'the DORA read model (%s)',
  databaseId => {
    it('maintained at ingest, gives the engine’s metrics for every scope and window, and equals a rebuild from the raw events', async () => {
      const knex = await databases.init(databaseId);
      const store = await DatabaseDeliveryStore.create({
        database: mockServices.database({ knex }),
        doraReadModel: { attributionWindowHours: HOURS },
      });
      const { events, batches } = arrivals(`read-model-${databaseId}`);
      for (const batch of batches) {
        await store.writeEvents({ source: 'api', events: batch });
      }
      const facts = store.doraFacts!;

      const windows: Array<[number, number]> = [
        [0, 60 * DAY],
        [10 * DAY, 20 * DAY],
        [30 * DAY, 31 * DAY],
        [45 * DAY + 7 * HOUR, 52 * DAY],
        [59 * DAY, 70 * DAY],
        [-10 * DAY, 1 * DAY],
      ];
      for (const index of [37, 101, 150, 222]) {
        const finishedAt =
          Date.parse(events.deployments[index].finishedAt) - START;
        const openedAt =
          Date.parse(events.incidents[index % 120].openedAt) - START;
        windows.push([finishedAt, finishedAt + 5 * DAY]);
        windows.push([finishedAt - 3 * DAY, finishedAt]);
        windows.push([openedAt, openedAt + 2 * DAY]);
      }
      const benchmark = getBenchmarkSet(undefined);
      let failed = 0;
      let samples = 0;
      for (const entityRefs of [
        [PAYMENTS],
        [LEDGER, ORDERS],
        [PAYMENTS, LEDGER, ORDERS],
      ]) {
        for (const environment of ['production', 'staging']) {
          for (const [from, to] of windows) {
            const fromMs = START + from;
            const toMs = START + to;
            const loaded = await store.listDoraEvents({
              entityRefs,
              environment,
              from: new Date(fromMs),
              to: new Date(toMs),
            });
            const {
              from: _f,
              to: _t,
              environment: _e,
              benchmark: _b,
              ...expected
            } = computeDora({
              ...loaded,
              from: new Date(fromMs).toISOString(),
              to: new Date(toMs).toISOString(),
              environment,
              incidentAttributionWindowHours: HOURS,
            });
            const actual = await facts.metrics(
              { entityRefs, environment, fromMs, toMs },
              benchmark,
            );
            expect({ entityRefs, environment, from, to, ...actual }).toEqual({
              entityRefs,
              environment,
              from,
              to,
              ...expected,
            });
            failed += expected.changeFailureRate.failedDeployments;
            samples +=
              expected.recoveryTime.samples + expected.leadTime.samples;
          }
        }
      }
      expect(failed).toBeGreaterThan(100);
      expect(samples).toBeGreaterThan(500);

      // A window judged as of a later instant (the overview's `previous`, as of the end of
      // the window shown) equals the engine analysing both windows at once.
      let judgedLater = 0;
      for (const entityRefs of [[PAYMENTS], [PAYMENTS, LEDGER, ORDERS]]) {
        for (const environment of ['production', 'staging']) {
          for (const [from, to] of windows) {
            const fromMs = START + from;
            const toMs = START + to;
            const asOfMs = toMs + (to - from);
            const context = prepareDora({
              ...(await store.listDoraEvents({
                entityRefs,
                environment,
                from: new Date(fromMs),
                to: new Date(asOfMs),
              })),
              from: new Date(fromMs).toISOString(),
              to: new Date(asOfMs).toISOString(),
              environment,
              incidentAttributionWindowHours: HOURS,
            });
            const expected = summarize(
              deploymentsInWindow(context.deployments, fromMs, toMs),
              toMs - fromMs,
              benchmark,
            );
            const query = { entityRefs, environment, fromMs, toMs };
            expect({
              entityRefs,
              environment,
              from,
              to,
              ...(await facts.metrics({ ...query, asOfMs }, benchmark)),
            }).toEqual({ entityRefs, environment, from, to, ...expected });
            if (
              JSON.stringify(await facts.metrics(query, benchmark)) !==
              JSON.stringify(expected)
            ) {
              judgedLater++;
            }
          }
        }
      }
      // The later instant changed some answers, so the check above tells them apart.
      expect(judgedLater).toBeGreaterThan(0);

      // Series: each calendar bucket's metrics in one grouped read equal the engine's
      // series (every bucket judged as of the series' end).
      let bucketsWithDeployments = 0;
      for (const [bucket, tz, from, to] of [
        ['week', 'America/New_York', 0, 60 * DAY],
        ['day', 'Asia/Kolkata', 10 * DAY, 20 * DAY],
        ['month', 'UTC', -10 * DAY, 70 * DAY],
      ] as const) {
        for (const entityRefs of [[LEDGER], [PAYMENTS, LEDGER, ORDERS]]) {
          const fromMs = START + from;
          const toMs = START + to;
          const context = prepareDora({
            ...(await store.listDoraEvents({
              entityRefs,
              environment: 'production',
              from: new Date(fromMs),
              to: new Date(toMs),
            })),
            from: new Date(fromMs).toISOString(),
            to: new Date(toMs).toISOString(),
            environment: 'production',
            incidentAttributionWindowHours: HOURS,
          });
          const options = { bucket, tz, fromMs, toMs };
          const expected = seriesBuckets(context, options).map(
            ({ key: _k, from: _f, to: _t, ...metrics }) => metrics,
          );
          const actual = await facts.metricsPerBucket(
            { entityRefs, environment: 'production', fromMs, toMs },
            seriesBucketBounds(options),
            benchmark,
          );
          expect({ bucket, entityRefs, actual }).toEqual({
            bucket,
            entityRefs,
            actual: expected,
          });
          bucketsWithDeployments += expected.filter(
            b => b.changeFailureRate.failedDeployments > 0,
          ).length;
        }
      }
      expect(bucketsWithDeployments).toBeGreaterThan(10);

      let lastSeen = 0;
      // Each entity's own metrics in one grouped read equal its own read (which equals the
      // engine, above), although the other entities' incidents name its deployments.
      for (const environment of ['production', 'staging']) {
        for (const [from, to] of windows) {
          const window = {
            environment,
            fromMs: START + from,
            toMs: START + to,
          };
          const perEntity = await facts.metricsPerEntity(
            { ...window, entityRefs: [PAYMENTS, LEDGER, ORDERS] },
            benchmark,
          );
          expect([...perEntity.keys()]).toEqual([PAYMENTS, LEDGER, ORDERS]);
          const last = await facts.lastDeployments({
            ...window,
            entityRefs: [PAYMENTS, LEDGER, ORDERS],
          });
          for (const entityRef of [PAYMENTS, LEDGER, ORDERS]) {
            expect({
              entityRef,
              from,
              to,
              ...perEntity.get(entityRef),
            }).toEqual({
              entityRef,
              from,
              to,
              ...(await facts.metrics(
                { ...window, entityRefs: [entityRef] },
                benchmark,
              )),
            });
            const loaded = await store.listDoraEvents({
              entityRefs: [entityRef],
              environment,
              from: new Date(window.fromMs),
              to: new Date(window.toMs),
            });
            expect({
              entityRef,
              from,
              to,
              last: last.get(entityRef)?.id,
            }).toEqual({
              entityRef,
              from,
              to,
              last: lastDeployment(loaded.deployments)?.id,
            });
            lastSeen += last.has(entityRef) ? 1 : 0;
          }
        }
      }

      expect(lastSeen).toBeGreaterThan(50);

      // The overview's two windows (the one shown and the one before, both judged as of the
      // end of the one shown) read as two buckets of one read equal a read of each.
      let differentWindows = 0;
      for (const environment of ['production', 'staging']) {
        for (const [from, to] of windows) {
          const current = { fromMs: START + from, toMs: START + to };
          const previous = {
            fromMs: 2 * current.fromMs - current.toMs,
            toMs: current.fromMs,
          };
          const entityRefs = [PAYMENTS, LEDGER, ORDERS];
          const merged = await facts.metricsPerEntityPerBucket(
            {
              entityRefs,
              environment,
              fromMs: previous.fromMs,
              toMs: current.toMs,
              asOfMs: current.toMs,
            },
            [previous, current],
            benchmark,
          );
          expect([...merged.keys()]).toEqual(entityRefs);
          const apart = await Promise.all(
            [previous, current].map(window =>
              facts.metricsPerEntity(
                { entityRefs, environment, ...window, asOfMs: current.toMs },
                benchmark,
              ),
            ),
          );
          for (const entityRef of entityRefs) {
            expect({
              entityRef,
              environment,
              from,
              to,
              merged: merged.get(entityRef),
            }).toEqual({
              entityRef,
              environment,
              from,
              to,
              merged: apart.map(perEntity => perEntity.get(entityRef)),
            });
            const [before, now] = merged.get(entityRef)!;
            if (JSON.stringify(before) !== JSON.stringify(now)) {
              differentWindows++;
            }
          }
        }
      }
      // Windows whose figures differ, so that figures given to the wrong window would fail.
      expect(differentWindows).toBeGreaterThan(10);

      const incremental = await facts.dump();
      expect(incremental.dora_deployment_facts.length).toBeGreaterThan(150);
      expect(incremental.dora_blames.length).toBeGreaterThan(30);
      await facts.rebuild();
      expect(await facts.dump()).toEqual(incremental);
    });

    it('re-derives only from where each event changes the facts, exactly', async () => {
      // One event per write, so each write re-derives the least it may: a rebuild from the
      // raw events must find every fact as ingestion left it.
      const knex = await databases.init(databaseId);
      const store = await DatabaseDeliveryStore.create({
        database: mockServices.database({ knex }),
        doraReadModel: { attributionWindowHours: HOURS },
      });
      const { batches } = arrivals(`one-by-one-${databaseId}`);
      const sequence = batches.flat();
      const facts = store.doraFacts!;
      const checks: Array<{ written: number; equal: boolean }> = [];
      for (let i = 0; i < sequence.length; i++) {
        await store.writeEvents({ source: 'api', events: [sequence[i]] });
        if (i % 150 === 149 || i === sequence.length - 1) {
          const incremental = JSON.stringify(await facts.dump());
          await facts.rebuild();
          checks.push({
            written: i + 1,
            equal: JSON.stringify(await facts.dump()) === incremental,
          });
        }
      }
      expect(checks.length).toBeGreaterThan(2);
      expect(checks.filter(check => !check.equal)).toEqual([]);
    });

    it('stays exact with concurrent writers (4 clients, entities shared between batches)', async () => {
      const knex = await databases.init(databaseId);
      const store = await DatabaseDeliveryStore.create({
        database: mockServices.database({ knex }),
        doraReadModel: { attributionWindowHours: HOURS },
      });
      const { batches } = arrivals(`concurrent-${databaseId}`);
      // Each client posts every fourth batch, in order: on PostgreSQL their transactions
      // overlap and touch the same entities (advisory locks, one statement per write).
      await Promise.all(
        [0, 1, 2, 3].map(async client => {
          for (let i = client; i < batches.length; i += 4) {
            await store.writeEvents({ source: 'api', events: batches[i] });
          }
        }),
      );
      const facts = store.doraFacts!;
      const incremental = await facts.dump();
      expect(incremental.dora_deployment_facts.length).toBeGreaterThan(150);
      await facts.rebuild();
      expect(await facts.dump()).toEqual(incremental);
    });

    it('switched on for stored events, is built in the background while reads use the engine and ingestion goes on', async () => {
      const knex = await databases.init(databaseId);
      const { batches } = arrivals(`switched-on-${databaseId}`);
      const half = Math.floor(batches.length / 2);
      // Half the history stored while the model is off.
      const off = await DatabaseDeliveryStore.create({
        database: mockServices.database({ knex }),
      });
      for (const batch of batches.slice(0, half)) {
        await off.writeEvents({ source: 'api', events: batch });
      }
      const store = await DatabaseDeliveryStore.create({
        database: mockServices.database({ knex }),
        doraReadModel: { attributionWindowHours: HOURS },
      });
      expect(store.doraReadModelNeedsRebuild).toBe(true);
      const request = {
        entityRefs: [PAYMENTS, LEDGER, ORDERS],
        environment: 'production',
        from: new Date(START),
        to: new Date(START + 60 * DAY),
      };
      const benchmark = getBenchmarkSet(undefined);
      // Not built: no answer from the model (the reports then run the engine).
      expect(await store.doraMetrics(request, benchmark)).toBeUndefined();
      expect(await store.doraOverview(request, benchmark)).toBeUndefined();
      // The other half arrives while the model is built.
      const [built] = await Promise.all([
        store.rebuildDoraReadModel(),
        (async () => {
          for (const batch of batches.slice(half)) {
            await store.writeEvents({ source: 'api', events: batch });
          }
        })(),
      ]);
      expect(built?.entities).toBe(3);
      expect(store.doraReadModelNeedsRebuild).toBe(false);
      const fromModel = await store.doraMetrics(request, benchmark);
      const {
        from: _f,
        to: _t,
        environment: _e,
        benchmark: _b,
        ...fromEngine
      } = computeDora({
        ...(await store.listDoraEvents(request)),
        from: request.from.toISOString(),
        to: request.to.toISOString(),
        environment: request.environment,
        incidentAttributionWindowHours: HOURS,
      });
      expect(fromEngine.deploymentFrequency.deployments).toBeGreaterThan(50);
      expect(fromModel).toEqual(fromEngine);
      const facts = store.doraFacts!;
      const maintained = await facts.dump();
      await facts.rebuild();
      expect(await facts.dump()).toEqual(maintained);
      // Built: the next start has nothing to do.
      expect(await store.rebuildDoraReadModel()).toBeUndefined();
    });

    it('needs no build on a database without deployments', async () => {
      const knex = await databases.init(databaseId);
      const store = await DatabaseDeliveryStore.create({
        database: mockServices.database({ knex }),
        doraReadModel: { attributionWindowHours: HOURS },
      });
      expect(store.doraReadModelNeedsRebuild).toBe(false);
      expect(await store.doraFacts!.isCurrent()).toBe(true);
    });

    it('re-derives the entity an incident stops naming', async () => {
      const knex = await databases.init(databaseId);
      const store = await DatabaseDeliveryStore.create({
        database: mockServices.database({ knex }),
        doraReadModel: { attributionWindowHours: HOURS },
      });
      const deploy = (id: string, entityRef: string): DeploymentEvent => ({
        type: 'deployment',
        id,
        entityRef,
        environment: 'production',
        status: 'succeeded',
        finishedAt: '2026-01-01T00:00:00Z',
      });
      const blame = (deploymentId: string): IncidentEvent => ({
        type: 'incident',
        id: 'ledger-incident',
        entityRef: LEDGER,
        environment: 'production',
        openedAt: '2026-01-01T01:00:00Z',
        resolvedAt: '2026-01-01T02:00:00Z',
        deploymentId,
      });
      await store.writeEvents({
        source: 'api',
        events: [deploy('p-1', PAYMENTS), deploy('l-1', LEDGER)],
      });
      await store.writeEvents({ source: 'api', events: [blame('p-1')] });
      const window = {
        entityRefs: [PAYMENTS, LEDGER],
        environment: 'production',
        fromMs: START,
        toMs: START + DAY,
      };
      const benchmark = getBenchmarkSet(undefined);
      const failed = async () =>
        (await store.doraFacts!.metrics(window, benchmark)).changeFailureRate
          .failedDeployments;
      expect(await failed()).toBe(1);
      await store.writeEvents({ source: 'api', events: [blame('l-1')] });
      const incremental = await store.doraFacts!.dump();
      expect(incremental.dora_blames).toEqual([
        expect.stringContaining('"deployment_id":"l-1"'),
      ]);
      expect(await failed()).toBe(1);
      await store.doraFacts!.rebuild();
      expect(await store.doraFacts!.dump()).toEqual(incremental);
      // Two replicas starting together both rebuild.
      await Promise.all([
        store.doraFacts!.rebuild(),
        store.doraFacts!.rebuild(),
      ]);
      expect(await store.doraFacts!.dump()).toEqual(incremental);
      expect(await store.doraFacts!.isCurrent()).toBe(true);
    });
  },
);
