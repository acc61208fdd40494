import { createApiRef } from '@backstage/core-plugin-api';
import { DeliveryApi } from '@runway/plugin-delivery-common';

/** The delivery backend's API as the frontend gets it. @public */
export const deliveryApiRef = createApiRef<DeliveryApi>({
  id: 'plugin.delivery.api',
});
