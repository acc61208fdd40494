import { DeliveryEvent, EventIngestionResult } from './events';
import {
  ApiRequestOptions,
  DeliveryOverview,
  DoraDeployment,
  DoraDeploymentList,
  DoraMetrics,
  DoraSeries,
  DoraSummary,
  operations,
  PipelineStates,
  UnmatchedEventList,
} from './schema/openapi.generated';

export type {
  DefaultBranchState,
  DeliveryOverview,
  DoraDeployment,
  DoraDeploymentList,
  DoraEntitySummary,
  DoraMetrics,
  DoraMetricValues,
  DoraSeries,
  DoraSeriesBucket,
  DoraSummary,
  FlakyRetry,
  PerformanceLevel,
  PipelineRunSummary,
  PipelineState,
  PipelineStates,
  PipelineWindowStats,
  UnmatchedEventList,
} from './schema/openapi.generated';

// The shapes above are the backend's OpenAPI spec (`openapi.yaml`), generated; the names
// below pick out parts of them that the frontend and callers name on their own.

/** @public */
export type DoraBucketSize = DoraSeries['bucket'];

/** DORA metrics over one window (the previous window of a summary). @public */
export type DoraWindowMetrics = DoraSummary['previous'];

/** An incident blamed on a deployment. @public */
export type DoraDeploymentIncident = DoraDeployment['incidents'][number];

/** A commit a deployment shipped and its lead time. @public */
export type DoraDeploymentCommit = DoraDeployment['commits'][number];

/** One entity of the delivery overview. @public */
export type DeliveryOverviewItem = DeliveryOverview['items'][number];

/** The latest deployment of an entity to the overview's environment. @public */
export type LastDeployment = NonNullable<
  DeliveryOverviewItem['lastDeployment']
>;

/** @public */
export type GetDoraRequest = operations['GetDora']['parameters']['query'];

/** @public */
export type GetDoraSeriesRequest =
  operations['GetDoraSeries']['parameters']['query'];

/** @public */
export type GetDoraSummaryRequest =
  operations['GetDoraSummary']['parameters']['query'];

/** @public */
export type GetDoraDeploymentsRequest =
  operations['GetDoraDeployments']['parameters']['query'];

/** @public */
export type GetOverviewRequest = NonNullable<
  operations['GetOverview']['parameters']['query']
>;

/** How the overview can be sorted. @public */
export type OverviewOrderField = NonNullable<GetOverviewRequest['orderBy']>;

/** @public */
export type GetPipelinesRequest =
  operations['GetPipelines']['parameters']['query'];

/** @public */
export type GetUnmatchedRequest = NonNullable<
  operations['GetUnmatched']['parameters']['query']
>;

/** Options every call accepts: a Backstage token to send instead of the one `fetchApi` adds (e.g. from a backend). @public */
export type DeliveryRequestOptions = ApiRequestOptions;

/** The delivery backend's REST API. @public */
export interface DeliveryApi {
  /** Stores one event or a batch of up to 1000; resolves once they are committed. */
  postEvents(
    events: DeliveryEvent | DeliveryEvent[],
    options?: DeliveryRequestOptions,
  ): Promise<EventIngestionResult>;
  getDora(
    request: GetDoraRequest,
    options?: DeliveryRequestOptions,
  ): Promise<DoraMetrics>;
  getDoraSeries(
    request: GetDoraSeriesRequest,
    options?: DeliveryRequestOptions,
  ): Promise<DoraSeries>;
  /** Metrics, previous period, trend and per-component breakdown in one call. */
  getDoraSummary(
    request: GetDoraSummaryRequest,
    options?: DeliveryRequestOptions,
  ): Promise<DoraSummary>;
  getDoraDeployments(
    request: GetDoraDeploymentsRequest,
    options?: DeliveryRequestOptions,
  ): Promise<DoraDeploymentList>;
  getOverview(
    request?: GetOverviewRequest,
    options?: DeliveryRequestOptions,
  ): Promise<DeliveryOverview>;
  getPipelines(
    request: GetPipelinesRequest,
    options?: DeliveryRequestOptions,
  ): Promise<PipelineStates>;
  getUnmatched(
    request?: GetUnmatchedRequest,
    options?: DeliveryRequestOptions,
  ): Promise<UnmatchedEventList>;
}
