import type { AuthService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { NotAllowedError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AdapterResult,
  EntityHint,
  EntityResolver,
  GITHUB_PROJECT_SLUG_ANNOTATION,
  GITLAB_PROJECT_SLUG_ANNOTATION,
  RepositoryProvider,
} from '../adapters';
import type { RepositoryPrincipal } from './types';

const SLUG_ANNOTATIONS: Record<RepositoryProvider, string> = {
  github: GITHUB_PROJECT_SLUG_ANNOTATION,
  gitlab: GITLAB_PROJECT_SLUG_ANNOTATION,
};

const ENTITY_FIELDS = [
  'kind',
  'metadata.namespace',
  'metadata.name',
  'metadata.annotations',
];

function sameSlug(a: string, b: string): boolean {
  return (
    a.trim().toLocaleLowerCase('en-US') === b.trim().toLocaleLowerCase('en-US')
  );
}

function describe(principal: RepositoryPrincipal): string {
  const via =
    principal.via === 'github-oidc'
      ? 'a GitHub Actions OIDC token'
      : 'an ingestion token';
  return `${via} of ${principal.provider} repository ${principal.repository}`;
}

/**
 * A repository can only report for its own services: every entity the events of a
 * repository-bound caller belong to must name the caller's repository in its
 * `github.com/project-slug` (GitHub) or `gitlab.com/project-slug` (GitLab) annotation.
 * Checked before anything is written; the entities are found the way ingestion finds them.
 */
export class RepositoryScope {
  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: Pick<AuthService, 'getOwnServiceCredentials'>;
      resolver: EntityResolver;
    },
  ) {}

  /** @throws NotAllowedError naming the first entity outside the repository. */
  async assertEntities(
    principal: RepositoryPrincipal,
    entityRefs: string[],
  ): Promise<void> {
    const refs = [
      ...new Set(entityRefs.map(ref => ref.toLocaleLowerCase('en-US'))),
    ];
    if (refs.length === 0) {
      return;
    }
    const { items } = await this.options.catalog.getEntitiesByRefs(
      { entityRefs: refs, fields: ENTITY_FIELDS },
      { credentials: await this.options.auth.getOwnServiceCredentials() },
    );
    const annotation = SLUG_ANNOTATIONS[principal.provider];
    refs.forEach((ref, index) => {
      const entity: Entity | undefined = items[index];
      if (!entity) {
        throw new NotAllowedError(
          `${ref} is not in the catalog: ${describe(
            principal,
          )} may only report for the entities of that repository`,
        );
      }
      const slug = entity.metadata.annotations?.[annotation];
      if (!slug || !sameSlug(slug, principal.repository)) {
        throw new NotAllowedError(
          `${stringifyEntityRef(entity)} does not belong to ${
            principal.repository
          } (its ${annotation} is ${
            slug ? `"${slug}"` : 'not set'
          }): ${describe(
            principal,
          )} may only report for the entities of that repository`,
        );
      }
    });
  }

  /**
   * The same rule for what a CDEvents delivery maps to: every event must resolve to entities
   * of the repository, and commits and merged changes must be of the repository.
   *
   * @throws NotAllowedError naming the event or entity.
   */
  async assertAdapterResult(
    principal: RepositoryPrincipal,
    result: AdapterResult,
  ): Promise<void> {
    const subjects: Array<{ what: string; hint: EntityHint }> = [
      ...result.events.map(mapped => ({
        what: `${mapped.event.type} ${mapped.event.id}`,
        hint: mapped.entity,
      })),
      ...result.changes.map(change => ({
        what: `merged change ${change.id}`,
        hint: change.entity,
      })),
    ];
    for (const commit of result.commits) {
      if (
        commit.provider !== principal.provider ||
        !sameSlug(commit.repository, principal.repository)
      ) {
        throw new NotAllowedError(
          `commit ${commit.sha} is of ${commit.provider} repository ${
            commit.repository
          }: ${describe(principal)} may only report for that repository`,
        );
      }
    }
    const entityRefs = await Promise.all(
      subjects.map(async ({ what, hint }) => {
        const resolution = await this.options.resolver.resolve(hint);
        if (!resolution.matched) {
          throw new NotAllowedError(
            `${what} matches no entity of ${principal.repository} (${
              resolution.message
            }): ${describe(
              principal,
            )} may only report for the entities of that repository`,
          );
        }
        return resolution.entityRefs;
      }),
    );
    await this.assertEntities(principal, entityRefs.flat());
  }
}
