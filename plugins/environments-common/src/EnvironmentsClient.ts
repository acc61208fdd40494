import { ResponseError } from '@backstage/errors';
import {
  CreateEnvironmentRequestResponse,
  EnvironmentRequestList,
  EnvironmentsApi,
  EnvironmentsRequestOptions,
  ListEnvironmentRequestsRequest,
} from './api';
import {
  EnvironmentCatalogue,
  EnvironmentEstimate,
  EnvironmentRequestDetails,
  EnvironmentRequestInput,
} from './types';

/** The part of Backstage's DiscoveryApi the client needs. @public */
export interface EnvironmentsDiscoveryApi {
  getBaseUrl(pluginId: string): Promise<string>;
}

/** The part of Backstage's FetchApi the client needs. @public */
export interface EnvironmentsFetchApi {
  fetch: typeof fetch;
}

/** {@link EnvironmentsApi} over HTTP, for frontends and backends alike. @public */
export class EnvironmentsClient implements EnvironmentsApi {
  private readonly discoveryApi: EnvironmentsDiscoveryApi;
  private readonly fetchApi: EnvironmentsFetchApi;

  constructor(options: {
    discoveryApi: EnvironmentsDiscoveryApi;
    /** Defaults to the global `fetch`. */
    fetchApi?: EnvironmentsFetchApi;
  }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi ?? { fetch: (...args) => fetch(...args) };
  }

  getCatalogue(
    options?: EnvironmentsRequestOptions,
  ): Promise<EnvironmentCatalogue> {
    return this.request('/types', options);
  }

  estimate(
    request: Pick<EnvironmentRequestInput, 'type' | 'size' | 'ttlHours'>,
    options?: EnvironmentsRequestOptions,
  ): Promise<EnvironmentEstimate> {
    return this.request('/estimate', options, post(request));
  }

  createRequest(
    request: EnvironmentRequestInput,
    options?: EnvironmentsRequestOptions,
  ): Promise<CreateEnvironmentRequestResponse> {
    return this.request('/requests', options, post(request));
  }

  listRequests(
    request: ListEnvironmentRequestsRequest = {},
    options?: EnvironmentsRequestOptions,
  ): Promise<EnvironmentRequestList> {
    const search = new URLSearchParams();
    if (request.view) {
      search.set('view', request.view);
    }
    if (request.entityRef) {
      search.set('entityRef', request.entityRef);
    }
    for (const state of request.states ?? []) {
      search.append('state', state);
    }
    const encoded = search.toString();
    return this.request(`/requests${encoded ? `?${encoded}` : ''}`, options);
  }

  getRequest(
    id: string,
    options?: EnvironmentsRequestOptions,
  ): Promise<EnvironmentRequestDetails> {
    return this.request(`/requests/${encodeURIComponent(id)}`, options);
  }

  approve(
    id: string,
    body: { reason?: string } = {},
    options?: EnvironmentsRequestOptions,
  ): Promise<EnvironmentRequestDetails> {
    return this.action(id, 'approve', body, options);
  }

  reject(
    id: string,
    body: { reason: string },
    options?: EnvironmentsRequestOptions,
  ): Promise<EnvironmentRequestDetails> {
    return this.action(id, 'reject', body, options);
  }

  extend(
    id: string,
    body: { ttlHours: number; reason?: string },
    options?: EnvironmentsRequestOptions,
  ): Promise<EnvironmentRequestDetails> {
    return this.action(id, 'extend', body, options);
  }

  destroy(
    id: string,
    body: { reason?: string } = {},
    options?: EnvironmentsRequestOptions,
  ): Promise<EnvironmentRequestDetails> {
    return this.action(id, 'destroy', body, options);
  }

  retry(
    id: string,
    options?: EnvironmentsRequestOptions,
  ): Promise<EnvironmentRequestDetails> {
    return this.action(id, 'retry', {}, options);
  }

  private action(
    id: string,
    action: string,
    body: object,
    options: EnvironmentsRequestOptions | undefined,
  ): Promise<EnvironmentRequestDetails> {
    return this.request(
      `/requests/${encodeURIComponent(id)}/${action}`,
      options,
      post(body),
    );
  }

  private async request<T>(
    path: string,
    options: EnvironmentsRequestOptions | undefined,
    init: RequestInit = {},
  ): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('environments');
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

function post(body: object): RequestInit {
  return {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  };
}
