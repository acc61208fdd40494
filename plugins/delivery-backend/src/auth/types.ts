import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { RepositoryProvider } from '../adapters';

/**
 * A caller that speaks for one repository: a GitHub Actions OIDC token (its `repository`
 * claim) or a Runway ingestion token issued for the repository. It may only report events of
 * the entities whose `github.com/project-slug` (GitHub) or `gitlab.com/project-slug` (GitLab)
 * names that repository.
 */
export interface RepositoryPrincipal {
  provider: RepositoryProvider;
  /** `owner/name` (GitHub) or `group/project` (GitLab). */
  repository: string;
  via: 'github-oidc' | 'ingestion-token';
}

/** Who posts to an ingestion route (`POST /events`, `POST /cdevents`). */
export type IngestionCaller =
  /** A Backstage service principal allowed `delivery.event.create`. */
  | { type: 'backstage'; credentials: BackstageCredentials }
  | { type: 'repository'; principal: RepositoryPrincipal }
  /** The CDEvents producer holding `delivery.cdevents.token`. */
  | { type: 'sharedToken' };
