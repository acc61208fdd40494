import {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_OWNED_BY,
  RELATION_PART_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { callerKey, normalizeEntityRef } from '@runway/backend-utils';
import { LRUCache } from 'lru-cache';
import { StaleWhileRevalidate } from './StaleWhileRevalidate';

const ENTITY_REF_FIELDS = ['kind', 'metadata.namespace', 'metadata.name'];

/** An entity as the overview lists it. */
export interface EntitySummary {
  entityRef: string;
  title?: string;
  /** Normalized refs of the entity's owners (`ownedBy`). */
  owners: string[];
  /** Normalized refs of the systems it is part of (`partOf`). */
  systems: string[];
}

/** What the delivery backend asks the catalog. */
export class CatalogEntities {
  private readonly catalog: CatalogService;
  private readonly auth: Pick<AuthService, 'getOwnServiceCredentials'>;
  private readonly existence: LRUCache<string, boolean>;
  private readonly scopes: StaleWhileRevalidate<string[]>;
  private readonly summaries: StaleWhileRevalidate<EntitySummary | null>;

  constructor(options: {
    catalog: CatalogService;
    auth: Pick<AuthService, 'getOwnServiceCredentials'>;
    /**
     * How long "this entity exists / does not exist" is reused: a burst of events for one
     * service must not query the catalog each time, and a newly registered entity must start
     * matching soon. Also how old the membership and descriptions that reads use may get
     * before they are refreshed in the background.
     */
    cacheTtlMs: number;
    /** The clock of the read caches (tests). */
    now?: () => number;
    /** Told when a background refresh fails (the last good answer is kept). */
    onRefreshError?: (error: unknown) => void;
  }) {
    this.catalog = options.catalog;
    this.auth = options.auth;
    this.existence = new LRUCache({ max: 10_000, ttl: options.cacheTtlMs });
    // Reads never wait on the catalog once they have asked it once: a group's membership
    // (a catalog query over its components) and the entities' descriptions are answered
    // from what was last loaded, per caller (what the catalog lets one see), and refreshed
    // in the background once older than the TTL. Waiting here at every expiry was the
    // periodic latency spike of group reports.
    const onRefreshError = options.onRefreshError
      ? (_key: string, error: unknown) => options.onRefreshError!(error)
      : undefined;
    this.scopes = new StaleWhileRevalidate({
      ttlMs: options.cacheTtlMs,
      max: 1_000,
      now: options.now,
      // An entity that is gone or hidden from the caller must not keep answering.
      isFatal: error => (error as Error)?.name === 'NotFoundError',
      onRefreshError,
    });
    this.summaries = new StaleWhileRevalidate({
      ttlMs: options.cacheTtlMs,
      max: 100_000,
      now: options.now,
      onRefreshError,
    });
  }

  /** The normalized refs, among those given, that name no catalog entity. */
  async findUnknown(entityRefs: string[]): Promise<Set<string>> {
    const refs = [...new Set(entityRefs.map(normalizeEntityRef))];
    // The answer is taken once per ref, from the cache or from the query below, never read
    // back from the cache after the query: with a short TTL (or under load) the entry just
    // set may already have expired, and the ref would pass as known.
    const exists = new Map<string, boolean>();
    const toQuery: string[] = [];
    for (const ref of refs) {
      const cached = this.existence.get(ref);
      if (cached === undefined) {
        toQuery.push(ref);
      } else {
        exists.set(ref, cached);
      }
    }
    if (toQuery.length > 0) {
      const { items } = await this.catalog.getEntitiesByRefs(
        { entityRefs: toQuery, fields: ENTITY_REF_FIELDS },
        { credentials: await this.auth.getOwnServiceCredentials() },
      );
      toQuery.forEach((ref, index) => {
        const found = items[index] !== undefined && items[index] !== null;
        exists.set(ref, found);
        this.existence.set(ref, found);
      });
    }
    return new Set(refs.filter(ref => exists.get(ref) === false));
  }

  /** The given entities that the caller can see, with their owners and systems. */
  async describe(
    entityRefs: string[],
    credentials: BackstageCredentials,
  ): Promise<EntitySummary[]> {
    if (entityRefs.length === 0) {
      return [];
    }
    const caller = callerKey(credentials);
    const keyOf = (ref: string) => `${caller}\n${ref}`;
    const refOf = new Map(entityRefs.map(ref => [keyOf(ref), ref]));
    const summaries = await this.summaries.getMany(
      entityRefs.map(keyOf),
      async keys => {
        const { items } = await this.catalog.getEntitiesByRefs(
          {
            entityRefs: keys.map(key => refOf.get(key)!),
            fields: [...ENTITY_REF_FIELDS, 'metadata.title', 'relations'],
          },
          { credentials },
        );
        return new Map(
          keys.map((key, index) => [key, summarize(items[index])]),
        );
      },
      null,
    );
    return entityRefs.flatMap(ref => summaries.get(keyOf(ref)) ?? []);
  }

  /**
   * The refs whose events make up an entity's metrics: a Group stands for the components it
   * owns, a System for the components it contains, anything else for itself. The catalog
   * answers with the caller's credentials, so only what the caller may read is included.
   *
   * @throws NotFoundError when the caller cannot see the entity.
   */
  async resolveScope(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<string[]> {
    const key = `${callerKey(credentials)}\n${normalizeEntityRef(entityRef)}`;
    // A failed first load (an unknown entity, a catalog error) is not kept.
    const scope = await this.scopes.get(key, () =>
      this.queryScope(entityRef, credentials),
    );
    return [...scope];
  }

  private async queryScope(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<string[]> {
    const entity = await this.catalog.getEntityByRef(entityRef, {
      credentials,
    });
    if (!entity) {
      throw new NotFoundError(`No entity ${entityRef} in the catalog`);
    }
    const relation = {
      group: RELATION_OWNED_BY,
      system: RELATION_PART_OF,
    }[entity.kind.toLocaleLowerCase('en-US')];
    if (!relation) {
      return [normalizeEntityRef(stringifyEntityRef(entity))];
    }
    const { items } = await this.catalog.getEntities(
      {
        filter: {
          kind: 'component',
          [`relations.${relation}`]: stringifyEntityRef(entity),
        },
        fields: ENTITY_REF_FIELDS,
      },
      { credentials },
    );
    return items.map(item => normalizeEntityRef(stringifyEntityRef(item)));
  }
}

function summarize(entity: Entity | undefined | null): EntitySummary | null {
  if (!entity) {
    return null;
  }
  const related = (type: string) =>
    (entity.relations ?? [])
      .filter(relation => relation.type === type)
      .map(relation => normalizeEntityRef(relation.targetRef));
  return {
    entityRef: normalizeEntityRef(stringifyEntityRef(entity)),
    title: entity.metadata.title,
    owners: related(RELATION_OWNED_BY),
    systems: related(RELATION_PART_OF),
  };
}
