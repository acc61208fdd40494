import { createRouteRef } from '@backstage/core-plugin-api';

/** The delivery overview page (`/delivery`). @public */
export const deliveryOverviewRouteRef = createRouteRef({
  id: 'delivery:overview',
});
