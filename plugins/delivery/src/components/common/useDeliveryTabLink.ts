import { parseEntityRef } from '@backstage/catalog-model';
import { useRouteRef } from '@backstage/core-plugin-api';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { useCallback } from 'react';

/** The path of the Delivery tab of an entity's page. */
export const DELIVERY_TAB_PATH = 'delivery';

export function useDeliveryTabLink(): (entityRef: string) => string {
  const entityRoute = useRouteRef(entityRouteRef);
  return useCallback(
    (entityRef: string) => {
      const { kind, namespace, name } = parseEntityRef(entityRef);
      return `${entityRoute({ kind, namespace, name })}/${DELIVERY_TAB_PATH}`;
    },
    [entityRoute],
  );
}
