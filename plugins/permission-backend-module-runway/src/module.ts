import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { RELATION_MEMBER_OF } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  MembershipLookup,
  readAdmins,
  RunwayPermissionPolicy,
} from './RunwayPermissionPolicy';

/** How long a user's group memberships are reused before the catalog is asked again. */
const MEMBERSHIP_CACHE_MS = 30_000;

/**
 * Installs {@link RunwayPermissionPolicy} as the permission backend's policy.
 *
 * @public
 */
export const permissionModuleRunwayPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'runway-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        catalog: catalogServiceRef,
        auth: coreServices.auth,
      },
      async init({ policy, config, logger, catalog, auth }) {
        const admins = readAdmins(config);
        if (admins.length === 0) {
          logger.warn(
            'runway.admins is empty: nobody may import cost data, read unmatched delivery events or manage every environment',
          );
        }
        const cache = new Map<string, { at: number; groups: string[] }>();
        const memberships: MembershipLookup = async userEntityRef => {
          const cached = cache.get(userEntityRef);
          if (cached && Date.now() - cached.at < MEMBERSHIP_CACHE_MS) {
            return cached.groups;
          }
          const user = await catalog.getEntityByRef(userEntityRef, {
            credentials: await auth.getOwnServiceCredentials(),
          });
          const groups = (user?.relations ?? [])
            .filter(relation => relation.type === RELATION_MEMBER_OF)
            .map(relation => relation.targetRef);
          cache.set(userEntityRef, { at: Date.now(), groups });
          return groups;
        };
        policy.setPolicy(new RunwayPermissionPolicy(admins, memberships));
      },
    });
  },
});
