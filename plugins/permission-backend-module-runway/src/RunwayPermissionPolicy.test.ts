import { ConfigReader } from '@backstage/config';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import { PolicyQueryUser } from '@backstage/plugin-permission-node';
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  costImportCreatePermission,
  costImportDeletePermission,
  costOrganizationReadPermission,
} from '@runway/plugin-cost-common';
import {
  deliveryEventCreatePermission,
  deliveryTokenCreatePermission,
  deliveryUnmatchedReadPermission,
} from '@runway/plugin-delivery-common';
import {
  environmentApprovePermission,
  environmentManageAllPermission,
} from '@runway/plugin-environments-common';
import {
  ADMIN_ONLY_PERMISSIONS,
  readAdmins,
  RunwayPermissionPolicy,
} from './RunwayPermissionPolicy';

function user(userEntityRef: string, ownershipEntityRefs = [userEntityRef]) {
  return {
    credentials: mockCredentials.user(userEntityRef),
    info: { userEntityRef, ownershipEntityRefs },
  } as PolicyQueryUser;
}

const groupsOf: Record<string, string[]> = {
  'user:default/kwame': ['group:default/team-platform'],
  'user:default/amara': ['group:default/team-payments'],
};
const lookups: string[] = [];
const memberships = async (ref: string) => {
  lookups.push(ref);
  return groupsOf[ref] ?? [];
};

const adminOnly = [
  costImportCreatePermission,
  costImportDeletePermission,
  costOrganizationReadPermission,
  deliveryUnmatchedReadPermission,
  deliveryTokenCreatePermission,
  environmentManageAllPermission,
];

describe('RunwayPermissionPolicy', () => {
  beforeEach(() => lookups.splice(0));

  it.each(adminOnly.map(p => [p.name, p]))(
    '%s: allowed for an admin group member, denied to others and to anonymous callers',
    async (_name, permission) => {
      const policy = new RunwayPermissionPolicy(
        ['group:default/team-platform'],
        memberships,
      );
      await expect(
        policy.handle({ permission }, user('user:default/kwame')),
      ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
      await expect(
        policy.handle({ permission }, user('user:default/amara')),
      ).resolves.toEqual({ result: AuthorizeResult.DENY });
      await expect(policy.handle({ permission })).resolves.toEqual({
        result: AuthorizeResult.DENY,
      });
    },
  );

  it('names every admin-only permission of the Runway plugins, and only those', () => {
    expect([...ADMIN_ONLY_PERMISSIONS].sort()).toEqual(
      adminOnly.map(p => p.name).sort(),
    );
  });

  it('recognises an admin named directly, or through the sign-in ownership refs, without asking the catalog', async () => {
    const policy = new RunwayPermissionPolicy(
      ['User:default/Kwame', 'group:default/admins'],
      memberships,
    );
    await expect(
      policy.handle(
        { permission: costImportCreatePermission },
        user('user:default/kwame'),
      ),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
    await expect(
      policy.handle(
        { permission: costImportCreatePermission },
        user('user:default/someone', [
          'user:default/someone',
          'group:default/admins',
        ]),
      ),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
    expect(lookups).toEqual([]);
  });

  it('denies admin-only permissions to everyone when no admin is configured', async () => {
    const policy = new RunwayPermissionPolicy([], memberships);
    await expect(
      policy.handle(
        { permission: deliveryUnmatchedReadPermission },
        user('user:default/kwame'),
      ),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
  });

  it('leaves every other permission to the plugin rules: catalog reads, environment approval by the owning team, event writes', async () => {
    const policy = new RunwayPermissionPolicy([], memberships);
    for (const permission of [
      createPermission({
        name: 'catalog.entity.read',
        attributes: { action: 'read' },
        resourceType: 'catalog-entity',
      }),
      environmentApprovePermission,
      deliveryEventCreatePermission,
    ]) {
      await expect(
        policy.handle({ permission }, user('user:default/amara')),
      ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
    }
  });
});

describe('readAdmins', () => {
  it('normalises user and group refs', () => {
    expect(
      readAdmins(
        new ConfigReader({
          runway: { admins: ['Group:default/Team-Platform', 'user:jane'] },
        }),
      ),
    ).toEqual(['group:default/team-platform', 'user:default/jane']);
  });

  it('splits one string from an environment variable at commas and spaces', () => {
    expect(
      readAdmins(
        new ConfigReader({
          runway: { admins: 'group:default/sre, user:default/jane  user:bob' },
        }),
      ),
    ).toEqual(['group:default/sre', 'user:default/jane', 'user:default/bob']);
  });

  it('is empty when unset', () => {
    expect(readAdmins(new ConfigReader({}))).toEqual([]);
  });

  it('refuses a ref that is not a user or a group, naming the entry', () => {
    expect(() =>
      readAdmins(
        new ConfigReader({
          runway: { admins: ['group:default/ok', 'component:default/x'] },
        }),
      ),
    ).toThrow(/runway\.admins\[1\]: component:default\/x must be a user or a group/);
  });
});
