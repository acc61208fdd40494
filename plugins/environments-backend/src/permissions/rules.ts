import {
  createConditionExports,
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import { ENVIRONMENT_REQUEST_RESOURCE_TYPE } from '@runway/plugin-environments-common';
import { z } from 'zod';

/** What the rules see of a request. */
export interface EnvironmentResource {
  id: string;
  requestedBy: string;
  ownerRef: string;
  entityRef: string;
  type: string;
}

/** Criteria the rules translate to: a column equal to one of the values. */
export interface EnvironmentQuery {
  field: 'requestedBy' | 'ownerRef' | 'type';
  values: string[];
}

/** Environment requests as a resource of the permission framework. @public */
export const environmentRequestResourceRef = createPermissionResourceRef<
  EnvironmentResource,
  EnvironmentQuery
>().with({
  pluginId: 'environments',
  resourceType: ENVIRONMENT_REQUEST_RESOURCE_TYPE,
});

const lowerCase = (values: string[]) =>
  values.map(value => value.toLocaleLowerCase('en-US'));

const claimsSchema = z.object({
  claims: z
    .array(z.string())
    .describe(
      "Entity refs to match, usually the user's ownership refs (user.info.ownershipEntityRefs)",
    ),
});

const isRequestedBy = createPermissionRule({
  name: 'IS_REQUESTED_BY',
  description: 'Allow requests made by one of the given users',
  resourceRef: environmentRequestResourceRef,
  paramsSchema: claimsSchema,
  apply: (resource, { claims }) =>
    lowerCase(claims).includes(resource.requestedBy),
  toQuery: ({ claims }) => ({
    field: 'requestedBy',
    values: lowerCase(claims),
  }),
});

const isOwnedBy = createPermissionRule({
  name: 'IS_OWNED_BY',
  description:
    'Allow requests for services owned by one of the given groups or users',
  resourceRef: environmentRequestResourceRef,
  paramsSchema: claimsSchema,
  apply: (resource, { claims }) =>
    lowerCase(claims).includes(resource.ownerRef),
  toQuery: ({ claims }) => ({ field: 'ownerRef', values: lowerCase(claims) }),
});

const hasEnvironmentType = createPermissionRule({
  name: 'HAS_ENVIRONMENT_TYPE',
  description: 'Allow requests of the given environment types',
  resourceRef: environmentRequestResourceRef,
  paramsSchema: z.object({
    types: z.array(z.string()).describe('Environment type names, e.g. preview'),
  }),
  apply: (resource, { types }) => types.includes(resource.type),
  toQuery: ({ types }) => ({ field: 'type', values: types }),
});

/** The rules permission policies can use in conditional decisions. @public */
export const environmentPermissionRules = {
  isRequestedBy,
  isOwnedBy,
  hasEnvironmentType,
};

/**
 * Conditions for permission policies, e.g.
 * `createEnvironmentConditionalDecision(permission, environmentConditions.isOwnedBy({ claims: user.info.ownershipEntityRefs }))`.
 * @public
 */
export const {
  conditions: environmentConditions,
  createConditionalDecision: createEnvironmentConditionalDecision,
} = createConditionExports({
  resourceRef: environmentRequestResourceRef,
  rules: environmentPermissionRules,
});
