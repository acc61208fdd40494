// Generated from openapi.yaml by `yarn generate:openapi` in the backend plugin: edit the YAML,
// then regenerate (a test fails while the two differ).
/* eslint-disable */
import { ResponseError } from '@backstage/errors';

export interface paths {
  '/entity-cost': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Cost of a catalog entity for a window: totals, the previous window of the same length and the change, a series, breakdowns by ServiceCategory / ServiceName / region / sub-account, month-to-date with forecast, and anomalies. A System covers what is part of it, a Group what it owns (and what is part of the systems it owns). Without `cost.organization.read` only entities the caller's teams own (403 for others), and a roll-up counts only the parts they own. */
    get: operations['GetEntityCost'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entity-cost/summary': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description An entity's cost for a window in brief: its totals and the month-end forecast, the same figures as `/entity-cost` gives, without the previous window, series, breakdowns, anomalies or the caller's view (for a card on every page of an entity). What the caller may read is counted as in `/entity-cost`: 404 for an entity they may not read, and a roll-up counts only the parts they may. */
    get: operations['GetEntityCostSummary'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/overview': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Every catalog entity of a kind with its cost for the window (zero when it has none), sorted and paginated, plus allocation coverage: the share of all cost attributed to an entity, per currency. Sums whole UTC days: an end that is not midnight UTC moves to the next midnight (the same sums for exports of daily rows), and the answer's `from` and `to` are the days summed. */
    get: operations['GetOverview'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/allocation': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Allocation coverage and where unallocated cost goes: the costliest unallocated resources and tags, and unallocated cost without tags. Unallocated cost belongs to no team: callers without `cost.organization.read` get `visibility: teams` and empty coverage and lists. Sums whole UTC days, as `/overview` does. */
    get: operations['GetAllocationReport'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/imports': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Imports, newest first, with their bad rows. Imports hold every team's files and rows: callers without `cost.organization.read` get a 403. */
    get: operations['ListImports'];
    put?: never;
    /** @description Imports one FOCUS export sent as the raw request body: `text/csv` for plain CSV, `application/gzip` for gzip-compressed CSV, `application/vnd.apache.parquet` for Parquet (the content is sniffed, so `application/octet-stream` works for all three). Answers once the import is committed: 201 with the import, or 200 with `skipped: true` and the earlier import when a file with the same content was imported before. A malformed file is a 400 naming the column, line or row; rows that break FOCUS rules are counted in `badRowCount` and listed in `badRowCount` (the first ones in `badRows`); a file with no usable row is a 400. Bodies above `cost.upload.maxSizeMb` get a 413; a file above one of the `cost.import` limits (`maxDecompressedMb`, `maxRowsPerFile`, `maxParquetPageMb`, `maxParquetRowGroupMb`) a 400 naming the key. Needs `cost.import.create`, for users and external-access tokens alike; tokens of other plugins (`plugin:` subjects) are refused. */
    post: operations['UploadCostFile'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/imports/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description One import; needs `cost.organization.read` (403 otherwise). */
    get: operations['GetImport'];
    put?: never;
    post?: never;
    /** @description Deletes an import and the cost rows it brought (periods a later import of the same source replaced keep that import's rows), in one transaction. Needs `cost.import.delete`; a running import is a 409. */
    delete: operations['DeleteImport'];
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
      response?: {
        statusCode?: number;
      };
    };
    /**
     * @description Whose cost the answer covers: `organization` for callers with `cost.organization.read`, `teams` for everyone else (only entities their teams own, and no unallocated cost).
     * @enum {string}
     */
    CostVisibility: 'organization' | 'teams';
    /** @enum {string} */
    CostMetric: 'EffectiveCost' | 'BilledCost' | 'ListCost';
    CurrencyAmount: {
      currency: string;
      amount: number;
    };
    /** @description One entry per currency; amounts in different currencies are never added. */
    CurrencyAmounts: components['schemas']['CurrencyAmount'][];
    /** @description Cost of one value of a breakdown dimension, per currency; `key` is null where the column was empty, `name` the display name where the export has one (regions and accounts). */
    CostBreakdownItem: {
      key: string | null;
      name?: string;
      currency: string;
      amount: number;
    };
    /** @description Share of cost attributed to a catalog entity, in one currency; `ratio` is `allocated / total`, null when the total is 0. */
    AllocationCoverage: {
      currency: string;
      total: number;
      allocated: number;
      unallocated: number;
      ratio: number | null;
    };
    /** @description Month-to-date cost of the UTC month containing `asOf` (the end of the window, now, or the end of the last day with cost, whichever is earliest) and a linear run-rate forecast: month-to-date plus the mean daily cost of the 7 days before `asOf` times the days left in the month. */
    CostForecasts: components['schemas']['CostForecast'][];
    CostForecast: {
      /** @description `YYYY-MM` (UTC). */
      month: string;
      /** @description Instant up to which cost is counted (exports lag behind by a day or more). */
      asOf: string;
      currency: string;
      monthToDate: number;
      dailyRate: number;
      forecast: number;
      /** @description True when `asOf` is at or after the end of the month: the forecast is the actual total. */
      complete: boolean;
    };
    /** @description What a card shows of an entity's cost: the window's totals and the month-end forecast, counted as `/entity-cost` counts them. */
    EntityCostSummary: {
      entityRef: string;
      metric: components['schemas']['CostMetric'];
      /** @description Window start (inclusive), an ISO-8601 instant. */
      from: string;
      /** @description Window end (exclusive), an ISO-8601 instant. */
      to: string;
      totals: components['schemas']['CurrencyAmounts'];
      forecast: components['schemas']['CostForecasts'];
    };
    EntityCost: {
      visibility: components['schemas']['CostVisibility'];
      entityRef: string;
      /** @description The entities whose cost is counted. */
      scope: string[];
      metric: components['schemas']['CostMetric'];
      /** @description Window start (inclusive), an ISO-8601 instant. */
      from: string;
      /** @description Window end (exclusive), an ISO-8601 instant. */
      to: string;
      totals: components['schemas']['CurrencyAmounts'];
      previous: {
        from: string;
        to: string;
        totals: components['schemas']['CurrencyAmounts'];
      };
      change: {
        currency: string;
        previous: number;
        current: number;
        difference: number;
        /** @description `difference / |previous|`; null when the previous window had no cost in this currency. */
        ratio: number | null;
      }[];
      series: {
        /** @enum {string} */
        granularity: 'day' | 'week' | 'month';
        points: {
          /** @description First day of the bucket, `YYYY-MM-DD` (UTC). */
          periodStart: string;
          currency: string;
          amount: number;
        }[];
      };
      breakdown: {
        serviceCategory: components['schemas']['CostBreakdownItem'][];
        serviceName: components['schemas']['CostBreakdownItem'][];
        region: components['schemas']['CostBreakdownItem'][];
        account: components['schemas']['CostBreakdownItem'][];
      };
      forecast: components['schemas']['CostForecasts'];
      /** @description Days of the window whose cost is far off the 14 days before them: modified z-score 0.6745 * (cost - median) / MAD above 3.5 in absolute value (with at least 7 baseline days and a deviation above 20% of the median). */
      anomalies: {
        /** @description `YYYY-MM-DD` (UTC). */
        date: string;
        currency: string;
        amount: number;
        /** @description Median daily cost of the baseline days. */
        expected: number;
        /** @description The modified z-score; null when the baseline is constant. */
        score: number | null;
        /** @enum {string} */
        direction: 'spike' | 'drop';
      }[];
    };
    CostOverview: {
      visibility: components['schemas']['CostVisibility'];
      metric: components['schemas']['CostMetric'];
      from: string;
      to: string;
      /** @enum {string} */
      kind: 'component' | 'system' | 'group';
      /** @description Currency the items are sorted by (the one with the largest total unless requested). */
      sortCurrency: string | null;
      totalItems: number;
      items: {
        entityRef: string;
        title?: string;
        totals: components['schemas']['CurrencyAmounts'];
      }[];
      coverage: components['schemas']['AllocationCoverage'][];
    };
    AllocationReport: {
      visibility: components['schemas']['CostVisibility'];
      metric: components['schemas']['CostMetric'];
      from: string;
      to: string;
      coverage: components['schemas']['AllocationCoverage'][];
      topResources: {
        resourceId: string | null;
        resourceName: string | null;
        subAccountId: string | null;
        subAccountName: string | null;
        providerName: string | null;
        serviceName: string | null;
        currency: string;
        amount: number;
      }[];
      topTags: {
        key: string;
        value: string;
        currency: string;
        amount: number;
      }[];
      /** @description Unallocated cost with no tags at all, per currency. */
      untagged: components['schemas']['CurrencyAmounts'];
    };
    CostImport: {
      id: string;
      source: string;
      fileName: string;
      contentHash: string;
      /** @enum {string} */
      status: 'running' | 'succeeded' | 'failed';
      startedAt: string;
      finishedAt: string | null;
      /** @description Data rows read from the file (excluding the header). */
      rowsRead: number;
      rowsImported: number;
      badRowCount: number;
      /** @description The first 1000 bad rows; `badRowCount` counts all of them. A CSV row is named by its physical `line` (the header is line 1), a Parquet row by its 1-based `row` number. */
      badRows: {
        line?: number;
        row?: number;
        reason: string;
      }[];
      /** @description `BillingPeriodStart` of every period the import replaced. */
      billingPeriods: string[];
      error: string | null;
    };
    CostImportList: {
      items: components['schemas']['CostImport'][];
      totalItems: number;
    };
    CostImportResult: {
      skipped: boolean;
      import: components['schemas']['CostImport'];
    };
  };
  responses: {
    /** @description An error, with the reason in `error.message`. */
    ErrorResponse: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['Error'];
      };
    };
  };
  parameters: {
    /** @description Window start, inclusive: an ISO-8601 date (`2024-09-01`, midnight UTC) or instant. Default: 30 days before `to`. */
    from: string;
    /** @description Window end, exclusive: an ISO-8601 date (midnight UTC) or instant. Default: the start of tomorrow (UTC). At most 731 days after `from`. */
    to: string;
    /** @description FOCUS cost column to sum. Default `EffectiveCost` (amortized cost). */
    metric: components['schemas']['CostMetric'];
    limit: number;
    offset: number;
  };
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  GetEntityCost: {
    parameters: {
      query: {
        /** @description Catalog entity, e.g. `component:default/payments`. */
        entityRef: string;
        /** @description Window start, inclusive: an ISO-8601 date (`2024-09-01`, midnight UTC) or instant. Default: 30 days before `to`. */
        from?: components['parameters']['from'];
        /** @description Window end, exclusive: an ISO-8601 date (midnight UTC) or instant. Default: the start of tomorrow (UTC). At most 731 days after `from`. */
        to?: components['parameters']['to'];
        /** @description FOCUS cost column to sum. Default `EffectiveCost` (amortized cost). */
        metric?: components['parameters']['metric'];
        /** @description Series buckets (UTC; weeks start on Monday). Default `day`. */
        granularity?: 'day' | 'week' | 'month';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The entity's cost. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['EntityCost'];
        };
      };
      400: components['responses']['ErrorResponse'];
      401: components['responses']['ErrorResponse'];
      403: components['responses']['ErrorResponse'];
      404: components['responses']['ErrorResponse'];
      default: components['responses']['ErrorResponse'];
    };
  };
  GetEntityCostSummary: {
    parameters: {
      query: {
        /** @description Catalog entity, e.g. `component:default/payments`. */
        entityRef: string;
        /** @description Window start, inclusive: an ISO-8601 date (`2024-09-01`, midnight UTC) or instant. Default: 30 days before `to`. */
        from?: components['parameters']['from'];
        /** @description Window end, exclusive: an ISO-8601 date (midnight UTC) or instant. Default: the start of tomorrow (UTC). At most 731 days after `from`. */
        to?: components['parameters']['to'];
        /** @description FOCUS cost column to sum. Default `EffectiveCost` (amortized cost). */
        metric?: components['parameters']['metric'];
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The entity's totals and forecast. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['EntityCostSummary'];
        };
      };
      400: components['responses']['ErrorResponse'];
      401: components['responses']['ErrorResponse'];
      404: components['responses']['ErrorResponse'];
      default: components['responses']['ErrorResponse'];
    };
  };
  GetOverview: {
    parameters: {
      query?: {
        /** @description Window start, inclusive: an ISO-8601 date (`2024-09-01`, midnight UTC) or instant. Default: 30 days before `to`. */
        from?: components['parameters']['from'];
        /** @description Window end, exclusive: an ISO-8601 date (midnight UTC) or instant. Default: the start of tomorrow (UTC). At most 731 days after `from`. */
        to?: components['parameters']['to'];
        /** @description FOCUS cost column to sum. Default `EffectiveCost` (amortized cost). */
        metric?: components['parameters']['metric'];
        /** @description Default `component`. */
        kind?: 'component' | 'system' | 'group';
        /** @description Default `cost`. */
        sort?: 'cost' | 'name';
        /** @description Default `desc` for cost (largest first), `asc` for name. */
        order?: 'asc' | 'desc';
        /** @description Currency whose amounts order by cost; default the one with the largest total. */
        currency?: string;
        /** @description Only these entities (of `kind`); repeat the parameter for several. Lets a page that lists entities of its own (such as the delivery overview) fetch their costs in one request. Refs the caller may not read, or that the catalog lacks, are left out. */
        entityRef?: string[];
        limit?: components['parameters']['limit'];
        offset?: components['parameters']['offset'];
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of entities. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CostOverview'];
        };
      };
      400: components['responses']['ErrorResponse'];
      401: components['responses']['ErrorResponse'];
      default: components['responses']['ErrorResponse'];
    };
  };
  GetAllocationReport: {
    parameters: {
      query?: {
        /** @description Window start, inclusive: an ISO-8601 date (`2024-09-01`, midnight UTC) or instant. Default: 30 days before `to`. */
        from?: components['parameters']['from'];
        /** @description Window end, exclusive: an ISO-8601 date (midnight UTC) or instant. Default: the start of tomorrow (UTC). At most 731 days after `from`. */
        to?: components['parameters']['to'];
        /** @description FOCUS cost column to sum. Default `EffectiveCost` (amortized cost). */
        metric?: components['parameters']['metric'];
        limit?: components['parameters']['limit'];
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The allocation report. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['AllocationReport'];
        };
      };
      400: components['responses']['ErrorResponse'];
      401: components['responses']['ErrorResponse'];
      default: components['responses']['ErrorResponse'];
    };
  };
  ListImports: {
    parameters: {
      query?: {
        source?: string;
        limit?: components['parameters']['limit'];
        offset?: components['parameters']['offset'];
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of imports. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CostImportList'];
        };
      };
      400: components['responses']['ErrorResponse'];
      401: components['responses']['ErrorResponse'];
      403: components['responses']['ErrorResponse'];
      default: components['responses']['ErrorResponse'];
    };
  };
  UploadCostFile: {
    parameters: {
      query: {
        fileName: string;
        /** @description Source name (default `cost.upload.defaultSource`, `upload`): a re-exported billing period replaces the rows of the same source and period. The names of configured sources and `runway-demo` are reserved (400). */
        source?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'text/csv': string;
        'application/gzip': string;
        'application/vnd.apache.parquet': string;
        'application/octet-stream': string;
      };
    };
    responses: {
      /** @description Skipped, the content was imported before. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CostImportResult'];
        };
      };
      /** @description Imported. */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CostImportResult'];
        };
      };
      400: components['responses']['ErrorResponse'];
      401: components['responses']['ErrorResponse'];
      403: components['responses']['ErrorResponse'];
      413: components['responses']['ErrorResponse'];
      default: components['responses']['ErrorResponse'];
    };
  };
  GetImport: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description One import. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CostImport'];
        };
      };
      401: components['responses']['ErrorResponse'];
      403: components['responses']['ErrorResponse'];
      404: components['responses']['ErrorResponse'];
      default: components['responses']['ErrorResponse'];
    };
  };
  DeleteImport: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted. */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      401: components['responses']['ErrorResponse'];
      403: components['responses']['ErrorResponse'];
      404: components['responses']['ErrorResponse'];
      409: components['responses']['ErrorResponse'];
      default: components['responses']['ErrorResponse'];
    };
  };
}

/**
 * Whose cost the answer covers: `organization` for callers with `cost.organization.read`, `teams` for everyone else (only entities their teams own, and no unallocated cost).
 *
 * @public
 */
export type CostVisibility = components['schemas']['CostVisibility'];

/**
 * @public
 */
export type CostMetric = components['schemas']['CostMetric'];

/**
 * @public
 */
export type CurrencyAmount = components['schemas']['CurrencyAmount'];

/**
 * One entry per currency; amounts in different currencies are never added.
 *
 * @public
 */
export type CurrencyAmounts = components['schemas']['CurrencyAmounts'];

/**
 * Cost of one value of a breakdown dimension, per currency; `key` is null where the column was empty, `name` the display name where the export has one (regions and accounts).
 *
 * @public
 */
export type CostBreakdownItem = components['schemas']['CostBreakdownItem'];

/**
 * Share of cost attributed to a catalog entity, in one currency; `ratio` is `allocated / total`, null when the total is 0.
 *
 * @public
 */
export type AllocationCoverage = components['schemas']['AllocationCoverage'];

/**
 * Month-to-date cost of the UTC month containing `asOf` (the end of the window, now, or the end of the last day with cost, whichever is earliest) and a linear run-rate forecast: month-to-date plus the mean daily cost of the 7 days before `asOf` times the days left in the month.
 *
 * @public
 */
export type CostForecasts = components['schemas']['CostForecasts'];

/**
 * @public
 */
export type CostForecast = components['schemas']['CostForecast'];

/**
 * What a card shows of an entity's cost: the window's totals and the month-end forecast, counted as `/entity-cost` counts them.
 *
 * @public
 */
export type EntityCostSummary = components['schemas']['EntityCostSummary'];

/**
 * @public
 */
export type EntityCost = components['schemas']['EntityCost'];

/**
 * @public
 */
export type CostOverview = components['schemas']['CostOverview'];

/**
 * @public
 */
export type AllocationReport = components['schemas']['AllocationReport'];

/**
 * @public
 */
export type CostImport = components['schemas']['CostImport'];

/**
 * @public
 */
export type CostImportList = components['schemas']['CostImportList'];

/**
 * @public
 */
export type CostImportResult = components['schemas']['CostImportResult'];

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
 * The cost plugin's API over HTTP, one method per operation of its OpenAPI spec, for
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
   * Cost of a catalog entity for a window: totals, the previous window of the same length and the change, a series, breakdowns by ServiceCategory / ServiceName / region / sub-account, month-to-date with forecast, and anomalies. A System covers what is part of it, a Group what it owns (and what is part of the systems it owns). Without `cost.organization.read` only entities the caller's teams own (403 for others), and a roll-up counts only the parts they own.
   */
  async getEntityCost(
    request: {
      query: NonNullable<operations['GetEntityCost']['parameters']['query']>;
    },
    options?: ApiRequestOptions,
  ): Promise<SuccessBody<operations['GetEntityCost']>> {
    return this.send({ method: 'GET', path: '/entity-cost', request }, options);
  }

  /**
   * An entity's cost for a window in brief: its totals and the month-end forecast, the same figures as `/entity-cost` gives, without the previous window, series, breakdowns, anomalies or the caller's view (for a card on every page of an entity). What the caller may read is counted as in `/entity-cost`: 404 for an entity they may not read, and a roll-up counts only the parts they may.
   */
  async getEntityCostSummary(
    request: {
      query: NonNullable<
        operations['GetEntityCostSummary']['parameters']['query']
      >;
    },
    options?: ApiRequestOptions,
  ): Promise<SuccessBody<operations['GetEntityCostSummary']>> {
    return this.send(
      { method: 'GET', path: '/entity-cost/summary', request },
      options,
    );
  }

  /**
   * Every catalog entity of a kind with its cost for the window (zero when it has none), sorted and paginated, plus allocation coverage: the share of all cost attributed to an entity, per currency. Sums whole UTC days: an end that is not midnight UTC moves to the next midnight (the same sums for exports of daily rows), and the answer's `from` and `to` are the days summed.
   */
  async getOverview(
    request?: {
      query?: NonNullable<operations['GetOverview']['parameters']['query']>;
    },
    options?: ApiRequestOptions,
  ): Promise<SuccessBody<operations['GetOverview']>> {
    return this.send({ method: 'GET', path: '/overview', request }, options);
  }

  /**
   * Allocation coverage and where unallocated cost goes: the costliest unallocated resources and tags, and unallocated cost without tags. Unallocated cost belongs to no team: callers without `cost.organization.read` get `visibility: teams` and empty coverage and lists. Sums whole UTC days, as `/overview` does.
   */
  async getAllocationReport(
    request?: {
      query?: NonNullable<
        operations['GetAllocationReport']['parameters']['query']
      >;
    },
    options?: ApiRequestOptions,
  ): Promise<SuccessBody<operations['GetAllocationReport']>> {
    return this.send({ method: 'GET', path: '/allocation', request }, options);
  }

  /**
   * Imports, newest first, with their bad rows. Imports hold every team's files and rows: callers without `cost.organization.read` get a 403.
   */
  async listImports(
    request?: {
      query?: NonNullable<operations['ListImports']['parameters']['query']>;
    },
    options?: ApiRequestOptions,
  ): Promise<SuccessBody<operations['ListImports']>> {
    return this.send({ method: 'GET', path: '/imports', request }, options);
  }

  /**
   * Imports one FOCUS export sent as the raw request body: `text/csv` for plain CSV, `application/gzip` for gzip-compressed CSV, `application/vnd.apache.parquet` for Parquet (the content is sniffed, so `application/octet-stream` works for all three). Answers once the import is committed: 201 with the import, or 200 with `skipped: true` and the earlier import when a file with the same content was imported before. A malformed file is a 400 naming the column, line or row; rows that break FOCUS rules are counted in `badRowCount` and listed in `badRowCount` (the first ones in `badRows`); a file with no usable row is a 400. Bodies above `cost.upload.maxSizeMb` get a 413; a file above one of the `cost.import` limits (`maxDecompressedMb`, `maxRowsPerFile`, `maxParquetPageMb`, `maxParquetRowGroupMb`) a 400 naming the key. Needs `cost.import.create`, for users and external-access tokens alike; tokens of other plugins (`plugin:` subjects) are refused.
   */
  async uploadCostFile(
    request: {
      query: NonNullable<operations['UploadCostFile']['parameters']['query']>;
      body: BodyInit;
      contentType:
        | 'text/csv'
        | 'application/gzip'
        | 'application/vnd.apache.parquet'
        | 'application/octet-stream';
    },
    options?: ApiRequestOptions,
  ): Promise<SuccessBody<operations['UploadCostFile']>> {
    return this.send(
      { method: 'POST', path: '/imports', request, json: false },
      options,
    );
  }

  /**
   * One import; needs `cost.organization.read` (403 otherwise).
   */
  async getImport(
    request: {
      path: NonNullable<operations['GetImport']['parameters']['path']>;
    },
    options?: ApiRequestOptions,
  ): Promise<SuccessBody<operations['GetImport']>> {
    return this.send(
      { method: 'GET', path: '/imports/{id}', request },
      options,
    );
  }

  /**
   * Deletes an import and the cost rows it brought (periods a later import of the same source replaced keep that import's rows), in one transaction. Needs `cost.import.delete`; a running import is a 409.
   */
  async deleteImport(
    request: {
      path: NonNullable<operations['DeleteImport']['parameters']['path']>;
    },
    options?: ApiRequestOptions,
  ): Promise<SuccessBody<operations['DeleteImport']>> {
    return this.send(
      { method: 'DELETE', path: '/imports/{id}', request },
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
    const baseUrl = await this.discoveryApi.getBaseUrl('cost');
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
