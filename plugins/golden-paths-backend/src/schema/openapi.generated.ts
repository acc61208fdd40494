// Generated from openapi.yaml by `yarn generate:openapi` in the backend plugin: edit the YAML,
// then regenerate (a test fails while the two differ).
/* eslint-disable */
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';

export const spec = {
  openapi: '3.1.0',
  info: {
    title: 'golden-paths',
    version: '1',
    description:
      "Runway's golden-paths backend: template drift. Every catalog entity created from a software template records the template (`runway.dev/template`) and its version (`runway.dev/template-version`); the backend compares that version with the template's current `runway.dev/template-version` and returns the template's CHANGELOG.md entries in between. Only entities the caller may read in the catalog are returned.",
    license: {
      name: 'UNLICENSED',
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
    parameters: {},
    requestBodies: {},
    responses: {
      ErrorResponse: {
        description: "An error, as Backstage's error handler serializes it.",
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
        required: ['error', 'response'],
      },
      DriftStatus: {
        type: 'string',
        enum: [
          'current',
          'upgrade-available',
          'ahead',
          'unknown-template',
          'unversioned',
        ],
        description:
          "current: recorded version = template version. upgrade-available: the template is newer. ahead: the recorded version is newer than the template's. unknown-template: no such template in the catalog, or it has no valid version. unversioned: the entity records no valid version.",
      },
      ChangelogEntry: {
        type: 'object',
        properties: {
          version: {
            type: 'string',
          },
          body: {
            type: 'string',
            description:
              "The section's markdown, without its `## x.y.z` heading.",
          },
        },
        required: ['version', 'body'],
      },
      EntityDrift: {
        type: 'object',
        properties: {
          entityRef: {
            type: 'string',
          },
          entityTitle: {
            type: 'string',
          },
          ownerRef: {
            type: 'string',
          },
          templateRef: {
            type: 'string',
          },
          templateTitle: {
            type: 'string',
          },
          recordedVersion: {
            type: 'string',
          },
          currentVersion: {
            type: 'string',
          },
          status: {
            $ref: '#/components/schemas/DriftStatus',
          },
          changes: {
            type: 'array',
            description:
              'Changelog entries after the recorded version up to and including the current one, newest first; empty unless the status is upgrade-available.',
            items: {
              $ref: '#/components/schemas/ChangelogEntry',
            },
          },
          changelogError: {
            type: 'string',
            description: "Why the template's CHANGELOG.md could not be read.",
          },
          checkedAt: {
            type: 'string',
            format: 'date-time',
          },
        },
        required: [
          'entityRef',
          'templateRef',
          'status',
          'changes',
          'checkedAt',
        ],
      },
      DriftOverview: {
        type: 'object',
        properties: {
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/EntityDrift',
            },
          },
          totalItems: {
            type: 'integer',
          },
          offset: {
            type: 'integer',
          },
          limit: {
            type: 'integer',
          },
        },
        required: ['items', 'totalItems', 'offset', 'limit'],
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
  security: [
    {
      JWT: [],
    },
  ],
  paths: {
    '/drift': {
      get: {
        operationId: 'GetEntityDrift',
        description:
          'Template drift of one entity. 404 when the catalog has no such entity (or the caller may not read it) or the entity records no template.',
        parameters: [
          {
            name: 'entityRef',
            in: 'query',
            required: true,
            description: 'The entity, e.g. `component:default/checkout`.',
            schema: {
              type: 'string',
              minLength: 1,
            },
          },
        ],
        responses: {
          '200': {
            description: "The entity's drift.",
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/EntityDrift',
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
        },
      },
    },
    '/drift/overview': {
      get: {
        operationId: 'GetDriftOverview',
        description:
          'Every entity that records a template and the caller may read, worst status first (upgrade-available, unknown-template, unversioned, ahead, current), then by entity ref. As of the last scheduled check.',
        parameters: [
          {
            name: 'status',
            in: 'query',
            required: false,
            description:
              'Only these statuses (repeat the parameter for several).',
            explode: true,
            schema: {
              type: 'array',
              items: {
                $ref: '#/components/schemas/DriftStatus',
              },
            },
          },
          {
            name: 'owner',
            in: 'query',
            required: false,
            description:
              'Only entities owned by this entity (`group:default/team-a`; kind defaults to group).',
            schema: {
              type: 'string',
              minLength: 1,
            },
          },
          {
            name: 'offset',
            in: 'query',
            required: false,
            schema: {
              type: 'integer',
              minimum: 0,
              maximum: 1000000000,
              default: 0,
            },
          },
          {
            name: 'limit',
            in: 'query',
            required: false,
            schema: {
              type: 'integer',
              minimum: 1,
              maximum: 500,
              default: 50,
            },
          },
        ],
        responses: {
          '200': {
            description: 'A page of drifts.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/DriftOverview',
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
        },
      },
    },
  },
} as const;

export const createOpenApiRouter = async (
  options?: Parameters<typeof createValidatedOpenApiRouter>['1'],
) => createValidatedOpenApiRouter<typeof spec>(spec, options);
