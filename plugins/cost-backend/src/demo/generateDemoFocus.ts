import { stringify } from 'csv-stringify/sync';
import { DateTime } from 'luxon';
import { createHash } from 'node:crypto';

/** Days of history the demo file covers, up to yesterday. */
export const DEMO_DAYS = 120;
/** The day (counted back from the last one) whose cost of the first service jumps. */
export const DEMO_ANOMALY_DAYS_AGO = 10;
/** Account of the demo's shared, unallocated spend. */
export const DEMO_SHARED_ACCOUNT = 'demo-shared-000000';

const PROVIDERS = [
  {
    name: 'AWS',
    regions: [
      ['us-east-1', 'US East (N. Virginia)'],
      ['eu-west-1', 'Europe (Ireland)'],
    ],
    services: {
      Compute: 'Amazon Elastic Compute Cloud',
      Databases: 'Amazon Relational Database Service',
      Storage: 'Amazon Simple Storage Service',
      Networking: 'Elastic Load Balancing',
    },
  },
  {
    name: 'Microsoft',
    regions: [
      ['westeurope', 'West Europe'],
      ['eastus', 'East US'],
    ],
    services: {
      Compute: 'Azure Kubernetes Service',
      Databases: 'Azure Database for PostgreSQL',
      Storage: 'Storage Accounts',
      Networking: 'Azure Front Door',
    },
  },
  {
    name: 'Google Cloud',
    regions: [
      ['europe-west4', 'Netherlands'],
      ['us-central1', 'Iowa'],
    ],
    services: {
      Compute: 'Compute Engine',
      Databases: 'Cloud SQL',
      Storage: 'Cloud Storage',
      Networking: 'Cloud Load Balancing',
    },
  },
] as const;

type Category = keyof (typeof PROVIDERS)[number]['services'];

/** A number in [0, 1) fixed by its seed: the demo is the same on every run. */
function fraction(seed: string): number {
  return createHash('sha256').update(seed).digest().readUInt32BE(0) / 2 ** 32;
}

/**
 * A deterministic FOCUS 1.0 file of demo spend for the given services (component names):
 * daily rows across three providers, four service categories and two regions each, tagged
 * `app: <service>` so that the default tag keys attribute them; one visible spike on the first
 * service; and shared spend that maps to no entity (untagged, or tagged with an unknown team),
 * so the allocation report has something to show. Every sub-account name says "Runway demo".
 */
export function generateDemoFocus(options: {
  services: string[];
  /** The first day after the data (exclusive end), midnight UTC. */
  until: DateTime;
}): string {
  const records: Array<Record<string, string>> = [];
  const lastDay = options.until.toUTC().startOf('day').minus({ days: 1 });
  const row = (values: {
    day: DateTime;
    cost: number;
    provider: (typeof PROVIDERS)[number];
    category: Category;
    region: readonly [string, string];
    account: string;
    resource: string;
    tags: Record<string, string> | null;
  }) => {
    const amount = values.cost.toFixed(6);
    records.push({
      BilledCost: amount,
      EffectiveCost: (values.cost * 0.92).toFixed(6),
      ListCost: (values.cost * 1.15).toFixed(6),
      BillingCurrency: 'USD',
      BillingPeriodStart: values.day
        .startOf('month')
        .toISO({ suppressMilliseconds: true })!,
      BillingPeriodEnd: values.day
        .startOf('month')
        .plus({ months: 1 })
        .toISO({ suppressMilliseconds: true })!,
      ChargePeriodStart: values.day.toISO({ suppressMilliseconds: true })!,
      ChargePeriodEnd: values.day
        .plus({ days: 1 })
        .toISO({ suppressMilliseconds: true })!,
      ChargeCategory: 'Usage',
      ProviderName: values.provider.name,
      ServiceCategory: values.category,
      ServiceName: values.provider.services[values.category],
      RegionId: values.region[0],
      RegionName: values.region[1],
      SubAccountId: values.account,
      SubAccountName: `Runway demo ${values.account}`,
      ResourceId: values.resource,
      ResourceName: values.resource,
      Tags: values.tags ? JSON.stringify(values.tags) : '',
    });
  };

  for (let daysAgo = DEMO_DAYS - 1; daysAgo >= 0; daysAgo--) {
    const day = lastDay.minus({ days: daysAgo });
    options.services.forEach((service, index) => {
      const provider = PROVIDERS[index % PROVIDERS.length];
      const region = provider.regions[Math.floor(fraction(service) * 2)];
      const account = `demo-${provider.name.toLowerCase().replace(' ', '-')}-${
        index % 4
      }`;
      const scale = 5 + fraction(`${service}:scale`) * 45;
      const growth = 1 + (DEMO_DAYS - daysAgo) / (DEMO_DAYS * 4);
      const categories: Array<[Category, number]> = [
        ['Compute', 0.6],
        ['Databases', 0.25],
        ['Storage', 0.1],
        ['Networking', 0.05],
      ];
      for (const [category, share] of categories) {
        const noise =
          0.9 + fraction(`${service}:${category}:${day.toISODate()}`) * 0.2;
        const spike =
          index === 0 &&
          category === 'Compute' &&
          daysAgo === DEMO_ANOMALY_DAYS_AGO
            ? 6
            : 1;
        row({
          day,
          cost: scale * share * growth * noise * spike,
          provider,
          category,
          region,
          account,
          resource: `${service}-${category.toLowerCase()}`,
          tags: { app: service, env: 'production' },
        });
      }
    });
    row({
      day,
      cost: 8 + fraction(`nat:${day.toISODate()}`) * 2,
      provider: PROVIDERS[0],
      category: 'Networking',
      region: PROVIDERS[0].regions[0],
      account: DEMO_SHARED_ACCOUNT,
      resource: 'shared-nat-gateway',
      tags: null,
    });
    row({
      day,
      cost: 3 + fraction(`ci:${day.toISODate()}`),
      provider: PROVIDERS[1],
      category: 'Compute',
      region: PROVIDERS[1].regions[0],
      account: DEMO_SHARED_ACCOUNT,
      resource: 'ci-runners',
      tags: { team: 'platform', env: 'ci' },
    });
  }
  return stringify(records, { header: true });
}
