/**
 * How an entity's recorded template version compares with the template's current version.
 *
 * - `current`: created from (or upgraded to) the current version.
 * - `upgrade-available`: the template has moved on; `changes` says what changed.
 * - `ahead`: the recorded version is newer than the template's (a template rolled back, or a
 *   typo in the annotation).
 * - `unknown-template`: the catalog has no such template, or the template carries no valid
 *   `runway.dev/template-version`.
 * - `unversioned`: the entity names its template but records no valid version.
 *
 * @public
 */
export type DriftStatus =
  | 'current'
  | 'upgrade-available'
  | 'ahead'
  | 'unknown-template'
  | 'unversioned';

/** Every drift status, in the order an overview sorts them (most urgent first). @public */
export const DRIFT_STATUSES: readonly DriftStatus[] = [
  'upgrade-available',
  'unknown-template',
  'unversioned',
  'ahead',
  'current',
];

/** One `## x.y.z` section of a template's CHANGELOG.md. @public */
// Type aliases rather than interfaces: the backend's OpenAPI-typed router needs them
// assignable to its response schemas.
export type ChangelogEntry = {
  version: string;
  /** The section's markdown, without its heading. */
  body: string;
};

/** Template drift of one entity. @public */
export type EntityDrift = {
  /** The entity, as a normalized entity ref (`component:default/checkout`). */
  entityRef: string;
  entityTitle?: string;
  /** The owner, as a normalized entity ref; absent when the entity has none. */
  ownerRef?: string;
  /** The template the entity was created from (its `runway.dev/template` annotation). */
  templateRef: string;
  templateTitle?: string;
  /** The entity's `runway.dev/template-version`, as written; absent when missing. */
  recordedVersion?: string;
  /** The template's `runway.dev/template-version`; absent when the template is unknown. */
  currentVersion?: string;
  status: DriftStatus;
  /**
   * Changelog entries after the recorded version up to and including the current one, newest
   * first. Empty unless the status is `upgrade-available`.
   */
  changes: ChangelogEntry[];
  /**
   * Why the changelog could not be read (no CHANGELOG.md next to the template, unreachable
   * URL); absent when it was read.
   */
  changelogError?: string;
  /** When this was computed (ISO-8601). */
  checkedAt: string;
};

/** A page of {@link EntityDrift}, worst status first. @public */
export type DriftOverview = {
  items: EntityDrift[];
  /** Entities matching the filters that the caller may read. */
  totalItems: number;
  offset: number;
  limit: number;
};

/** @public */
export interface GetEntityDriftRequest {
  entityRef: string;
}

/** @public */
export interface GetDriftOverviewRequest {
  /** Only entities with one of these statuses. */
  status?: DriftStatus[];
  /** Only entities owned by this group or user (entity ref). */
  owner?: string;
  offset?: number;
  limit?: number;
}

/** Per-request options, for backend callers that pass a token. @public */
export interface GoldenPathsRequestOptions {
  token?: string;
}

/** The golden-paths backend's API (`/api/golden-paths`). @public */
export interface GoldenPathsApi {
  getEntityDrift(
    request: GetEntityDriftRequest,
    options?: GoldenPathsRequestOptions,
  ): Promise<EntityDrift>;
  getDriftOverview(
    request?: GetDriftOverviewRequest,
    options?: GoldenPathsRequestOptions,
  ): Promise<DriftOverview>;
}
