import { DeploymentEvent, IncidentEvent } from '@runway/plugin-delivery-common';
import { getBenchmarkSet } from './benchmarks';
import { computeDora } from './computeDora';
import { deriveDoraFacts, summarizeDoraFacts } from './doraFacts';
import { tangledHistory as history } from './testEvents';

const PAYMENTS = 'component:default/payments';
const LEDGER = 'component:default/ledger';
const ORDERS = 'component:default/orders';
const START = Date.UTC(2026, 0, 1);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * What the store gives the engine for a scope and a window ending at `to`: the scope's
 * deployments finished and incidents opened before `to` (listDoraEvents.test proves the
 * store's narrowed reads equal this).
 */
function asOf(
  events: { deployments: DeploymentEvent[]; incidents: IncidentEvent[] },
  scope: string[],
  toMs: number,
) {
  return {
    deployments: events.deployments.filter(
      d => scope.includes(d.entityRef) && Date.parse(d.finishedAt) < toMs,
    ),
    incidents: events.incidents.filter(
      i => scope.includes(i.entityRef) && Date.parse(i.openedAt) < toMs,
    ),
  };
}

describe('deriveDoraFacts / summarizeDoraFacts', () => {
  it.each(['facts-a', 'facts-b', 'facts-c'])(
    'gives the metrics of every scope and window from the facts alone (%s)',
    seed => {
      const events = history(seed);
      const windows: Array<[number, number]> = [
        [0, 60 * DAY],
        [10 * DAY, 20 * DAY],
        [30 * DAY, 31 * DAY],
        [45 * DAY + 7 * HOUR, 52 * DAY],
        [59 * DAY, 70 * DAY],
        [-10 * DAY, 1 * DAY],
        [-10 * DAY, 400 * DAY],
      ];
      for (const index of [37, 101, 150, 222]) {
        const finishedAt =
          Date.parse(events.deployments[index].finishedAt) - START;
        const openedAt =
          Date.parse(events.incidents[index % 120].openedAt) - START;
        const resolvedAt = events.incidents[index % 120].resolvedAt;
        windows.push([finishedAt, finishedAt + 5 * DAY]);
        windows.push([finishedAt - 3 * DAY, finishedAt]);
        windows.push([openedAt, openedAt + 2 * DAY]);
        windows.push([openedAt - 2 * DAY, openedAt]);
        if (resolvedAt) {
          windows.push([openedAt - DAY, Date.parse(resolvedAt) - START]);
        }
      }
      const benchmark = getBenchmarkSet(undefined);
      let comparisons = 0;
      let failedSeen = 0;
      let reworkSeen = 0;
      for (const hours of [24, 24 * 7]) {
        const facts = deriveDoraFacts({
          ...events,
          attributionWindowMs: hours * HOUR,
        });
        for (const scope of [
          [PAYMENTS],
          [LEDGER],
          [PAYMENTS, LEDGER],
          [PAYMENTS, LEDGER, ORDERS],
        ]) {
          for (const environment of ['production', 'staging']) {
            for (const [from, to] of windows) {
              const fromMs = START + from;
              const toMs = START + to;
              const expected = computeDora({
                ...asOf(events, scope, toMs),
                from: iso(fromMs),
                to: iso(toMs),
                environment,
                incidentAttributionWindowHours: hours,
              });
              const actual = summarizeDoraFacts({
                facts,
                scope,
                environment,
                fromMs,
                toMs,
                benchmark,
              });
              expect({ scope, environment, from, to, ...actual }).toEqual({
                scope,
                environment,
                from,
                to,
                deploymentFrequency: expected.deploymentFrequency,
                leadTime: expected.leadTime,
                changeFailureRate: expected.changeFailureRate,
                recoveryTime: expected.recoveryTime,
                reworkRate: expected.reworkRate,
              });
              comparisons += 1;
              failedSeen += expected.changeFailureRate.failedDeployments;
              reworkSeen += expected.reworkRate.reworkDeployments;
            }
          }
        }
      }
      expect(comparisons).toBeGreaterThan(200);
      // The comparison says something only if failures and rework happened.
      expect(failedSeen).toBeGreaterThan(100);
      expect(reworkSeen).toBeGreaterThan(100);
    },
  );
});

describe('summarizeDoraFacts across entities', () => {
  // Another entity's incident naming a deployment counts only when that entity is in the
  // scope: for the failure, the recovery and the rework of later deployments.
  const deployments: DeploymentEvent[] = [
    ['p-1', '2026-01-01T00:00:00Z'],
    ['p-2', '2026-01-02T00:00:00Z'],
    ['p-3', '2026-01-03T00:00:00Z'],
  ].map(([id, finishedAt]) => ({
    type: 'deployment',
    id,
    entityRef: PAYMENTS,
    environment: 'production',
    status: 'succeeded',
    finishedAt,
    commits: [{ sha: id, timestamp: '2025-12-31T00:00:00Z' }],
  }));
  const incidents: IncidentEvent[] = [
    {
      type: 'incident',
      id: 'ledger-blames-p-1',
      entityRef: LEDGER,
      environment: 'production',
      openedAt: '2026-01-01T12:00:00Z',
      resolvedAt: '2026-01-02T12:00:00Z',
      deploymentId: 'p-1',
    },
  ];
  const facts = deriveDoraFacts({
    deployments,
    incidents,
    attributionWindowMs: DAY,
  });

  it.each([[[PAYMENTS]], [[PAYMENTS, LEDGER]]])(
    'matches the engine for the scope %j',
    scope => {
      const fromMs = Date.parse('2026-01-01T00:00:00Z');
      const toMs = Date.parse('2026-01-10T00:00:00Z');
      const expected = computeDora({
        ...asOf({ deployments, incidents }, scope, toMs),
        from: iso(fromMs),
        to: iso(toMs),
        environment: 'production',
        incidentAttributionWindowHours: 24,
      });
      const actual = summarizeDoraFacts({
        facts,
        scope,
        environment: 'production',
        fromMs,
        toMs,
        benchmark: getBenchmarkSet(undefined),
      });
      expect(actual.reworkRate).toEqual(expected.reworkRate);
      expect(actual.changeFailureRate).toEqual(expected.changeFailureRate);
      expect(actual.recoveryTime).toEqual(expected.recoveryTime);
      expect(actual.reworkRate.reworkDeployments).toBe(
        scope.length === 2 ? 1 : 0,
      );
    },
  );
});
