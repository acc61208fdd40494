import { mockServices } from '@backstage/backend-test-utils';
import { DeploymentEvent, IncidentEvent } from '@runway/plugin-delivery-common';
import { createRandom } from '../demo/random';
import { computeDora, computeDoraSeries, listDoraDeployments } from '../dora';
import { DatabaseDeliveryStore } from './DatabaseDeliveryStore';
import { createTestDatabases } from '../__testUtils__/testDatabases';

jest.setTimeout(120_000);

const databases = createTestDatabases();

const PAYMENTS = 'component:default/payments';
const LEDGER = 'component:default/ledger';
const ORDERS = 'component:default/orders';
const START = Date.UTC(2026, 0, 1);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Sixty days of deliberately tangled history for three entities: commits re-deployed and
 * shared across entities and environments, ties in finishedAt, failed deployments,
 * rollbacks of any deployment (including ones in other entities and environments),
 * incidents naming any deployment or none, open for minutes to weeks, never resolved, or
 * resolved before they opened.
 */
function history(seed: string): {
  deployments: DeploymentEvent[];
  incidents: IncidentEvent[];
} {
  const random = createRandom(seed);
  const entities = [PAYMENTS, LEDGER, ORDERS];
  const shaPool = Array.from({ length: 250 }, (_, i) => `sha-${i}`);
  const deployments: DeploymentEvent[] = [];
  for (const entityRef of entities) {
    for (let n = 0; n < 90; n++) {
      const earlier = deployments[deployments.length - 1];
      const finishedAt =
        earlier && random.chance(0.05)
          ? Date.parse(earlier.finishedAt)
          : START + Math.floor(random.between(0, 60 * 24 * 60)) * MINUTE;
      const commitCount = Math.floor(random.between(0, 4));
      const rollbackOf =
        deployments.length > 0 && random.chance(0.08)
          ? random.pick(deployments).id
          : undefined;
      deployments.push({
        type: 'deployment',
        id: `${entityRef.split('/')[1]}-${n}`,
        entityRef,
        environment: random.chance(0.8) ? 'production' : 'staging',
        status: random.chance(0.1) ? 'failed' : 'succeeded',
        finishedAt: iso(finishedAt),
        commits: Array.from({ length: commitCount }, () => ({
          sha: random.pick(shaPool),
          timestamp: iso(finishedAt - random.logBetween(MINUTE, 20 * DAY)),
        })),
        ...(rollbackOf ? { rollbackOf } : {}),
        ...(random.chance(0.05) ? { labels: { hotfix: 'true' } } : {}),
      });
    }
  }
  const incidents: IncidentEvent[] = Array.from({ length: 120 }, (_, n) => {
    const openedAt =
      START + Math.floor(random.between(0, 60 * 24 * 60)) * MINUTE;
    const duration = random.logBetween(5 * MINUTE, 20 * DAY);
    const resolvedAt = random.chance(0.15)
      ? null
      : iso(openedAt + (random.chance(0.04) ? -duration : duration));
    return {
      type: 'incident',
      id: `incident-${n}`,
      entityRef: random.pick(entities),
      environment: random.chance(0.9) ? 'production' : 'staging',
      openedAt: iso(openedAt),
      resolvedAt,
      ...(random.chance(0.4)
        ? { deploymentId: random.pick(deployments).id }
        : {}),
    };
  });
  return { deployments, incidents };
}

describe.each(databases.eachSupportedId())(
  'DatabaseDeliveryStore.listDoraEvents (%s)',
  databaseId => {
    async function storeWith(events: {
      deployments: DeploymentEvent[];
      incidents: IncidentEvent[];
    }) {
      const knex = await databases.init(databaseId);
      const store = await DatabaseDeliveryStore.create({
        database: mockServices.database({ knex }),
      });
      await store.writeEvents({
        source: 'api',
        events: [...events.deployments, ...events.incidents],
      });
      return store;
    }

    it('loads the window, its incidents and only the history that decides them', async () => {
      const at = (day: number, hour = 0) =>
        iso(START + day * DAY + hour * HOUR);
      const deploy = (
        id: string,
        finishedAt: string,
        fields: Partial<DeploymentEvent> = {},
      ): DeploymentEvent => ({
        type: 'deployment',
        id,
        entityRef: PAYMENTS,
        environment: 'production',
        status: 'succeeded',
        finishedAt,
        commits: [],
        ...fields,
      });
      const incident = (
        id: string,
        openedAt: string,
        resolvedAt: string | null,
        fields: Partial<IncidentEvent> = {},
      ): IncidentEvent => ({
        type: 'incident',
        id,
        entityRef: PAYMENTS,
        environment: 'production',
        openedAt,
        resolvedAt,
        ...fields,
      });
      const store = await storeWith({
        deployments: [
          deploy('unrelated', at(0), {
            commits: [{ sha: 'old', timestamp: at(0) }],
          }),
          deploy('first-of-s1', at(1), {
            commits: [
              { sha: 's1', timestamp: at(0) },
              { sha: 'other', timestamp: at(0) },
            ],
          }),
          deploy('live-at-long-incident', at(4)),
          deploy('named-by-open-incident', at(5)),
          deploy('last-before-window', at(8)),
          deploy('in-window', at(10), {
            commits: [
              { sha: 's1', timestamp: at(0) },
              { sha: 's2', timestamp: at(9) },
            ],
          }),
          deploy('rollback', at(11), { rollbackOf: 'in-window' }),
          deploy('failed', at(12), { status: 'failed' }),
          deploy('staging', at(12), { environment: 'staging' }),
          deploy('ledger', at(12), { entityRef: LEDGER }),
          deploy('after-window', at(21)),
        ],
        incidents: [
          incident('resolved-before-window', at(0, 1), at(0, 2)),
          incident('long', at(4, 1), null),
          incident('named', at(5, 1), at(11), {
            deploymentId: 'named-by-open-incident',
          }),
          incident('in-window', at(10, 1), at(10, 2)),
          incident('after-window', at(20), null),
        ],
      });
      const request = {
        entityRefs: [PAYMENTS],
        environment: 'production',
        from: new Date(at(10)),
        to: new Date(at(20)),
      };

      const loaded = await store.listDoraEvents(request);

      expect(loaded.deployments.map(d => d.id)).toEqual([
        'first-of-s1',
        'live-at-long-incident',
        'named-by-open-incident',
        'last-before-window',
        'in-window',
        'rollback',
      ]);
      expect(loaded.deployments[0].commits).toEqual([
        { sha: 's1', timestamp: at(0) },
      ]);
      expect(loaded.incidents.map(i => i.id)).toEqual([
        'long',
        'named',
        'in-window',
      ]);
      const input = {
        from: at(10),
        to: at(20),
        environment: 'production',
      };
      const [inWindow, rollback] = listDoraDeployments({
        ...input,
        ...loaded,
      });
      expect(inWindow.commits.map(c => c.firstDeploymentId)).toEqual([
        'first-of-s1',
        'in-window',
      ]);
      expect(inWindow.reworkReasons).toEqual(['duringIncident']);
      expect(inWindow.failureReasons).toEqual([
        'rolledBack',
        'incidentInWindow',
      ]);
      expect(rollback.reworkReasons).toEqual(['rollback', 'duringIncident']);
    });

    it('gives the same metrics as the whole history, window after window', async () => {
      const events = history(`dora-narrowing-${databaseId}`);
      const store = await storeWith(events);
      const windows: Array<[number, number]> = [
        [0, 60 * DAY],
        [10 * DAY, 20 * DAY],
        [30 * DAY, 31 * DAY],
        [45 * DAY + 7 * HOUR, 52 * DAY],
        [59 * DAY, 70 * DAY],
        [-10 * DAY, 1 * DAY],
      ];
      // Windows starting and ending exactly on deployments and incidents: the boundaries.
      for (const index of [37, 101, 150, 222]) {
        const finishedAt =
          Date.parse(events.deployments[index].finishedAt) - START;
        const openedAt =
          Date.parse(events.incidents[index % 120].openedAt) - START;
        windows.push([finishedAt, finishedAt + 5 * DAY]);
        windows.push([finishedAt - 3 * DAY, finishedAt]);
        windows.push([openedAt, openedAt + 2 * DAY]);
      }

      let comparisons = 0;
      let skippedHistory = 0;
      for (const entityRefs of [[PAYMENTS], [PAYMENTS, LEDGER, ORDERS]]) {
        for (const environment of ['production', 'staging']) {
          for (const [fromMs, toMs] of windows) {
            const from = new Date(START + fromMs);
            const to = new Date(START + toMs);
            // The whole history up to `to`: a window from the epoch has no history before
            // it, so none of the narrowing rules applies to it.
            const [{ deployments, incidents }, narrowed] = await Promise.all([
              store.listDoraEvents({
                entityRefs,
                environment,
                from: new Date(0),
                to,
              }),
              store.listDoraEvents({ entityRefs, environment, from, to }),
            ]);
            for (const incidentAttributionWindowHours of [24, 24 * 7]) {
              const input = {
                from: from.toISOString(),
                to: to.toISOString(),
                environment,
                incidentAttributionWindowHours,
              };
              const whole = { ...input, deployments, incidents };
              const narrow = { ...input, ...narrowed };
              expect(computeDora(narrow)).toEqual(computeDora(whole));
              expect(listDoraDeployments(narrow)).toEqual(
                listDoraDeployments(whole),
              );
              const series = { bucket: 'day' as const, tz: 'Europe/Berlin' };
              expect(computeDoraSeries({ ...narrow, ...series })).toEqual(
                computeDoraSeries({ ...whole, ...series }),
              );
              comparisons += 1;
            }
            skippedHistory += deployments.filter(
              d => !narrowed.deployments.some(n => n.id === d.id),
            ).length;
          }
        }
      }
      expect(comparisons).toBe(2 * 2 * 18 * 2);
      // The comparison is only worth something if the narrowed load left history out.
      expect(skippedHistory).toBeGreaterThan(1000);
    });
  },
);
