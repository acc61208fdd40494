// Generated from openapi.yaml by `yarn generate:openapi` in the backend plugin: edit the YAML,
// then regenerate (a test fails while the two differ).
/* eslint-disable */
import { ResponseError } from '@backstage/errors';

export interface paths {
  '/types': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description The environment type catalogue with sizes, prices and TTL limits, and whether the backend is configured (an empty catalogue naming the config keys to set when not). */
    get: operations['GetCatalogue'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/estimate': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** @description What an environment of this type, size and TTL costs, from the price table; 503 naming the config keys to set while the backend is not configured. */
    post: operations['Estimate'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/requests': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Requests, newest first, a page at a time: in every view only those whose service the caller may see in the catalog, unless they hold `environments.request.manage`. A page holds at most `limit` requests and may hold fewer (those the caller may not see are left out); `nextCursor`, when present, asks for the next page. */
    get: operations['ListRequests'];
    put?: never;
    /** @description Requests an environment. Checks the TTL, the team's and service's quotas and the team's monthly budget (409 when over), stores the estimate, and either approves it automatically or sends it to the approvers. 503 naming the config keys to set while the backend is not configured. */
    post: operations['CreateRequest'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/requests/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description One request with its audit trail; 404 (as for an unknown id) when the caller may not see its service in the catalog, unless they hold `environments.request.manage`. The actions answer the same 404. */
    get: operations['GetRequest'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/requests/{id}/approve': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** @description Approves a pending request (owning team or the type's approvers). */
    post: operations['Approve'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/requests/{id}/reject': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** @description Rejects a pending request; the reason is required. */
    post: operations['Reject'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/requests/{id}/extend': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** @description Sets the TTL (counted from when it became ready), up to the type's maximum; 409 when the longer life would exceed the type's budget or the team's monthly budget. */
    post: operations['Extend'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/requests/{id}/destroy': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** @description Tears a ready, expiring or failed environment down now. */
    post: operations['Destroy'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/requests/{id}/retry': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** @description Resumes the provisioning or teardown of a failed environment where it stopped. */
    post: operations['Retry'];
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
     * @description Where a request is in its lifecycle: `requested -> (pending_approval -> approved | rejected) -> provisioning -> ready -> expiring -> destroying -> destroyed`, plus `failed` (with a reason) from which a retry resumes the step that failed.
     * @enum {string}
     */
    EnvironmentState:
      | 'requested'
      | 'pending_approval'
      | 'approved'
      | 'rejected'
      | 'provisioning'
      | 'ready'
      | 'expiring'
      | 'destroying'
      | 'destroyed'
      | 'failed';
    /** @enum {string} */
    EnvironmentAction: 'approve' | 'reject' | 'extend' | 'destroy' | 'retry';
    EnvironmentSize: {
      name: string;
      title?: string;
      /** @description Price of one day of an environment of this size, in the catalogue's currency. */
      pricePerDay: number;
      /** @description Kubernetes ResourceQuota limit written into the environment's manifests. */
      cpu: string;
      /** @description Kubernetes ResourceQuota limit written into the environment's manifests. */
      memory: string;
    };
    EnvironmentType: {
      name: string;
      title: string;
      description?: string;
      sizes: components['schemas']['EnvironmentSize'][];
      defaultTtlHours: number;
      maxTtlHours: number;
      /** @description Requests whose whole-TTL estimate is within `budget` are approved without anyone. */
      autoApprove: boolean;
      /** @description Largest whole-TTL estimate approved automatically; absent, no limit. */
      budget?: number;
      /** @description Groups whose members approve requests of this type; empty: the members of the team that owns the service. */
      approvers: string[];
      /** @description Whether an approver may approve a request they made themselves. */
      allowSelfApproval: boolean;
    };
    EnvironmentCatalogue: {
      currency: string;
      /** @description Empty while the backend is not configured. */
      types: components['schemas']['EnvironmentType'][];
      /** @description Whether environments can be requested. False when the backend's config has no type catalogue (`environments.types`, or `environments.builtInTypes: true`) or no provisioner (`environments.provisioner.gitops.mode`); then requesting and estimating answer 503. */
      configured: boolean;
      /** @description The config keys to set, while not configured. */
      missingConfig?: string[];
    };
    /** @description Unknown properties are refused with a 400 naming them. */
    EstimateInput: {
      type: string;
      size: string;
      ttlHours?: number;
    };
    EnvironmentEstimate: {
      currency: string;
      perDay: number;
      /** @description Cost of the whole TTL: `perDay * ttlHours / 24`, rounded to cents. */
      total: number;
      ttlHours: number;
    };
    /** @description Unknown properties are refused with a 400 naming them. */
    EnvironmentRequestInput: {
      /** @description The service, e.g. `component:default/payments`. */
      entityRef: string;
      type: string;
      size: string;
      /** @description Defaults to the type's defaultTtlHours. */
      ttlHours?: number;
      /** @description Git branch deployed into the environment (one of branch or version). */
      branch?: string;
      /** @description Released version deployed into the environment (one of branch or version). */
      version?: string;
      purpose: string;
    };
    EnvironmentRequest: {
      id: string;
      /** @description DNS-safe name, also the Kubernetes namespace. */
      name: string;
      entityRef: string;
      /** @description The team that owned the service when the request was made. */
      ownerRef: string;
      requestedBy: string;
      type: string;
      size: string;
      ttlHours: number;
      branch?: string;
      version?: string;
      purpose: string;
      state: components['schemas']['EnvironmentState'];
      estimate: components['schemas']['EnvironmentEstimate'];
      /** @description Cost from the time it became ready until now or until it was destroyed. */
      costSoFar: number;
      url?: string;
      /** @description Why it failed, while `state` is `failed`. */
      failureReason?: string;
      createdAt: string;
      updatedAt: string;
      readyAt?: string;
      /** @description When the environment is torn down; set when it becomes ready. */
      expiresAt?: string;
      destroyedAt?: string;
      /** @description The actions the caller is allowed right now. */
      allowedActions: components['schemas']['EnvironmentAction'][];
    };
    EnvironmentTransition: {
      id: number;
      requestId: string;
      from: components['schemas']['EnvironmentState'] | null;
      to: components['schemas']['EnvironmentState'];
      /** @description Entity ref of the user, or `system:environments` for the lifecycle worker. */
      actor: string;
      reason?: string;
      at: string;
    };
    EnvironmentRequestDetails: {
      id: string;
      /** @description DNS-safe name, also the Kubernetes namespace. */
      name: string;
      entityRef: string;
      /** @description The team that owned the service when the request was made. */
      ownerRef: string;
      requestedBy: string;
      type: string;
      size: string;
      ttlHours: number;
      branch?: string;
      version?: string;
      purpose: string;
      state: components['schemas']['EnvironmentState'];
      estimate: components['schemas']['EnvironmentEstimate'];
      /** @description Cost from the time it became ready until now or until it was destroyed. */
      costSoFar: number;
      url?: string;
      /** @description Why it failed, while `state` is `failed`. */
      failureReason?: string;
      createdAt: string;
      updatedAt: string;
      readyAt?: string;
      /** @description When the environment is torn down; set when it becomes ready. */
      expiresAt?: string;
      destroyedAt?: string;
      history: components['schemas']['EnvironmentTransition'][];
      allowedActions: components['schemas']['EnvironmentAction'][];
    };
  };
  responses: {
    /** @description An error, with the reason (naming the field for bad input) in `error.message`. */
    ErrorResponse: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['Error'];
      };
    };
    /** @description The request with its audit trail and the caller's allowed actions. */
    Details: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['EnvironmentRequestDetails'];
      };
    };
  };
  parameters: {
    /** @description The request's id. */
    id: string;
  };
  requestBodies: {
    Reason: {
      content: {
        'application/json': {
          reason?: string;
        };
      };
    };
  };
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  GetCatalogue: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The catalogue. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['EnvironmentCatalogue'];
        };
      };
      default: components['responses']['ErrorResponse'];
    };
  };
  Estimate: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['EstimateInput'];
      };
    };
    responses: {
      /** @description The estimate. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['EnvironmentEstimate'];
        };
      };
      default: components['responses']['ErrorResponse'];
    };
  };
  ListRequests: {
    parameters: {
      query?: {
        /** @description `mine` (default): requested by the caller; `team`: for services owned by the caller's teams; `pending-approval`: waiting for the caller's approval; `all`. */
        view?: 'mine' | 'team' | 'pending-approval' | 'all';
        /** @description Only the requests of this service. */
        entityRef?: string;
        /** @description Only requests in these states (repeat the parameter for several). */
        state?: components['schemas']['EnvironmentState'][];
        /** @description How many requests a page looks at (default 100): a year of a team's requests is read a page at a time, not all at once. */
        limit?: number;
        /** @description The `nextCursor` of the page before, with the same view and filters. */
        cursor?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of requests. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: components['schemas']['EnvironmentRequest'][];
            /** @description Asks for the next page (older requests); absent on the last page. */
            nextCursor?: string;
          };
        };
      };
      default: components['responses']['ErrorResponse'];
    };
  };
  CreateRequest: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['EnvironmentRequestInput'];
      };
    };
    responses: {
      201: components['responses']['Details'];
      default: components['responses']['ErrorResponse'];
    };
  };
  GetRequest: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The request's id. */
        id: components['parameters']['id'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: components['responses']['Details'];
      default: components['responses']['ErrorResponse'];
    };
  };
  Approve: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The request's id. */
        id: components['parameters']['id'];
      };
      cookie?: never;
    };
    requestBody?: components['requestBodies']['Reason'];
    responses: {
      200: components['responses']['Details'];
      default: components['responses']['ErrorResponse'];
    };
  };
  Reject: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The request's id. */
        id: components['parameters']['id'];
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          reason: string;
        };
      };
    };
    responses: {
      200: components['responses']['Details'];
      default: components['responses']['ErrorResponse'];
    };
  };
  Extend: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The request's id. */
        id: components['parameters']['id'];
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          ttlHours: number;
          reason?: string;
        };
      };
    };
    responses: {
      200: components['responses']['Details'];
      default: components['responses']['ErrorResponse'];
    };
  };
  Destroy: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The request's id. */
        id: components['parameters']['id'];
      };
      cookie?: never;
    };
    requestBody?: components['requestBodies']['Reason'];
    responses: {
      200: components['responses']['Details'];
      default: components['responses']['ErrorResponse'];
    };
  };
  Retry: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The request's id. */
        id: components['parameters']['id'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: components['responses']['Details'];
      default: components['responses']['ErrorResponse'];
    };
  };
}

/**
 * Where a request is in its lifecycle: `requested -> (pending_approval -> approved | rejected) -> provisioning -> ready -> expiring -> destroying -> destroyed`, plus `failed` (with a reason) from which a retry resumes the step that failed.
 *
 * @public
 */
export type EnvironmentState = components['schemas']['EnvironmentState'];

/**
 * @public
 */
export type EnvironmentAction = components['schemas']['EnvironmentAction'];

/**
 * @public
 */
export type EnvironmentSize = components['schemas']['EnvironmentSize'];

/**
 * @public
 */
export type EnvironmentType = components['schemas']['EnvironmentType'];

/**
 * @public
 */
export type EnvironmentCatalogue =
  components['schemas']['EnvironmentCatalogue'];

/**
 * Unknown properties are refused with a 400 naming them.
 *
 * @public
 */
export type EstimateInput = components['schemas']['EstimateInput'];

/**
 * @public
 */
export type EnvironmentEstimate = components['schemas']['EnvironmentEstimate'];

/**
 * Unknown properties are refused with a 400 naming them.
 *
 * @public
 */
export type EnvironmentRequestInput =
  components['schemas']['EnvironmentRequestInput'];

/**
 * @public
 */
export type EnvironmentRequest = components['schemas']['EnvironmentRequest'];

/**
 * @public
 */
export type EnvironmentTransition =
  components['schemas']['EnvironmentTransition'];

/**
 * @public
 */
export type EnvironmentRequestDetails =
  components['schemas']['EnvironmentRequestDetails'];

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
 * The environments plugin's API over HTTP, one method per operation of its OpenAPI spec, for
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
   * The environment type catalogue with sizes, prices and TTL limits, and whether the backend is configured (an empty catalogue naming the config keys to set when not).
   */
  async getCatalogue(
    options?: ApiRequestOptions,
  ): Promise<SuccessBody<operations['GetCatalogue']>> {
    return this.send({ method: 'GET', path: '/types' }, options);
  }

  /**
   * What an environment of this type, size and TTL costs, from the price table; 503 naming the config keys to set while the backend is not configured.
   */
  async estimate(
    request: {
      body: NonNullable<
        operations['Estimate']['requestBody']
      >['content']['application/json'];
    },
    options?: ApiRequestOptions,
  ): Promise<SuccessBody<operations['Estimate']>> {
    return this.send(
      { method: 'POST', path: '/estimate', request, json: true },
      options,
    );
  }

  /**
   * Requests, newest first, a page at a time: in every view only those whose service the caller may see in the catalog, unless they hold `environments.request.manage`. A page holds at most `limit` requests and may hold fewer (those the caller may not see are left out); `nextCursor`, when present, asks for the next page.
   */
  async listRequests(
    request?: {
      query?: NonNullable<operations['ListRequests']['parameters']['query']>;
    },
    options?: ApiRequestOptions,
  ): Promise<SuccessBody<operations['ListRequests']>> {
    return this.send({ method: 'GET', path: '/requests', request }, options);
  }

  /**
   * Requests an environment. Checks the TTL, the team's and service's quotas and the team's monthly budget (409 when over), stores the estimate, and either approves it automatically or sends it to the approvers. 503 naming the config keys to set while the backend is not configured.
   */
  async createRequest(
    request: {
      body: NonNullable<
        operations['CreateRequest']['requestBody']
      >['content']['application/json'];
    },
    options?: ApiRequestOptions,
  ): Promise<SuccessBody<operations['CreateRequest']>> {
    return this.send(
      { method: 'POST', path: '/requests', request, json: true },
      options,
    );
  }

  /**
   * One request with its audit trail; 404 (as for an unknown id) when the caller may not see its service in the catalog, unless they hold `environments.request.manage`. The actions answer the same 404.
   */
  async getRequest(
    request: {
      path: NonNullable<operations['GetRequest']['parameters']['path']>;
    },
    options?: ApiRequestOptions,
  ): Promise<SuccessBody<operations['GetRequest']>> {
    return this.send(
      { method: 'GET', path: '/requests/{id}', request },
      options,
    );
  }

  /**
   * Approves a pending request (owning team or the type's approvers).
   */
  async approve(
    request: {
      path: NonNullable<operations['Approve']['parameters']['path']>;
      body?: NonNullable<
        operations['Approve']['requestBody']
      >['content']['application/json'];
    },
    options?: ApiRequestOptions,
  ): Promise<SuccessBody<operations['Approve']>> {
    return this.send(
      { method: 'POST', path: '/requests/{id}/approve', request, json: true },
      options,
    );
  }

  /**
   * Rejects a pending request; the reason is required.
   */
  async reject(
    request: {
      path: NonNullable<operations['Reject']['parameters']['path']>;
      body: NonNullable<
        operations['Reject']['requestBody']
      >['content']['application/json'];
    },
    options?: ApiRequestOptions,
  ): Promise<SuccessBody<operations['Reject']>> {
    return this.send(
      { method: 'POST', path: '/requests/{id}/reject', request, json: true },
      options,
    );
  }

  /**
   * Sets the TTL (counted from when it became ready), up to the type's maximum; 409 when the longer life would exceed the type's budget or the team's monthly budget.
   */
  async extend(
    request: {
      path: NonNullable<operations['Extend']['parameters']['path']>;
      body: NonNullable<
        operations['Extend']['requestBody']
      >['content']['application/json'];
    },
    options?: ApiRequestOptions,
  ): Promise<SuccessBody<operations['Extend']>> {
    return this.send(
      { method: 'POST', path: '/requests/{id}/extend', request, json: true },
      options,
    );
  }

  /**
   * Tears a ready, expiring or failed environment down now.
   */
  async destroy(
    request: {
      path: NonNullable<operations['Destroy']['parameters']['path']>;
      body?: NonNullable<
        operations['Destroy']['requestBody']
      >['content']['application/json'];
    },
    options?: ApiRequestOptions,
  ): Promise<SuccessBody<operations['Destroy']>> {
    return this.send(
      { method: 'POST', path: '/requests/{id}/destroy', request, json: true },
      options,
    );
  }

  /**
   * Resumes the provisioning or teardown of a failed environment where it stopped.
   */
  async retry(
    request: { path: NonNullable<operations['Retry']['parameters']['path']> },
    options?: ApiRequestOptions,
  ): Promise<SuccessBody<operations['Retry']>> {
    return this.send(
      { method: 'POST', path: '/requests/{id}/retry', request },
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
    const baseUrl = await this.discoveryApi.getBaseUrl('environments');
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
