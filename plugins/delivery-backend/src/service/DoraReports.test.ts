import { mockCredentials } from '@backstage/backend-test-utils';
import {
  DeploymentEvent,
  IncidentEvent,
  PipelineRunEvent,
} from '@runway/plugin-delivery-common';
import { DateTime } from 'luxon';
import { DeliveryStore } from '../database/DeliveryStore';
import { analyzeDeployments } from '../dora/analyzeDeployments';
import { computeDora, computeDoraSeries } from '../dora';
import { deployment, incident, LEDGER, PAYMENTS } from '../dora/testEvents';
import { CatalogEntities, EntitySummary } from './CatalogEntities';
import { DoraReports } from './DoraReports';
import { metricValues } from './overview';

// Counts the engine's analyses while keeping its behaviour (jest hoists this above the imports).
jest.mock('../dora/analyzeDeployments', () => {
  const actual = jest.requireActual('../dora/analyzeDeployments');
  return { ...actual, analyzeDeployments: jest.fn(actual.analyzeDeployments) };
});

const GROUP = 'group:default/team-a';
const ORDERS = 'component:default/orders';
const credentials = mockCredentials.user();
const window = {
  from: DateTime.fromISO('2026-01-01T00:00:00Z', { zone: 'utc' }),
  to: DateTime.fromISO('2026-02-01T00:00:00Z', { zone: 'utc' }),
};
const FROM = '2026-01-01T00:00:00.000Z';
const TO = '2026-02-01T00:00:00.000Z';
const PREVIOUS_FROM = '2025-12-01T00:00:00.000Z';

const commit = (sha: string, timestamp: string) => ({ sha, timestamp });

/** Two windows of history over three components. */
const deployments: DeploymentEvent[] = [
  deployment('p0', '2025-12-10T00:00:00Z', {
    commits: [commit('a', '2025-12-09T00:00:00Z')],
  }),
  deployment('p1', '2026-01-05T00:00:00Z', {
    commits: [
      commit('a', '2025-12-09T00:00:00Z'),
      commit('b', '2026-01-04T00:00:00Z'),
    ],
  }),
  deployment('p2', '2026-01-06T00:00:00Z', {
    commits: [commit('c', '2026-01-05T12:00:00Z')],
  }),
  deployment('p3', '2026-01-06T06:00:00Z', { rollbackOf: 'p2' }),
  deployment('l1', '2025-12-20T00:00:00Z', {
    entityRef: LEDGER,
    commits: [commit('d', '2025-12-19T00:00:00Z')],
  }),
  deployment('l2', '2026-01-10T00:00:00Z', {
    entityRef: LEDGER,
    commits: [commit('e', '2026-01-09T00:00:00Z')],
  }),
  deployment('o1', '2026-01-12T00:00:00Z', { entityRef: ORDERS }),
];
const incidents: IncidentEvent[] = [
  incident('i1', '2026-01-05T01:00:00Z', '2026-01-05T03:00:00Z'),
  incident('i2', '2025-12-20T02:00:00Z', null, { entityRef: LEDGER }),
];

function reportsOver(events: {
  deployments: DeploymentEvent[];
  incidents: IncidentEvent[];
}) {
  const store = {
    listDoraEvents: jest.fn(async () => events),
    listEntityRefs: jest.fn(async () => [LEDGER, ORDERS, PAYMENTS]),
    listPipelineRuns: jest.fn(async (): Promise<PipelineRunEvent[]> => []),
  };
  const described = (refs: string[]): EntitySummary[] =>
    refs.map(entityRef => ({
      entityRef,
      title: entityRef === PAYMENTS ? 'Payments' : undefined,
      owners: [GROUP],
      systems: [],
    }));
  const entities = {
    resolveScope: jest.fn(async (ref: string) =>
      ref === GROUP ? [LEDGER, ORDERS, PAYMENTS] : [ref],
    ),
    describe: jest.fn(async (refs: string[]) => described(refs)),
  };
  const reports = new DoraReports({
    store: store as unknown as DeliveryStore,
    entities: entities as unknown as CatalogEntities,
    settings: { incidentAttributionWindowHours: 24 },
  });
  return { reports, store };
}

/** What `/dora` answers for one entity given its own events. */
function ownMetrics(
  entityRef: string,
  from: string,
  to: string,
  events = { deployments, incidents },
) {
  return metricValues(
    computeDora({
      from,
      to,
      environment: 'production',
      deployments: events.deployments.filter(d => d.entityRef === entityRef),
      incidents: events.incidents.filter(i => i.entityRef === entityRef),
      incidentAttributionWindowHours: 24,
    }),
  );
}

describe('DoraReports', () => {
  beforeEach(() => jest.mocked(analyzeDeployments).mockClear());

  it('summarizes a group as the engine computes each window, each component as its own /dora', async () => {
    const { reports, store } = reportsOver({ deployments, incidents });
    const summary = await reports.summary(
      { entityRef: GROUP, window, bucket: 'week' },
      credentials,
    );
    const analyses = jest.mocked(analyzeDeployments).mock.calls.length;

    // Both windows loaded at once: the store loads the history that decides a window.
    expect(store.listDoraEvents).toHaveBeenCalledWith({
      entityRefs: [LEDGER, ORDERS, PAYMENTS],
      environment: 'production',
      from: new Date(PREVIOUS_FROM),
      to: new Date(TO),
    });
    const input = {
      environment: 'production',
      deployments,
      incidents,
      incidentAttributionWindowHours: 24,
    };
    const current = computeDora({ ...input, from: FROM, to: TO });
    const previous = computeDora({ ...input, from: PREVIOUS_FROM, to: FROM });
    const series = computeDoraSeries({
      ...input,
      from: FROM,
      to: TO,
      bucket: 'week',
      tz: 'UTC',
    });
    expect(summary).toEqual({
      entityRef: GROUP,
      from: FROM,
      to: TO,
      environment: 'production',
      benchmark: current.benchmark,
      current: metricValues(current),
      previous: { from: PREVIOUS_FROM, to: FROM, ...metricValues(previous) },
      series: { bucket: 'week', tz: 'UTC', buckets: series.buckets },
      entities: expect.any(Array),
    });
    // The rows are sorted worst first; each equals the component's own metrics.
    for (const ref of [LEDGER, ORDERS, PAYMENTS]) {
      expect(summary.entities.find(e => e.entityRef === ref)).toMatchObject(
        ownMetrics(ref, FROM, TO),
      );
    }
    expect(summary.entities.find(e => e.entityRef === PAYMENTS)?.title).toBe(
      'Payments',
    );
    expect(summary.previous.deploymentFrequency.deployments).toBe(2);
    expect(summary.previous.leadTime.samples).toBe(2);
    expect(summary.current.changeFailureRate.failedDeployments).toBe(2);
    // One analysis for both windows, the trend and every component.
    expect(analyses).toBe(1);
  });

  it("keeps a component's row equal to its /dora when another component's incident names its deployment", async () => {
    // ledger's incident names payments' deployment: the group's analysis blames p2, the
    // payments /dora (which does not load ledger's incidents) does not.
    const crossed = {
      deployments,
      incidents: [
        ...incidents,
        incident('i3', '2026-01-07T00:00:00Z', '2026-01-07T04:00:00Z', {
          entityRef: LEDGER,
          deploymentId: 'p3',
        }),
      ],
    };
    const { reports } = reportsOver(crossed);
    const summary = await reports.summary(
      { entityRef: GROUP, window },
      credentials,
    );
    const payments = summary.entities.find(e => e.entityRef === PAYMENTS);
    expect(payments).toMatchObject(ownMetrics(PAYMENTS, FROM, TO, crossed));
    expect(summary.current.changeFailureRate.failedDeployments).toBe(
      payments!.changeFailureRate.failedDeployments + 1,
    );
    for (const ref of [LEDGER, ORDERS]) {
      expect(summary.entities.find(e => e.entityRef === ref)).toMatchObject(
        ownMetrics(ref, FROM, TO, crossed),
      );
    }
  });

  it('lists every entity in the overview with its own metrics from one analysis', async () => {
    const { reports } = reportsOver({ deployments, incidents });
    const overview = await reports.overview(
      { window, orderBy: 'entityRef' },
      credentials,
    );
    const analyses = jest.mocked(analyzeDeployments).mock.calls.length;
    expect(overview.items.map(item => item.entityRef)).toEqual([
      LEDGER,
      ORDERS,
      PAYMENTS,
    ]);
    for (const item of overview.items) {
      expect(item).toMatchObject(ownMetrics(item.entityRef, FROM, TO));
      // The previous window's metrics come from the same analysis.
      expect(item.previous).toMatchObject(
        ownMetrics(item.entityRef, PREVIOUS_FROM, FROM),
      );
    }
    expect(overview).toMatchObject({
      from: FROM,
      to: TO,
      previous: { from: PREVIOUS_FROM, to: FROM },
      totalCount: 3,
    });
    // The group's summary counts 2 deployments in the previous window.
    expect(
      overview.items.reduce(
        (sum, item) => sum + item.previous.deploymentFrequency.deployments,
        0,
      ),
    ).toBe(2);
    expect(overview.items[2].lastDeployment).toEqual({
      id: 'p3',
      status: 'succeeded',
      finishedAt: '2026-01-06T06:00:00.000Z',
      version: null,
      pipelineRun: null,
    });
    // One analysis for both windows and every entity.
    expect(analyses).toBe(1);
  });

  it('reads the window before on its own from a read model that reads one window at a time', async () => {
    const { reports, store } = reportsOver({ deployments, incidents });
    // A DeliveryStore written before `previousFrom`: it answers the window it is asked for.
    const doraOverview = jest.fn(async (request: { from: Date; to: Date }) => ({
      metrics: new Map(
        [LEDGER, ORDERS, PAYMENTS].map(ref => [
          ref,
          computeDora({
            from: request.from.toISOString(),
            to: request.to.toISOString(),
            environment: 'production',
            deployments: deployments.filter(d => d.entityRef === ref),
            incidents: incidents.filter(i => i.entityRef === ref),
            incidentAttributionWindowHours: 24,
          }),
        ]),
      ),
      lastDeployments: new Map(),
    }));
    Object.assign(store, { doraOverview });
    const overview = await reports.overview(
      { window, orderBy: 'entityRef' },
      credentials,
    );
    expect(
      doraOverview.mock.calls.map(([request, , options]: any[]) => [
        request.from.toISOString(),
        request.to.toISOString(),
        options.lastDeployments,
      ]),
    ).toEqual([
      [FROM, TO, true],
      [PREVIOUS_FROM, FROM, false],
    ]);
    // The read model's answers: no events loaded for the engine.
    expect(store.listDoraEvents).not.toHaveBeenCalled();
    for (const item of overview.items) {
      expect(item).toMatchObject(ownMetrics(item.entityRef, FROM, TO));
      expect(item.previous).toMatchObject(
        ownMetrics(item.entityRef, PREVIOUS_FROM, FROM),
      );
    }
    expect(
      overview.items.reduce(
        (sum, item) => sum + item.previous.deploymentFrequency.deployments,
        0,
      ),
    ).toBe(2);
  });
});
