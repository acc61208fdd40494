// Generated from openapi.yaml by `yarn generate:openapi` in the backend plugin: edit the YAML,
// then regenerate (a test fails while the two differ).
/* eslint-disable */
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';

export const spec = {
  openapi: '3.1.0',
  info: {
    title: 'environments',
    version: '1',
    description:
      "Runway's self-service environments: request an environment for a service from a configured catalogue of types, see its cost estimate, get it approved (automatically or by the owning team or the type's approvers), provisioned through GitOps, reminded before it expires, extended or destroyed.",
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
      id: {
        name: 'id',
        in: 'path',
        required: true,
        description: "The request's id.",
        schema: {
          type: 'string',
          minLength: 1,
        },
      },
    },
    requestBodies: {
      Reason: {
        required: false,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              properties: {
                reason: {
                  type: 'string',
                  maxLength: 1000,
                },
              },
            },
          },
        },
      },
    },
    responses: {
      ErrorResponse: {
        description:
          'An error, with the reason (naming the field for bad input) in `error.message`.',
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/Error',
            },
          },
        },
      },
      Details: {
        description:
          "The request with its audit trail and the caller's allowed actions.",
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/EnvironmentRequestDetails',
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
        required: ['error', 'response'],
      },
      EnvironmentState: {
        type: 'string',
        description:
          'Where a request is in its lifecycle: `requested -> (pending_approval -> approved | rejected) -> provisioning -> ready -> expiring -> destroying -> destroyed`, plus `failed` (with a reason) from which a retry resumes the step that failed.',
        enum: [
          'requested',
          'pending_approval',
          'approved',
          'rejected',
          'provisioning',
          'ready',
          'expiring',
          'destroying',
          'destroyed',
          'failed',
        ],
      },
      EnvironmentAction: {
        type: 'string',
        enum: ['approve', 'reject', 'extend', 'destroy', 'retry'],
      },
      EnvironmentSize: {
        type: 'object',
        additionalProperties: false,
        properties: {
          name: {
            type: 'string',
          },
          title: {
            type: 'string',
          },
          pricePerDay: {
            type: 'number',
            description:
              "Price of one day of an environment of this size, in the catalogue's currency.",
          },
          cpu: {
            type: 'string',
            description:
              "Kubernetes ResourceQuota limit written into the environment's manifests.",
          },
          memory: {
            type: 'string',
            description:
              "Kubernetes ResourceQuota limit written into the environment's manifests.",
          },
        },
        required: ['name', 'pricePerDay', 'cpu', 'memory'],
      },
      EnvironmentType: {
        type: 'object',
        additionalProperties: false,
        properties: {
          name: {
            type: 'string',
          },
          title: {
            type: 'string',
          },
          description: {
            type: 'string',
          },
          sizes: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/EnvironmentSize',
            },
          },
          defaultTtlHours: {
            type: 'number',
          },
          maxTtlHours: {
            type: 'number',
          },
          autoApprove: {
            type: 'boolean',
            description:
              'Requests whose whole-TTL estimate is within `budget` are approved without anyone.',
          },
          budget: {
            type: 'number',
            description:
              'Largest whole-TTL estimate approved automatically; absent, no limit.',
          },
          approvers: {
            type: 'array',
            description:
              'Groups whose members approve requests of this type; empty: the members of the team that owns the service.',
            items: {
              type: 'string',
            },
          },
          allowSelfApproval: {
            type: 'boolean',
            description:
              'Whether an approver may approve a request they made themselves.',
          },
        },
        required: [
          'name',
          'title',
          'sizes',
          'defaultTtlHours',
          'maxTtlHours',
          'autoApprove',
          'approvers',
          'allowSelfApproval',
        ],
      },
      EnvironmentCatalogue: {
        type: 'object',
        additionalProperties: false,
        properties: {
          currency: {
            type: 'string',
          },
          types: {
            type: 'array',
            description: 'Empty while the backend is not configured.',
            items: {
              $ref: '#/components/schemas/EnvironmentType',
            },
          },
          configured: {
            type: 'boolean',
            description:
              "Whether environments can be requested. False when the backend's config has no type catalogue (`environments.types`, or `environments.builtInTypes: true`) or no provisioner (`environments.provisioner.gitops.mode`); then requesting and estimating answer 503.",
          },
          missingConfig: {
            type: 'array',
            description: 'The config keys to set, while not configured.',
            items: {
              type: 'string',
            },
          },
        },
        required: ['currency', 'types', 'configured'],
      },
      EstimateInput: {
        type: 'object',
        description: 'Unknown properties are refused with a 400 naming them.',
        properties: {
          type: {
            type: 'string',
            minLength: 1,
          },
          size: {
            type: 'string',
            minLength: 1,
          },
          ttlHours: {
            type: 'number',
            exclusiveMinimum: 0,
          },
        },
        required: ['type', 'size'],
      },
      EnvironmentEstimate: {
        type: 'object',
        additionalProperties: false,
        properties: {
          currency: {
            type: 'string',
          },
          perDay: {
            type: 'number',
          },
          total: {
            type: 'number',
            description:
              'Cost of the whole TTL: `perDay * ttlHours / 24`, rounded to cents.',
          },
          ttlHours: {
            type: 'number',
          },
        },
        required: ['currency', 'perDay', 'total', 'ttlHours'],
      },
      EnvironmentRequestInput: {
        type: 'object',
        description: 'Unknown properties are refused with a 400 naming them.',
        properties: {
          entityRef: {
            type: 'string',
            minLength: 1,
            description: 'The service, e.g. `component:default/payments`.',
          },
          type: {
            type: 'string',
            minLength: 1,
          },
          size: {
            type: 'string',
            minLength: 1,
          },
          ttlHours: {
            type: 'number',
            exclusiveMinimum: 0,
            description: "Defaults to the type's defaultTtlHours.",
          },
          branch: {
            type: 'string',
            maxLength: 255,
            description:
              'Git branch deployed into the environment (one of branch or version).',
          },
          version: {
            type: 'string',
            maxLength: 255,
            description:
              'Released version deployed into the environment (one of branch or version).',
          },
          purpose: {
            type: 'string',
            minLength: 1,
            maxLength: 1000,
          },
        },
        required: ['entityRef', 'type', 'size', 'purpose'],
      },
      EnvironmentRequest: {
        type: 'object',
        additionalProperties: false,
        properties: {
          id: {
            type: 'string',
          },
          name: {
            type: 'string',
            description: 'DNS-safe name, also the Kubernetes namespace.',
          },
          entityRef: {
            type: 'string',
          },
          ownerRef: {
            type: 'string',
            description:
              'The team that owned the service when the request was made.',
          },
          requestedBy: {
            type: 'string',
          },
          type: {
            type: 'string',
          },
          size: {
            type: 'string',
          },
          ttlHours: {
            type: 'number',
          },
          branch: {
            type: 'string',
          },
          version: {
            type: 'string',
          },
          purpose: {
            type: 'string',
          },
          state: {
            $ref: '#/components/schemas/EnvironmentState',
          },
          estimate: {
            $ref: '#/components/schemas/EnvironmentEstimate',
          },
          costSoFar: {
            type: 'number',
            description:
              'Cost from the time it became ready until now or until it was destroyed.',
          },
          url: {
            type: 'string',
          },
          failureReason: {
            type: 'string',
            description: 'Why it failed, while `state` is `failed`.',
          },
          createdAt: {
            type: 'string',
          },
          updatedAt: {
            type: 'string',
          },
          readyAt: {
            type: 'string',
          },
          expiresAt: {
            type: 'string',
            description:
              'When the environment is torn down; set when it becomes ready.',
          },
          destroyedAt: {
            type: 'string',
          },
          allowedActions: {
            type: 'array',
            description: 'The actions the caller is allowed right now.',
            items: {
              $ref: '#/components/schemas/EnvironmentAction',
            },
          },
        },
        required: [
          'id',
          'name',
          'entityRef',
          'ownerRef',
          'requestedBy',
          'type',
          'size',
          'ttlHours',
          'purpose',
          'state',
          'estimate',
          'costSoFar',
          'createdAt',
          'updatedAt',
          'allowedActions',
        ],
      },
      EnvironmentTransition: {
        type: 'object',
        additionalProperties: false,
        properties: {
          id: {
            type: 'number',
          },
          requestId: {
            type: 'string',
          },
          from: {
            oneOf: [
              {
                $ref: '#/components/schemas/EnvironmentState',
              },
              {
                type: 'null',
              },
            ],
          },
          to: {
            $ref: '#/components/schemas/EnvironmentState',
          },
          actor: {
            type: 'string',
            description:
              'Entity ref of the user, or `system:environments` for the lifecycle worker.',
          },
          reason: {
            type: 'string',
          },
          at: {
            type: 'string',
          },
        },
        required: ['id', 'requestId', 'from', 'to', 'actor', 'at'],
      },
      EnvironmentRequestDetails: {
        type: 'object',
        additionalProperties: false,
        properties: {
          id: {
            type: 'string',
          },
          name: {
            type: 'string',
            description: 'DNS-safe name, also the Kubernetes namespace.',
          },
          entityRef: {
            type: 'string',
          },
          ownerRef: {
            type: 'string',
            description:
              'The team that owned the service when the request was made.',
          },
          requestedBy: {
            type: 'string',
          },
          type: {
            type: 'string',
          },
          size: {
            type: 'string',
          },
          ttlHours: {
            type: 'number',
          },
          branch: {
            type: 'string',
          },
          version: {
            type: 'string',
          },
          purpose: {
            type: 'string',
          },
          state: {
            $ref: '#/components/schemas/EnvironmentState',
          },
          estimate: {
            $ref: '#/components/schemas/EnvironmentEstimate',
          },
          costSoFar: {
            type: 'number',
            description:
              'Cost from the time it became ready until now or until it was destroyed.',
          },
          url: {
            type: 'string',
          },
          failureReason: {
            type: 'string',
            description: 'Why it failed, while `state` is `failed`.',
          },
          createdAt: {
            type: 'string',
          },
          updatedAt: {
            type: 'string',
          },
          readyAt: {
            type: 'string',
          },
          expiresAt: {
            type: 'string',
            description:
              'When the environment is torn down; set when it becomes ready.',
          },
          destroyedAt: {
            type: 'string',
          },
          history: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/EnvironmentTransition',
            },
          },
          allowedActions: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/EnvironmentAction',
            },
          },
        },
        required: [
          'id',
          'name',
          'entityRef',
          'ownerRef',
          'requestedBy',
          'type',
          'size',
          'ttlHours',
          'purpose',
          'state',
          'estimate',
          'costSoFar',
          'createdAt',
          'updatedAt',
          'history',
          'allowedActions',
        ],
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
    '/types': {
      get: {
        operationId: 'GetCatalogue',
        description:
          'The environment type catalogue with sizes, prices and TTL limits, and whether the backend is configured (an empty catalogue naming the config keys to set when not).',
        responses: {
          '200': {
            description: 'The catalogue.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/EnvironmentCatalogue',
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
    '/estimate': {
      post: {
        operationId: 'Estimate',
        description:
          'What an environment of this type, size and TTL costs, from the price table; 503 naming the config keys to set while the backend is not configured.',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/EstimateInput',
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'The estimate.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/EnvironmentEstimate',
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
    '/requests': {
      post: {
        operationId: 'CreateRequest',
        description:
          "Requests an environment. Checks the TTL, the team's and service's quotas and the team's monthly budget (409 when over), stores the estimate, and either approves it automatically or sends it to the approvers. 503 naming the config keys to set while the backend is not configured.",
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/EnvironmentRequestInput',
              },
            },
          },
        },
        responses: {
          '201': {
            $ref: '#/components/responses/Details',
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
      get: {
        operationId: 'ListRequests',
        description:
          'Requests, newest first, a page at a time: in every view only those whose service the caller may see in the catalog, unless they hold `environments.request.manage`. A page holds at most `limit` requests and may hold fewer (those the caller may not see are left out); `nextCursor`, when present, asks for the next page.',
        parameters: [
          {
            name: 'view',
            in: 'query',
            description:
              "`mine` (default): requested by the caller; `team`: for services owned by the caller's teams; `pending-approval`: waiting for the caller's approval; `all`.",
            schema: {
              type: 'string',
              enum: ['mine', 'team', 'pending-approval', 'all'],
            },
          },
          {
            name: 'entityRef',
            in: 'query',
            allowReserved: true,
            description: 'Only the requests of this service.',
            schema: {
              type: 'string',
              minLength: 1,
            },
          },
          {
            name: 'state',
            in: 'query',
            description:
              'Only requests in these states (repeat the parameter for several).',
            explode: true,
            schema: {
              type: 'array',
              items: {
                $ref: '#/components/schemas/EnvironmentState',
              },
            },
          },
          {
            name: 'limit',
            in: 'query',
            description:
              "How many requests a page looks at (default 100): a year of a team's requests is read a page at a time, not all at once.",
            schema: {
              type: 'integer',
              minimum: 1,
              maximum: 500,
            },
          },
          {
            name: 'cursor',
            in: 'query',
            description:
              'The `nextCursor` of the page before, with the same view and filters.',
            schema: {
              type: 'string',
              minLength: 1,
              maxLength: 200,
            },
          },
        ],
        responses: {
          '200': {
            description: 'A page of requests.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  additionalProperties: false,
                  properties: {
                    items: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/EnvironmentRequest',
                      },
                    },
                    nextCursor: {
                      type: 'string',
                      description:
                        'Asks for the next page (older requests); absent on the last page.',
                    },
                  },
                  required: ['items'],
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
    '/requests/{id}': {
      get: {
        operationId: 'GetRequest',
        description:
          'One request with its audit trail; 404 (as for an unknown id) when the caller may not see its service in the catalog, unless they hold `environments.request.manage`. The actions answer the same 404.',
        parameters: [
          {
            $ref: '#/components/parameters/id',
          },
        ],
        responses: {
          '200': {
            $ref: '#/components/responses/Details',
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
    '/requests/{id}/approve': {
      post: {
        operationId: 'Approve',
        description:
          "Approves a pending request (owning team or the type's approvers).",
        parameters: [
          {
            $ref: '#/components/parameters/id',
          },
        ],
        requestBody: {
          $ref: '#/components/requestBodies/Reason',
        },
        responses: {
          '200': {
            $ref: '#/components/responses/Details',
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
    '/requests/{id}/reject': {
      post: {
        operationId: 'Reject',
        description: 'Rejects a pending request; the reason is required.',
        parameters: [
          {
            $ref: '#/components/parameters/id',
          },
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  reason: {
                    type: 'string',
                    minLength: 1,
                    maxLength: 1000,
                  },
                },
                required: ['reason'],
              },
            },
          },
        },
        responses: {
          '200': {
            $ref: '#/components/responses/Details',
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
    '/requests/{id}/extend': {
      post: {
        operationId: 'Extend',
        description:
          "Sets the TTL (counted from when it became ready), up to the type's maximum; 409 when the longer life would exceed the type's budget or the team's monthly budget.",
        parameters: [
          {
            $ref: '#/components/parameters/id',
          },
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  ttlHours: {
                    type: 'number',
                    exclusiveMinimum: 0,
                  },
                  reason: {
                    type: 'string',
                    maxLength: 1000,
                  },
                },
                required: ['ttlHours'],
              },
            },
          },
        },
        responses: {
          '200': {
            $ref: '#/components/responses/Details',
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
    '/requests/{id}/destroy': {
      post: {
        operationId: 'Destroy',
        description: 'Tears a ready, expiring or failed environment down now.',
        parameters: [
          {
            $ref: '#/components/parameters/id',
          },
        ],
        requestBody: {
          $ref: '#/components/requestBodies/Reason',
        },
        responses: {
          '200': {
            $ref: '#/components/responses/Details',
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
    '/requests/{id}/retry': {
      post: {
        operationId: 'Retry',
        description:
          'Resumes the provisioning or teardown of a failed environment where it stopped.',
        parameters: [
          {
            $ref: '#/components/parameters/id',
          },
        ],
        responses: {
          '200': {
            $ref: '#/components/responses/Details',
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
  },
} as const;

export const createOpenApiRouter = async (
  options?: Parameters<typeof createValidatedOpenApiRouter>['1'],
) => createValidatedOpenApiRouter<typeof spec>(spec, options);
