import { useApi } from '@backstage/core-plugin-api';
import {
  EnvironmentRequest,
  EnvironmentState,
  ListEnvironmentRequestsRequest,
} from '@runway/plugin-environments-common';
import { useCallback, useState } from 'react';
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
 * Requests matching a query, newest first, a page of the backend's at a time: the first page,
 * and as many more as `showOlder` asked for. `retry` reloads them. While one of them is being
 * provisioned or torn down, the list reloads every few seconds so its state follows the
 * backend's.
 */
export function useEnvironmentRequests(query: ListEnvironmentRequestsRequest) {
  const api = useApi(environmentsApiRef);
  const key = JSON.stringify(query);
  // How many pages are shown, for this query (another tab or service starts at one again).
  const [paging, setPaging] = useState({ key, pages: 1 });
  const pages = paging.key === key ? paging.pages : 1;
  const list = useAsyncRetry(async () => {
    // Every shown page again, each from where the one before now ends: a page asked with its
    // old cursor would skip the requests that newer ones pushed off the page before.
    const request: ListEnvironmentRequestsRequest = JSON.parse(key);
    const items: EnvironmentRequest[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < pages; page++) {
      const answer = await api.listRequests(
        cursor ? { ...request, cursor } : request,
      );
      items.push(...answer.items);
      cursor = answer.nextCursor;
      if (!cursor) break;
    }
    return { items, hasOlder: cursor !== undefined, pages };
  }, [api, key, pages]);
  const moving = (list.value?.items ?? []).some(request =>
    TRANSITIONAL.includes(request.state),
  );
  useInterval(list.retry, moving && !list.loading ? REFRESH_MS : null);
  const showOlder = useCallback(
    () => setPaging({ key, pages: pages + 1 }),
    [key, pages],
  );
  return {
    loading: list.loading,
    error: list.error,
    retry: list.retry,
    value: list.value?.items,
    /** The backend has older requests than those shown. */
    hasOlder: list.value?.hasOlder ?? false,
    /** Older requests were asked for and are on their way (not a refresh of those shown). */
    loadingOlder: list.loading && (list.value?.pages ?? 1) < pages,
    showOlder,
  };
}
