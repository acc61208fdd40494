import { FocusRowParser } from './parseFocusRow';

const parseFocusRow = (record: Record<string, string>) =>
  new FocusRowParser().parse(record);

const valid = {
  BilledCost: '1.5',
  EffectiveCost: '1.25',
  ListCost: '2',
  BillingCurrency: 'EUR',
  BillingPeriodStart: '2024-09-01T00:00:00Z',
  ChargePeriodStart: '2024-09-18 22:00:00',
  ChargePeriodEnd: '2024-09-18 23:00:00',
  ServiceCategory: 'Compute',
  RegionId: 'NULL',
  ResourceName: '',
  Tags: '{"app": "payments", "n": 1}',
};

describe('FocusRowParser', () => {
  it('reads a row, with offset-less date/times as UTC and NULL or empty cells as null', () => {
    const parsed = parseFocusRow(valid);
    expect(parsed).toEqual({
      ok: true,
      record: expect.objectContaining({
        billingPeriodStart: '2024-09-01T00:00:00.000Z',
        chargePeriodStart: '2024-09-18T22:00:00.000Z',
        chargePeriodEnd: '2024-09-18T23:00:00.000Z',
        usageDate: '2024-09-18',
        currency: 'EUR',
        billedCost: 1.5,
        effectiveCost: 1.25,
        listCost: 2,
        serviceCategory: 'Compute',
        regionId: null,
        resourceName: null,
        subAccountId: null,
        tags: { app: 'payments', n: 1 },
      }),
    });
  });

  it.each([
    [{ EffectiveCost: 'NULL' }, 'EffectiveCost: missing'],
    [{ BilledCost: '' }, 'BilledCost: missing'],
    [
      { ListCost: '$10,100.00 ' },
      'ListCost: "$10,100.00" is not a decimal number',
    ],
    [
      { ChargePeriodStart: '5/1/25' },
      'ChargePeriodStart: "5/1/25" is not a date/time (expected YYYY-MM-DDTHH:mm:ssZ)',
    ],
    [
      { BillingCurrency: 'XYZ' },
      'BillingCurrency: "XYZ" is not an ISO 4217 currency code',
    ],
    [{ BillingCurrency: 'NULL' }, 'BillingCurrency: missing'],
    [
      { ChargePeriodEnd: '2024-09-18 21:00:00' },
      'ChargePeriodEnd: before ChargePeriodStart',
    ],
    [{ Tags: '{"app": ' }, 'Tags: not valid JSON'],
    [{ Tags: '["app"]' }, 'Tags: not a JSON object of key-value pairs'],
  ])('rejects %j with a reason', (change, reason) => {
    expect(parseFocusRow({ ...valid, ...change })).toEqual({
      ok: false,
      reason,
    });
  });
});
