import {
  ApiBlueprint,
  AppRootElementBlueprint,
  coreExtensionData,
  createFrontendPlugin,
  ExtensionBoundary,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { DeliveryClient } from '@runway/plugin-delivery-common';
import TrendingUpIcon from '@material-ui/icons/TrendingUp';
import { z } from 'zod/v4';
import { deliveryApiRef } from './api';
import { DELIVERY_TAB_PATH } from './components/common/useDeliveryTabLink';
import { EntityServiceHealthCard } from './components/ServiceHealthCard/ServiceHealthCard';
import { ServiceHealthPrefetch } from './components/ServiceHealthCard/ServiceHealthPrefetch';
import { deliveryOverviewRouteRef } from './routes';

const deliveryApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: deliveryApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new DeliveryClient({ discoveryApi, fetchApi }),
    }),
});

/** The Delivery tab of Component pages. */
const deliveryEntityContent = EntityContentBlueprint.makeWithOverrides({
  configSchema: {
    environments: z.array(z.string()).min(1).optional(),
  },
  factory(originalFactory, { config }) {
    return originalFactory({
      path: DELIVERY_TAB_PATH,
      title: 'Delivery',
      filter: { kind: 'component' },
      loader: () =>
        import('./components/DeliveryContent/DeliveryContent').then(m => (
          <m.EntityDeliveryContent environments={config.environments} />
        )),
    });
  },
});

/** DORA over a team's or system's components, on Group and System pages. */
const deliveryRollupCard = EntityCardBlueprint.make({
  name: 'rollup',
  params: {
    type: 'content',
    filter: { kind: { $in: ['group', 'system'] } },
    loader: () =>
      import('./components/DeliveryRollupCard/DeliveryRollupCard').then(m => (
        <m.EntityDeliveryRollupCard />
      )),
  },
});

/**
 * A component's health at a glance (deployment, pipeline, DORA, cost, golden path,
 * environments), for the top of its Overview: the app orders it first by listing it first in
 * `app.extensions`.
 *
 * Rendered directly, not through the blueprint's lazy `loader`: its code is in the plugin's
 * own bundle, so a lazy element would only suspend for a microtask, and that suspension was
 * what made the Overview slower. The Overview's layout renders in one pass with all its
 * cards; React holds that pass back while other cards' code arrives, and every suspended
 * element that resolves meanwhile makes it render the whole layout again from scratch
 * (another round of the catalog's warning-area requests included). A card that never
 * suspends adds no such pass.
 */
const serviceHealthCard = EntityCardBlueprint.makeWithOverrides({
  name: 'service-health',
  *factory(originalFactory, { node }) {
    const outputs = originalFactory({
      type: 'content',
      filter: { kind: 'component' },
      loader: async () => <EntityServiceHealthCard />,
    });
    for (const output of outputs) {
      if (output.id !== coreExtensionData.reactElement.id) yield output;
    }
    // The same boundary the loader's element has (error display, analytics context), minus
    // the lazy component inside it.
    yield coreExtensionData.reactElement(
      <ExtensionBoundary node={node}>
        <EntityServiceHealthCard />
      </ExtensionBoundary>,
    );
  },
});

/**
 * Goes with the service health card: on a component's Overview it starts the card's requests
 * from the app's root, alongside the catalog's request for the entity, rather than once the
 * entity page has loaded and the card renders; the card joins them. It asks nothing while the
 * card is disabled or given a filter of its own in config (then the card asks on its own), and
 * can be disabled by itself (`app-root-element:delivery/service-health-prefetch: false`).
 */
const serviceHealthPrefetch = AppRootElementBlueprint.make({
  name: 'service-health-prefetch',
  params: {
    element: (
      <ServiceHealthPrefetch cardId="entity-card:delivery/service-health" />
    ),
  },
});

/**
 * A team's services at a glance (DORA level, last production deployment, main pipeline,
 * trend, and 30-day cost when the cost plugin is installed), worst first, for the top of a Group's Overview: the app orders it first by listing
 * it first in `app.extensions`.
 */
const teamHealthCard = EntityCardBlueprint.make({
  name: 'team-health',
  params: {
    type: 'content',
    filter: { kind: 'group' },
    loader: () =>
      import('./components/TeamHealthCard/TeamHealthCard').then(m => (
        <m.EntityTeamHealthCard />
      )),
  },
});

/**
 * `/delivery`, listed in the sidebar under the plugin's title and icon. Mounted on the legacy
 * plugin's route ref, so a link made from the exported `deliveryOverviewRouteRef` resolves
 * in both frontend systems.
 */
const deliveryOverviewPage = PageBlueprint.make({
  params: {
    path: '/delivery',
    routeRef: deliveryOverviewRouteRef,
    loader: () =>
      import('./components/DeliveryOverviewPage/DeliveryOverviewPage').then(
        m => <m.DeliveryOverviewContent />,
      ),
  },
});

/**
 * Runway's delivery plugin for the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'delivery',
  title: 'Delivery',
  icon: <TrendingUpIcon />,
  info: { packageJson: () => import('../package.json') },
  routes: { overview: deliveryOverviewRouteRef },
  extensions: [
    deliveryApi,
    deliveryEntityContent,
    deliveryRollupCard,
    serviceHealthCard,
    serviceHealthPrefetch,
    teamHealthCard,
    deliveryOverviewPage,
  ],
});
