import {
  AuthService,
  BackstageCredentials,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { RELATION_MEMBER_OF } from '@backstage/catalog-model';
import { NotAllowedError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import { costOrganizationReadPermission } from '@runway/plugin-cost-common';
import { AttributableEntity } from '../attribution/AttributionIndex';
import { normalizeEntityRef } from './CostAttribution';

/**
 * Whose cost a caller may see: everything (`organization`, with `cost.organization.read`),
 * or only the entities their teams own (`teams`), among those the catalog shows them.
 */
export type CostView =
  | { visibility: 'organization' }
  | { visibility: 'teams'; ownerRefs: Set<string> };

/** Whether a team view covers an entity: one of the caller's refs owns it, or is it. */
export function ownedInView(
  view: CostView,
  entity: Pick<AttributableEntity, 'ref' | 'ownedBy'> | undefined,
): boolean {
  if (view.visibility === 'organization') {
    return true;
  }
  if (!entity) {
    return false;
  }
  return (
    view.ownerRefs.has(entity.ref) ||
    entity.ownedBy.some(owner => view.ownerRefs.has(owner))
  );
}

/**
 * The cost plugin's permission checks. Imports are changed only with `cost.import.create` /
 * `cost.import.delete`, by users and service principals alike (the Runway policy grants them
 * to `runway.admins`; the framework grants service principals whatever their token's
 * `accessRestrictions` allow). Tokens other plugins send (subject `plugin:<id>`) never change
 * imports: no plugin has a reason to replace cost data.
 */
export class CostAccess {
  constructor(
    private readonly options: {
      permissions: PermissionsService;
      userInfo: UserInfoService;
      catalog: CatalogService;
      auth: Pick<AuthService, 'isPrincipal' | 'getOwnServiceCredentials'>;
    },
  ) {}

  /** @throws NotAllowedError naming the permission (or the plugin) when refused. */
  async authorizeImportChange(
    permission: BasicPermission,
    credentials: BackstageCredentials,
    action: string,
  ): Promise<void> {
    const { auth } = this.options;
    if (
      auth.isPrincipal(credentials, 'service') &&
      credentials.principal.subject.startsWith('plugin:')
    ) {
      throw new NotAllowedError(
        `${action} needs a user or an external-access token (backend.auth.externalAccess) granted ${permission.name}; ${credentials.principal.subject} may not`,
      );
    }
    if (!(await this.allowed(permission, credentials))) {
      throw new NotAllowedError(
        `${action} needs the permission ${permission.name}`,
      );
    }
  }

  /** @throws NotAllowedError naming `cost.organization.read` when the caller lacks it. */
  async requireOrganizationView(
    credentials: BackstageCredentials,
    what: string,
  ): Promise<void> {
    if (!(await this.allowed(costOrganizationReadPermission, credentials))) {
      throw new NotAllowedError(
        `${what} covers every team: it needs the permission ${costOrganizationReadPermission.name}`,
      );
    }
  }

  /**
   * The caller's view: organisation-wide with `cost.organization.read`; otherwise a user's
   * teams are the ownership refs of their sign-in plus the groups the catalog lists them as
   * a member of (guest and demo sign-ins often carry only the user), and a service without
   * the permission owns nothing.
   */
  async view(credentials: BackstageCredentials): Promise<CostView> {
    if (await this.allowed(costOrganizationReadPermission, credentials)) {
      return { visibility: 'organization' };
    }
    const { auth, userInfo, catalog } = this.options;
    if (!auth.isPrincipal(credentials, 'user')) {
      return { visibility: 'teams', ownerRefs: new Set() };
    }
    const info = await userInfo.getUserInfo(credentials);
    const user = await catalog.getEntityByRef(info.userEntityRef, {
      credentials: await auth.getOwnServiceCredentials(),
    });
    const groups = (user?.relations ?? [])
      .filter(relation => relation.type === RELATION_MEMBER_OF)
      .map(relation => relation.targetRef);
    return {
      visibility: 'teams',
      ownerRefs: new Set(
        [info.userEntityRef, ...info.ownershipEntityRefs, ...groups].map(
          normalizeEntityRef,
        ),
      ),
    };
  }

  private async allowed(
    permission: BasicPermission,
    credentials: BackstageCredentials,
  ): Promise<boolean> {
    const [decision] = await this.options.permissions.authorize(
      [{ permission }],
      { credentials },
    );
    return decision.result === AuthorizeResult.ALLOW;
  }
}
