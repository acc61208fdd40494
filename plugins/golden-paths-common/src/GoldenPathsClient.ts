import { ResponseError } from '@backstage/errors';
import {
  DriftOverview,
  EntityDrift,
  GetDriftOverviewRequest,
  GetEntityDriftRequest,
  GoldenPathsApi,
  GoldenPathsRequestOptions,
} from './api';

/** The part of Backstage's DiscoveryApi the client needs. @public */
export interface GoldenPathsDiscoveryApi {
  getBaseUrl(pluginId: string): Promise<string>;
}

/** The part of Backstage's FetchApi the client needs. @public */
export interface GoldenPathsFetchApi {
  fetch: typeof fetch;
}

/** {@link GoldenPathsApi} over HTTP, for frontends and backends alike. @public */
export class GoldenPathsClient implements GoldenPathsApi {
  private readonly discoveryApi: GoldenPathsDiscoveryApi;
  private readonly fetchApi: GoldenPathsFetchApi;

  constructor(options: {
    discoveryApi: GoldenPathsDiscoveryApi;
    /** Defaults to the global `fetch`. */
    fetchApi?: GoldenPathsFetchApi;
  }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi ?? { fetch: (...args) => fetch(...args) };
  }

  async getEntityDrift(
    request: GetEntityDriftRequest,
    options?: GoldenPathsRequestOptions,
  ): Promise<EntityDrift> {
    const search = new URLSearchParams({ entityRef: request.entityRef });
    return this.request(`/drift?${search}`, options);
  }

  async getDriftOverview(
    request: GetDriftOverviewRequest = {},
    options?: GoldenPathsRequestOptions,
  ): Promise<DriftOverview> {
    const search = new URLSearchParams();
    for (const status of request.status ?? []) {
      search.append('status', status);
    }
    if (request.owner !== undefined) search.set('owner', request.owner);
    if (request.offset !== undefined) {
      search.set('offset', String(request.offset));
    }
    if (request.limit !== undefined) search.set('limit', String(request.limit));
    const encoded = search.toString();
    return this.request(
      `/drift/overview${encoded ? `?${encoded}` : ''}`,
      options,
    );
  }

  private async request<T>(
    path: string,
    options: GoldenPathsRequestOptions | undefined,
  ): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('golden-paths');
    const headers = new Headers();
    if (options?.token) {
      headers.set('Authorization', `Bearer ${options.token}`);
    }
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, {
      headers,
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
