import {
  ApiRequestOptions,
  components,
  DriftOverview,
  EntityDrift,
  operations,
} from './schema/openapi.generated';

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
export type DriftStatus = components['schemas']['DriftStatus'];

/** Every drift status, in the order an overview sorts them (most urgent first). @public */
export const DRIFT_STATUSES: readonly DriftStatus[] = [
  'upgrade-available',
  'unknown-template',
  'unversioned',
  'ahead',
  'current',
];

export type {
  ChangelogEntry,
  DriftOverview,
  EntityDrift,
} from './schema/openapi.generated';

/** @public */
export type GetEntityDriftRequest =
  operations['GetEntityDrift']['parameters']['query'];

/** @public */
export type GetDriftOverviewRequest = NonNullable<
  operations['GetDriftOverview']['parameters']['query']
>;

/** Per-request options, for backend callers that pass a token. @public */
export type GoldenPathsRequestOptions = ApiRequestOptions;

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
