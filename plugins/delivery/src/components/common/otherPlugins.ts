import { createApiRef } from '@backstage/core-plugin-api';
import { COST_API_ID, CostApi } from '@runway/plugin-cost-common';

// Other Runway plugins' frontend APIs, looked up by the ids those plugins register them under
// (`useApiHolder().get(ref)`): what they add shows when they are installed, without this plugin
// depending on their frontend packages. Only the calls and fields read here are typed.

/** The cost plugin's API (`@runway/plugin-cost`); its types are in `@runway/plugin-cost-common`. */
export const costApiRef = createApiRef<CostApi>({ id: COST_API_ID });

/** The environments plugin's API (`@runway/plugin-environments`), as far as the health card reads it. */
export interface HealthEnvironmentsApi {
  listRequests(request: {
    view?: 'all';
    entityRef?: string;
    states?: string[];
  }): Promise<{
    items: Array<{ id: string; name: string; state: string; url?: string }>;
  }>;
}
export const environmentsApiRef = createApiRef<HealthEnvironmentsApi>({
  id: 'plugin.environments.api',
});

/** The golden-paths plugin's API (`@runway/plugin-golden-paths`), as far as the health card reads it. */
export interface HealthGoldenPathsApi {
  getEntityDrift(request: { entityRef: string }): Promise<{
    status: string;
    templateTitle?: string;
    templateRef: string;
    recordedVersion?: string;
    currentVersion?: string;
  }>;
}
export const goldenPathsApiRef = createApiRef<HealthGoldenPathsApi>({
  id: 'plugin.golden-paths.service',
});
