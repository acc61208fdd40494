import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { Content } from '@backstage/core-components';
import AttachMoneyIcon from '@material-ui/icons/AttachMoney';
import { CostClient } from '@runway/plugin-cost-common';
import { costApiRef } from './api';
import { rootRouteRef } from './routes';

/** Kinds whose cost the backend rolls up: a component, what a system contains, what a group owns. */
const costKinds = { kind: { $in: ['component', 'system', 'group'] } };

const costApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: costApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new CostClient({ discoveryApi, fetchApi }),
    }),
});

/** The Cost tab: `entity-content:cost/entity`. */
const entityCostContent = EntityContentBlueprint.make({
  name: 'entity',
  params: {
    path: '/cost',
    title: 'Cost',
    filter: costKinds,
    loader: () =>
      import('./components/EntityCost').then(m => <m.EntityCostContent />),
  },
});

/** A summary on the overview of systems and groups: `entity-card:cost/summary`. */
const entityCostCard = EntityCardBlueprint.make({
  name: 'summary',
  params: {
    filter: { kind: { $in: ['system', 'group'] } },
    loader: () =>
      import('./components/EntityCostCard').then(m => <m.EntityCostCard />),
  },
});

/**
 * The allocation report: `page:cost`, at /cost, with a sidebar item. Mounted on the legacy
 * plugin's route ref, so the page has one route ref in both frontend systems.
 */
const allocationPage = PageBlueprint.make({
  params: {
    path: '/cost',
    title: 'Cost allocation',
    icon: <AttachMoneyIcon fontSize="inherit" />,
    routeRef: rootRouteRef,
    loader: () =>
      import('./components/AllocationReport').then(m => (
        <Content>
          <m.CostAllocationReport />
        </Content>
      )),
  },
});

/** Runway's cost plugin for the new frontend system. @alpha */
export default createFrontendPlugin({
  pluginId: 'cost',
  title: 'Cost',
  icon: <AttachMoneyIcon fontSize="inherit" />,
  info: { packageJson: () => import('../package.json') },
  routes: { root: rootRouteRef },
  extensions: [costApi, entityCostContent, entityCostCard, allocationPage],
});
