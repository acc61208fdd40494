import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { SharedListEnvironmentsClient } from './SharedListEnvironmentsClient';
import { environmentsApiRef } from './api';
import { rootRouteRef } from './routes';

/** Runway's environments plugin for apps on the legacy frontend system. @public */
export const environmentsPlugin = createPlugin({
  id: 'environments',
  apis: [
    createApiFactory({
      api: environmentsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new SharedListEnvironmentsClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: { root: rootRouteRef },
});

/** The Environments page: mine, my teams', pending my approval. @public */
export const EnvironmentsPage = environmentsPlugin.provide(
  createRoutableExtension({
    name: 'EnvironmentsPage',
    component: () =>
      import('./components/EnvironmentsPage/EnvironmentsPage').then(
        m => m.EnvironmentsPage,
      ),
    mountPoint: rootRouteRef,
  }),
);

/** The live environments of the service on an entity page. @public */
export const EntityEnvironmentsCard = environmentsPlugin.provide(
  createComponentExtension({
    name: 'EntityEnvironmentsCard',
    component: {
      lazy: () =>
        import('./components/EntityEnvironments/EntityEnvironmentsCard').then(
          m => m.EntityEnvironmentsCard,
        ),
    },
  }),
);

/** Every environment of the service on an entity page, for an entity tab. @public */
export const EntityEnvironmentsContent = environmentsPlugin.provide(
  createComponentExtension({
    name: 'EntityEnvironmentsContent',
    component: {
      lazy: () =>
        import('./components/EntityEnvironments/EntityEnvironmentsCard').then(
          m => m.EntityEnvironmentsContent,
        ),
    },
  }),
);
