import {
  AuthService,
  BackstageCredentials,
  BackstageUserPrincipal,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_MEMBER_OF,
  RELATION_OWNED_BY,
} from '@backstage/catalog-model';
import { NotAllowedError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { deliveryTokenCreatePermission } from '@runway/plugin-delivery-common';

/** The annotation that ties a component to its GitHub repository. */
const GITHUB_SLUG_ANNOTATION = 'github.com/project-slug';

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

function isUser(
  credentials: BackstageCredentials,
): credentials is BackstageCredentials<BackstageUserPrincipal> {
  return (credentials.principal as { type?: string }).type === 'user';
}

/**
 * Refuses to let a user connect a GitHub repository to Runway delivery when the catalog
 * already has components of it that none of the user's teams owns, unless they hold
 * `delivery.token.create` (Runway admins). Connecting replaces the repository's webhook events
 * and its RUNWAY_TOKEN (revoking the one its pipelines use), through the scaffolder's own
 * credentials: without this, anyone allowed to run a template could rewire another team's
 * repository, e.g. subscribe it to the events its report script already posts, doubling its
 * deployment counts. A repository no component names yet (one the task just created) is the
 * caller's to connect; so is any, for a task started by a service rather than a user.
 */
export async function assertMayConnectRepository(options: {
  catalog: CatalogService;
  auth: Pick<AuthService, 'getOwnServiceCredentials'>;
  permissions: PermissionsService;
  credentials: BackstageCredentials;
  /** `owner/repo` */
  repository: string;
}): Promise<void> {
  const { catalog, auth, permissions, credentials, repository } = options;
  if (!isUser(credentials)) {
    return;
  }
  // The service's view: a component the user may not see is still not theirs to rewire.
  const own = await auth.getOwnServiceCredentials();
  const { items: components } = await catalog.getEntities(
    {
      filter: {
        kind: 'component',
        [`metadata.annotations.${GITHUB_SLUG_ANNOTATION}`]: repository,
      },
      fields: ['kind', 'metadata.name', 'metadata.namespace', 'relations'],
    },
    { credentials: own },
  );
  if (components.length === 0) {
    return;
  }
  const userRef = credentials.principal.userEntityRef;
  const user = await catalog.getEntityByRef(userRef, { credentials: own });
  const mine = new Set(
    [
      userRef,
      ...(user?.relations ?? [])
        .filter(relation => relation.type === RELATION_MEMBER_OF)
        .map(relation => relation.targetRef),
    ].map(lower),
  );
  const owners = (entity: Entity) =>
    (entity.relations ?? [])
      .filter(relation => relation.type === RELATION_OWNED_BY)
      .map(relation => lower(relation.targetRef));
  if (components.some(entity => owners(entity).some(ref => mine.has(ref)))) {
    return;
  }
  const [decision] = await permissions.authorize(
    [{ permission: deliveryTokenCreatePermission }],
    { credentials },
  );
  if (decision.result === AuthorizeResult.ALLOW) {
    return;
  }
  const named = components
    .map(
      entity =>
        `component:${entity.metadata.namespace ?? 'default'}/${
          entity.metadata.name
        } (owned by ${owners(entity).join(', ') || 'nobody'})`,
    )
    .join(', ');
  throw new NotAllowedError(
    `repoUrl: ${repository} is the repository of ${named}, and ${userRef} is not in an owning team. Connecting it would replace its webhook events and its RUNWAY_TOKEN: ask a member of the owning team, or a holder of delivery.token.create, to run this.`,
  );
}
