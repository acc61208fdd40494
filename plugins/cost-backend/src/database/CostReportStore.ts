import { CostMetric } from '@runway/plugin-cost-common';

/** A distinct (sub-account, tags) pair of cost rows: the unit attribution works on. */
export interface AllocationKey {
  id: number;
  subAccountId: string | null;
  tags: Record<string, unknown> | null;
}

/** A window of ChargePeriodStart instants (ISO-8601, `to` exclusive) and the cost column. */
export interface CostQuery {
  from: string;
  to: string;
  metric: CostMetric;
  /** Only rows with these allocation keys; all rows when undefined. */
  allocationKeyIds?: number[];
}

export interface CurrencySum {
  currency: string;
  amount: number;
}

export interface DailySum extends CurrencySum {
  date: string;
}

export interface AllocationKeySum extends CurrencySum {
  allocationKeyId: number;
}

export type CostDimension =
  | 'serviceCategory'
  | 'serviceName'
  | 'region'
  | 'account';

export interface DimensionSum extends CurrencySum {
  key: string | null;
  name: string | null;
}

export interface ResourceSum extends CurrencySum {
  resourceId: string | null;
  resourceName: string | null;
  subAccountId: string | null;
  subAccountName: string | null;
  providerName: string | null;
  serviceName: string | null;
}

/**
 * The reading side of the cost plugin's data: allocation keys, and cost sums over a window.
 * The rows are written by CostImportStore.
 */
export interface CostReportStore {
  /** Allocation keys with an id above `afterId` (all of them without). */
  listAllocationKeys(afterId?: number): Promise<AllocationKey[]>;
  sumByCurrency(query: CostQuery): Promise<CurrencySum[]>;
  sumByDay(query: CostQuery): Promise<DailySum[]>;
  /** The last day (`YYYY-MM-DD`) with cost rows, if any. */
  latestUsageDate(
    query: Omit<CostQuery, 'metric'>,
  ): Promise<string | undefined>;
  sumByAllocationKey(query: CostQuery): Promise<AllocationKeySum[]>;
  /** Sums of the window by each of the dimensions, largest first within each. */
  sumByDimensions(
    query: CostQuery,
    dimensions: CostDimension[],
  ): Promise<Record<CostDimension, DimensionSum[]>>;
  /** The costliest resources, largest first. */
  topResources(query: CostQuery, limit: number): Promise<ResourceSum[]>;
}
