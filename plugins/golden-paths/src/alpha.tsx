import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import {
  GoldenPathsClient,
  TEMPLATE_ANNOTATION,
} from '@runway/plugin-golden-paths-common';
import { goldenPathsApiRef } from './api';

const goldenPathsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: goldenPathsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new GoldenPathsClient({ discoveryApi, fetchApi }),
    }),
});

/**
 * The Golden path card on the overview of components created from a template:
 * `entity-card:golden-paths/drift`.
 */
const entityGoldenPathCard = EntityCardBlueprint.make({
  name: 'drift',
  params: {
    filter: {
      kind: 'component',
      [`metadata.annotations.${TEMPLATE_ANNOTATION}`]: { $exists: true },
    },
    loader: () =>
      import('./components/EntityGoldenPathCard').then(m => (
        <m.EntityGoldenPathCard />
      )),
  },
});

/** Runway's golden-paths plugin for the new frontend system. @alpha */
export default createFrontendPlugin({
  pluginId: 'golden-paths',
  title: 'Golden paths',
  info: { packageJson: () => import('../package.json') },
  extensions: [goldenPathsApi, entityGoldenPathCard],
});
