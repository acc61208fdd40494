import {
  AllocationReport,
  CostApi,
  CostImport,
  EntityCost,
} from '@runway/plugin-cost-common';

function unexpected<K extends keyof CostApi>(name: K) {
  return jest.fn<ReturnType<CostApi[K]>, Parameters<CostApi[K]>>(
    () =>
      Promise.reject(
        new Error(`unexpected call to CostApi.${name}`),
      ) as ReturnType<CostApi[K]>,
  );
}

/** A CostApi whose every method is a jest mock that fails until a test says otherwise. */
export function fakeCostApi(): jest.Mocked<CostApi> {
  return {
    getEntityCost: unexpected('getEntityCost'),
    getEntityCostSummary: unexpected('getEntityCostSummary'),
    getOverview: unexpected('getOverview'),
    getAllocationReport: unexpected('getAllocationReport'),
    listImports: unexpected('listImports'),
    getImport: unexpected('getImport'),
    deleteImport: unexpected('deleteImport'),
    uploadFile: unexpected('uploadFile'),
  };
}

/** A promise that never settles: the loading state stays on screen. */
export function pending<T>(): Promise<T> {
  return new Promise<T>(() => {});
}

export function entityCost(overrides: Partial<EntityCost> = {}): EntityCost {
  return {
    visibility: 'organization',
    entityRef: 'component:default/payments',
    scope: ['component:default/payments'],
    metric: 'EffectiveCost',
    from: '2025-03-01T00:00:00.000Z',
    to: '2025-03-04T00:00:00.000Z',
    totals: [{ currency: 'USD', amount: 1250 }],
    previous: {
      from: '2025-02-26T00:00:00.000Z',
      to: '2025-03-01T00:00:00.000Z',
      totals: [{ currency: 'USD', amount: 1000 }],
    },
    change: [
      {
        currency: 'USD',
        previous: 1000,
        current: 1250,
        difference: 250,
        ratio: 0.25,
      },
    ],
    series: {
      granularity: 'day',
      points: [
        { periodStart: '2025-03-01', currency: 'USD', amount: 300 },
        { periodStart: '2025-03-02', currency: 'USD', amount: 750 },
        { periodStart: '2025-03-03', currency: 'USD', amount: 200 },
      ],
    },
    breakdown: {
      serviceCategory: [
        { key: 'Compute', currency: 'USD', amount: 1000 },
        { key: 'Storage', currency: 'USD', amount: 250 },
      ],
      serviceName: [
        { key: 'Amazon Elastic Compute Cloud', currency: 'USD', amount: 1000 },
        { key: null, currency: 'USD', amount: 250 },
      ],
      region: [
        {
          key: 'eu-west-1',
          name: 'Europe (Ireland)',
          currency: 'USD',
          amount: 1250,
        },
      ],
      account: [
        {
          key: '111122223333',
          name: 'payments-prod',
          currency: 'USD',
          amount: 1250,
        },
      ],
    },
    forecast: [
      {
        month: '2025-03',
        asOf: '2025-03-04T00:00:00.000Z',
        currency: 'USD',
        monthToDate: 1250,
        dailyRate: 411.5,
        forecast: 12345.67,
        complete: false,
      },
    ],
    anomalies: [
      {
        date: '2025-03-02',
        currency: 'USD',
        amount: 750,
        expected: 250,
        score: 9.8,
        direction: 'spike',
      },
    ],
    ...overrides,
  };
}

export function allocationReport(
  overrides: Partial<AllocationReport> = {},
): AllocationReport {
  return {
    visibility: 'organization',
    metric: 'EffectiveCost',
    from: '2025-03-01T00:00:00.000Z',
    to: '2025-03-31T00:00:00.000Z',
    coverage: [
      {
        currency: 'USD',
        total: 1000,
        allocated: 800,
        unallocated: 200,
        ratio: 0.8,
      },
    ],
    topResources: [
      {
        resourceId: 'nat-0abc',
        resourceName: 'shared-nat-gateway',
        subAccountId: 'demo-shared-000000',
        subAccountName: 'Shared networking',
        providerName: 'AWS',
        serviceName: 'Amazon VPC',
        currency: 'USD',
        amount: 150,
      },
    ],
    topTags: [{ key: 'team', value: 'platform', currency: 'USD', amount: 50 }],
    untagged: [{ currency: 'USD', amount: 150 }],
    ...overrides,
  };
}

export function costImport(overrides: Partial<CostImport> = {}): CostImport {
  return {
    id: 'import-1',
    source: 'aws',
    fileName: 'aws-2025-03.csv.gz',
    contentHash: 'abc',
    status: 'succeeded',
    startedAt: '2025-03-04T06:00:00.000Z',
    finishedAt: '2025-03-04T06:01:00.000Z',
    rowsRead: 1002,
    rowsImported: 1000,
    badRowCount: 2,
    badRows: [
      { line: 17, reason: 'BilledCost: "n/a" is not a number' },
      { line: 912, reason: 'BillingCurrency: "XXY" is not an ISO 4217 code' },
    ],
    billingPeriods: ['2025-03-01T00:00:00.000Z'],
    error: null,
    ...overrides,
  };
}
