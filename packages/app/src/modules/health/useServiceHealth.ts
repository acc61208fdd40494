import { useEffect, useMemo, useState } from 'react';
import { useApiHolder } from '@backstage/core-plugin-api';
import { deliveryApiRef } from '@runway/plugin-delivery';
import { costApiRef } from '@runway/plugin-cost';
import type { DeliveryOverviewItem } from '@runway/plugin-delivery-common';
import type { CurrencyAmount } from '@runway/plugin-cost-common';

/** The delivery overview takes at most this many `entityRef`s (and returns as many items). */
export const MAX_DELIVERY_REFS = 200;
/** The cost overview takes at most this many `entityRef`s. */
export const MAX_COST_REFS = 500;

/** One plugin's figures for a set of services: loading, failed, or by lower-case entity ref. */
export type HealthPart<T> =
  | { state: 'loading' }
  | { state: 'error'; error: Error }
  | { state: 'loaded'; byRef: Map<string, T> }
  /** The plugin is not installed in this app. */
  | { state: 'unavailable' };

/** The health figures of the services on screen, one part per plugin. */
export type ServiceHealth = {
  delivery: HealthPart<DeliveryOverviewItem>;
  cost: HealthPart<CurrencyAmount[]>;
};

export const normalizeRef = (ref: string) => ref.toLocaleLowerCase('en-US');

const LOADING: ServiceHealth = {
  delivery: { state: 'loading' },
  cost: { state: 'loading' },
};

/**
 * Fetches the health figures of `entityRefs` (components) with one request per plugin, in
 * parallel: the delivery overview filtered to exactly these refs and the cost overview of the
 * same refs (last 30 days, the backends' default window). Each part resolves on its own, so a
 * slow or failing plugin never holds back the other. The same set of refs in another order is
 * not fetched again.
 */
export function useServiceHealth(entityRefs: readonly string[]): ServiceHealth {
  const apis = useApiHolder();
  // The API instances, not the holder: a holder may be a new object on every render.
  const deliveryApi = apis.get(deliveryApiRef);
  const costApi = apis.get(costApiRef);
  const key = useMemo(
    () =>
      Array.from(new Set(entityRefs.map(normalizeRef)))
        .sort()
        .join('\n'),
    [entityRefs],
  );
  const [health, setHealth] = useState<{ key: string; value: ServiceHealth }>();

  useEffect(() => {
    const refs = key ? key.split('\n') : [];
    let current = true;
    const update = (part: Partial<ServiceHealth>) => {
      if (current) {
        setHealth(previous => ({
          key,
          value: {
            ...(previous?.key === key ? previous.value : LOADING),
            ...part,
          },
        }));
      }
    };
    setHealth({ key, value: LOADING });
    loadDelivery(deliveryApi, refs).then(delivery => update({ delivery }));
    loadCost(costApi, refs).then(cost => update({ cost }));
    return () => {
      current = false;
    };
  }, [deliveryApi, costApi, key]);

  return health?.key === key ? health.value : LOADING;
}

async function loadDelivery(
  api: typeof deliveryApiRef.T | undefined,
  refs: string[],
): Promise<ServiceHealth['delivery']> {
  if (!api) {
    return { state: 'unavailable' };
  }
  if (refs.length === 0) {
    return { state: 'loaded', byRef: new Map() };
  }
  try {
    const wanted = refs.slice(0, MAX_DELIVERY_REFS);
    const overview = await api.getOverview({
      entityRef: wanted,
      limit: wanted.length,
    });
    return {
      state: 'loaded',
      byRef: new Map(
        overview.items.map(item => [normalizeRef(item.entityRef), item]),
      ),
    };
  } catch (error) {
    return { state: 'error', error: error as Error };
  }
}

async function loadCost(
  api: typeof costApiRef.T | undefined,
  refs: string[],
): Promise<ServiceHealth['cost']> {
  if (!api) {
    return { state: 'unavailable' };
  }
  if (refs.length === 0) {
    return { state: 'loaded', byRef: new Map() };
  }
  try {
    const wanted = refs.slice(0, MAX_COST_REFS);
    const overview = await api.getOverview({
      kind: 'component',
      entityRefs: wanted,
      limit: wanted.length,
    });
    return {
      state: 'loaded',
      byRef: new Map(
        overview.items.map(item => [normalizeRef(item.entityRef), item.totals]),
      ),
    };
  } catch (error) {
    return { state: 'error', error: error as Error };
  }
}
