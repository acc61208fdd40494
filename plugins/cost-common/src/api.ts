/** Which FOCUS cost column amounts are read from. @public */
export type CostMetric = 'EffectiveCost' | 'BilledCost' | 'ListCost';

/** Width of the buckets of a cost series; weeks start on Monday (ISO weeks), all in UTC. @public */
export type CostGranularity = 'day' | 'week' | 'month';

/**
 * An amount in one currency, as exported (FOCUS `BillingCurrency`). Amounts in different
 * currencies are never added together: every total is a list with one entry per currency.
 * @public
 */
export interface CurrencyAmount {
  currency: string;
  amount: number;
}

/** Cost of one bucket of a series, per currency. @public */
export interface CostSeriesPoint {
  /** First day of the bucket, `YYYY-MM-DD` (UTC). */
  periodStart: string;
  currency: string;
  amount: number;
}

/** Cost of one value of a breakdown dimension (null: the column was empty). @public */
export interface CostBreakdownItem {
  key: string | null;
  /** Display name where the export has one (region and account names). */
  name?: string;
  currency: string;
  amount: number;
}

/** Change from the previous period of the same length, per currency. @public */
export interface CostChange {
  currency: string;
  previous: number;
  current: number;
  difference: number;
  /** `difference / |previous|`; null when the previous period had no cost in this currency. */
  ratio: number | null;
}

/**
 * Month-to-date cost and a linear run-rate forecast of the month-end total, per currency:
 * `forecast = monthToDate + (cost of the last 7 days before asOf / 7) * days left in the month`.
 * @public
 */
export interface CostForecast {
  /** `YYYY-MM` (UTC). */
  month: string;
  /**
   * Instant up to which cost is counted: the end of the window, now, or the end of the last
   * day with cost, whichever is earliest (exports lag behind by a day or more).
   */
  asOf: string;
  currency: string;
  monthToDate: number;
  dailyRate: number;
  forecast: number;
  /** True when asOf is at or after the end of the month: the forecast is the actual total. */
  complete: boolean;
}

/**
 * A day whose cost is far off the recent trend: its robust z-score against the previous
 * days (median and median absolute deviation) exceeds the threshold. @public
 */
export interface CostAnomaly {
  /** `YYYY-MM-DD` (UTC). */
  date: string;
  currency: string;
  amount: number;
  /** Median daily cost of the baseline days. */
  expected: number;
  /** Modified z-score, 0.6745 * (amount - median) / MAD; null when the baseline is constant. */
  score: number | null;
  direction: 'spike' | 'drop';
}

/** Everything the cost card shows for one entity and window. @public */
export interface EntityCost {
  /** With `teams`, `scope` leaves out the parts other teams own. */
  visibility: CostVisibility;
  entityRef: string;
  /** The entities whose cost is counted: the entity itself plus what it owns or contains. */
  scope: string[];
  metric: CostMetric;
  /** Window start (inclusive), ISO-8601 instant. */
  from: string;
  /** Window end (exclusive), ISO-8601 instant. */
  to: string;
  totals: CurrencyAmount[];
  previous: { from: string; to: string; totals: CurrencyAmount[] };
  change: CostChange[];
  series: { granularity: CostGranularity; points: CostSeriesPoint[] };
  breakdown: {
    serviceCategory: CostBreakdownItem[];
    serviceName: CostBreakdownItem[];
    region: CostBreakdownItem[];
    account: CostBreakdownItem[];
  };
  forecast: CostForecast[];
  anomalies: CostAnomaly[];
}

/** Share of cost attributed to a catalog entity, per currency. @public */
export interface AllocationCoverage {
  currency: string;
  total: number;
  allocated: number;
  unallocated: number;
  /** `allocated / total`; null when the total is 0. */
  ratio: number | null;
}

/** One entity in the overview. @public */
export interface CostOverviewItem {
  entityRef: string;
  title?: string;
  totals: CurrencyAmount[];
}

/**
 * Whose cost an answer covers: `organization` for callers with `cost.organization.read`,
 * `teams` for everyone else: only the entities their teams own, and no unallocated cost
 * (it belongs to no team). @public
 */
export type CostVisibility = 'organization' | 'teams';

/** Every entity of a kind with its cost for a window. @public */
export interface CostOverview {
  /**
   * The backend always sends it; optional so that consumers' fixtures (the delivery
   * overview's Cost column) need not name it. With `teams`, `coverage` is empty.
   */
  visibility?: CostVisibility;
  metric: CostMetric;
  from: string;
  to: string;
  kind: 'component' | 'system' | 'group';
  /** Currency the items are sorted by (the one with the largest total unless requested). */
  sortCurrency: string | null;
  totalItems: number;
  items: CostOverviewItem[];
  coverage: AllocationCoverage[];
}

/** A resource whose cost is attributed to no entity. @public */
export interface UnallocatedResource {
  resourceId: string | null;
  resourceName: string | null;
  subAccountId: string | null;
  subAccountName: string | null;
  providerName: string | null;
  serviceName: string | null;
  currency: string;
  amount: number;
}

/** A tag (key = value) on unallocated cost. @public */
export interface UnallocatedTag {
  key: string;
  value: string;
  currency: string;
  amount: number;
}

/** Where the unattributed money goes. @public */
export interface AllocationReport {
  /** With `teams`, coverage and the lists are empty: unallocated cost is nobody's. */
  visibility: CostVisibility;
  metric: CostMetric;
  from: string;
  to: string;
  coverage: AllocationCoverage[];
  topResources: UnallocatedResource[];
  topTags: UnallocatedTag[];
  /** Unallocated cost with no tags at all, per currency. */
  untagged: CurrencyAmount[];
}

/**
 * A row that was not imported and why: a CSV row by its physical `line` (the header is line
 * 1), a Parquet row by its 1-based `row` number. Exactly one of the two is set. @public
 */
export interface BadCostRow {
  line?: number;
  row?: number;
  reason: string;
}

/** One import of a FOCUS file. @public */
export interface CostImport {
  id: string;
  source: string;
  fileName: string;
  contentHash: string;
  status: 'running' | 'succeeded' | 'failed';
  startedAt: string;
  finishedAt: string | null;
  /** Data rows read from the file (excluding the header). */
  rowsRead: number;
  rowsImported: number;
  badRowCount: number;
  /** The first bad rows (see badRowCount for all of them). */
  badRows: BadCostRow[];
  /** `BillingPeriodStart` of every period the import replaced. */
  billingPeriods: string[];
  error: string | null;
}

/** A page of imports, newest first. @public */
export interface CostImportList {
  items: CostImport[];
  totalItems: number;
}

/** Answer to an upload: skipped when a file with the same content was imported before. @public */
export interface CostImportResult {
  skipped: boolean;
  import: CostImport;
}

/** Common window options of the read endpoints. @public */
export interface CostWindowRequest {
  /** ISO-8601 date or instant, inclusive; default: 30 days before `to`. */
  from?: string;
  /** ISO-8601 date or instant, exclusive; default: the start of tomorrow (UTC). */
  to?: string;
  metric?: CostMetric;
}

/** @public */
export interface GetEntityCostRequest extends CostWindowRequest {
  entityRef: string;
  granularity?: CostGranularity;
}

/** @public */
export interface GetCostOverviewRequest extends CostWindowRequest {
  kind?: 'component' | 'system' | 'group';
  /** Sort key; default `cost`. */
  sort?: 'cost' | 'name';
  /** Default: `desc` (largest first) for cost, `asc` for name. */
  order?: 'asc' | 'desc';
  /** Currency whose amounts sort by cost; default the currency with the largest total. */
  currency?: string;
  /**
   * Only these entities (of `kind`), e.g. the rows another page shows: their costs in one
   * request. Refs the caller may not read are left out.
   */
  entityRefs?: string[];
  limit?: number;
  offset?: number;
}

/** @public */
export interface GetAllocationReportRequest extends CostWindowRequest {
  limit?: number;
}

/** @public */
export interface ListCostImportsRequest {
  source?: string;
  limit?: number;
  offset?: number;
}

/** @public */
export interface UploadCostFileRequest {
  /** CSV text, gzip-compressed CSV bytes or Parquet bytes (by `fileName`: `.gz`, `.parquet`). */
  body: Blob | ArrayBuffer | Uint8Array | string;
  fileName: string;
  /** Source name: a re-exported billing period replaces the rows of the same source. */
  source?: string;
}

/** Per-call options: a token for backend-to-backend calls. @public */
export interface CostRequestOptions {
  token?: string;
}

/**
 * The id of the frontend API ref of {@link CostApi}. Other plugins that show cost when the
 * cost plugin is installed create a ref with this id and look it up optionally
 * (`useApiHolder().get(ref)`), without depending on the cost frontend plugin. @public
 */
export const COST_API_ID = 'plugin.cost.service';

/** Runway's cost API. @public */
export interface CostApi {
  getEntityCost(
    request: GetEntityCostRequest,
    options?: CostRequestOptions,
  ): Promise<EntityCost>;
  getOverview(
    request?: GetCostOverviewRequest,
    options?: CostRequestOptions,
  ): Promise<CostOverview>;
  getAllocationReport(
    request?: GetAllocationReportRequest,
    options?: CostRequestOptions,
  ): Promise<AllocationReport>;
  listImports(
    request?: ListCostImportsRequest,
    options?: CostRequestOptions,
  ): Promise<CostImportList>;
  getImport(id: string, options?: CostRequestOptions): Promise<CostImport>;
  /** Deletes an import and the cost rows it brought (needs `cost.import.delete`). */
  deleteImport(id: string, options?: CostRequestOptions): Promise<void>;
  uploadFile(
    request: UploadCostFileRequest,
    options?: CostRequestOptions,
  ): Promise<CostImportResult>;
}
