import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { CostClient } from '@runway/plugin-cost-common';
import { costApiRef } from './api';
import { rootRouteRef } from './routes';

/** Runway's cost plugin for apps on the legacy frontend system. @public */
export const costPlugin = createPlugin({
  id: 'cost',
  apis: [
    createApiFactory({
      api: costApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new CostClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: { root: rootRouteRef },
});

/** The allocation report page, e.g. `<Route path="/cost" element={<CostAllocationPage />} />`. @public */
export const CostAllocationPage = costPlugin.provide(
  createRoutableExtension({
    name: 'CostAllocationPage',
    component: () =>
      import('./components/AllocationReport').then(m => m.CostAllocationPage),
    mountPoint: rootRouteRef,
  }),
);

/** The Cost tab of a component, system or group: `<EntityLayout.Route path="/cost" title="Cost">`. @public */
export const EntityCostContent = costPlugin.provide(
  createComponentExtension({
    name: 'EntityCostContent',
    component: {
      lazy: () =>
        import('./components/EntityCost').then(m => m.EntityCostContent),
    },
  }),
);

/** A compact cost summary card for an entity's overview. @public */
export const EntityCostCard = costPlugin.provide(
  createComponentExtension({
    name: 'EntityCostCard',
    component: {
      lazy: () =>
        import('./components/EntityCostCard').then(m => m.EntityCostCard),
    },
  }),
);
