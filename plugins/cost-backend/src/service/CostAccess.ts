import {
  AuthService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import { costOrganizationReadPermission } from '@runway/plugin-cost-common';

/**
 * Which cost views a caller has: the organisation-wide ones (allocation coverage, unallocated
 * spend, the import history) with `cost.organization.read`, or only the cost of the entities
 * the catalog shows them (`teams`).
 */
export type CostView = { visibility: 'organization' | 'teams' };

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
      auth: Pick<AuthService, 'isPrincipal'>;
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

  /** The caller's view: organisation-wide with `cost.organization.read`. */
  async view(credentials: BackstageCredentials): Promise<CostView> {
    return {
      visibility: (await this.allowed(
        costOrganizationReadPermission,
        credentials,
      ))
        ? 'organization'
        : 'teams',
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
