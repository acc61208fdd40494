import {
  AllocationReport,
  ApiRequestOptions,
  CostImport,
  CostImportList,
  CostImportResult,
  CostOverview,
  EntityCost,
  EntityCostSummary,
  operations,
} from './schema/openapi.generated';

export type {
  AllocationCoverage,
  AllocationReport,
  CostBreakdownItem,
  CostImport,
  CostImportList,
  CostImportResult,
  CostMetric,
  CostOverview,
  CostVisibility,
  CurrencyAmount,
  EntityCost,
  EntityCostSummary,
} from './schema/openapi.generated';

// The shapes above are the cost backend's OpenAPI spec (its `openapi.yaml`), generated into
// `./schema/openapi.generated.ts`: edit the YAML, not these aliases. The names below pick out
// parts of them that the frontend and the backend name on their own.

/** Width of the buckets of a cost series; weeks start on Monday (ISO weeks), all in UTC. @public */
export type CostGranularity = EntityCost['series']['granularity'];

/** Cost of one bucket of a series, per currency; `periodStart` is `YYYY-MM-DD` (UTC). @public */
export type CostSeriesPoint = EntityCost['series']['points'][number];

/**
 * Change from the previous period of the same length, per currency; `ratio` is
 * `difference / |previous|`, null when the previous period had no cost in this currency.
 * @public
 */
export type CostChange = EntityCost['change'][number];

/**
 * Month-to-date cost and a linear run-rate forecast of the month-end total, per currency:
 * `forecast = monthToDate + (cost of the last 7 days before asOf / 7) * days left in the month`.
 * `complete` is true when asOf is at or after the end of the month (the forecast is the total).
 * @public
 */
export type CostForecast = EntityCost['forecast'][number];

/**
 * A day whose cost is far off the recent trend: its robust z-score against the previous
 * days (median and median absolute deviation) exceeds the threshold. @public
 */
export type CostAnomaly = EntityCost['anomalies'][number];

/** One entity in the overview. @public */
export type CostOverviewItem = CostOverview['items'][number];

/** A resource whose cost is attributed to no entity. @public */
export type UnallocatedResource = AllocationReport['topResources'][number];

/** A tag (key = value) on unallocated cost. @public */
export type UnallocatedTag = AllocationReport['topTags'][number];

/**
 * A row that was not imported and why: a CSV row by its physical `line` (the header is line
 * 1), a Parquet row by its 1-based `row` number. Exactly one of the two is set. @public
 */
export type BadCostRow = CostImport['badRows'][number];

/** @public */
export type GetEntityCostRequest =
  operations['GetEntityCost']['parameters']['query'];

/** @public */
export type GetEntityCostSummaryRequest =
  operations['GetEntityCostSummary']['parameters']['query'];

/** @public */
export type GetCostOverviewRequest = Omit<
  NonNullable<operations['GetOverview']['parameters']['query']>,
  'entityRef'
> & {
  /**
   * Only these entities (of `kind`), e.g. the rows another page shows: their costs in one
   * request (sent as one `entityRef` parameter each). Refs the caller may not read are left out.
   */
  entityRefs?: string[];
};

/** @public */
export type GetAllocationReportRequest = NonNullable<
  operations['GetAllocationReport']['parameters']['query']
>;

/** @public */
export type ListCostImportsRequest = NonNullable<
  operations['ListImports']['parameters']['query']
>;

/**
 * A FOCUS file to upload. The client sends it with the content type its name implies, so the
 * caller need not know the spec's media types.
 * @public
 */
export type UploadCostFileRequest =
  operations['UploadCostFile']['parameters']['query'] & {
    /** CSV text, gzip-compressed CSV bytes or Parquet bytes (by `fileName`: `.gz`, `.parquet`). */
    body: Blob | ArrayBuffer | Uint8Array | string;
  };

/** Per-call options: a token for backend-to-backend calls. @public */
export type CostRequestOptions = ApiRequestOptions;

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
  /** The window's totals and the month-end forecast only: what a card shows. */
  getEntityCostSummary(
    request: GetEntityCostSummaryRequest,
    options?: CostRequestOptions,
  ): Promise<EntityCostSummary>;
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
