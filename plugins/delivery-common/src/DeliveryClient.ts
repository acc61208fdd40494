import { ResponseError } from '@backstage/errors';
import {
  DeliveryApi,
  DeliveryOverview,
  DeliveryRequestOptions,
  DoraDeploymentList,
  DoraMetrics,
  DoraSeries,
  DoraSummary,
  GetDoraRequest,
  GetDoraSeriesRequest,
  GetDoraSummaryRequest,
  GetOverviewRequest,
  GetUnmatchedRequest,
  PipelineStates,
  UnmatchedEventList,
} from './api';
import { DeliveryEvent, EventIngestionResult } from './events';

/** The part of Backstage's DiscoveryApi the client needs. @public */
export interface DeliveryDiscoveryApi {
  getBaseUrl(pluginId: string): Promise<string>;
}

/** The part of Backstage's FetchApi the client needs. @public */
export interface DeliveryFetchApi {
  fetch: typeof fetch;
}

/** {@link DeliveryApi} over HTTP, for frontends and backends alike. @public */
export class DeliveryClient implements DeliveryApi {
  private readonly discoveryApi: DeliveryDiscoveryApi;
  private readonly fetchApi: DeliveryFetchApi;

  constructor(options: {
    discoveryApi: DeliveryDiscoveryApi;
    /** Defaults to the global `fetch`. */
    fetchApi?: DeliveryFetchApi;
  }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi ?? { fetch: (...args) => fetch(...args) };
  }

  async postEvents(
    events: DeliveryEvent | DeliveryEvent[],
    options?: DeliveryRequestOptions,
  ): Promise<EventIngestionResult> {
    return this.request('/events', options, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(Array.isArray(events) ? { events } : events),
    });
  }

  async getDora(
    request: GetDoraRequest,
    options?: DeliveryRequestOptions,
  ): Promise<DoraMetrics> {
    return this.request(`/dora${query({ ...request })}`, options);
  }

  async getDoraSeries(
    request: GetDoraSeriesRequest,
    options?: DeliveryRequestOptions,
  ): Promise<DoraSeries> {
    return this.request(`/dora/series${query({ ...request })}`, options);
  }

  async getDoraSummary(
    request: GetDoraSummaryRequest,
    options?: DeliveryRequestOptions,
  ): Promise<DoraSummary> {
    return this.request(`/dora/summary${query({ ...request })}`, options);
  }

  async getDoraDeployments(
    request: GetDoraRequest,
    options?: DeliveryRequestOptions,
  ): Promise<DoraDeploymentList> {
    return this.request(`/dora/deployments${query({ ...request })}`, options);
  }

  async getOverview(
    request: GetOverviewRequest = {},
    options?: DeliveryRequestOptions,
  ): Promise<DeliveryOverview> {
    return this.request(`/overview${query({ ...request })}`, options);
  }

  async getPipelines(
    request: { entityRef: string },
    options?: DeliveryRequestOptions,
  ): Promise<PipelineStates> {
    return this.request(`/pipelines${query({ ...request })}`, options);
  }

  async getUnmatched(
    request: GetUnmatchedRequest = {},
    options?: DeliveryRequestOptions,
  ): Promise<UnmatchedEventList> {
    return this.request(`/unmatched${query({ ...request })}`, options);
  }

  private async request<T>(
    path: string,
    options: DeliveryRequestOptions | undefined,
    init: RequestInit = {},
  ): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('delivery');
    const headers = new Headers(init.headers);
    if (options?.token) {
      headers.set('Authorization', `Bearer ${options.token}`);
    }
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, {
      ...init,
      headers,
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}

/** `?a=1&b=2` of the defined parameters; empty without any. */
function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined) {
      search.set(key, String(value));
    }
  }
  const encoded = search.toString();
  return encoded ? `?${encoded}` : '';
}
