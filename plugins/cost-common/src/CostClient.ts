import { ResponseError } from '@backstage/errors';
import {
  AllocationReport,
  CostApi,
  CostImport,
  CostImportList,
  CostImportResult,
  CostOverview,
  CostRequestOptions,
  EntityCost,
  GetAllocationReportRequest,
  GetCostOverviewRequest,
  GetEntityCostRequest,
  ListCostImportsRequest,
  UploadCostFileRequest,
} from './api';

/** The part of Backstage's DiscoveryApi the client needs. @public */
export interface CostDiscoveryApi {
  getBaseUrl(pluginId: string): Promise<string>;
}

/** The part of Backstage's FetchApi the client needs. @public */
export interface CostFetchApi {
  fetch: typeof fetch;
}

/** {@link CostApi} over HTTP, for frontends and backends alike. @public */
export class CostClient implements CostApi {
  private readonly discoveryApi: CostDiscoveryApi;
  private readonly fetchApi: CostFetchApi;

  constructor(options: {
    discoveryApi: CostDiscoveryApi;
    /** Defaults to the global `fetch`. */
    fetchApi?: CostFetchApi;
  }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi ?? { fetch: (...args) => fetch(...args) };
  }

  async getEntityCost(
    request: GetEntityCostRequest,
    options?: CostRequestOptions,
  ): Promise<EntityCost> {
    return this.request(`/entity-cost${query({ ...request })}`, options);
  }

  async getOverview(
    request: GetCostOverviewRequest = {},
    options?: CostRequestOptions,
  ): Promise<CostOverview> {
    const { entityRefs, ...rest } = request;
    return this.request(
      `/overview${query({ ...rest, entityRef: entityRefs })}`,
      options,
    );
  }

  async getAllocationReport(
    request: GetAllocationReportRequest = {},
    options?: CostRequestOptions,
  ): Promise<AllocationReport> {
    return this.request(`/allocation${query({ ...request })}`, options);
  }

  async listImports(
    request: ListCostImportsRequest = {},
    options?: CostRequestOptions,
  ): Promise<CostImportList> {
    return this.request(`/imports${query({ ...request })}`, options);
  }

  async getImport(
    id: string,
    options?: CostRequestOptions,
  ): Promise<CostImport> {
    return this.request(`/imports/${encodeURIComponent(id)}`, options);
  }

  async deleteImport(id: string, options?: CostRequestOptions): Promise<void> {
    await this.request(`/imports/${encodeURIComponent(id)}`, options, {
      method: 'DELETE',
    });
  }

  async uploadFile(
    request: UploadCostFileRequest,
    options?: CostRequestOptions,
  ): Promise<CostImportResult> {
    const name = request.fileName.toLocaleLowerCase('en-US');
    let contentType = 'text/csv';
    if (name.endsWith('.parquet')) {
      contentType = 'application/vnd.apache.parquet';
    } else if (name.endsWith('.gz')) {
      contentType = 'application/gzip';
    }
    return this.request(
      `/imports${query({
        fileName: request.fileName,
        source: request.source,
      })}`,
      options,
      {
        method: 'POST',
        headers: {
          'Content-Type': contentType,
        },
        body: request.body as BodyInit,
      },
    );
  }

  private async request<T>(
    path: string,
    options: CostRequestOptions | undefined,
    init: RequestInit = {},
  ): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('cost');
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
    if (response.status === 204) {
      return undefined as T;
    }
    return (await response.json()) as T;
  }
}

/** `?a=1&b=2` of the defined parameters (an array repeats its name); empty without any. */
function query(
  params: Record<string, string | number | string[] | undefined>,
): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item !== undefined) {
        search.append(key, String(item));
      }
    }
  }
  const encoded = search.toString();
  return encoded ? `?${encoded}` : '';
}
