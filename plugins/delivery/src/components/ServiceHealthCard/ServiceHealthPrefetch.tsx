import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  ApiHolder,
  AppTreeApi,
  appTreeApiRef,
  identityApiRef,
  RouteRef,
  routeResolutionApiRef,
  useApi,
  useApiHolder,
} from '@backstage/frontend-plugin-api';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { useEffect, useMemo, useRef } from 'react';
import { useLocation } from 'react-router-dom';
import { prefetchServiceHealth } from './requests';

type EntityRoute = (params: {
  namespace: string;
  kind: string;
  name: string;
}) => string;

/**
 * Whether the card `cardId` is on every component's Overview: enabled (in the app's tree) and
 * with the filter it ships with (components). A filter set in config may read fields only the
 * entity has, which the address does not tell, so then the card asks on its own.
 */
export function cardOnComponentOverviews(
  appTree: AppTreeApi | undefined,
  cardId: string,
): boolean {
  const node = appTree?.getTree().tree.nodes.get(cardId);
  if (!node?.instance) return false;
  const config = node.spec.config as { filter?: unknown } | undefined;
  return config?.filter === undefined;
}

/**
 * The ref of the component whose Overview `pathname` is (the catalog's entity page itself, not
 * one of its tabs), as `stringifyEntityRef` writes it; undefined for any other page.
 */
export function componentOverviewRef(
  pathname: string,
  entityRoute: EntityRoute | undefined,
): string | undefined {
  if (!entityRoute) return undefined;
  const path = pathname.replace(/\/+$/, '');
  const match = /\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(path);
  if (!match) return undefined;
  const [, namespace, kind, name] = match;
  if (kind.toLocaleLowerCase('en-US') !== 'component') return undefined;
  // The same three segments under the entity page's own path, and nothing after them.
  if (entityRoute({ namespace, kind, name }) !== path) return undefined;
  try {
    return stringifyEntityRef({
      kind: 'component',
      namespace: decodeURIComponent(namespace),
      name: decodeURIComponent(name),
    });
  } catch {
    return undefined; // a malformed escape: not an address the catalog made
  }
}

/**
 * Starts the service health card's requests as soon as the address is a component's Overview
 * (on a page load and on every navigation), instead of once the card renders: that is after
 * the entity page's code has loaded and the catalog has answered for the entity, so the two
 * now run side by side. The card asks under the same keys and joins them (`useEarlyAsync`).
 * Nothing is asked unless the card `cardId` is enabled on component Overviews, nor before
 * someone is signed in (a request started while the sign-in page waits would be stale by the
 * time the card asks). The golden path's request needs the entity's annotations: the card
 * sends it.
 */
export function ServiceHealthPrefetch(props: { cardId: string }) {
  const { cardId } = props;
  const apis: ApiHolder = useApiHolder();
  const identityApi = useApi(identityApiRef);
  const routeResolution = useApi(routeResolutionApiRef);
  const { pathname } = useLocation();
  const enabled = useMemo(
    () => cardOnComponentOverviews(apis.get(appTreeApiRef), cardId),
    [apis, cardId],
  );
  const entityRoute = useMemo(
    () =>
      enabled
        ? // The catalog's route ref is a core-plugin-api one, which the resolver takes too.
          (routeResolution.resolve(entityRouteRef as unknown as RouteRef) as
            | EntityRoute
            | undefined)
        : undefined,
    [enabled, routeResolution],
  );
  // Once per address: resolving the entity page's path matches the app's whole route tree.
  const entityRef = useMemo(
    () => (enabled ? componentOverviewRef(pathname, entityRoute) : undefined),
    [enabled, pathname, entityRoute],
  );
  // Whether someone is signed in is kept out of React's state on purpose: it becomes true while
  // the app renders its first page after sign-in, and a state update then is one more render
  // that the page's own (the entity's request, the Overview's cards) waits behind, or one that
  // makes React start an unfinished render of the page again. Once signed in, the requests are
  // started straight from the sign-in's answer, for the address the latest render saw.
  const signedIn = useRef(false);
  const latestEntityRef = useRef(entityRef);
  latestEntityRef.current = entityRef;
  useEffect(() => {
    let mounted = true;
    // Answers once the sign-in page has signed someone in (at once when already signed in).
    identityApi.getBackstageIdentity().then(
      () => {
        if (!mounted || signedIn.current) return;
        signedIn.current = true;
        if (latestEntityRef.current) {
          prefetchServiceHealth(apis, latestEntityRef.current);
        }
      },
      () => {},
    );
    return () => {
      mounted = false;
    };
  }, [identityApi, apis]);
  // While rendering, as the card does, so that when a navigation renders this and the card
  // together (back to the Overview from one of its tabs), this asks first and the card joins.
  useMemo(() => {
    if (entityRef && signedIn.current) prefetchServiceHealth(apis, entityRef);
  }, [apis, entityRef]);
  return null;
}
