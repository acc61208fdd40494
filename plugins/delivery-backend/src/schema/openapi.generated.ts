// Generated from openapi.yaml by `yarn generate:openapi` in the backend plugin: edit the YAML,
// then regenerate (a test fails while the two differ).
/* eslint-disable */
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';

export const spec = {
  openapi: '3.1.0',
  info: {
    title: 'delivery',
    version: '1',
    description:
      "Runway's delivery backend: ingests CI/CD events (native API, CDEvents, GitHub and GitLab webhooks) and serves pipeline state and DORA metrics per catalog entity.",
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
      entityRef: {
        name: 'entityRef',
        in: 'query',
        allowReserved: true,
        required: true,
        description:
          'Catalog entity, e.g. `component:default/payments`. A Group or System covers the components it owns or contains.',
        schema: {
          type: 'string',
          minLength: 1,
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
        properties: {
          error: {
            type: 'object',
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
            properties: {
              statusCode: {
                type: 'number',
              },
            },
          },
        },
        required: ['error'],
      },
      DeploymentEvent: {
        type: 'object',
        additionalProperties: false,
        properties: {
          type: {
            const: 'deployment',
          },
          id: {
            type: 'string',
            minLength: 1,
            maxLength: 255,
            description:
              'Unique among deployments; posting the id again updates the deployment.',
          },
          entityRef: {
            type: 'string',
            minLength: 1,
            maxLength: 255,
          },
          environment: {
            type: 'string',
            minLength: 1,
            maxLength: 255,
          },
          status: {
            type: 'string',
            enum: ['succeeded', 'failed'],
          },
          startedAt: {
            type: 'string',
            format: 'date-time',
            pattern:
              '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])T([01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(\\.\\d+)?(Z|[+-]([01]\\d|2[0-3]):[0-5]\\d)$',
          },
          finishedAt: {
            type: 'string',
            format: 'date-time',
            pattern:
              '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])T([01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(\\.\\d+)?(Z|[+-]([01]\\d|2[0-3]):[0-5]\\d)$',
          },
          version: {
            type: 'string',
            minLength: 1,
            maxLength: 255,
          },
          commitSha: {
            type: 'string',
            minLength: 1,
            maxLength: 255,
          },
          commits: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              properties: {
                sha: {
                  type: 'string',
                  minLength: 1,
                  maxLength: 255,
                },
                timestamp: {
                  type: 'string',
                  format: 'date-time',
                  pattern:
                    '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])T([01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(\\.\\d+)?(Z|[+-]([01]\\d|2[0-3]):[0-5]\\d)$',
                },
              },
              required: ['sha', 'timestamp'],
            },
          },
          rollbackOf: {
            type: 'string',
            minLength: 1,
            maxLength: 255,
            description: 'Id of the deployment this one rolls back.',
          },
          labels: {
            type: 'object',
            additionalProperties: {
              type: 'string',
            },
          },
        },
        required: [
          'type',
          'id',
          'entityRef',
          'environment',
          'status',
          'finishedAt',
        ],
      },
      IncidentEvent: {
        type: 'object',
        additionalProperties: false,
        properties: {
          type: {
            const: 'incident',
          },
          id: {
            type: 'string',
            minLength: 1,
            maxLength: 255,
          },
          entityRef: {
            type: 'string',
            minLength: 1,
            maxLength: 255,
          },
          environment: {
            type: 'string',
            minLength: 1,
            maxLength: 255,
          },
          openedAt: {
            type: 'string',
            format: 'date-time',
            pattern:
              '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])T([01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(\\.\\d+)?(Z|[+-]([01]\\d|2[0-3]):[0-5]\\d)$',
          },
          resolvedAt: {
            type: ['string', 'null'],
            format: 'date-time',
            pattern:
              '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])T([01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(\\.\\d+)?(Z|[+-]([01]\\d|2[0-3]):[0-5]\\d)$',
          },
          deploymentId: {
            type: 'string',
            minLength: 1,
            maxLength: 255,
            description:
              'Id of the deployment that caused the incident, when known.',
          },
          severity: {
            type: 'string',
            minLength: 1,
            maxLength: 255,
          },
          url: {
            type: 'string',
            format: 'uri',
            maxLength: 2048,
            description:
              'An absolute http or https address (the portal links it; any other scheme, such as `javascript:`, is refused).',
          },
        },
        required: ['type', 'id', 'entityRef', 'environment', 'openedAt'],
      },
      PipelineRunEvent: {
        type: 'object',
        additionalProperties: false,
        properties: {
          type: {
            const: 'pipelineRun',
          },
          id: {
            type: 'string',
            minLength: 1,
            maxLength: 255,
          },
          entityRef: {
            type: 'string',
            minLength: 1,
            maxLength: 255,
          },
          pipeline: {
            type: 'string',
            minLength: 1,
            maxLength: 255,
          },
          branch: {
            type: 'string',
            minLength: 1,
            maxLength: 255,
          },
          status: {
            type: 'string',
            enum: ['queued', 'running', 'succeeded', 'failed', 'cancelled'],
          },
          attempt: {
            type: 'integer',
            minimum: 1,
          },
          startedAt: {
            type: 'string',
            format: 'date-time',
            pattern:
              '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])T([01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(\\.\\d+)?(Z|[+-]([01]\\d|2[0-3]):[0-5]\\d)$',
          },
          finishedAt: {
            type: 'string',
            format: 'date-time',
            pattern:
              '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])T([01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(\\.\\d+)?(Z|[+-]([01]\\d|2[0-3]):[0-5]\\d)$',
          },
          url: {
            type: 'string',
            format: 'uri',
            maxLength: 2048,
            description:
              'An absolute http or https address (the portal links it; any other scheme, such as `javascript:`, is refused).',
          },
          commitSha: {
            type: 'string',
            minLength: 1,
            maxLength: 255,
          },
        },
        required: ['type', 'id', 'entityRef', 'pipeline', 'status'],
      },
      DeliveryEvent: {
        oneOf: [
          {
            $ref: '#/components/schemas/DeploymentEvent',
          },
          {
            $ref: '#/components/schemas/IncidentEvent',
          },
          {
            $ref: '#/components/schemas/PipelineRunEvent',
          },
        ],
        discriminator: {
          propertyName: 'type',
          mapping: {
            deployment: '#/components/schemas/DeploymentEvent',
            incident: '#/components/schemas/IncidentEvent',
            pipelineRun: '#/components/schemas/PipelineRunEvent',
          },
        },
      },
      EventsRequest: {
        description:
          'One DeliveryEvent, or `{ "events": DeliveryEvent[] }` with 1 to 1000 events. The server validates every field itself so that a 400 names the field path and the reason (e.g. `events[3].finishedAt: must be an ISO-8601 instant`); see DeliveryEvent for the shape. The schema leaves the object open for that reason.',
        type: 'object',
        additionalProperties: true,
      },
      WebhookIngestionResult: {
        type: 'object',
        additionalProperties: false,
        properties: {
          accepted: {
            type: 'integer',
            description: 'Events the delivery mapped to.',
          },
          created: {
            type: 'integer',
          },
          updated: {
            type: 'integer',
          },
          unmatched: {
            type: 'integer',
          },
          ignored: {
            type: 'array',
            description:
              'Parts of the payload understood but deliberately not mapped, and why.',
            items: {
              type: 'object',
              additionalProperties: false,
              properties: {
                path: {
                  type: 'string',
                },
                reason: {
                  type: 'string',
                },
              },
              required: ['path', 'reason'],
            },
          },
        },
        required: ['accepted', 'created', 'updated', 'unmatched', 'ignored'],
      },
      IngestionTokenRequest: {
        type: 'object',
        description: 'Other fields are refused with a 400 naming them.',
        properties: {
          repository: {
            type: 'string',
            description:
              "`owner/name` (GitHub) or `group/project`, subgroups allowed (GitLab), as in the entities' `github.com/project-slug` or `gitlab.com/project-slug`.",
          },
          provider: {
            type: 'string',
            enum: ['github', 'gitlab'],
            default: 'github',
          },
        },
        required: ['repository'],
      },
      IngestionToken: {
        type: 'object',
        additionalProperties: false,
        properties: {
          token: {
            type: 'string',
            description:
              '`rwy_` and 43 characters of base64url (32 random bytes).',
          },
          repository: {
            type: 'string',
          },
          provider: {
            type: 'string',
            enum: ['github', 'gitlab'],
          },
          createdAt: {
            type: 'string',
            format: 'date-time',
          },
        },
        required: ['token', 'repository', 'provider', 'createdAt'],
      },
      EventIngestionResult: {
        type: 'object',
        additionalProperties: false,
        properties: {
          accepted: {
            type: 'integer',
          },
          created: {
            type: 'integer',
          },
          updated: {
            type: 'integer',
          },
          unmatched: {
            type: 'integer',
          },
        },
        required: ['accepted', 'created', 'updated', 'unmatched'],
      },
      UnmatchedEvent: {
        type: 'object',
        additionalProperties: false,
        properties: {
          key: {
            type: 'string',
          },
          source: {
            type: 'string',
            enum: ['api', 'cdevents', 'github', 'gitlab', 'demo'],
          },
          eventType: {
            type: 'string',
            enum: ['deployment', 'incident', 'pipelineRun'],
          },
          eventId: {
            type: 'string',
          },
          entityRef: {
            type: 'string',
          },
          reason: {
            type: 'string',
          },
          payload: {},
          receivedAt: {
            type: 'string',
            format: 'date-time',
          },
        },
        required: ['key', 'source', 'reason', 'payload', 'receivedAt'],
      },
      UnmatchedEventList: {
        type: 'object',
        additionalProperties: false,
        properties: {
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/UnmatchedEvent',
            },
          },
          totalCount: {
            type: 'integer',
          },
        },
        required: ['items', 'totalCount'],
      },
      PerformanceLevel: {
        type: 'string',
        enum: ['elite', 'high', 'medium', 'low'],
      },
      DoraMetrics: {
        type: 'object',
        additionalProperties: false,
        properties: {
          entityRef: {
            type: 'string',
          },
          from: {
            type: 'string',
            format: 'date-time',
          },
          to: {
            type: 'string',
            format: 'date-time',
          },
          environment: {
            type: 'string',
          },
          benchmark: {
            type: 'string',
          },
          deploymentFrequency: {
            $ref: '#/components/schemas/DeploymentFrequency',
          },
          leadTime: {
            $ref: '#/components/schemas/LeadTime',
          },
          changeFailureRate: {
            $ref: '#/components/schemas/ChangeFailureRate',
          },
          recoveryTime: {
            $ref: '#/components/schemas/RecoveryTime',
          },
          reworkRate: {
            $ref: '#/components/schemas/ReworkRate',
          },
        },
        required: [
          'entityRef',
          'from',
          'to',
          'environment',
          'benchmark',
          'deploymentFrequency',
          'leadTime',
          'changeFailureRate',
          'recoveryTime',
          'reworkRate',
        ],
      },
      DeploymentFrequency: {
        type: 'object',
        additionalProperties: false,
        properties: {
          deployments: {
            type: 'integer',
          },
          perWeek: {
            type: 'number',
          },
          level: {
            $ref: '#/components/schemas/PerformanceLevel',
          },
        },
        required: ['deployments', 'perWeek', 'level'],
      },
      LeadTime: {
        type: 'object',
        additionalProperties: false,
        properties: {
          medianSeconds: {
            type: ['number', 'null'],
          },
          p90Seconds: {
            type: ['number', 'null'],
          },
          samples: {
            type: 'integer',
          },
          level: {
            oneOf: [
              {
                $ref: '#/components/schemas/PerformanceLevel',
              },
              {
                type: 'null',
              },
            ],
          },
        },
        required: ['medianSeconds', 'p90Seconds', 'samples', 'level'],
      },
      ChangeFailureRate: {
        type: 'object',
        additionalProperties: false,
        properties: {
          failedDeployments: {
            type: 'integer',
          },
          deployments: {
            type: 'integer',
          },
          rate: {
            type: ['number', 'null'],
          },
          level: {
            oneOf: [
              {
                $ref: '#/components/schemas/PerformanceLevel',
              },
              {
                type: 'null',
              },
            ],
          },
        },
        required: ['failedDeployments', 'deployments', 'rate', 'level'],
      },
      RecoveryTime: {
        type: 'object',
        additionalProperties: false,
        properties: {
          medianSeconds: {
            type: ['number', 'null'],
          },
          p90Seconds: {
            type: ['number', 'null'],
          },
          samples: {
            type: 'integer',
          },
          openIncidents: {
            type: 'integer',
          },
          level: {
            oneOf: [
              {
                $ref: '#/components/schemas/PerformanceLevel',
              },
              {
                type: 'null',
              },
            ],
          },
        },
        required: [
          'medianSeconds',
          'p90Seconds',
          'samples',
          'openIncidents',
          'level',
        ],
      },
      ReworkRate: {
        type: 'object',
        additionalProperties: false,
        properties: {
          reworkDeployments: {
            type: 'integer',
          },
          deployments: {
            type: 'integer',
          },
          rate: {
            type: ['number', 'null'],
          },
        },
        required: ['reworkDeployments', 'deployments', 'rate'],
      },
      DoraSeries: {
        type: 'object',
        additionalProperties: false,
        properties: {
          entityRef: {
            type: 'string',
          },
          from: {
            type: 'string',
            format: 'date-time',
          },
          to: {
            type: 'string',
            format: 'date-time',
          },
          environment: {
            type: 'string',
          },
          benchmark: {
            type: 'string',
          },
          bucket: {
            type: 'string',
            enum: ['day', 'week', 'month'],
          },
          tz: {
            type: 'string',
          },
          buckets: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/DoraSeriesBucket',
            },
          },
        },
        required: [
          'entityRef',
          'from',
          'to',
          'environment',
          'benchmark',
          'bucket',
          'tz',
          'buckets',
        ],
      },
      DoraEntitySummary: {
        type: 'object',
        additionalProperties: false,
        properties: {
          entityRef: {
            type: 'string',
          },
          title: {
            type: 'string',
          },
          level: {
            $ref: '#/components/schemas/PerformanceLevel',
          },
          deploymentFrequency: {
            $ref: '#/components/schemas/DeploymentFrequency',
          },
          leadTime: {
            $ref: '#/components/schemas/LeadTime',
          },
          changeFailureRate: {
            $ref: '#/components/schemas/ChangeFailureRate',
          },
          recoveryTime: {
            $ref: '#/components/schemas/RecoveryTime',
          },
          reworkRate: {
            $ref: '#/components/schemas/ReworkRate',
          },
        },
        required: [
          'entityRef',
          'level',
          'deploymentFrequency',
          'leadTime',
          'changeFailureRate',
          'recoveryTime',
          'reworkRate',
        ],
      },
      DoraMetricValues: {
        type: 'object',
        additionalProperties: false,
        properties: {
          deploymentFrequency: {
            $ref: '#/components/schemas/DeploymentFrequency',
          },
          leadTime: {
            $ref: '#/components/schemas/LeadTime',
          },
          changeFailureRate: {
            $ref: '#/components/schemas/ChangeFailureRate',
          },
          recoveryTime: {
            $ref: '#/components/schemas/RecoveryTime',
          },
          reworkRate: {
            $ref: '#/components/schemas/ReworkRate',
          },
        },
        required: [
          'deploymentFrequency',
          'leadTime',
          'changeFailureRate',
          'recoveryTime',
          'reworkRate',
        ],
      },
      DoraSeriesBucket: {
        type: 'object',
        additionalProperties: false,
        properties: {
          key: {
            type: 'string',
            description:
              '`2024-03-31` (day), `2024-W13` (ISO week) or `2024-03` (month), in `tz`.',
          },
          from: {
            type: 'string',
            format: 'date-time',
          },
          to: {
            type: 'string',
            format: 'date-time',
          },
          deploymentFrequency: {
            $ref: '#/components/schemas/DeploymentFrequency',
          },
          leadTime: {
            $ref: '#/components/schemas/LeadTime',
          },
          changeFailureRate: {
            $ref: '#/components/schemas/ChangeFailureRate',
          },
          recoveryTime: {
            $ref: '#/components/schemas/RecoveryTime',
          },
          reworkRate: {
            $ref: '#/components/schemas/ReworkRate',
          },
        },
        required: [
          'key',
          'from',
          'to',
          'deploymentFrequency',
          'leadTime',
          'changeFailureRate',
          'recoveryTime',
          'reworkRate',
        ],
      },
      DoraSummary: {
        type: 'object',
        additionalProperties: false,
        properties: {
          entityRef: {
            type: 'string',
          },
          from: {
            type: 'string',
            format: 'date-time',
          },
          to: {
            type: 'string',
            format: 'date-time',
          },
          environment: {
            type: 'string',
          },
          benchmark: {
            type: 'string',
          },
          current: {
            $ref: '#/components/schemas/DoraMetricValues',
          },
          previous: {
            description: 'The window of the same length that ends at `from`.',
            type: 'object',
            additionalProperties: false,
            properties: {
              from: {
                type: 'string',
                format: 'date-time',
              },
              to: {
                type: 'string',
                format: 'date-time',
              },
              deploymentFrequency: {
                $ref: '#/components/schemas/DeploymentFrequency',
              },
              leadTime: {
                $ref: '#/components/schemas/LeadTime',
              },
              changeFailureRate: {
                $ref: '#/components/schemas/ChangeFailureRate',
              },
              recoveryTime: {
                $ref: '#/components/schemas/RecoveryTime',
              },
              reworkRate: {
                $ref: '#/components/schemas/ReworkRate',
              },
            },
            required: [
              'from',
              'to',
              'deploymentFrequency',
              'leadTime',
              'changeFailureRate',
              'recoveryTime',
              'reworkRate',
            ],
          },
          series: {
            type: 'object',
            additionalProperties: false,
            properties: {
              bucket: {
                type: 'string',
                enum: ['day', 'week', 'month'],
              },
              tz: {
                type: 'string',
              },
              buckets: {
                type: 'array',
                items: {
                  $ref: '#/components/schemas/DoraSeriesBucket',
                },
              },
            },
            required: ['bucket', 'tz', 'buckets'],
          },
          entities: {
            description:
              'Per component the entity covers (a Group: those it owns, a System: its parts, otherwise the entity itself), its metrics over the window, worst level first.',
            type: 'array',
            items: {
              $ref: '#/components/schemas/DoraEntitySummary',
            },
          },
        },
        required: [
          'entityRef',
          'from',
          'to',
          'environment',
          'benchmark',
          'current',
          'previous',
          'series',
          'entities',
        ],
      },
      DoraDeploymentList: {
        type: 'object',
        additionalProperties: false,
        properties: {
          entityRef: {
            type: 'string',
          },
          from: {
            type: 'string',
            format: 'date-time',
          },
          to: {
            type: 'string',
            format: 'date-time',
          },
          environment: {
            type: 'string',
          },
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/DoraDeployment',
            },
          },
        },
        required: ['entityRef', 'from', 'to', 'environment', 'items'],
      },
      DoraDeployment: {
        type: 'object',
        additionalProperties: false,
        properties: {
          id: {
            type: 'string',
          },
          entityRef: {
            type: 'string',
          },
          environment: {
            type: 'string',
          },
          startedAt: {
            type: ['string', 'null'],
            format: 'date-time',
          },
          finishedAt: {
            type: 'string',
            format: 'date-time',
          },
          version: {
            type: ['string', 'null'],
          },
          commitSha: {
            type: ['string', 'null'],
          },
          commits: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              properties: {
                sha: {
                  type: 'string',
                },
                timestamp: {
                  type: 'string',
                  format: 'date-time',
                },
                leadTimeSeconds: {
                  type: ['number', 'null'],
                  description:
                    "Set when this deployment is the commit's first to the environment.",
                },
              },
              required: ['sha', 'timestamp', 'leadTimeSeconds'],
            },
          },
          failed: {
            type: 'boolean',
          },
          failureReasons: {
            type: 'array',
            items: {
              type: 'string',
              enum: ['incident', 'incidentInWindow', 'rolledBack'],
            },
          },
          incidents: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              properties: {
                id: {
                  type: 'string',
                },
                openedAt: {
                  type: 'string',
                  format: 'date-time',
                },
                resolvedAt: {
                  type: ['string', 'null'],
                  format: 'date-time',
                },
                severity: {
                  type: ['string', 'null'],
                },
                url: {
                  type: ['string', 'null'],
                },
              },
              required: ['id', 'openedAt', 'resolvedAt', 'severity', 'url'],
            },
          },
          rolledBackBy: {
            type: ['string', 'null'],
          },
          rollbackOf: {
            type: ['string', 'null'],
          },
          recoverySeconds: {
            type: ['number', 'null'],
          },
          rework: {
            type: 'boolean',
          },
          reworkReasons: {
            type: 'array',
            items: {
              type: 'string',
              enum: ['rollback', 'hotfix', 'duringIncident'],
            },
          },
        },
        required: [
          'id',
          'entityRef',
          'environment',
          'startedAt',
          'finishedAt',
          'version',
          'commitSha',
          'commits',
          'failed',
          'failureReasons',
          'incidents',
          'rolledBackBy',
          'rollbackOf',
          'recoverySeconds',
          'rework',
          'reworkReasons',
        ],
      },
      DeliveryOverview: {
        type: 'object',
        additionalProperties: false,
        properties: {
          from: {
            type: 'string',
            format: 'date-time',
          },
          to: {
            type: 'string',
            format: 'date-time',
          },
          environment: {
            type: 'string',
          },
          benchmark: {
            type: 'string',
          },
          previous: {
            description:
              "The window of the same length that ends at `from`, whose metrics each item's `previous` carries.",
            type: 'object',
            additionalProperties: false,
            properties: {
              from: {
                type: 'string',
                format: 'date-time',
              },
              to: {
                type: 'string',
                format: 'date-time',
              },
            },
            required: ['from', 'to'],
          },
          totalCount: {
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
                owners: {
                  type: 'array',
                  items: {
                    type: 'string',
                  },
                },
                systems: {
                  type: 'array',
                  items: {
                    type: 'string',
                  },
                },
                level: {
                  $ref: '#/components/schemas/PerformanceLevel',
                },
                deploymentFrequency: {
                  $ref: '#/components/schemas/DeploymentFrequency',
                },
                leadTime: {
                  $ref: '#/components/schemas/LeadTime',
                },
                changeFailureRate: {
                  $ref: '#/components/schemas/ChangeFailureRate',
                },
                recoveryTime: {
                  $ref: '#/components/schemas/RecoveryTime',
                },
                reworkRate: {
                  $ref: '#/components/schemas/ReworkRate',
                },
                lastDeployment: {
                  description:
                    "The entity's latest deployment to the environment up to `to` (any status), also one before the window; `null` without any.",
                  oneOf: [
                    {
                      type: 'object',
                      additionalProperties: false,
                      properties: {
                        id: {
                          type: 'string',
                        },
                        status: {
                          type: 'string',
                          enum: ['succeeded', 'failed'],
                        },
                        finishedAt: {
                          type: 'string',
                          format: 'date-time',
                        },
                        version: {
                          type: ['string', 'null'],
                        },
                        pipelineRun: {
                          description:
                            "The pipeline run of the deployed commit: the entity's newest run (of the last 90 days) whose commit is the deployment's `commitSha`; `null` when the deployment names no commit or no run matches.",
                          oneOf: [
                            {
                              $ref: '#/components/schemas/OverviewPipelineRun',
                            },
                            {
                              type: 'null',
                            },
                          ],
                        },
                      },
                      required: [
                        'id',
                        'status',
                        'finishedAt',
                        'version',
                        'pipelineRun',
                      ],
                    },
                    {
                      type: 'null',
                    },
                  ],
                },
                pipelineStatus: {
                  description:
                    "The worst status of the latest default-branch runs of the entity's pipelines (failed, running, queued, cancelled, succeeded); `null` without runs in 90 days.",
                  oneOf: [
                    {
                      $ref: '#/components/schemas/PipelineRunStatus',
                    },
                    {
                      type: 'null',
                    },
                  ],
                },
                defaultBranchRun: {
                  description:
                    'The latest default-branch run of the pipeline whose default branch gives `pipelineStatus` (the newest such run when several pipelines share that status); `null` without runs in 90 days.',
                  oneOf: [
                    {
                      $ref: '#/components/schemas/OverviewPipelineRun',
                    },
                    {
                      type: 'null',
                    },
                  ],
                },
                previous: {
                  description:
                    "The entity's metrics and level over the previous window (the overview's `previous`), from the same analysis as the current ones, for trends.",
                  type: 'object',
                  additionalProperties: false,
                  properties: {
                    level: {
                      $ref: '#/components/schemas/PerformanceLevel',
                    },
                    deploymentFrequency: {
                      $ref: '#/components/schemas/DeploymentFrequency',
                    },
                    leadTime: {
                      $ref: '#/components/schemas/LeadTime',
                    },
                    changeFailureRate: {
                      $ref: '#/components/schemas/ChangeFailureRate',
                    },
                    recoveryTime: {
                      $ref: '#/components/schemas/RecoveryTime',
                    },
                    reworkRate: {
                      $ref: '#/components/schemas/ReworkRate',
                    },
                  },
                  required: [
                    'level',
                    'deploymentFrequency',
                    'leadTime',
                    'changeFailureRate',
                    'recoveryTime',
                    'reworkRate',
                  ],
                },
              },
              required: [
                'entityRef',
                'owners',
                'systems',
                'lastDeployment',
                'pipelineStatus',
                'defaultBranchRun',
                'previous',
                'level',
                'deploymentFrequency',
                'leadTime',
                'changeFailureRate',
                'recoveryTime',
                'reworkRate',
              ],
            },
          },
        },
        required: [
          'from',
          'to',
          'environment',
          'benchmark',
          'previous',
          'totalCount',
          'items',
        ],
      },
      OverviewPipelineRun: {
        description: 'A pipeline run as the overview shows it.',
        type: 'object',
        additionalProperties: false,
        properties: {
          id: {
            type: 'string',
          },
          pipeline: {
            type: 'string',
          },
          branch: {
            type: ['string', 'null'],
          },
          status: {
            $ref: '#/components/schemas/PipelineRunStatus',
          },
          startedAt: {
            type: ['string', 'null'],
            format: 'date-time',
          },
          finishedAt: {
            type: ['string', 'null'],
            format: 'date-time',
          },
          url: {
            type: ['string', 'null'],
          },
        },
        required: [
          'id',
          'pipeline',
          'branch',
          'status',
          'startedAt',
          'finishedAt',
          'url',
        ],
      },
      PipelineRunStatus: {
        type: 'string',
        enum: ['queued', 'running', 'succeeded', 'failed', 'cancelled'],
      },
      PipelineRunSummary: {
        type: 'object',
        additionalProperties: false,
        properties: {
          id: {
            type: 'string',
          },
          branch: {
            type: ['string', 'null'],
          },
          status: {
            $ref: '#/components/schemas/PipelineRunStatus',
          },
          attempt: {
            type: ['integer', 'null'],
          },
          startedAt: {
            type: ['string', 'null'],
            format: 'date-time',
          },
          finishedAt: {
            type: ['string', 'null'],
            format: 'date-time',
          },
          durationSeconds: {
            type: ['number', 'null'],
          },
          commitSha: {
            type: ['string', 'null'],
          },
          url: {
            type: ['string', 'null'],
          },
        },
        required: [
          'id',
          'branch',
          'status',
          'attempt',
          'startedAt',
          'finishedAt',
          'durationSeconds',
          'commitSha',
          'url',
        ],
      },
      PipelineWindowStats: {
        type: 'object',
        additionalProperties: false,
        properties: {
          succeeded: {
            type: 'integer',
          },
          failed: {
            type: 'integer',
          },
          cancelled: {
            type: 'integer',
          },
          successRate: {
            type: ['number', 'null'],
          },
          medianDurationSeconds: {
            type: ['number', 'null'],
          },
        },
        required: [
          'succeeded',
          'failed',
          'cancelled',
          'successRate',
          'medianDurationSeconds',
        ],
      },
      FlakyRetry: {
        type: 'object',
        additionalProperties: false,
        properties: {
          commitSha: {
            type: 'string',
          },
          failedRunId: {
            type: 'string',
          },
          succeededRunId: {
            type: 'string',
          },
          at: {
            type: 'string',
            format: 'date-time',
          },
        },
        required: ['commitSha', 'failedRunId', 'succeededRunId', 'at'],
      },
      DefaultBranchState: {
        type: 'object',
        additionalProperties: false,
        properties: {
          branch: {
            type: 'string',
          },
          status: {
            $ref: '#/components/schemas/PipelineRunStatus',
          },
          latestRun: {
            $ref: '#/components/schemas/PipelineRunSummary',
          },
          failingSince: {
            type: ['string', 'null'],
            format: 'date-time',
          },
          failingSinceRunId: {
            type: ['string', 'null'],
          },
          consecutiveFailures: {
            type: 'integer',
          },
          last30Days: {
            $ref: '#/components/schemas/PipelineWindowStats',
          },
        },
        required: [
          'branch',
          'status',
          'latestRun',
          'failingSince',
          'failingSinceRunId',
          'consecutiveFailures',
          'last30Days',
        ],
      },
      PipelineState: {
        type: 'object',
        additionalProperties: false,
        properties: {
          entityRef: {
            type: 'string',
          },
          pipeline: {
            type: 'string',
          },
          branches: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              properties: {
                branch: {
                  type: ['string', 'null'],
                },
                latestRun: {
                  $ref: '#/components/schemas/PipelineRunSummary',
                },
              },
              required: ['branch', 'latestRun'],
            },
          },
          defaultBranch: {
            oneOf: [
              {
                $ref: '#/components/schemas/DefaultBranchState',
              },
              {
                type: 'null',
              },
            ],
          },
          last30Days: {
            $ref: '#/components/schemas/PipelineWindowStats',
          },
          recentRuns: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/PipelineRunSummary',
            },
          },
          flaky: {
            type: 'object',
            additionalProperties: false,
            properties: {
              count: {
                type: 'integer',
              },
              latest: {
                oneOf: [
                  {
                    $ref: '#/components/schemas/FlakyRetry',
                  },
                  {
                    type: 'null',
                  },
                ],
              },
            },
            required: ['count', 'latest'],
          },
        },
        required: [
          'entityRef',
          'pipeline',
          'branches',
          'defaultBranch',
          'last30Days',
          'recentRuns',
          'flaky',
        ],
      },
      PipelineStates: {
        type: 'object',
        additionalProperties: false,
        properties: {
          entityRef: {
            type: 'string',
          },
          now: {
            type: 'string',
            format: 'date-time',
          },
          windowDays: {
            type: 'integer',
          },
          pipelines: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/PipelineState',
            },
          },
          flakyPipelines: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              properties: {
                entityRef: {
                  type: 'string',
                },
                pipeline: {
                  type: 'string',
                },
                count: {
                  type: 'integer',
                },
                latest: {
                  $ref: '#/components/schemas/FlakyRetry',
                },
              },
              required: ['entityRef', 'pipeline', 'count', 'latest'],
            },
          },
        },
        required: [
          'entityRef',
          'now',
          'windowDays',
          'pipelines',
          'flakyPipelines',
        ],
      },
    },
    securitySchemes: {
      JWT: {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
      },
      StaticToken: {
        type: 'http',
        scheme: 'bearer',
        description:
          'A Backstage external access static token (backend.auth.externalAccess).',
      },
      GithubOidc: {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description:
          'A GitHub Actions OIDC ID token (issuer `delivery.oidc.github.issuer`, audience `delivery.oidc.github.audience`). Bound to its `repository` claim: every event must belong to an entity whose `github.com/project-slug` names that repository.',
      },
      IngestionToken: {
        type: 'http',
        scheme: 'bearer',
        description:
          'A Runway ingestion token (`rwy_...`) from `POST /tokens`, bound to one repository: every event must belong to an entity whose `github.com/project-slug` (provider `github`) or `gitlab.com/project-slug` (provider `gitlab`) names it.',
      },
    },
  },
  paths: {
    '/events': {
      post: {
        operationId: 'PostEvents',
        description:
          'Stores one event or a batch of up to 1000, inserting or updating each by (type, id). A batch is all or nothing: one invalid event rejects it with a 400 and nothing is stored. The response is sent once the events are committed. Events naming an entity the catalog does not know are stored and also listed by `GET /unmatched`. Callers: a Backstage service principal allowed `delivery.event.create`, or a repository-bound bearer token (GitHub Actions OIDC, `rwy_` ingestion token), whose every event must belong to an entity of its repository (403 naming the entity otherwise, nothing stored).',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/EventsRequest',
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'The events are committed.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/EventIngestionResult',
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
          {},
          {
            StaticToken: [],
          },
          {
            JWT: [],
          },
          {
            GithubOidc: [],
          },
          {
            IngestionToken: [],
          },
        ],
      },
    },
    '/tokens': {
      post: {
        operationId: 'PostIngestionToken',
        description:
          'Issues an ingestion token bound to one repository, for pipelines that cannot use GitHub Actions OIDC. The token is shown once; only its SHA-256 hash is stored. Issuing again for the same provider and repository revokes the previous token. Callers: users and service principals allowed `delivery.token.create`.',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/IngestionTokenRequest',
              },
            },
          },
        },
        responses: {
          '201': {
            description:
              'The token, valid until the next one is issued for the repository.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/IngestionToken',
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
          {},
          {
            StaticToken: [],
          },
          {
            JWT: [],
          },
        ],
      },
    },
    '/unmatched': {
      get: {
        operationId: 'GetUnmatched',
        description:
          'Events and payloads that could not be attributed to a catalog entity, newest first. Callers: users and service principals allowed `delivery.unmatched.read` (403 otherwise).',
        parameters: [
          {
            name: 'limit',
            in: 'query',
            allowReserved: true,
            required: false,
            schema: {
              type: 'integer',
              minimum: 1,
              maximum: 500,
            },
          },
          {
            name: 'offset',
            in: 'query',
            allowReserved: true,
            required: false,
            schema: {
              type: 'integer',
              minimum: 0,
              maximum: 1000000000,
            },
          },
          {
            name: 'source',
            in: 'query',
            allowReserved: true,
            required: false,
            schema: {
              type: 'string',
              enum: ['api', 'cdevents', 'github', 'gitlab', 'demo'],
            },
          },
        ],
        responses: {
          '200': {
            description: 'A page of unmatched events.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/UnmatchedEventList',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
        security: [
          {},
          {
            JWT: [],
          },
        ],
      },
    },
    '/dora': {
      get: {
        operationId: 'GetDora',
        description:
          'DORA metrics of an entity over `[from, to)` for one environment. A Group or System covers the union of the events of the components it owns or contains.',
        parameters: [
          {
            $ref: '#/components/parameters/entityRef',
          },
          {
            name: 'from',
            in: 'query',
            allowReserved: true,
            required: false,
            description:
              'Inclusive start, an ISO-8601 instant; default 30 days before `to`. Must be before `to`.',
            schema: {
              type: 'string',
              format: 'date-time',
            },
          },
          {
            name: 'to',
            in: 'query',
            allowReserved: true,
            required: false,
            description: 'Exclusive end, an ISO-8601 instant; default now.',
            schema: {
              type: 'string',
              format: 'date-time',
            },
          },
          {
            name: 'environment',
            in: 'query',
            allowReserved: true,
            required: false,
            description: 'Defaults to `production`.',
            schema: {
              type: 'string',
              minLength: 1,
            },
          },
          {
            name: 'benchmark',
            in: 'query',
            allowReserved: true,
            required: false,
            description:
              'Benchmark set for the performance levels, e.g. `2024` (the default).',
            schema: {
              type: 'string',
              minLength: 1,
            },
          },
        ],
        responses: {
          '200': {
            description: 'The metrics.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/DoraMetrics',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
        security: [
          {},
          {
            JWT: [],
          },
        ],
      },
    },
    '/dora/series': {
      get: {
        operationId: 'GetDoraSeries',
        description:
          'The DORA metrics of `/dora` per calendar day, ISO week or month in an IANA time zone (DST-safe); the first and last buckets are clipped to `[from, to)`.',
        parameters: [
          {
            $ref: '#/components/parameters/entityRef',
          },
          {
            name: 'from',
            in: 'query',
            allowReserved: true,
            required: false,
            description:
              'Inclusive start, an ISO-8601 instant; default 30 days before `to`. Must be before `to`.',
            schema: {
              type: 'string',
              format: 'date-time',
            },
          },
          {
            name: 'to',
            in: 'query',
            allowReserved: true,
            required: false,
            description: 'Exclusive end, an ISO-8601 instant; default now.',
            schema: {
              type: 'string',
              format: 'date-time',
            },
          },
          {
            name: 'environment',
            in: 'query',
            allowReserved: true,
            required: false,
            description: 'Defaults to `production`.',
            schema: {
              type: 'string',
              minLength: 1,
            },
          },
          {
            name: 'benchmark',
            in: 'query',
            allowReserved: true,
            required: false,
            description:
              'Benchmark set for the performance levels, e.g. `2024` (the default).',
            schema: {
              type: 'string',
              minLength: 1,
            },
          },
          {
            name: 'bucket',
            in: 'query',
            allowReserved: true,
            required: true,
            schema: {
              type: 'string',
              enum: ['day', 'week', 'month'],
            },
          },
          {
            name: 'tz',
            in: 'query',
            allowReserved: true,
            required: false,
            description:
              'IANA time zone of the buckets, e.g. `Europe/Berlin`; default `UTC`.',
            schema: {
              type: 'string',
              minLength: 1,
            },
          },
        ],
        responses: {
          '200': {
            description: 'The series.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/DoraSeries',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
        security: [
          {},
          {
            JWT: [],
          },
        ],
      },
    },
    '/dora/summary': {
      get: {
        operationId: 'GetDoraSummary',
        description:
          'What a DORA card shows, in one call: the metrics of `/dora` over `[from, to)`, over the window of the same length before it, per `bucket` over the window (the trend), and per component the entity covers, worst first.',
        parameters: [
          {
            $ref: '#/components/parameters/entityRef',
          },
          {
            name: 'from',
            in: 'query',
            allowReserved: true,
            required: false,
            description:
              'Inclusive start, an ISO-8601 instant; default 30 days before `to`. Must be before `to`.',
            schema: {
              type: 'string',
              format: 'date-time',
            },
          },
          {
            name: 'to',
            in: 'query',
            allowReserved: true,
            required: false,
            description: 'Exclusive end, an ISO-8601 instant; default now.',
            schema: {
              type: 'string',
              format: 'date-time',
            },
          },
          {
            name: 'environment',
            in: 'query',
            allowReserved: true,
            required: false,
            description: 'Defaults to `production`.',
            schema: {
              type: 'string',
              minLength: 1,
            },
          },
          {
            name: 'benchmark',
            in: 'query',
            allowReserved: true,
            required: false,
            description:
              'Benchmark set for the performance levels, e.g. `2024` (the default).',
            schema: {
              type: 'string',
              minLength: 1,
            },
          },
          {
            name: 'bucket',
            in: 'query',
            allowReserved: true,
            required: false,
            description: 'Bucket of the trend series; default `week`.',
            schema: {
              type: 'string',
              enum: ['day', 'week', 'month'],
            },
          },
          {
            name: 'tz',
            in: 'query',
            allowReserved: true,
            required: false,
            description:
              'IANA time zone of the buckets, e.g. `Europe/Berlin`; default `UTC`.',
            schema: {
              type: 'string',
              minLength: 1,
            },
          },
        ],
        responses: {
          '200': {
            description: 'The summary.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/DoraSummary',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
        security: [
          {},
          {
            JWT: [],
          },
        ],
      },
    },
    '/dora/deployments': {
      get: {
        operationId: 'GetDoraDeployments',
        description:
          'The successful deployments that finished in `[from, to)`, newest first, each with what the metrics of `/dora` counted for it: commits and lead times, failed or not and why, linked incidents, rollback, recovery time, rework.',
        parameters: [
          {
            $ref: '#/components/parameters/entityRef',
          },
          {
            name: 'from',
            in: 'query',
            allowReserved: true,
            required: false,
            description:
              'Inclusive start, an ISO-8601 instant; default 30 days before `to`. Must be before `to`.',
            schema: {
              type: 'string',
              format: 'date-time',
            },
          },
          {
            name: 'to',
            in: 'query',
            allowReserved: true,
            required: false,
            description: 'Exclusive end, an ISO-8601 instant; default now.',
            schema: {
              type: 'string',
              format: 'date-time',
            },
          },
          {
            name: 'environment',
            in: 'query',
            allowReserved: true,
            required: false,
            description: 'Defaults to `production`.',
            schema: {
              type: 'string',
              minLength: 1,
            },
          },
          {
            name: 'benchmark',
            in: 'query',
            allowReserved: true,
            required: false,
            description:
              'Benchmark set for the performance levels, e.g. `2024` (the default).',
            schema: {
              type: 'string',
              minLength: 1,
            },
          },
        ],
        responses: {
          '200': {
            description: 'The deployments.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/DoraDeploymentList',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
        security: [
          {},
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
          'Every entity with delivery events that the caller can see, with its DORA metrics over `[from, to)` and its overall level (the worst of its graded metrics); filtered, sorted (default: level, worst first) and paged on the server.',
        parameters: [
          {
            name: 'from',
            in: 'query',
            allowReserved: true,
            required: false,
            description: 'Inclusive start; default 30 days before `to`.',
            schema: {
              type: 'string',
              format: 'date-time',
            },
          },
          {
            name: 'to',
            in: 'query',
            allowReserved: true,
            required: false,
            description: 'Exclusive end; default now.',
            schema: {
              type: 'string',
              format: 'date-time',
            },
          },
          {
            name: 'environment',
            in: 'query',
            allowReserved: true,
            required: false,
            schema: {
              type: 'string',
              minLength: 1,
            },
          },
          {
            name: 'benchmark',
            in: 'query',
            allowReserved: true,
            required: false,
            schema: {
              type: 'string',
              minLength: 1,
            },
          },
          {
            name: 'owner',
            in: 'query',
            allowReserved: true,
            required: false,
            description:
              'Only entities owned by this group, e.g. `group:default/team-payments`.',
            schema: {
              type: 'string',
              minLength: 1,
            },
          },
          {
            name: 'system',
            in: 'query',
            allowReserved: true,
            required: false,
            description: 'Only entities that are part of this system.',
            schema: {
              type: 'string',
              minLength: 1,
            },
          },
          {
            name: 'entityRef',
            in: 'query',
            allowReserved: true,
            required: false,
            explode: true,
            description:
              'Only these entities (exact refs, compared case-insensitively); repeat the parameter for several, at most 200. Lets a page fetch the rows it shows in one request. Combined with the other filters; refs without delivery events, that the catalog lacks or that the caller may not read are left out.',
            schema: {
              type: 'array',
              minItems: 1,
              maxItems: 200,
              items: {
                type: 'string',
                minLength: 1,
              },
            },
          },
          {
            name: 'level',
            in: 'query',
            allowReserved: true,
            required: false,
            schema: {
              $ref: '#/components/schemas/PerformanceLevel',
            },
          },
          {
            name: 'search',
            in: 'query',
            allowReserved: true,
            required: false,
            description:
              'Only entities whose ref or title contains this text (case-insensitive).',
            schema: {
              type: 'string',
              minLength: 1,
              maxLength: 200,
            },
          },
          {
            name: 'orderBy',
            in: 'query',
            allowReserved: true,
            required: false,
            schema: {
              type: 'string',
              enum: [
                'level',
                'entityRef',
                'deploymentFrequency',
                'leadTime',
                'changeFailureRate',
                'recoveryTime',
              ],
            },
          },
          {
            name: 'order',
            in: 'query',
            allowReserved: true,
            required: false,
            schema: {
              type: 'string',
              enum: ['asc', 'desc'],
            },
          },
          {
            name: 'limit',
            in: 'query',
            allowReserved: true,
            required: false,
            schema: {
              type: 'integer',
              minimum: 1,
              maximum: 200,
            },
          },
          {
            name: 'offset',
            in: 'query',
            allowReserved: true,
            required: false,
            schema: {
              type: 'integer',
              minimum: 0,
              maximum: 1000000000,
            },
          },
        ],
        responses: {
          '200': {
            description: 'A page of the overview.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/DeliveryOverview',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
        security: [
          {},
          {
            JWT: [],
          },
        ],
      },
    },
    '/pipelines': {
      get: {
        operationId: 'GetPipelines',
        description:
          "Per pipeline and branch the latest run, the default branch's status and since when it fails, success rate and median duration over 30 days, recent runs and flaky retries. A Group or System covers the components it owns or contains.",
        parameters: [
          {
            $ref: '#/components/parameters/entityRef',
          },
        ],
        responses: {
          '200': {
            description: 'The pipeline state.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/PipelineStates',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
        security: [
          {},
          {
            JWT: [],
          },
        ],
      },
    },
    '/webhooks/github': {
      post: {
        operationId: 'PostGithubWebhook',
        description:
          'GitHub webhook deliveries (workflow_run, deployment, deployment_status, push, pull_request). Authenticated by X-Hub-Signature-256 against `delivery.github.webhookSecret`, not by a Backstage token.',
        parameters: [
          {
            name: 'x-github-event',
            in: 'header',
            required: true,
            schema: {
              type: 'string',
            },
          },
          {
            name: 'x-hub-signature-256',
            in: 'header',
            required: false,
            schema: {
              type: 'string',
            },
          },
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'The delivery is committed.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/WebhookIngestionResult',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
        security: [{}],
      },
    },
    '/webhooks/gitlab': {
      post: {
        operationId: 'PostGitlabWebhook',
        description:
          'GitLab webhook deliveries (Pipeline, Deployment, Merge Request and Push hooks). Authenticated by X-Gitlab-Token against `delivery.gitlab.webhookToken`.',
        parameters: [
          {
            name: 'x-gitlab-event',
            in: 'header',
            required: true,
            schema: {
              type: 'string',
            },
          },
          {
            name: 'x-gitlab-token',
            in: 'header',
            required: false,
            schema: {
              type: 'string',
            },
          },
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'The delivery is committed.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/WebhookIngestionResult',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
        security: [{}],
      },
    },
    '/cdevents': {
      post: {
        operationId: 'PostCdevents',
        description:
          'CDEvents in structured JSON mode, one event or an array (spec 0.4 and 0.5), validated against the official schemas. Authenticated by X-Runway-Token against `delivery.cdevents.token`, or by a repository-bound bearer token (GitHub Actions OIDC, `rwy_` ingestion token) whose every event must resolve to an entity of its repository (403 naming the event or entity otherwise, nothing stored).',
        parameters: [
          {
            name: 'x-runway-token',
            in: 'header',
            required: false,
            schema: {
              type: 'string',
            },
          },
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: ['object', 'array'],
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'The events are committed.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/WebhookIngestionResult',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
        security: [
          {},
          {
            GithubOidc: [],
          },
          {
            IngestionToken: [],
          },
        ],
      },
    },
  },
} as const;

export const createOpenApiRouter = async (
  options?: Parameters<typeof createValidatedOpenApiRouter>['1'],
) => createValidatedOpenApiRouter<typeof spec>(spec, options);
