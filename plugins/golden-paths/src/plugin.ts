import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { GoldenPathsClient } from '@runway/plugin-golden-paths-common';
import { goldenPathsApiRef } from './api';

/** Runway's golden-paths plugin for apps on the legacy frontend system. @public */
export const goldenPathsPlugin = createPlugin({
  id: 'golden-paths',
  apis: [
    createApiFactory({
      api: goldenPathsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new GoldenPathsClient({ discoveryApi, fetchApi }),
    }),
  ],
});

/**
 * The Golden path card for an entity's overview, e.g. inside
 * `<EntitySwitch.Case if={isGoldenPathAvailable}>`. @public
 */
export const EntityGoldenPathCard = goldenPathsPlugin.provide(
  createComponentExtension({
    name: 'EntityGoldenPathCard',
    component: {
      lazy: () =>
        import('./components/EntityGoldenPathCard').then(
          m => m.EntityGoldenPathCard,
        ),
    },
  }),
);
