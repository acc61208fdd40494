/**
 * The normalized delivery event model: every source (native API, CDEvents, GitHub, GitLab)
 * is mapped into these three shapes before it is stored. Instants are ISO-8601 strings in UTC.
 * The shapes are the delivery backend's OpenAPI spec (its `openapi.yaml`), generated into
 * `./schema/openapi.generated.ts`: edit the YAML, not these aliases.
 */
import {
  DeliveryEvent,
  DeploymentEvent,
  UnmatchedEvent,
} from './schema/openapi.generated';

export type {
  DeliveryEvent,
  DeploymentEvent,
  EventIngestionResult,
  IncidentEvent,
  PipelineRunEvent,
  PipelineRunStatus,
  UnmatchedEvent,
} from './schema/openapi.generated';

/** @public */
export type DeploymentStatus = DeploymentEvent['status'];

/** A commit shipped by a deployment, with the time it was authored/committed. @public */
export type DeploymentCommit = NonNullable<DeploymentEvent['commits']>[number];

/** @public */
export type DeliveryEventType = DeliveryEvent['type'];

/** Where an event came from. @public */
export type DeliveryEventSource = UnmatchedEvent['source'];
