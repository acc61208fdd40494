import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { DeliveryClient } from '@runway/plugin-delivery-common';
import { deliveryApiRef } from './api';
import { deliveryOverviewRouteRef } from './routes';

/** Runway's delivery plugin for apps on the legacy frontend system. @public */
export const deliveryPlugin = createPlugin({
  id: 'delivery',
  apis: [
    createApiFactory({
      api: deliveryApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new DeliveryClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: { overview: deliveryOverviewRouteRef },
});

/** The `/delivery` page: every service's delivery health, worst first. @public */
export const DeliveryOverviewPage = deliveryPlugin.provide(
  createRoutableExtension({
    name: 'DeliveryOverviewPage',
    component: () =>
      import('./components/DeliveryOverviewPage/DeliveryOverviewPage').then(
        m => m.DeliveryOverviewPage,
      ),
    mountPoint: deliveryOverviewRouteRef,
  }),
);

/** The Delivery tab of a Component page (ownership, pipelines, DORA). @public */
export const EntityDeliveryContent = deliveryPlugin.provide(
  createComponentExtension({
    name: 'EntityDeliveryContent',
    component: {
      lazy: () =>
        import('./components/DeliveryContent/DeliveryContent').then(
          m => m.EntityDeliveryContent,
        ),
    },
  }),
);

/** DORA metrics of a Group or System over its components, services worst first. @public */
export const EntityDeliveryRollupCard = deliveryPlugin.provide(
  createComponentExtension({
    name: 'EntityDeliveryRollupCard',
    component: {
      lazy: () =>
        import('./components/DeliveryRollupCard/DeliveryRollupCard').then(
          m => m.EntityDeliveryRollupCard,
        ),
    },
  }),
);

/**
 * A team's services at a glance, worst first, for the top of a Group page: DORA level, last
 * production deployment, main pipeline and trend per service. @public
 */
export const EntityTeamHealthCard = deliveryPlugin.provide(
  createComponentExtension({
    name: 'EntityTeamHealthCard',
    component: {
      lazy: () =>
        import('./components/TeamHealthCard/TeamHealthCard').then(
          m => m.EntityTeamHealthCard,
        ),
    },
  }),
);

/** The DORA card alone. @public */
export const EntityDoraCard = deliveryPlugin.provide(
  createComponentExtension({
    name: 'EntityDoraCard',
    component: {
      lazy: () =>
        import('./components/DoraCard/DoraCard').then(m => m.EntityDoraCard),
    },
  }),
);

/** The pipelines card alone. @public */
export const EntityPipelinesCard = deliveryPlugin.provide(
  createComponentExtension({
    name: 'EntityPipelinesCard',
    component: {
      lazy: () =>
        import('./components/PipelinesCard/PipelinesCard').then(
          m => m.EntityPipelinesCard,
        ),
    },
  }),
);

/** The ownership card alone. @public */
export const EntityDeliveryOwnershipCard = deliveryPlugin.provide(
  createComponentExtension({
    name: 'EntityDeliveryOwnershipCard',
    component: {
      lazy: () =>
        import('./components/OwnershipCard/OwnershipCard').then(
          m => m.EntityOwnershipCard,
        ),
    },
  }),
);
