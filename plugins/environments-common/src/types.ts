/**
 * Where an environment request is in its lifecycle.
 *
 * `requested -> (pending_approval -> approved | rejected) -> provisioning -> ready ->
 * expiring -> destroying -> destroyed`, plus `failed` (with a reason) from which a retry
 * resumes the step that failed.
 *
 * @public
 */
export type EnvironmentState =
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

/** A size of an environment type, with its price. @public */
export interface EnvironmentSize {
  name: string;
  title?: string;
  /** Price of one day of an environment of this size, in the catalogue's currency. */
  pricePerDay: number;
  /** Kubernetes ResourceQuota limits written into the environment's manifests. */
  cpu: string;
  memory: string;
}

/** An entry of the environment type catalogue. @public */
export interface EnvironmentType {
  name: string;
  title: string;
  description?: string;
  sizes: EnvironmentSize[];
  defaultTtlHours: number;
  maxTtlHours: number;
  /** Requests whose whole-TTL estimate is within `budget` are approved without anyone. */
  autoApprove: boolean;
  /** Largest whole-TTL estimate approved automatically; absent: no limit. */
  budget?: number;
  /**
   * Groups whose members approve requests of this type; empty: the members of the team that
   * owns the service.
   */
  approvers: string[];
  /** Whether an approver may approve a request they made themselves. */
  allowSelfApproval: boolean;
}

/**
 * The environment type catalogue as the API serves it. While the backend is not configured
 * (no type catalogue or no provisioner in its config) `types` is empty, `configured` is
 * false and `missingConfig` names the config keys to set. @public
 */
export interface EnvironmentCatalogue {
  currency: string;
  types: EnvironmentType[];
  /** Whether environments can be requested. */
  configured: boolean;
  /** The config keys to set, while not configured. */
  missingConfig?: string[];
}

/** What an environment costs, from the configured price table. @public */
export interface EnvironmentEstimate {
  currency: string;
  perDay: number;
  /** Cost of the whole TTL: `perDay * ttlHours / 24`, rounded to cents. */
  total: number;
  ttlHours: number;
}

/** What to create: the body of a request and of an estimate. @public */
export interface EnvironmentRequestInput {
  /** The service, e.g. `component:default/payments`. */
  entityRef: string;
  type: string;
  size: string;
  /** Defaults to the type's `defaultTtlHours`. */
  ttlHours?: number;
  /** Git branch deployed into the environment (one of branch or version). */
  branch?: string;
  /** Released version deployed into the environment (one of branch or version). */
  version?: string;
  purpose: string;
}

/** A stored environment request and the environment it became. @public */
export interface EnvironmentRequest {
  id: string;
  /** DNS-safe name, also the Kubernetes namespace. */
  name: string;
  entityRef: string;
  /** The team that owns the service when the request was made. */
  ownerRef: string;
  requestedBy: string;
  type: string;
  size: string;
  ttlHours: number;
  branch?: string;
  version?: string;
  purpose: string;
  state: EnvironmentState;
  estimate: EnvironmentEstimate;
  /** Cost from the time it became ready until now or until it was destroyed. */
  costSoFar: number;
  url?: string;
  /** Why it failed, while `state` is `failed`. */
  failureReason?: string;
  createdAt: string;
  updatedAt: string;
  readyAt?: string;
  /** When the environment is torn down; set when it becomes ready. */
  expiresAt?: string;
  destroyedAt?: string;
  /** The actions the caller is allowed right now. */
  allowedActions: EnvironmentAction[];
}

/** One audited state change. @public */
export interface EnvironmentTransition {
  id: number;
  requestId: string;
  from: EnvironmentState | null;
  to: EnvironmentState;
  /** Entity ref of the user, or `system:environments` for the lifecycle worker. */
  actor: string;
  reason?: string;
  at: string;
}

/** A request with its audit trail. @public */
export interface EnvironmentRequestDetails extends EnvironmentRequest {
  history: EnvironmentTransition[];
}

/** What a user can do to an existing request. @public */
export type EnvironmentAction =
  | 'approve'
  | 'reject'
  | 'extend'
  | 'destroy'
  | 'retry';

/** Which requests a list returns. @public */
export type EnvironmentListView = 'mine' | 'team' | 'pending-approval' | 'all';

/** The actor recorded for transitions the lifecycle worker makes. @public */
export const SYSTEM_ACTOR = 'system:environments';
