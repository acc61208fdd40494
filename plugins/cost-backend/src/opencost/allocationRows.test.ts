import { FocusRowParser } from '../focus/parseFocusRow';
import { allocationRows } from './allocationRows';

function allocation(
  name: string,
  day: string,
  costs: Record<string, number>,
  properties: Record<string, unknown> = {},
) {
  return {
    name,
    properties: { cluster: 'eu-1', ...properties },
    window: { start: `${day}T00:00:00Z`, end: `${day}T23:59:59Z` },
    start: `${day}T00:00:00Z`,
    end: `${day}T23:59:00Z`,
    totalCost: Object.values(costs).reduce((sum, cost) => sum + cost, 0),
    ...costs,
  };
}

const response = {
  code: 200,
  status: 'success',
  data: [
    {
      'checkout/shop-api': allocation(
        'checkout/shop-api',
        '2024-09-01',
        { cpuCost: 1.5, cpuCostAdjustment: -0.5, ramCost: 0.25, pvCost: 0 },
        { namespace: 'checkout' },
      ),
      'checkout/__unallocated__': allocation(
        'checkout/__unallocated__',
        '2024-09-01',
        { networkCost: 0.125, loadBalancerCost: 2 },
        { namespace: 'checkout' },
      ),
      __idle__: allocation('__idle__', '2024-09-01', {
        cpuCost: 3,
        gpuCost: 4,
      }),
    },
    {
      'checkout/shop-api': allocation(
        'checkout/shop-api',
        '2024-09-02',
        { sharedCost: 1, externalCost: 2 },
        { namespace: 'checkout' },
      ),
    },
  ],
};

describe('allocationRows', () => {
  const { rows, periods } = allocationRows(response, {
    aggregate: 'namespace,label:app',
    currency: 'EUR',
  });
  const records = rows.map(row => {
    const parsed = new FocusRowParser().parse(row);
    if (!parsed.ok) {
      throw new Error(parsed.reason);
    }
    return parsed.record;
  });

  it('makes one row per non-zero cost component, adjustments included, in the given currency', () => {
    expect(
      records.map(record => [
        record.resourceId,
        record.serviceCategory,
        record.serviceName,
        record.effectiveCost,
        record.currency,
      ]),
    ).toEqual([
      ['checkout/shop-api', 'Compute', 'Kubernetes CPU', 1, 'EUR'],
      ['checkout/shop-api', 'Compute', 'Kubernetes memory', 0.25, 'EUR'],
      [
        'checkout/__unallocated__',
        'Networking',
        'Kubernetes network',
        0.125,
        'EUR',
      ],
      [
        'checkout/__unallocated__',
        'Networking',
        'Kubernetes load balancers',
        2,
        'EUR',
      ],
      ['__idle__', 'Compute', 'Kubernetes CPU', 3, 'EUR'],
      ['__idle__', 'Compute', 'Kubernetes GPU', 4, 'EUR'],
      ['checkout/shop-api', 'Other', 'Kubernetes shared cost', 1, 'EUR'],
      ['checkout/shop-api', 'Other', 'External cost', 2, 'EUR'],
    ]);
  });

  it('tags rows with the cluster, the namespace and the aggregated labels, never with OpenCost placeholders', () => {
    expect(records[0].tags).toEqual({
      'kubernetes-cluster': 'eu-1',
      'kubernetes-namespace': 'checkout',
      app: 'shop-api',
    });
    expect(records[2].tags).toEqual({
      'kubernetes-cluster': 'eu-1',
      'kubernetes-namespace': 'checkout',
    });
    expect(records[4].tags).toEqual({ 'kubernetes-cluster': 'eu-1' });
    expect(records[0]).toMatchObject({
      subAccountId: 'eu-1',
      providerName: 'OpenCost',
    });
  });

  it('makes every allocation set the billing period of its UTC day', () => {
    expect(periods).toEqual([
      '2024-09-01T00:00:00.000Z',
      '2024-09-02T00:00:00.000Z',
    ]);
    expect(records[6]).toMatchObject({
      billingPeriodStart: '2024-09-02T00:00:00.000Z',
      chargePeriodStart: '2024-09-02T00:00:00.000Z',
      chargePeriodEnd: '2024-09-02T23:59:00.000Z',
      usageDate: '2024-09-02',
    });
  });

  it('rejects what is not an allocation response', () => {
    expect(() =>
      allocationRows(
        { code: 200, data: {} },
        { aggregate: 'namespace', currency: 'USD' },
      ),
    ).toThrow('`data` must be an array of allocation sets');
    expect(() =>
      allocationRows(
        { code: 400, status: 'error', message: 'bad window', data: [] },
        { aggregate: 'namespace', currency: 'USD' },
      ),
    ).toThrow('OpenCost answered code 400: bad window');
    expect(() =>
      allocationRows(
        { code: 200, data: [{ a: 1 }] },
        { aggregate: 'namespace', currency: 'USD' },
      ),
    ).toThrow('data[0].a: must be an allocation object');
  });
});
