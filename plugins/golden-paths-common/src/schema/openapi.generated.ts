// Generated from openapi.yaml by `yarn generate:openapi` in the backend plugin: edit the YAML,
// then regenerate (a test fails while the two differ).
/* eslint-disable */
import { ResponseError } from '@backstage/errors';

export interface paths {
  '/drift': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Template drift of one entity. 404 when the catalog has no such entity (or the caller may not read it) or the entity records no template. */
    get: operations['GetEntityDrift'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/drift/overview': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Every entity that records a template and the caller may read, worst status first (upgrade-available, unknown-template, unversioned, ahead, current), then by entity ref. As of the last scheduled check. */
    get: operations['GetDriftOverview'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    Error: {
      error: {
        name: string;
        message: string;
      };
      request?: {
        method?: string;
        url?: string;
      };
      response: {
        statusCode?: number;
      };
    };
    /**
     * @description current: recorded version = template version. upgrade-available: the template is newer. ahead: the recorded version is newer than the template's. unknown-template: no such template in the catalog, or it has no valid version. unversioned: the entity records no valid version.
     * @enum {string}
     */
    DriftStatus:
      | 'current'
      | 'upgrade-available'
      | 'ahead'
      | 'unknown-template'
      | 'unversioned';
    ChangelogEntry: {
      version: string;
      /** @description The section's markdown, without its `## x.y.z` heading. */
      body: string;
    };
    EntityDrift: {
      entityRef: string;
      entityTitle?: string;
      ownerRef?: string;
      templateRef: string;
      templateTitle?: string;
      recordedVersion?: string;
      currentVersion?: string;
      status: components['schemas']['DriftStatus'];
      /** @description Changelog entries after the recorded version up to and including the current one, newest first; empty unless the status is upgrade-available. */
      changes: components['schemas']['ChangelogEntry'][];
      /** @description Why the template's CHANGELOG.md could not be read. */
      changelogError?: string;
      /** Format: date-time */
      checkedAt: string;
    };
    DriftOverview: {
      items: components['schemas']['EntityDrift'][];
      totalItems: number;
      offset: number;
      limit: number;
    };
  };
  responses: {
    /** @description An error, as Backstage's error handler serializes it. */
    ErrorResponse: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['Error'];
      };
    };
  };
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  GetEntityDrift: {
    parameters: {
      query: {
        /** @description The entity, e.g. `component:default/checkout`. */
        entityRef: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The entity's drift. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['EntityDrift'];
        };
      };
      400: components['responses']['ErrorResponse'];
      401: components['responses']['ErrorResponse'];
      404: components['responses']['ErrorResponse'];
    };
  };
  GetDriftOverview: {
    parameters: {
      query?: {
        /** @description Only these statuses (repeat the parameter for several). */
        status?: components['schemas']['DriftStatus'][];
        /** @description Only entities owned by this entity (`group:default/team-a`; kind defaults to group). */
        owner?: string;
        offset?: number;
        limit?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of drifts. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['DriftOverview'];
        };
      };
      400: components['responses']['ErrorResponse'];
      401: components['responses']['ErrorResponse'];
    };
  };
}

/**
 * current: recorded version = template version. upgrade-available: the template is newer. ahead: the recorded version is newer than the template's. unknown-template: no such template in the catalog, or it has no valid version. unversioned: the entity records no valid version.
 *
 * @public
 */
export type DriftStatus = components['schemas']['DriftStatus'];

/**
 * @public
 */
export type ChangelogEntry = components['schemas']['ChangelogEntry'];

/**
 * @public
 */
export type EntityDrift = components['schemas']['EntityDrift'];

/**
 * @public
 */
export type DriftOverview = components['schemas']['DriftOverview'];

/** Options of every request. @public */
export interface ApiRequestOptions {
  /** A Backstage token to send; without one, the fetch API's own credentials apply. */
  token?: string;
}

/** The JSON body of an operation's success response (undefined for 204). @public */
export type SuccessBody<Operation> = Operation extends {
  responses: infer Responses;
}
  ? JsonContent<
      | Responses[200 & keyof Responses]
      | Responses[201 & keyof Responses]
      | Responses[204 & keyof Responses]
    >
  : never;

type JsonContent<Response> = Response extends {
  content: { 'application/json': infer Body };
}
  ? Body
  : undefined;

type RequestParts = {
  path?: Record<string, unknown>;
  query?: Record<string, unknown>;
  header?: Record<string, unknown>;
  body?: unknown;
  contentType?: string;
};

/**
 * The golden-paths plugin's API over HTTP, one method per operation of its OpenAPI spec, for
 * frontends and backends alike. Failures throw `ResponseError` (from `@backstage/errors`).
 *
 * @public
 */
export class DefaultApiClient {
  private readonly discoveryApi: {
    getBaseUrl(pluginId: string): Promise<string>;
  };
  private readonly fetchApi: { fetch: typeof fetch };

  constructor(options: {
    discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
    /** Defaults to the global `fetch`. */
    fetchApi?: { fetch: typeof fetch };
  }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi ?? { fetch: (...args) => fetch(...args) };
  }

  /**
   * Template drift of one entity. 404 when the catalog has no such entity (or the caller may not read it) or the entity records no template.
   */
  async getEntityDrift(
    request: {
      query: NonNullable<operations['GetEntityDrift']['parameters']['query']>;
    },
    options?: ApiRequestOptions,
  ): Promise<SuccessBody<operations['GetEntityDrift']>> {
    return this.send({ method: 'GET', path: '/drift', request }, options);
  }

  /**
   * Every entity that records a template and the caller may read, worst status first (upgrade-available, unknown-template, unversioned, ahead, current), then by entity ref. As of the last scheduled check.
   */
  async getDriftOverview(
    request?: {
      query?: NonNullable<
        operations['GetDriftOverview']['parameters']['query']
      >;
    },
    options?: ApiRequestOptions,
  ): Promise<SuccessBody<operations['GetDriftOverview']>> {
    return this.send(
      { method: 'GET', path: '/drift/overview', request },
      options,
    );
  }

  private async send<T>(
    call: {
      method: string;
      path: string;
      request?: RequestParts;
      json?: boolean;
    },
    options: ApiRequestOptions | undefined,
  ): Promise<T> {
    const { request = {} } = call;
    const route = call.path.replace(/{([^}]+)}/g, (_, name: string) =>
      encodeURIComponent(String(request.path?.[name])),
    );
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(request.query ?? {})) {
      for (const item of Array.isArray(value) ? value : [value]) {
        if (item !== undefined && item !== null)
          search.append(name, String(item));
      }
    }
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.header ?? {})) {
      if (value !== undefined && value !== null)
        headers.set(name, String(value));
    }
    if (options?.token) {
      headers.set('Authorization', `Bearer ${options.token}`);
    }
    let body: BodyInit | undefined;
    if (request.body !== undefined) {
      headers.set(
        'Content-Type',
        call.json ? 'application/json' : request.contentType!,
      );
      body = call.json
        ? JSON.stringify(request.body)
        : (request.body as BodyInit);
    }
    const baseUrl = await this.discoveryApi.getBaseUrl('golden-paths');
    const query = search.toString();
    const response = await this.fetchApi.fetch(
      `${baseUrl}${route}${query ? `?${query}` : ''}`,
      { method: call.method, headers, body },
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    if (response.status === 204) {
      return undefined as T;
    }
    return (await response.json()) as T;
  }
}
