import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  catalogLocationsExtensionPoint,
  catalogProcessingExtensionPoint,
} from '@backstage/plugin-catalog-node';
import { readLocalPublishSettings } from '../actions/localPublishSettings';
import {
  LOCAL_REPOSITORY_LOCATION_TYPE,
  LocalRepositoryProcessor,
} from './LocalRepositoryProcessor';

/**
 * Lets the catalog read repositories created by `runway:publish:local`: the
 * `runway-local-repository` location type, accepted for registration only when
 * `scaffolder.runway.localPublish.enabled` is set. Part of the package's default export.
 *
 * @public
 */
export const catalogModuleRunwayLocalRepositories = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'runway-local-repositories',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        locations: catalogLocationsExtensionPoint,
        processing: catalogProcessingExtensionPoint,
      },
      async init({ config, locations, processing }) {
        const settings = readLocalPublishSettings(config);
        // Locations registered while it was enabled stay readable after it is turned off.
        processing.addProcessor(
          new LocalRepositoryProcessor(settings.directory),
        );
        if (settings.enabled) {
          // Replaces the catalog's default list, which is ["url"].
          locations.setAllowedLocationTypes([
            'url',
            LOCAL_REPOSITORY_LOCATION_TYPE,
          ]);
        }
      },
    });
  },
});
