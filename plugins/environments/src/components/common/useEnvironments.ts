import { useApi } from '@backstage/core-plugin-api';
import {
  EnvironmentState,
  ListEnvironmentRequestsRequest,
} from '@runway/plugin-environments-common';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useInterval from 'react-use/esm/useInterval';
import { environmentsApiRef } from '../../api';

/** States the backend moves out of by itself, soon: lists showing them refresh. */
const TRANSITIONAL: EnvironmentState[] = [
  'requested',
  'approved',
  'provisioning',
  'destroying',
];
const REFRESH_MS = 3000;

/** The type catalogue: types, sizes, prices and TTL limits. */
export function useCatalogue() {
  const api = useApi(environmentsApiRef);
  return useAsync(() => api.getCatalogue(), [api]);
}

/**
 * Requests matching a query; `retry` reloads them. While one of them is being provisioned or
 * torn down, the list reloads every few seconds so its state follows the backend's.
 */
export function useEnvironmentRequests(query: ListEnvironmentRequestsRequest) {
  const api = useApi(environmentsApiRef);
  const key = JSON.stringify(query);
  const list = useAsyncRetry(
    async () => (await api.listRequests(JSON.parse(key))).items,
    [api, key],
  );
  const moving = (list.value ?? []).some(request =>
    TRANSITIONAL.includes(request.state),
  );
  useInterval(list.retry, moving && !list.loading ? REFRESH_MS : null);
  return list;
}
