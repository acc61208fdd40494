import { DateTime } from 'luxon';

/**
 * The cost fields of an OpenCost Allocation, each with its adjustment, and the FOCUS
 * service they are reported as. Sub-totals such as `networkCrossZoneCost` are parts of
 * `networkCost` and not listed. Their sum is OpenCost's `totalCost` (up to its rounding).
 */
export const OPENCOST_COMPONENTS = [
  { cost: 'cpuCost', category: 'Compute', service: 'Kubernetes CPU' },
  { cost: 'gpuCost', category: 'Compute', service: 'Kubernetes GPU' },
  { cost: 'ramCost', category: 'Compute', service: 'Kubernetes memory' },
  {
    cost: 'pvCost',
    category: 'Storage',
    service: 'Kubernetes persistent volumes',
  },
  {
    cost: 'networkCost',
    category: 'Networking',
    service: 'Kubernetes network',
  },
  {
    cost: 'loadBalancerCost',
    category: 'Networking',
    service: 'Kubernetes load balancers',
  },
  { cost: 'sharedCost', category: 'Other', service: 'Kubernetes shared cost' },
  { cost: 'externalCost', category: 'Other', service: 'External cost' },
] as const;

/** Tag keys OpenCost rows carry for Kubernetes properties (`label:` and `annotation:` keep their own name). */
export const KUBERNETES_TAG_PREFIX = 'kubernetes-';
export const NAMESPACE_TAG = `${KUBERNETES_TAG_PREFIX}namespace`;
export const CLUSTER_TAG = `${KUBERNETES_TAG_PREFIX}cluster`;

/** Aggregate keys OpenCost uses for what has no value of the aggregated property. */
const OPENCOST_SPECIAL_VALUES = new Set(['__unallocated__', '__idle__']);

/** A row as a FOCUS CSV record (column -> cell), checked by the same rules as files. */
export type FocusCells = Record<string, string | undefined>;

export interface AllocationRows {
  /** FOCUS records, one per allocation and non-zero cost component. */
  rows: FocusCells[];
  /** `BillingPeriodStart` (the UTC day) of every allocation set in the response. */
  periods: string[];
}

/** An error in the structure of a response (not in one allocation's figures). */
export class OpenCostResponseError extends Error {}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function amount(allocation: Record<string, unknown>, field: string): number {
  const value = allocation[field];
  return typeof value === 'number' ? value : 0;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The tag an aggregate field becomes: `label:app` -> `app`, `namespace` -> `kubernetes-namespace`. */
export function aggregateTagKey(field: string): string {
  const [kind, ...name] = field.split(':');
  if ((kind === 'label' || kind === 'annotation') && name.length > 0) {
    return name.join(':');
  }
  return `${KUBERNETES_TAG_PREFIX}${field}`;
}

/**
 * Tags of one allocation: its cluster and namespace, and the value of every aggregate field
 * taken from the allocation's key (multi-aggregation joins values with `/`).
 */
function allocationTags(
  key: string,
  allocation: Record<string, unknown>,
  aggregate: string[],
): Record<string, string> {
  const properties = isObject(allocation.properties)
    ? allocation.properties
    : {};
  const tags: Record<string, string> = {};
  const cluster = text(properties.cluster);
  const namespace = text(properties.namespace);
  if (cluster) {
    tags[CLUSTER_TAG] = cluster;
  }
  if (namespace) {
    tags[NAMESPACE_TAG] = namespace;
  }
  const values = key.split('/');
  if (values.length === aggregate.length) {
    aggregate.forEach((field, index) => {
      if (!OPENCOST_SPECIAL_VALUES.has(values[index])) {
        tags[aggregateTagKey(field)] = values[index];
      }
    });
  }
  return tags;
}

function utcDayStart(instant: string): string | undefined {
  const parsed = DateTime.fromISO(instant, { zone: 'utc' });
  return parsed.isValid ? parsed.startOf('day').toISO()! : undefined;
}

/**
 * Maps an OpenCost `/allocation/compute` response to FOCUS records. Each allocation set
 * (one per `step`) is a billing period of its own, the UTC day its window starts, so a later
 * pull of the same days replaces them. Costs are reported in `currency` (OpenCost's
 * configured currency), as effective, billed and list cost alike.
 *
 * @throws OpenCostResponseError when the response is not an allocation response.
 */
export function allocationRows(
  response: unknown,
  options: { aggregate: string; currency: string },
): AllocationRows {
  if (!isObject(response) || !Array.isArray(response.data)) {
    throw new OpenCostResponseError(
      'not an OpenCost allocation response: `data` must be an array of allocation sets',
    );
  }
  if (typeof response.code === 'number' && response.code !== 200) {
    throw new OpenCostResponseError(
      `OpenCost answered code ${response.code}: ${String(
        response.message ?? response.status ?? '',
      )}`,
    );
  }
  const aggregate = options.aggregate.split(',').map(field => field.trim());
  const rows: FocusCells[] = [];
  const periods = new Set<string>();
  response.data.forEach((set: unknown, setIndex: number) => {
    if (set === null) {
      return;
    }
    if (!isObject(set)) {
      throw new OpenCostResponseError(
        `data[${setIndex}]: must be an object of allocations by name`,
      );
    }
    for (const [key, allocation] of Object.entries(set)) {
      if (!isObject(allocation)) {
        throw new OpenCostResponseError(
          `data[${setIndex}].${key}: must be an allocation object`,
        );
      }
      const window = isObject(allocation.window) ? allocation.window : {};
      const start = text(allocation.start) ?? text(window.start);
      const end = text(allocation.end) ?? text(window.end);
      const period = utcDayStart(text(window.start) ?? start ?? '');
      if (period) {
        periods.add(period);
      }
      const tags = JSON.stringify(allocationTags(key, allocation, aggregate));
      const properties = isObject(allocation.properties)
        ? allocation.properties
        : {};
      for (const component of OPENCOST_COMPONENTS) {
        const cost =
          amount(allocation, component.cost) +
          amount(allocation, `${component.cost}Adjustment`);
        if (cost === 0) {
          continue;
        }
        const cell = String(cost);
        rows.push({
          BilledCost: cell,
          EffectiveCost: cell,
          ListCost: cell,
          BillingCurrency: options.currency,
          BillingPeriodStart: period,
          ChargePeriodStart: start,
          ChargePeriodEnd: end,
          ChargeCategory: 'Usage',
          ProviderName: 'OpenCost',
          ServiceCategory: component.category,
          ServiceName: component.service,
          SubAccountId: text(properties.cluster),
          SubAccountName: text(properties.cluster),
          ResourceId: key,
          ResourceName: text(allocation.name) ?? key,
          Tags: tags,
        });
      }
    }
  });
  return { rows, periods: [...periods].sort() };
}
