import { createApiRef } from '@backstage/core-plugin-api';
import { COST_API_ID, CostApi } from '@runway/plugin-cost-common';

/** The cost API in the frontend; implemented by `CostClient` from `@runway/plugin-cost-common`. @public */
export const costApiRef = createApiRef<CostApi>({
  id: COST_API_ID,
});
