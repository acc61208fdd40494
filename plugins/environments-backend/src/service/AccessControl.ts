import {
  AuthService,
  BackstageCredentials,
  BackstageUserPrincipal,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_MEMBER_OF,
  RELATION_OWNED_BY,
} from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  createConditionAuthorizer,
  PermissionRuleset,
} from '@backstage/plugin-permission-node';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  environmentManageAllPermission,
  environmentRequestPermission,
} from '@runway/plugin-environments-common';
import { normalizeEntityRef } from '@runway/backend-utils';
import { Actor } from '../lifecycle/policy';
import { EnvironmentQuery, EnvironmentResource } from '../permissions/rules';

/**
 * How a resource permission was granted: `manage` when the caller holds
 * `environments.request.manage` (any request, whatever its team); `membership` when the
 * policy allowed it outright, so the built-in membership rule decides; `policy` when the
 * policy's conditions matched the request, which then replace the membership rule.
 */
export type Grant = 'manage' | 'membership' | 'policy';

/** How many entity refs one catalog call checks. */
const VISIBILITY_BATCH_SIZE = 500;

/**
 * Who the caller is and what they may do: permission policy decisions first (a DENY always
 * wins, conditions are applied to the request), then the plugin's membership rule.
 */
export class AccessControl {
  private readonly authorizeConditions: (
    decision: Parameters<ReturnType<typeof createConditionAuthorizer>>[0],
    resource: EnvironmentResource | undefined,
  ) => boolean;

  constructor(
    private readonly options: {
      permissions: PermissionsService;
      userInfo: UserInfoService;
      catalog: CatalogService;
      auth: Pick<AuthService, 'getOwnServiceCredentials'>;
      ruleset: PermissionRuleset<EnvironmentResource, EnvironmentQuery, string>;
    },
  ) {
    this.authorizeConditions = createConditionAuthorizer(options.ruleset);
  }

  /**
   * The user and the refs they own through: the sign-in's ownership refs plus the groups the
   * catalog lists them as a member of (guest and test sign-ins often carry only the user).
   */
  async actor(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
  ): Promise<Actor> {
    const [info, managesAll] = await Promise.all([
      this.options.userInfo.getUserInfo(credentials),
      this.managesAll(credentials),
    ]);
    const userRef = normalizeEntityRef(info.userEntityRef);
    const user = await this.options.catalog.getEntityByRef(userRef, {
      credentials: await this.options.auth.getOwnServiceCredentials(),
    });
    const groups = (user?.relations ?? [])
      .filter(relation => relation.type === RELATION_MEMBER_OF)
      .map(relation => relation.targetRef);
    return {
      userRef,
      ownershipRefs: [
        ...new Set(
          [userRef, ...info.ownershipEntityRefs, ...groups].map(
            normalizeEntityRef,
          ),
        ),
      ],
      managesAll,
    };
  }

  /**
   * The entity refs among `entityRefs` the caller may see in the catalog, asked with the
   * caller's credentials (so the catalog's permission policy applies) in batches.
   */
  async visibleEntityRefs(
    entityRefs: string[],
    credentials: BackstageCredentials,
  ): Promise<Set<string>> {
    const unique = [...new Set(entityRefs)];
    const visible = new Set<string>();
    for (let start = 0; start < unique.length; start += VISIBILITY_BATCH_SIZE) {
      const batch = unique.slice(start, start + VISIBILITY_BATCH_SIZE);
      const { items } = await this.options.catalog.getEntitiesByRefs(
        { entityRefs: batch, fields: ['kind', 'metadata.name'] },
        { credentials },
      );
      items.forEach((entity, index) => {
        if (entity) {
          visible.add(batch[index]);
        }
      });
    }
    return visible;
  }

  /** The service the caller asks for, as they see it, and the team that owns it. */
  async owningTeam(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<{ entity: Entity; ownerRef: string }> {
    const entity = await this.options.catalog.getEntityByRef(entityRef, {
      credentials,
    });
    if (!entity) {
      throw new NotFoundError(
        `entityRef: no entity ${entityRef} in the catalog`,
      );
    }
    const owner = entity.relations?.find(
      relation => relation.type === RELATION_OWNED_BY,
    )?.targetRef;
    if (!owner) {
      throw new InputError(
        `entityRef: ${entityRef} has no owner; set spec.owner so its team can approve environments`,
      );
    }
    return { entity, ownerRef: normalizeEntityRef(owner) };
  }

  async authorizeCreate(credentials: BackstageCredentials): Promise<void> {
    await this.authorizeBasic(environmentRequestPermission, credentials);
  }

  /**
   * Asks the permission policy about an action on a request.
   * @throws NotAllowedError when the policy denies it or its conditions do not match.
   */
  async authorize(
    permission: ResourcePermission,
    resource: EnvironmentResource,
    credentials: BackstageCredentials,
    actor: Pick<Actor, 'managesAll'>,
  ): Promise<Grant> {
    const [decision] = await this.options.permissions.authorizeConditional(
      [{ permission }],
      { credentials },
    );
    // A DENY of the action itself wins even over environments.request.manage.
    if (decision.result !== AuthorizeResult.DENY && actor.managesAll) {
      return 'manage';
    }
    if (decision.result === AuthorizeResult.ALLOW) {
      return 'membership';
    }
    if (
      decision.result === AuthorizeResult.CONDITIONAL &&
      this.authorizeConditions(decision, resource)
    ) {
      return 'policy';
    }
    throw new NotAllowedError(
      `The permission policy does not allow ${permission.name} on environment request ${resource.id}`,
    );
  }

  /** Whether the policy grants `environments.request.manage`: every request, any team. */
  private async managesAll(credentials: BackstageCredentials) {
    const [decision] = await this.options.permissions.authorize(
      [{ permission: environmentManageAllPermission }],
      { credentials },
    );
    return decision.result === AuthorizeResult.ALLOW;
  }

  private async authorizeBasic(
    permission: BasicPermission,
    credentials: BackstageCredentials,
  ) {
    const [decision] = await this.options.permissions.authorize(
      [{ permission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `The permission policy does not allow ${permission.name}`,
      );
    }
  }
}
