import { BackstageUserInfo } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  costImportCreatePermission,
  costImportDeletePermission,
  costOrganizationReadPermission,
} from '@runway/plugin-cost-common';
import {
  deliveryTokenCreatePermission,
  deliveryUnmatchedReadPermission,
} from '@runway/plugin-delivery-common';
import { environmentManageAllPermission } from '@runway/plugin-environments-common';

/**
 * Permissions only `runway.admins` hold: each one reaches across teams (cost data of the
 * whole organisation, raw events of every repository, anyone's environments) or replaces
 * data others rely on.
 */
export const ADMIN_ONLY_PERMISSIONS: ReadonlySet<string> = new Set([
  costImportCreatePermission.name,
  costImportDeletePermission.name,
  costOrganizationReadPermission.name,
  deliveryUnmatchedReadPermission.name,
  deliveryTokenCreatePermission.name,
  environmentManageAllPermission.name,
]);

/** The groups a user is a member of, as the catalog says (sign-ins often omit them). */
export type MembershipLookup = (userEntityRef: string) => Promise<string[]>;

const normalize = (ref: string) =>
  stringifyEntityRef(parseEntityRef(ref)).toLocaleLowerCase('en-US');

/**
 * Reads `runway.admins`: a list, or one string of refs separated by commas or spaces (what an
 * environment variable such as RUNWAY_ADMINS gives). Fails at startup on a ref that is not a
 * user or group.
 */
export function readAdmins(config: Config): string[] {
  const value = config.getOptional('runway.admins');
  const refs =
    typeof value === 'string'
      ? value.split(/[\s,]+/).filter(Boolean)
      : config.getOptionalStringArray('runway.admins') ?? [];
  return refs.map((ref, index) => {
    let parsed;
    try {
      parsed = parseEntityRef(ref);
    } catch (error) {
      throw new Error(
        `runway.admins[${index}]: ${ref} is not an entity ref (${
          (error as Error).message
        })`,
      );
    }
    if (!['user', 'group'].includes(parsed.kind.toLocaleLowerCase('en-US'))) {
      throw new Error(
        `runway.admins[${index}]: ${ref} must be a user or a group, like group:default/platform-team`,
      );
    }
    return normalize(ref);
  });
}

/**
 * Runway's permission policy. Admin-only permissions are allowed for `runway.admins` and
 * denied to everyone else; every other permission is allowed, which leaves the decision to
 * each plugin's own rules: the catalog's visibility, and Runway's ownership checks (a team's
 * environments, the entities a caller can see in the catalog).
 */
export class RunwayPermissionPolicy implements PermissionPolicy {
  private readonly admins: ReadonlySet<string>;

  constructor(
    admins: string[],
    private readonly memberships: MembershipLookup,
  ) {
    this.admins = new Set(admins.map(normalize));
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (!ADMIN_ONLY_PERMISSIONS.has(request.permission.name)) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (user && (await this.isAdmin(user.info))) {
      return { result: AuthorizeResult.ALLOW };
    }
    return { result: AuthorizeResult.DENY };
  }

  private async isAdmin(info: BackstageUserInfo): Promise<boolean> {
    if (this.admins.size === 0) {
      return false;
    }
    const refs = [info.userEntityRef, ...info.ownershipEntityRefs];
    if (refs.some(ref => this.admins.has(normalize(ref)))) {
      return true;
    }
    const groups = await this.memberships(info.userEntityRef);
    return groups.some(ref => this.admins.has(normalize(ref)));
  }
}
