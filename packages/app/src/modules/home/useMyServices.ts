import { useCallback, useEffect, useState } from 'react';
import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { Entity, parseEntityRef } from '@backstage/catalog-model';

export type MyServices =
  | { state: 'loading' }
  | { state: 'error'; error: Error }
  | {
      state: 'loaded';
      /** The signed-in user's teams (groups), from their sign-in identity. */
      groupRefs: string[];
      /** Components owned by one of those teams, by title. */
      services: Entity[];
    };

/**
 * The components owned through the signed-in user's teams: the groups of their identity's
 * ownership refs (their memberships as the catalog resolved them at sign-in), one catalog
 * query for the components whose `ownedBy` relation names one of them.
 */
export function useMyServices(): MyServices & { retry: () => void } {
  const identityApi = useApi(identityApiRef);
  const catalogApi = useApi(catalogApiRef);
  const [attempt, setAttempt] = useState(0);
  const [result, setResult] = useState<MyServices>({ state: 'loading' });

  useEffect(() => {
    let current = true;
    setResult({ state: 'loading' });
    (async () => {
      const identity = await identityApi.getBackstageIdentity();
      const groupRefs = identity.ownershipEntityRefs.filter(
        ref => parseEntityRef(ref).kind.toLocaleLowerCase('en-US') === 'group',
      );
      if (groupRefs.length === 0) {
        return { state: 'loaded' as const, groupRefs, services: [] };
      }
      const { items } = await catalogApi.getEntities({
        filter: { kind: 'Component', 'relations.ownedBy': groupRefs },
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'metadata.title',
          'spec.type',
          'spec.owner',
          'relations',
        ],
      });
      const title = (entity: Entity) =>
        entity.metadata.title ?? entity.metadata.name;
      items.sort((a, b) => title(a).localeCompare(title(b)));
      return { state: 'loaded' as const, groupRefs, services: items };
    })().then(
      value => current && setResult(value),
      error => current && setResult({ state: 'error', error }),
    );
    return () => {
      current = false;
    };
  }, [identityApi, catalogApi, attempt]);

  const retry = useCallback(() => setAttempt(n => n + 1), []);
  return { ...result, retry };
}
