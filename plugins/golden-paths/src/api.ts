import { createApiRef } from '@backstage/core-plugin-api';
import { GoldenPathsApi } from '@runway/plugin-golden-paths-common';

/**
 * The golden-paths API in the frontend; implemented by `GoldenPathsClient` from
 * `@runway/plugin-golden-paths-common`. @public
 */
export const goldenPathsApiRef = createApiRef<GoldenPathsApi>({
  id: 'plugin.golden-paths.service',
});
