import { ApiHolder } from '@backstage/core-plugin-api';
import { CostApi, EntityCostSummary } from '@runway/plugin-cost-common';
import { ACTIVE_STATES } from '@runway/plugin-environments-common';
import {
  DeliveryApi,
  DeliveryOverviewItem,
} from '@runway/plugin-delivery-common';
import { deliveryApiRef } from '../../api';
import {
  costApiRef,
  environmentsApiRef,
  HealthEnvironmentsApi,
  HealthGoldenPathsApi,
} from '../common/otherPlugins';
import { startEarly } from '../common/useEarlyAsync';
import { lastDays } from '../common/window';

// What the service health card asks each plugin, as a `useEarlyAsync` key and the call it
// names: the card asks with them, and its prefetch (ServiceHealthPrefetch) starts the same
// requests under the same keys, so the card joins them instead of asking again.

/** Environments that are up or on their way up (not waiting for approval, failed or ended). */
const LIVE_STATES = ['approved', 'provisioning', 'ready', 'expiring'];

export interface HealthRequest<T> {
  key: string;
  run: () => Promise<T>;
}

/**
 * The entity's row of the delivery overview, asked for by its exact ref: one request for the
 * delivery part (metrics and the previous window's, last deployment, pipeline).
 */
export function deliveryRequest(
  api: DeliveryApi,
  entityRef: string,
): HealthRequest<DeliveryOverviewItem | null> {
  const { from, to } = lastDays(30);
  return {
    key: `overview ${entityRef} ${from} ${to}`,
    run: async () => {
      const overview = await api.getOverview({
        from,
        to,
        entityRef: [entityRef],
        limit: 1,
      });
      return (
        overview.items.find(
          item =>
            item.entityRef.toLocaleLowerCase('en-US') ===
            entityRef.toLocaleLowerCase('en-US'),
        ) ?? null
      );
    },
  };
}

/** What the card shows of cost. */
export type HealthCost = Pick<EntityCostSummary, 'totals' | 'forecast'>;

/**
 * The last 30 days' cost with the month-end forecast: the cost API's summary, which leaves
 * out the series, breakdowns and anomalies the card does not show (a cost plugin from before
 * the summary answers the whole entity cost instead).
 */
export function costRequest(
  api: CostApi,
  entityRef: string,
): HealthRequest<HealthCost> {
  const { from, to } = lastDays(30);
  return {
    key: `entity-cost ${entityRef} ${from} ${to}`,
    run: () =>
      typeof api.getEntityCostSummary === 'function'
        ? api.getEntityCostSummary({ entityRef, from, to })
        : api.getEntityCost({ entityRef, from, to, granularity: 'month' }),
  };
}

/** The entity's environments that are up or on their way up. */
export function environmentsRequest(
  api: HealthEnvironmentsApi,
  entityRef: string,
) {
  return {
    key: `live ${entityRef}`,
    run: async () => {
      // What the Environments card on the same Overview lists (every state but the ended
      // ones), so that the environments client answers both cards from one request.
      const list = await api.listRequests({
        view: 'all',
        entityRef,
        states: [...ACTIVE_STATES],
      });
      return {
        ...list,
        items: list.items.filter(item => LIVE_STATES.includes(item.state)),
      };
    },
  };
}

/** How far the entity is behind its golden path's template (asked only for templated ones). */
export function goldenPathRequest(
  api: HealthGoldenPathsApi,
  entityRef: string,
) {
  return {
    key: `drift ${entityRef}`,
    run: () => api.getEntityDrift({ entityRef }),
  };
}

/**
 * Starts the card's requests that need nothing but the entity's ref (delivery, cost, live
 * environments; each only when its plugin is installed, as the card asks), for `entityRef`
 * as `stringifyEntityRef` writes it. The golden path's needs the entity's annotations, so
 * the card asks it once the entity is there. Returns how many it started or joined.
 */
export function prefetchServiceHealth(
  apis: ApiHolder,
  entityRef: string,
): number {
  const requests: Array<[object, HealthRequest<unknown>]> = [];
  const deliveryApi = apis.get(deliveryApiRef);
  if (deliveryApi) {
    requests.push([deliveryApi, deliveryRequest(deliveryApi, entityRef)]);
  }
  const costApi = apis.get(costApiRef);
  if (costApi) requests.push([costApi, costRequest(costApi, entityRef)]);
  const environmentsApi = apis.get(environmentsApiRef);
  if (environmentsApi) {
    requests.push([
      environmentsApi,
      environmentsRequest(environmentsApi, entityRef),
    ]);
  }
  for (const [client, { key, run }] of requests) startEarly(client, key, run);
  return requests.length;
}
