import {
  DeliveryApi,
  DeliveryOverview,
  DeliveryRequestOptions,
  DoraDeploymentList,
  DoraMetrics,
  DoraSeries,
  DoraSummary,
  GetDoraDeploymentsRequest,
  GetDoraRequest,
  GetDoraSeriesRequest,
  GetDoraSummaryRequest,
  GetOverviewRequest,
  GetPipelinesRequest,
  GetUnmatchedRequest,
  PipelineStates,
  UnmatchedEventList,
} from './api';
import { DeliveryEvent, EventIngestionResult } from './events';
import { DefaultApiClient } from './schema/openapi.generated';

/**
 * {@link DeliveryApi} over HTTP, for frontends and backends alike: the client generated from
 * the backend's OpenAPI spec, with flat request objects.
 *
 * @public
 */
export class DeliveryClient implements DeliveryApi {
  private readonly api: DefaultApiClient;

  constructor(options: ConstructorParameters<typeof DefaultApiClient>[0]) {
    this.api = new DefaultApiClient(options);
  }

  postEvents(
    events: DeliveryEvent | DeliveryEvent[],
    options?: DeliveryRequestOptions,
  ): Promise<EventIngestionResult> {
    return this.api.postEvents(
      { body: Array.isArray(events) ? { events } : events },
      options,
    );
  }

  getDora(
    request: GetDoraRequest,
    options?: DeliveryRequestOptions,
  ): Promise<DoraMetrics> {
    return this.api.getDora({ query: request }, options);
  }

  getDoraSeries(
    request: GetDoraSeriesRequest,
    options?: DeliveryRequestOptions,
  ): Promise<DoraSeries> {
    return this.api.getDoraSeries({ query: request }, options);
  }

  getDoraSummary(
    request: GetDoraSummaryRequest,
    options?: DeliveryRequestOptions,
  ): Promise<DoraSummary> {
    return this.api.getDoraSummary({ query: request }, options);
  }

  getDoraDeployments(
    request: GetDoraDeploymentsRequest,
    options?: DeliveryRequestOptions,
  ): Promise<DoraDeploymentList> {
    return this.api.getDoraDeployments({ query: request }, options);
  }

  getOverview(
    request: GetOverviewRequest = {},
    options?: DeliveryRequestOptions,
  ): Promise<DeliveryOverview> {
    return this.api.getOverview({ query: request }, options);
  }

  getPipelines(
    request: GetPipelinesRequest,
    options?: DeliveryRequestOptions,
  ): Promise<PipelineStates> {
    return this.api.getPipelines({ query: request }, options);
  }

  getUnmatched(
    request: GetUnmatchedRequest = {},
    options?: DeliveryRequestOptions,
  ): Promise<UnmatchedEventList> {
    return this.api.getUnmatched({ query: request }, options);
  }
}
