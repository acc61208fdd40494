import { useEffect, useMemo, useReducer } from 'react';

/** As react-use's `useAsync` gives it. */
export type EarlyAsyncState<T> =
  | { loading: true; value?: undefined; error?: undefined }
  | { loading: false; value: T; error?: undefined }
  | { loading: false; value?: undefined; error: Error };

interface Request<T> {
  promise: Promise<T>;
  startedAt: number;
  settled?: { value: T } | { error: Error };
}

/**
 * How long a request started by a render that never reached the screen may still answer a
 * later render of the same key; after that the later render asks again.
 */
const REUSE_MS = 10_000;

// Per API client (so that two clients, e.g. two tests' fakes, never share an answer), by key.
const requests = new WeakMap<object, Map<string, Request<unknown>>>();

/**
 * Starts `run` for `client` and `key`, or joins the same request started in the last few
 * seconds, for code that knows what a component will ask before the component renders (the
 * service health card's prefetch): the component's `useEarlyAsync` with that key then joins it
 * instead of asking again.
 */
export function startEarly<T>(
  client: object,
  key: string,
  run: () => Promise<T>,
): Promise<T> {
  return startOrJoin(client, key, run).promise;
}

function startOrJoin<T>(
  client: object,
  key: string,
  run: () => Promise<T>,
): Request<T> {
  let byKey = requests.get(client);
  if (!byKey) {
    byKey = new Map();
    requests.set(client, byKey);
  }
  const started = byKey.get(key) as Request<T> | undefined;
  if (started && Date.now() - started.startedAt < REUSE_MS) {
    return started;
  }
  const request: Request<T> = { promise: run(), startedAt: Date.now() };
  request.promise.then(
    value => {
      request.settled = { value };
    },
    error => {
      request.settled = {
        error: error instanceof Error ? error : new Error(String(error)),
      };
    },
  );
  byKey.set(key, request);
  return request;
}

/**
 * `run`'s answer, asked for when the component first renders rather than once it is on screen
 * (where `useAsync` asks, in an effect).
 *
 * A catalog entity page renders its Overview in a transition and shows it only once every
 * card's code has arrived; a card that asks in an effect sends its requests at that moment,
 * alongside every other card's, and its figures come last. Started at the first render, they
 * are answered while the page is still fetching code, and a card can show its figures the
 * moment it appears. React may throw such renders away and render again: a request started
 * for the same client and key in the last few seconds is joined rather than sent again. Once
 * on screen the request is no longer shared, so a later visit asks afresh.
 *
 * `key` must say everything `run` asks for (the entity, the window); no key, no request.
 */
export function useEarlyAsync<T>(
  client: object,
  key: string | undefined,
  run: () => Promise<T>,
): EarlyAsyncState<T> {
  // `run` is not a dependency: `key` names what it asks for.
  const request = useMemo(
    () => (key === undefined ? undefined : startOrJoin(client, key, run)),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [client, key],
  );
  const [, settled] = useReducer((n: number) => n + 1, 0);
  // What this render shows: once it shows the answer, nothing is left to wait for.
  const shown = request?.settled;
  useEffect(() => {
    if (!request || key === undefined) return undefined;
    const byKey = requests.get(client);
    if (byKey?.get(key) === request) byKey.delete(key);
    // Answered before the component appeared (its prefetch, or a render React threw away,
    // asked early enough): rendering again for an answer already on screen would only
    // repeat the work, on a page that is still loading.
    if (shown) return undefined;
    let mounted = true;
    const rerender = () => {
      if (mounted) settled();
    };
    request.promise.then(rerender, rerender);
    return () => {
      mounted = false;
    };
  }, [client, key, request, shown]);
  // The same object for as long as the answer is the same, so that a component that renders
  // again for some other reason can tell that nothing it shows changed (and skip its parts).
  return useMemo((): EarlyAsyncState<T> => {
    if (!request) return { loading: false, value: undefined as T };
    if (!shown) return { loading: true };
    return { loading: false, ...shown } as EarlyAsyncState<T>;
  }, [request, shown]);
}
