import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import CloudQueueIcon from '@material-ui/icons/CloudQueue';
import { SharedListEnvironmentsClient } from './SharedListEnvironmentsClient';
import { environmentsApiRef } from './api';
import { isEnvironmentsAvailable } from './filters';
import { rootRouteRef } from './routes';

const environmentsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: environmentsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new SharedListEnvironmentsClient({ discoveryApi, fetchApi }),
    }),
});

const environmentsPage = PageBlueprint.make({
  params: {
    path: '/environments',
    title: 'Environments',
    icon: <CloudQueueIcon />,
    routeRef: rootRouteRef,
    loader: () =>
      import('./components/EnvironmentsPage/EnvironmentsPage').then(m => (
        <m.EnvironmentsPage />
      )),
    noHeader: true,
  },
});

const entityEnvironmentsCard = EntityCardBlueprint.make({
  params: {
    filter: isEnvironmentsAvailable,
    loader: () =>
      import('./components/EntityEnvironments/EntityEnvironmentsCard').then(
        m => <m.EntityEnvironmentsCard />,
      ),
  },
});

const entityEnvironmentsContent = EntityContentBlueprint.make({
  params: {
    path: '/environments',
    title: 'Environments',
    filter: isEnvironmentsAvailable,
    loader: () =>
      import('./components/EntityEnvironments/EntityEnvironmentsCard').then(
        m => <m.EntityEnvironmentsContent />,
      ),
  },
});

/**
 * Runway's environments plugin for the new frontend system: the Environments page (in the
 * sidebar), and the Environments card and tab of service and website components.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'environments',
  info: { packageJson: () => import('../package.json') },
  routes: { root: rootRouteRef },
  extensions: [
    environmentsApi,
    environmentsPage,
    entityEnvironmentsCard,
    entityEnvironmentsContent,
  ],
});
