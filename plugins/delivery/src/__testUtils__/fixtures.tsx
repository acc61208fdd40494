import { Entity } from '@backstage/catalog-model';
import { createApiMock } from '@backstage/frontend-test-utils';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import {
  catalogApiRef,
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { ApiRef, discoveryApiRef } from '@backstage/core-plugin-api';
import { CostOverview } from '@runway/plugin-cost-common';
import {
  DeliveryOverview,
  DeliveryOverviewItem,
  DeliveryApi,
  DoraMetricValues,
  DoraSummary,
  PipelineState,
  PipelineStates,
} from '@runway/plugin-delivery-common';
import { ReactNode } from 'react';
import { deliveryApiRef } from '../api';

/** A DeliveryApi whose every method fails until a test says otherwise. */
export function fakeDeliveryApi(): jest.Mocked<DeliveryApi> {
  const unexpected = (name: string) =>
    jest.fn(async () => {
      throw new Error(`unexpected call to DeliveryApi.${name}`);
    });
  return {
    postEvents: unexpected('postEvents'),
    getDora: unexpected('getDora'),
    getDoraSeries: unexpected('getDoraSeries'),
    getDoraSummary: unexpected('getDoraSummary'),
    getDoraDeployments: unexpected('getDoraDeployments'),
    getOverview: unexpected('getOverview'),
    getPipelines: unexpected('getPipelines'),
    getUnmatched: unexpected('getUnmatched'),
  } as unknown as jest.Mocked<DeliveryApi>;
}

/** The delivery API as a test app gets it: every method fails until a test says otherwise. */
export const deliveryApiMock = createApiMock(deliveryApiRef, fakeDeliveryApi);

/** How long the first thing a test app shows may take: lazy extensions, a loaded CI machine. */
export const RENDERED = { timeout: 20_000 };

/** A promise and the functions that settle it, for a test to answer when it chooses. */
export function deferred<T>() {
  let resolve: (value: T) => void = () => {};
  let reject: (error: Error) => void = () => {};
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A promise that never settles: the loading state stays on screen. */
export function pending<T>(): Promise<T> {
  return new Promise<T>(() => {});
}

export const component: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments',
    namespace: 'default',
    title: 'Payments service',
    annotations: {
      'github.com/project-slug': 'runway-demo/payments',
      'backstage.io/source-template': 'template:default/node-service',
      'runway.dev/template-version': '2.3.0',
    },
  },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'team-payments',
    system: 'payments-platform',
  },
  relations: [
    { type: 'ownedBy', targetRef: 'group:default/team-payments' },
    { type: 'partOf', targetRef: 'system:default/payments-platform' },
  ],
};

/** `component` created from a golden path (the health card then asks for its drift). */
export const templatedComponent: Entity = {
  ...component,
  metadata: {
    ...component.metadata,
    annotations: {
      ...component.metadata.annotations,
      'runway.dev/template': 'template:default/node-service',
    },
  },
};

export const group: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'team-payments', namespace: 'default', title: 'Payments' },
  spec: { type: 'team', children: [] },
};

export function metrics(
  overrides: Partial<{
    deployments: number;
    leadTimeSeconds: number | null;
    failed: number;
    recoverySeconds: number | null;
    rework: number;
    days: number;
  }> = {},
): DoraMetricValues {
  const {
    deployments = 12,
    leadTimeSeconds = 5400,
    failed = 1,
    recoverySeconds = 7200,
    rework = 2,
    days = 30,
  } = overrides;
  const rate = (n: number) => (deployments === 0 ? null : n / deployments);
  return {
    deploymentFrequency: {
      deployments,
      perWeek: deployments / (days / 7),
      level: deployments > 20 ? 'elite' : 'high',
    },
    leadTime: {
      medianSeconds: leadTimeSeconds,
      p90Seconds: leadTimeSeconds === null ? null : leadTimeSeconds * 2,
      samples: leadTimeSeconds === null ? 0 : deployments * 2,
      level: leadTimeSeconds === null ? null : 'elite',
    },
    changeFailureRate: {
      failedDeployments: failed,
      deployments,
      rate: rate(failed),
      level: deployments === 0 ? null : 'medium',
    },
    recoveryTime: {
      medianSeconds: recoverySeconds,
      p90Seconds: recoverySeconds,
      samples: recoverySeconds === null ? 0 : failed,
      openIncidents: 0,
      level: recoverySeconds === null ? null : 'high',
    },
    reworkRate: {
      reworkDeployments: rework,
      deployments,
      rate: rate(rework),
    },
  };
}

export function doraSummary(
  overrides: Partial<DoraSummary> = {},
  entityRef = 'component:default/payments',
): DoraSummary {
  return {
    entityRef,
    from: '2026-01-01T00:00:00.000Z',
    to: '2026-01-31T00:00:00.000Z',
    environment: 'production',
    benchmark: '2024',
    current: metrics(),
    previous: {
      from: '2025-12-02T00:00:00.000Z',
      to: '2026-01-01T00:00:00.000Z',
      ...metrics({ deployments: 8, leadTimeSeconds: 10800 }),
    },
    series: {
      bucket: 'week',
      tz: 'UTC',
      buckets: ['2026-W01', '2026-W02', '2026-W03'].map((key, i) => ({
        key,
        from: '2026-01-01T00:00:00.000Z',
        to: '2026-01-08T00:00:00.000Z',
        ...metrics({ deployments: 3 + i, days: 7 }),
      })),
    },
    entities: [
      {
        entityRef,
        level: 'medium',
        ...metrics(),
      },
    ],
    ...overrides,
  };
}

export function pipeline(
  overrides: Partial<PipelineState> = {},
): PipelineState {
  const run = (
    id: string,
    status: 'succeeded' | 'failed',
    hoursAgo: number,
  ) => ({
    id,
    branch: 'main',
    status,
    attempt: 1,
    startedAt: new Date(Date.now() - hoursAgo * 3_600_000).toISOString(),
    finishedAt: new Date(
      Date.now() - hoursAgo * 3_600_000 + 600_000,
    ).toISOString(),
    durationSeconds: 600,
    commitSha: `sha-${id}`,
    url: `https://ci.example.com/runs/${id}`,
  });
  const latest = run('r3', 'failed', 2);
  return {
    entityRef: 'component:default/payments',
    pipeline: 'ci',
    branches: [{ branch: 'main', latestRun: latest }],
    defaultBranch: {
      branch: 'main',
      status: 'failed',
      latestRun: latest,
      failingSince: latest.startedAt,
      failingSinceRunId: 'r3',
      consecutiveFailures: 1,
      last30Days: {
        succeeded: 9,
        failed: 1,
        cancelled: 0,
        successRate: 0.9,
        medianDurationSeconds: 540,
      },
    },
    last30Days: {
      succeeded: 18,
      failed: 2,
      cancelled: 1,
      successRate: 0.9,
      medianDurationSeconds: 560,
    },
    recentRuns: [latest, run('r2', 'succeeded', 5), run('r1', 'succeeded', 9)],
    flaky: {
      count: 2,
      latest: {
        commitSha: 'sha-x',
        failedRunId: 'f',
        succeededRunId: 's',
        at: latest.startedAt,
      },
    },
    ...overrides,
  };
}

export function pipelineStates(pipelines: PipelineState[]): PipelineStates {
  return {
    entityRef: 'component:default/payments',
    now: new Date().toISOString(),
    windowDays: 30,
    pipelines,
    flakyPipelines: [],
  };
}

/** Renders inside a test app with the delivery API (and optionally a catalog) faked. */
export function renderWithEntity(
  element: ReactNode,
  options: {
    deliveryApi?: DeliveryApi;
    catalogApi?: unknown;
    entity?: Entity;
    /** Other plugins' APIs, e.g. `[costApiRef, { getOverview }]` (the calls a test needs). */
    apis?: Array<readonly [ApiRef<any>, object]>;
  } = {},
) {
  const {
    deliveryApi = fakeDeliveryApi(),
    catalogApi,
    entity = component,
    apis = [],
  } = options;
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [deliveryApiRef, deliveryApi],
        [
          discoveryApiRef,
          mockApis.discovery({ baseUrl: 'http://backstage.test' }),
        ],
        ...(catalogApi ? [[catalogApiRef, catalogApi] as const] : []),
        ...apis,
      ]}
    >
      <EntityProvider entity={entity}>{element}</EntityProvider>
    </TestApiProvider>,
    {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

/** The delivery overview's answer with these rows (of `totalCount` in all). */
export function deliveryOverview(
  items: DeliveryOverviewItem[],
  totalCount = items.length,
): DeliveryOverview {
  return {
    from: '',
    to: '',
    environment: 'production',
    benchmark: '2024',
    previous: { from: '', to: '' },
    totalCount,
    items,
  };
}

const hoursAgo = (hours: number) =>
  new Date(Date.now() - hours * 3_600_000).toISOString();

/**
 * A row of the delivery overview for `component:default/<name>`: deployed `<name>-1.0` two
 * hours ago, main pipeline passed an hour ago, the same level as in the previous window.
 */
export function overviewItem(
  name: string,
  options: {
    title?: string;
    level?: DeliveryOverviewItem['level'];
    pipelineStatus?: DeliveryOverviewItem['pipelineStatus'];
    deployedHoursAgo?: number | null;
    deploymentFailed?: boolean;
    previousDeployments?: number;
  } = {},
): DeliveryOverviewItem {
  const {
    title = name,
    level = 'high',
    pipelineStatus = 'succeeded',
    deployedHoursAgo = 2,
    deploymentFailed = false,
    previousDeployments = 12,
  } = options;
  return {
    entityRef: `component:default/${name}`,
    title,
    owners: ['group:default/team-payments'],
    systems: [],
    level,
    lastDeployment:
      deployedHoursAgo === null
        ? null
        : {
            id: `${name}-d`,
            status: deploymentFailed ? 'failed' : 'succeeded',
            finishedAt: hoursAgo(deployedHoursAgo),
            version: `${name}-1.0`,
            pipelineRun: null,
          },
    pipelineStatus,
    defaultBranchRun: pipelineStatus
      ? {
          id: `${name}-run`,
          pipeline: 'ci',
          branch: 'main',
          status: pipelineStatus,
          startedAt: null,
          finishedAt: hoursAgo(1),
          url: `https://ci.example.com/${name}`,
        }
      : null,
    ...metrics(),
    previous: {
      level,
      ...metrics({ deployments: previousDeployments }),
    },
  };
}

/** The cost plugin's overview answer with these rows. */
export function costOverview(items: CostOverview['items']): CostOverview {
  return {
    visibility: 'organization',
    metric: 'EffectiveCost',
    from: '',
    to: '',
    kind: 'component',
    sortCurrency: 'USD',
    totalItems: items.length,
    items,
    coverage: [],
  };
}
