/**
 * The shapes of environment requests. They are the environments backend's OpenAPI spec (its
 * `openapi.yaml`), generated into `./schema/openapi.generated.ts`: edit the YAML, not these
 * aliases.
 */
import { EnvironmentState, operations } from './schema/openapi.generated';

export type {
  EnvironmentAction,
  EnvironmentCatalogue,
  EnvironmentEstimate,
  EnvironmentRequest,
  EnvironmentRequestDetails,
  EnvironmentRequestInput,
  EnvironmentSize,
  EnvironmentState,
  EnvironmentTransition,
  EnvironmentType,
  EstimateInput,
} from './schema/openapi.generated';

// Lifecycle of a request (EnvironmentState): `requested -> (pending_approval -> approved |
// rejected) -> provisioning -> ready -> expiring -> destroying -> destroyed`, plus `failed`
// (with a reason) from which a retry resumes the step that failed.

/** Every state, in lifecycle order. @public */
export const ENVIRONMENT_STATES: readonly EnvironmentState[] = [
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
];

/** Which requests a list returns. @public */
export type EnvironmentListView = NonNullable<
  NonNullable<operations['ListRequests']['parameters']['query']>['view']
>;

/** The actor recorded for transitions the lifecycle worker makes. @public */
export const SYSTEM_ACTOR = 'system:environments';
