import type {
  DeliveryEvent,
  DeliveryEventSource,
} from '@runway/plugin-delivery-common';

/** Git hosting providers whose repositories are mapped through catalog annotations. */
export type RepositoryProvider = 'github' | 'gitlab';

/**
 * How to find the catalog entity an event belongs to. Adapters only describe the subject;
 * the {@link EntityResolver} turns the hint into entity refs.
 */
export type EntityHint =
  /** The payload names the entity directly. */
  | { kind: 'entityRef'; entityRef: string }
  /**
   * A repository `owner/name` (GitHub) or `group/project` path (GitLab). Without a provider
   * both annotations are tried (CDEvents `change.merged` only knows the repository id).
   * `paths` are the changed files, used to pick components of a monorepo.
   */
  | {
      kind: 'repository';
      provider?: RepositoryProvider;
      slug: string;
      paths?: string[];
    }
  /** A CDEvents service id (`subject.id` of service events, `subject.content.service.id` of incidents). */
  | { kind: 'cdeventsService'; serviceId: string }
  /** The payload names no subject that could lead to an entity; kept so the event is listed as unmatched. */
  | { kind: 'none'; why: string };

type OmitEntityRef<T> = T extends unknown ? Omit<T, 'entityRef'> : never;

/** A normalized event whose `entityRef` is not known yet. */
export type UnresolvedDeliveryEvent = OmitEntityRef<DeliveryEvent>;

/** Where the commits shipped by a deployment can be found when the payload does not list them. */
export interface CommitsLookup {
  provider: RepositoryProvider;
  /** Repository slug, as in {@link CommitRecord.repository}. */
  repository: string;
  /**
   * Branch or tag the deployment was made from (`refs/heads/` stripped). Absent when the
   * payload does not say (GitLab Deployment Hook): look the sha up on any branch.
   */
  ref?: string;
  /** The deployed commit: shipped commits are the ones pushed to `ref` up to and including it. */
  sha: string;
}

/** One normalized event produced by an adapter, waiting for entity resolution and storage. */
export interface MappedEvent {
  source: DeliveryEventSource;
  event: UnresolvedDeliveryEvent;
  entity: EntityHint;
  /**
   * Fields the payload did not carry and that were filled with a stand-in so the event is
   * complete (e.g. `openedAt` of an incident first seen resolved). When an event with the
   * same type and id is already stored, its value for these fields must win.
   */
  placeholderFields?: string[];
  /** Set on deployments without `commits`: see README, "Commits shipped by a deployment". */
  commitsLookup?: CommitsLookup;
  /**
   * Set on CI runs of a repository: the run is about the push whose last commit is `headSha`,
   * so in a monorepo it belongs to every component whose `runway.dev/source-paths` match
   * the files that push changed (see README, "Monorepos").
   */
  pushLookup?: PushLookup;
}

/** Where the files changed by the push a CI run is about can be found. */
export interface PushLookup {
  provider: RepositoryProvider;
  /** Repository slug, as in {@link CommitRecord.repository}. */
  repository: string;
  /** The run's commit: the `after` of the push that triggered it. */
  headSha: string;
}

/** A commit seen in a push: keeps the commit time that lead time is measured from. */
export interface CommitRecord {
  provider: RepositoryProvider;
  repository: string;
  /** Branch pushed to (`refs/heads/` stripped). */
  branch: string;
  sha: string;
  /** ISO-8601 instant, UTC. */
  timestamp: string;
  /** Position of the commit in its push, oldest first (pushes list commits in order). */
  order: number;
  /** The push's last commit (`after`): CI runs of the push name it as their commit. */
  pushHead: string;
  /** Files the commit added, modified or removed, when the provider lists them. */
  paths?: string[];
  entity: EntityHint;
}

/** A merged pull request, merge request or CDEvents `change.merged`. */
export interface MergedChangeRecord {
  source: DeliveryEventSource;
  /** Unique per source, stable across redeliveries. */
  id: string;
  repository?: string;
  /** ISO-8601 instant, UTC. */
  mergedAt: string;
  /** Last commit of the change before merge. */
  headSha?: string;
  /** Commit created on the target branch by the merge (or squash). */
  mergeCommitSha?: string;
  targetBranch?: string;
  url?: string;
  entity: EntityHint;
}

/** A payload, or part of one, that was understood but deliberately not mapped. */
export interface IgnoredItem {
  /** Where in the request body, e.g. `[2]` for the third CDEvent of an array. Empty for the whole body. */
  path: string;
  reason: string;
}

/** A payload, or part of one, that is invalid: the router answers 400 with these. */
export interface AdapterError {
  /** Field path, e.g. `[0].context.timestamp` or `workflow_run.run_attempt`. */
  path: string;
  message: string;
}

/** Outcome of checking a webhook signature or token; anything but `valid` is a 401. */
export type WebhookAuthentication =
  | { valid: true }
  | {
      valid: false;
      reason:
        | 'missing-secret'
        | 'missing-credential'
        | 'malformed-credential'
        | 'mismatch';
    };

/** What every adapter returns: nothing in the payload disappears without a trace. */
export interface AdapterResult {
  events: MappedEvent[];
  commits: CommitRecord[];
  changes: MergedChangeRecord[];
  ignored: IgnoredItem[];
  errors: AdapterError[];
}

export function emptyAdapterResult(): AdapterResult {
  return { events: [], commits: [], changes: [], ignored: [], errors: [] };
}
