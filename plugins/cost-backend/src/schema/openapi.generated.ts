// Generated from openapi.yaml by `yarn generate:openapi` in the backend plugin: edit the YAML,
// then regenerate (a test fails while the two differ).
/* eslint-disable */
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';

export const spec = {
  openapi: '3.1.0',
  info: {
    title: 'cost',
    version: '1',
    description:
      "Runway's cost backend: imports FinOps FOCUS 1.0-1.2 cost exports, attributes cost rows to catalog entities and serves totals, series, breakdowns, forecasts and anomalies per entity, an overview of every entity and an allocation report. Amounts are per currency (FOCUS `BillingCurrency`), never summed across currencies.",
    license: {
      name: 'Apache-2.0',
      identifier: 'Apache-2.0',
    },
    contact: {},
  },
  servers: [
    {
      url: '/',
    },
  ],
  components: {
    examples: {},
    headers: {},
    parameters: {
      from: {
        name: 'from',
        in: 'query',
        required: false,
        description:
          'Window start, inclusive: an ISO-8601 date (`2024-09-01`, midnight UTC) or instant. Default: 30 days before `to`.',
        schema: {
          type: 'string',
          minLength: 1,
        },
      },
      to: {
        name: 'to',
        in: 'query',
        required: false,
        description:
          'Window end, exclusive: an ISO-8601 date (midnight UTC) or instant. Default: the start of tomorrow (UTC). At most 731 days after `from`.',
        schema: {
          type: 'string',
          minLength: 1,
        },
      },
      metric: {
        name: 'metric',
        in: 'query',
        required: false,
        description:
          'FOCUS cost column to sum. Default `EffectiveCost` (amortized cost).',
        schema: {
          $ref: '#/components/schemas/CostMetric',
        },
      },
      limit: {
        name: 'limit',
        in: 'query',
        required: false,
        schema: {
          type: 'integer',
          minimum: 1,
          maximum: 500,
        },
      },
      offset: {
        name: 'offset',
        in: 'query',
        required: false,
        schema: {
          type: 'integer',
          minimum: 0,
          maximum: 1000000000,
        },
      },
    },
    requestBodies: {},
    responses: {
      ErrorResponse: {
        description: 'An error, with the reason in `error.message`.',
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/Error',
            },
          },
        },
      },
    },
    schemas: {
      Error: {
        type: 'object',
        additionalProperties: false,
        properties: {
          error: {
            type: 'object',
            additionalProperties: false,
            properties: {
              name: {
                type: 'string',
              },
              message: {
                type: 'string',
              },
            },
            required: ['name', 'message'],
          },
          request: {
            type: 'object',
            additionalProperties: false,
            properties: {
              method: {
                type: 'string',
              },
              url: {
                type: 'string',
              },
            },
          },
          response: {
            type: 'object',
            additionalProperties: false,
            properties: {
              statusCode: {
                type: 'integer',
              },
            },
          },
        },
        required: ['error'],
      },
      CostVisibility: {
        type: 'string',
        description:
          'Whose cost the answer covers: `organization` for callers with `cost.organization.read`, `teams` for everyone else (only entities their teams own, and no unallocated cost).',
        enum: ['organization', 'teams'],
      },
      CostMetric: {
        type: 'string',
        enum: ['EffectiveCost', 'BilledCost', 'ListCost'],
      },
      CurrencyAmount: {
        type: 'object',
        additionalProperties: false,
        properties: {
          currency: {
            type: 'string',
          },
          amount: {
            type: 'number',
          },
        },
        required: ['currency', 'amount'],
      },
      CurrencyAmounts: {
        type: 'array',
        description:
          'One entry per currency; amounts in different currencies are never added.',
        items: {
          $ref: '#/components/schemas/CurrencyAmount',
        },
      },
      CostBreakdownItem: {
        type: 'object',
        description:
          'Cost of one value of a breakdown dimension, per currency; `key` is null where the column was empty, `name` the display name where the export has one (regions and accounts).',
        additionalProperties: false,
        properties: {
          key: {
            type: ['string', 'null'],
          },
          name: {
            type: 'string',
          },
          currency: {
            type: 'string',
          },
          amount: {
            type: 'number',
          },
        },
        required: ['key', 'currency', 'amount'],
      },
      AllocationCoverage: {
        type: 'object',
        description:
          'Share of cost attributed to a catalog entity, in one currency; `ratio` is `allocated / total`, null when the total is 0.',
        additionalProperties: false,
        properties: {
          currency: {
            type: 'string',
          },
          total: {
            type: 'number',
          },
          allocated: {
            type: 'number',
          },
          unallocated: {
            type: 'number',
          },
          ratio: {
            type: ['number', 'null'],
          },
        },
        required: ['currency', 'total', 'allocated', 'unallocated', 'ratio'],
      },
      CostForecasts: {
        type: 'array',
        description:
          'Month-to-date cost of the UTC month containing `asOf` (the end of the window, now, or the end of the last day with cost, whichever is earliest) and a linear run-rate forecast: month-to-date plus the mean daily cost of the 7 days before `asOf` times the days left in the month.',
        items: {
          $ref: '#/components/schemas/CostForecast',
        },
      },
      CostForecast: {
        type: 'object',
        additionalProperties: false,
        properties: {
          month: {
            type: 'string',
            description: '`YYYY-MM` (UTC).',
          },
          asOf: {
            type: 'string',
            description:
              'Instant up to which cost is counted (exports lag behind by a day or more).',
          },
          currency: {
            type: 'string',
          },
          monthToDate: {
            type: 'number',
          },
          dailyRate: {
            type: 'number',
          },
          forecast: {
            type: 'number',
          },
          complete: {
            type: 'boolean',
            description:
              'True when `asOf` is at or after the end of the month: the forecast is the actual total.',
          },
        },
        required: [
          'month',
          'asOf',
          'currency',
          'monthToDate',
          'dailyRate',
          'forecast',
          'complete',
        ],
      },
      EntityCostSummary: {
        type: 'object',
        additionalProperties: false,
        description:
          "What a card shows of an entity's cost: the window's totals and the month-end forecast, counted as `/entity-cost` counts them.",
        properties: {
          entityRef: {
            type: 'string',
          },
          metric: {
            $ref: '#/components/schemas/CostMetric',
          },
          from: {
            type: 'string',
            description: 'Window start (inclusive), an ISO-8601 instant.',
          },
          to: {
            type: 'string',
            description: 'Window end (exclusive), an ISO-8601 instant.',
          },
          totals: {
            $ref: '#/components/schemas/CurrencyAmounts',
          },
          forecast: {
            $ref: '#/components/schemas/CostForecasts',
          },
        },
        required: ['entityRef', 'metric', 'from', 'to', 'totals', 'forecast'],
      },
      EntityCost: {
        type: 'object',
        additionalProperties: false,
        properties: {
          visibility: {
            $ref: '#/components/schemas/CostVisibility',
          },
          entityRef: {
            type: 'string',
          },
          scope: {
            type: 'array',
            description: 'The entities whose cost is counted.',
            items: {
              type: 'string',
            },
          },
          metric: {
            $ref: '#/components/schemas/CostMetric',
          },
          from: {
            type: 'string',
            description: 'Window start (inclusive), an ISO-8601 instant.',
          },
          to: {
            type: 'string',
            description: 'Window end (exclusive), an ISO-8601 instant.',
          },
          totals: {
            $ref: '#/components/schemas/CurrencyAmounts',
          },
          previous: {
            type: 'object',
            additionalProperties: false,
            properties: {
              from: {
                type: 'string',
              },
              to: {
                type: 'string',
              },
              totals: {
                $ref: '#/components/schemas/CurrencyAmounts',
              },
            },
            required: ['from', 'to', 'totals'],
          },
          change: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              properties: {
                currency: {
                  type: 'string',
                },
                previous: {
                  type: 'number',
                },
                current: {
                  type: 'number',
                },
                difference: {
                  type: 'number',
                },
                ratio: {
                  type: ['number', 'null'],
                  description:
                    '`difference / |previous|`; null when the previous window had no cost in this currency.',
                },
              },
              required: [
                'currency',
                'previous',
                'current',
                'difference',
                'ratio',
              ],
            },
          },
          series: {
            type: 'object',
            additionalProperties: false,
            properties: {
              granularity: {
                type: 'string',
                enum: ['day', 'week', 'month'],
              },
              points: {
                type: 'array',
                items: {
                  type: 'object',
                  additionalProperties: false,
                  properties: {
                    periodStart: {
                      type: 'string',
                      description:
                        'First day of the bucket, `YYYY-MM-DD` (UTC).',
                    },
                    currency: {
                      type: 'string',
                    },
                    amount: {
                      type: 'number',
                    },
                  },
                  required: ['periodStart', 'currency', 'amount'],
                },
              },
            },
            required: ['granularity', 'points'],
          },
          breakdown: {
            type: 'object',
            additionalProperties: false,
            properties: {
              serviceCategory: {
                type: 'array',
                items: {
                  $ref: '#/components/schemas/CostBreakdownItem',
                },
              },
              serviceName: {
                type: 'array',
                items: {
                  $ref: '#/components/schemas/CostBreakdownItem',
                },
              },
              region: {
                type: 'array',
                items: {
                  $ref: '#/components/schemas/CostBreakdownItem',
                },
              },
              account: {
                type: 'array',
                items: {
                  $ref: '#/components/schemas/CostBreakdownItem',
                },
              },
            },
            required: ['serviceCategory', 'serviceName', 'region', 'account'],
          },
          forecast: {
            $ref: '#/components/schemas/CostForecasts',
          },
          anomalies: {
            type: 'array',
            description:
              'Days of the window whose cost is far off the 14 days before them: modified z-score 0.6745 * (cost - median) / MAD above 3.5 in absolute value (with at least 7 baseline days and a deviation above 20% of the median).',
            items: {
              type: 'object',
              additionalProperties: false,
              properties: {
                date: {
                  type: 'string',
                  description: '`YYYY-MM-DD` (UTC).',
                },
                currency: {
                  type: 'string',
                },
                amount: {
                  type: 'number',
                },
                expected: {
                  type: 'number',
                  description: 'Median daily cost of the baseline days.',
                },
                score: {
                  type: ['number', 'null'],
                  description:
                    'The modified z-score; null when the baseline is constant.',
                },
                direction: {
                  type: 'string',
                  enum: ['spike', 'drop'],
                },
              },
              required: [
                'date',
                'currency',
                'amount',
                'expected',
                'score',
                'direction',
              ],
            },
          },
        },
        required: [
          'visibility',
          'entityRef',
          'scope',
          'metric',
          'from',
          'to',
          'totals',
          'previous',
          'change',
          'series',
          'breakdown',
          'forecast',
          'anomalies',
        ],
      },
      CostOverview: {
        type: 'object',
        additionalProperties: false,
        properties: {
          visibility: {
            $ref: '#/components/schemas/CostVisibility',
          },
          metric: {
            $ref: '#/components/schemas/CostMetric',
          },
          from: {
            type: 'string',
          },
          to: {
            type: 'string',
          },
          kind: {
            type: 'string',
            enum: ['component', 'system', 'group'],
          },
          sortCurrency: {
            type: ['string', 'null'],
            description:
              'Currency the items are sorted by (the one with the largest total unless requested).',
          },
          totalItems: {
            type: 'integer',
          },
          items: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              properties: {
                entityRef: {
                  type: 'string',
                },
                title: {
                  type: 'string',
                },
                totals: {
                  $ref: '#/components/schemas/CurrencyAmounts',
                },
              },
              required: ['entityRef', 'totals'],
            },
          },
          coverage: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/AllocationCoverage',
            },
          },
        },
        required: [
          'visibility',
          'metric',
          'from',
          'to',
          'kind',
          'sortCurrency',
          'totalItems',
          'items',
          'coverage',
        ],
      },
      AllocationReport: {
        type: 'object',
        additionalProperties: false,
        properties: {
          visibility: {
            $ref: '#/components/schemas/CostVisibility',
          },
          metric: {
            $ref: '#/components/schemas/CostMetric',
          },
          from: {
            type: 'string',
          },
          to: {
            type: 'string',
          },
          coverage: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/AllocationCoverage',
            },
          },
          topResources: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              properties: {
                resourceId: {
                  type: ['string', 'null'],
                },
                resourceName: {
                  type: ['string', 'null'],
                },
                subAccountId: {
                  type: ['string', 'null'],
                },
                subAccountName: {
                  type: ['string', 'null'],
                },
                providerName: {
                  type: ['string', 'null'],
                },
                serviceName: {
                  type: ['string', 'null'],
                },
                currency: {
                  type: 'string',
                },
                amount: {
                  type: 'number',
                },
              },
              required: [
                'resourceId',
                'resourceName',
                'subAccountId',
                'subAccountName',
                'providerName',
                'serviceName',
                'currency',
                'amount',
              ],
            },
          },
          topTags: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              properties: {
                key: {
                  type: 'string',
                },
                value: {
                  type: 'string',
                },
                currency: {
                  type: 'string',
                },
                amount: {
                  type: 'number',
                },
              },
              required: ['key', 'value', 'currency', 'amount'],
            },
          },
          untagged: {
            description: 'Unallocated cost with no tags at all, per currency.',
            $ref: '#/components/schemas/CurrencyAmounts',
          },
        },
        required: [
          'visibility',
          'metric',
          'from',
          'to',
          'coverage',
          'topResources',
          'topTags',
          'untagged',
        ],
      },
      CostImport: {
        type: 'object',
        additionalProperties: false,
        properties: {
          id: {
            type: 'string',
          },
          source: {
            type: 'string',
          },
          fileName: {
            type: 'string',
          },
          contentHash: {
            type: 'string',
          },
          status: {
            type: 'string',
            enum: ['running', 'succeeded', 'failed'],
          },
          startedAt: {
            type: 'string',
          },
          finishedAt: {
            type: ['string', 'null'],
          },
          rowsRead: {
            type: 'integer',
            description: 'Data rows read from the file (excluding the header).',
          },
          rowsImported: {
            type: 'integer',
          },
          badRowCount: {
            type: 'integer',
          },
          badRows: {
            type: 'array',
            description:
              'The first 1000 bad rows; `badRowCount` counts all of them. A CSV row is named by its physical `line` (the header is line 1), a Parquet row by its 1-based `row` number.',
            items: {
              type: 'object',
              additionalProperties: false,
              properties: {
                line: {
                  type: 'integer',
                },
                row: {
                  type: 'integer',
                },
                reason: {
                  type: 'string',
                },
              },
              required: ['reason'],
            },
          },
          billingPeriods: {
            type: 'array',
            description:
              '`BillingPeriodStart` of every period the import replaced.',
            items: {
              type: 'string',
            },
          },
          error: {
            type: ['string', 'null'],
          },
        },
        required: [
          'id',
          'source',
          'fileName',
          'contentHash',
          'status',
          'startedAt',
          'finishedAt',
          'rowsRead',
          'rowsImported',
          'badRowCount',
          'badRows',
          'billingPeriods',
          'error',
        ],
      },
      CostImportList: {
        type: 'object',
        additionalProperties: false,
        properties: {
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/CostImport',
            },
          },
          totalItems: {
            type: 'integer',
          },
        },
        required: ['items', 'totalItems'],
      },
      CostImportResult: {
        type: 'object',
        additionalProperties: false,
        properties: {
          skipped: {
            type: 'boolean',
          },
          import: {
            $ref: '#/components/schemas/CostImport',
          },
        },
        required: ['skipped', 'import'],
      },
    },
    securitySchemes: {
      JWT: {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
      },
    },
  },
  paths: {
    '/entity-cost': {
      get: {
        operationId: 'GetEntityCost',
        description:
          "Cost of a catalog entity for a window: totals, the previous window of the same length and the change, a series, breakdowns by ServiceCategory / ServiceName / region / sub-account, month-to-date with forecast, and anomalies. A System covers what is part of it, a Group what it owns (and what is part of the systems it owns). Without `cost.organization.read` only entities the caller's teams own (403 for others), and a roll-up counts only the parts they own.",
        parameters: [
          {
            name: 'entityRef',
            in: 'query',
            required: true,
            allowReserved: true,
            description: 'Catalog entity, e.g. `component:default/payments`.',
            schema: {
              type: 'string',
              minLength: 1,
            },
          },
          {
            $ref: '#/components/parameters/from',
          },
          {
            $ref: '#/components/parameters/to',
          },
          {
            $ref: '#/components/parameters/metric',
          },
          {
            name: 'granularity',
            in: 'query',
            required: false,
            description:
              'Series buckets (UTC; weeks start on Monday). Default `day`.',
            schema: {
              type: 'string',
              enum: ['day', 'week', 'month'],
            },
          },
        ],
        responses: {
          '200': {
            description: "The entity's cost.",
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/EntityCost',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '403': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
        security: [
          {
            JWT: [],
          },
        ],
      },
    },
    '/entity-cost/summary': {
      get: {
        operationId: 'GetEntityCostSummary',
        description:
          "An entity's cost for a window in brief: its totals and the month-end forecast, the same figures as `/entity-cost` gives, without the previous window, series, breakdowns, anomalies or the caller's view (for a card on every page of an entity). What the caller may read is counted as in `/entity-cost`: 404 for an entity they may not read, and a roll-up counts only the parts they may.",
        parameters: [
          {
            name: 'entityRef',
            in: 'query',
            required: true,
            allowReserved: true,
            description: 'Catalog entity, e.g. `component:default/payments`.',
            schema: {
              type: 'string',
              minLength: 1,
            },
          },
          {
            $ref: '#/components/parameters/from',
          },
          {
            $ref: '#/components/parameters/to',
          },
          {
            $ref: '#/components/parameters/metric',
          },
        ],
        responses: {
          '200': {
            description: "The entity's totals and forecast.",
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/EntityCostSummary',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
        security: [
          {
            JWT: [],
          },
        ],
      },
    },
    '/overview': {
      get: {
        operationId: 'GetOverview',
        description:
          "Every catalog entity of a kind with its cost for the window (zero when it has none), sorted and paginated, plus allocation coverage: the share of all cost attributed to an entity, per currency. Sums whole UTC days: an end that is not midnight UTC moves to the next midnight (the same sums for exports of daily rows), and the answer's `from` and `to` are the days summed.",
        parameters: [
          {
            $ref: '#/components/parameters/from',
          },
          {
            $ref: '#/components/parameters/to',
          },
          {
            $ref: '#/components/parameters/metric',
          },
          {
            name: 'kind',
            in: 'query',
            required: false,
            description: 'Default `component`.',
            schema: {
              type: 'string',
              enum: ['component', 'system', 'group'],
            },
          },
          {
            name: 'sort',
            in: 'query',
            required: false,
            description: 'Default `cost`.',
            schema: {
              type: 'string',
              enum: ['cost', 'name'],
            },
          },
          {
            name: 'order',
            in: 'query',
            required: false,
            description:
              'Default `desc` for cost (largest first), `asc` for name.',
            schema: {
              type: 'string',
              enum: ['asc', 'desc'],
            },
          },
          {
            name: 'currency',
            in: 'query',
            required: false,
            description:
              'Currency whose amounts order by cost; default the one with the largest total.',
            schema: {
              type: 'string',
              pattern: '^[A-Z]{3}$',
            },
          },
          {
            name: 'entityRef',
            in: 'query',
            required: false,
            allowReserved: true,
            description:
              'Only these entities (of `kind`); repeat the parameter for several. Lets a page that lists entities of its own (such as the delivery overview) fetch their costs in one request. Refs the caller may not read, or that the catalog lacks, are left out.',
            explode: true,
            schema: {
              type: 'array',
              minItems: 1,
              maxItems: 500,
              items: {
                type: 'string',
                minLength: 1,
              },
            },
          },
          {
            $ref: '#/components/parameters/limit',
          },
          {
            $ref: '#/components/parameters/offset',
          },
        ],
        responses: {
          '200': {
            description: 'A page of entities.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/CostOverview',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
        security: [
          {
            JWT: [],
          },
        ],
      },
    },
    '/allocation': {
      get: {
        operationId: 'GetAllocationReport',
        description:
          'Allocation coverage and where unallocated cost goes: the costliest unallocated resources and tags, and unallocated cost without tags. Unallocated cost belongs to no team: callers without `cost.organization.read` get `visibility: teams` and empty coverage and lists. Sums whole UTC days, as `/overview` does.',
        parameters: [
          {
            $ref: '#/components/parameters/from',
          },
          {
            $ref: '#/components/parameters/to',
          },
          {
            $ref: '#/components/parameters/metric',
          },
          {
            $ref: '#/components/parameters/limit',
          },
        ],
        responses: {
          '200': {
            description: 'The allocation report.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/AllocationReport',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
        security: [
          {
            JWT: [],
          },
        ],
      },
    },
    '/imports': {
      get: {
        operationId: 'ListImports',
        description:
          "Imports, newest first, with their bad rows. Imports hold every team's files and rows: callers without `cost.organization.read` get a 403.",
        parameters: [
          {
            name: 'source',
            in: 'query',
            required: false,
            schema: {
              type: 'string',
              minLength: 1,
            },
          },
          {
            $ref: '#/components/parameters/limit',
          },
          {
            $ref: '#/components/parameters/offset',
          },
        ],
        responses: {
          '200': {
            description: 'A page of imports.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/CostImportList',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '403': {
            $ref: '#/components/responses/ErrorResponse',
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
        security: [
          {
            JWT: [],
          },
        ],
      },
      post: {
        operationId: 'UploadCostFile',
        description:
          'Imports one FOCUS export sent as the raw request body: `text/csv` for plain CSV, `application/gzip` for gzip-compressed CSV, `application/vnd.apache.parquet` for Parquet (the content is sniffed, so `application/octet-stream` works for all three). Answers once the import is committed: 201 with the import, or 200 with `skipped: true` and the earlier import when a file with the same content was imported before. A malformed file is a 400 naming the column, line or row; rows that break FOCUS rules are counted in `badRowCount` and listed in `badRowCount` (the first ones in `badRows`); a file with no usable row is a 400. Bodies above `cost.upload.maxSizeMb` get a 413; a file above one of the `cost.import` limits (`maxDecompressedMb`, `maxRowsPerFile`, `maxParquetPageMb`, `maxParquetRowGroupMb`) a 400 naming the key. Needs `cost.import.create`, for users and external-access tokens alike; tokens of other plugins (`plugin:` subjects) are refused.',
        parameters: [
          {
            name: 'fileName',
            in: 'query',
            required: true,
            schema: {
              type: 'string',
              minLength: 1,
            },
          },
          {
            name: 'source',
            in: 'query',
            required: false,
            description:
              'Source name (default `cost.upload.defaultSource`, `upload`): a re-exported billing period replaces the rows of the same source and period. The names of configured sources and `runway-demo` are reserved (400).',
            schema: {
              type: 'string',
              minLength: 1,
            },
          },
        ],
        requestBody: {
          required: true,
          content: {
            'text/csv': {
              schema: {
                type: 'string',
              },
            },
            'application/gzip': {
              schema: {
                type: 'string',
                format: 'binary',
              },
            },
            'application/vnd.apache.parquet': {
              schema: {
                type: 'string',
                format: 'binary',
              },
            },
            'application/octet-stream': {
              schema: {
                type: 'string',
                format: 'binary',
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'Skipped, the content was imported before.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/CostImportResult',
                },
              },
            },
          },
          '201': {
            description: 'Imported.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/CostImportResult',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '403': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '413': {
            $ref: '#/components/responses/ErrorResponse',
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
        security: [
          {
            JWT: [],
          },
        ],
      },
    },
    '/imports/{id}': {
      get: {
        operationId: 'GetImport',
        description:
          'One import; needs `cost.organization.read` (403 otherwise).',
        parameters: [
          {
            name: 'id',
            in: 'path',
            required: true,
            schema: {
              type: 'string',
            },
          },
        ],
        responses: {
          '200': {
            description: 'One import.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/CostImport',
                },
              },
            },
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '403': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
        security: [
          {
            JWT: [],
          },
        ],
      },
      delete: {
        operationId: 'DeleteImport',
        description:
          "Deletes an import and the cost rows it brought (periods a later import of the same source replaced keep that import's rows), in one transaction. Needs `cost.import.delete`; a running import is a 409.",
        parameters: [
          {
            name: 'id',
            in: 'path',
            required: true,
            schema: {
              type: 'string',
            },
          },
        ],
        responses: {
          '204': {
            description: 'Deleted.',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '403': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '409': {
            $ref: '#/components/responses/ErrorResponse',
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
        security: [
          {
            JWT: [],
          },
        ],
      },
    },
  },
} as const;

export const createOpenApiRouter = async (
  options?: Parameters<typeof createValidatedOpenApiRouter>['1'],
) => createValidatedOpenApiRouter<typeof spec>(spec, options);
