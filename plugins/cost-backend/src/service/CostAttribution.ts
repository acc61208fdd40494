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
import { CatalogService } from '@backstage/plugin-catalog-node';
import { callerKey, normalizeEntityRef } from '@runway/backend-utils';
import { LRUCache } from 'lru-cache';
import {
  AttributableEntity,
  AttributionIndex,
  AttributionRules,
  costScope,
} from '../attribution/AttributionIndex';
import { AllocationKey, CostReportStore } from '../database/CostReportStore';

/** Kinds whose cost the plugin reports. */
const COST_KINDS = ['Component', 'System', 'Group', 'Resource'];
const COST_KIND_PREFIXES = COST_KINDS.map(
  kind => `${kind.toLocaleLowerCase('en-US')}:`,
);
/**
 * The least time between two readings of the catalog made because a snapshot lacked an entity
 * someone asked about, whatever is asked: entities keep arriving for a while after a fresh
 * start, and each reading is a walk over every cost-kind entity.
 */
export const MIN_RELOAD_MS = 5_000;
/**
 * How long "the catalog has no such entity (for this caller)" is believed, at most: an entity
 * being ingested shows up within seconds, and the cost of a service created a moment ago
 * should not read 404 for the whole TTL. Long enough that a caller repeating an unknown ref
 * still costs the catalog at most one call per this time.
 */
export const NOT_FOUND_TTL_MS = 5_000;
const ENTITY_REF_FIELDS = ['kind', 'metadata.namespace', 'metadata.name'];
const ENTITY_FIELDS = [
  'kind',
  'metadata.namespace',
  'metadata.name',
  'metadata.title',
  'metadata.annotations',
  'relations',
];

function toAttributable(entity: Entity): AttributableEntity {
  const targets = (type: string) =>
    (entity.relations ?? [])
      .filter(relation => relation.type === type)
      .map(relation => normalizeEntityRef(relation.targetRef));
  return {
    ref: normalizeEntityRef(stringifyEntityRef(entity)),
    kind: entity.kind.toLocaleLowerCase('en-US'),
    namespace: (entity.metadata.namespace ?? 'default').toLocaleLowerCase(
      'en-US',
    ),
    name: entity.metadata.name.toLocaleLowerCase('en-US'),
    title: entity.metadata.title,
    annotations: entity.metadata.annotations ?? {},
    ownedBy: targets(RELATION_OWNED_BY),
    partOf: targets(RELATION_PART_OF),
  };
}

/** Attribution of every allocation key, against one reading of the catalog. */
export class AttributionSnapshot {
  readonly entities: AttributableEntity[];
  private readonly byRef: Map<string, AttributableEntity>;
  private readonly keysByOwner = new Map<string, number[]>();
  private readonly keys = new Map<number, AllocationKey>();
  readonly unallocatedKeyIds: number[] = [];

  constructor(
    entities: AttributableEntity[],
    keys: AllocationKey[],
    rules: AttributionRules,
  ) {
    this.entities = entities;
    this.byRef = new Map(entities.map(entity => [entity.ref, entity]));
    const index = new AttributionIndex(entities, rules);
    for (const key of keys) {
      this.keys.set(key.id, key);
      const owner = index.attribute(key);
      if (owner) {
        this.keysByOwner.set(owner, [
          ...(this.keysByOwner.get(owner) ?? []),
          key.id,
        ]);
      } else {
        this.unallocatedKeyIds.push(key.id);
      }
    }
  }

  entity(ref: string): AttributableEntity | undefined {
    return this.byRef.get(ref);
  }

  allocationKey(id: number): AllocationKey | undefined {
    return this.keys.get(id);
  }

  /** The entity refs whose cost makes up this entity's cost. */
  scope(ref: string): string[] {
    const entity = this.byRef.get(ref);
    return entity ? costScope(entity, this.entities) : [ref];
  }

  /** Allocation keys attributed to any of these refs. */
  keyIds(refs: string[]): number[] {
    return refs.flatMap(ref => this.keysByOwner.get(ref) ?? []);
  }

  /** The entity each allocation key is attributed to, for keys that have one. */
  owners(): Map<number, string> {
    const owners = new Map<number, string>();
    for (const [ref, ids] of this.keysByOwner) {
      ids.forEach(id => owners.set(id, ref));
    }
    return owners;
  }
}

/**
 * Computes attribution when cost is read, from the catalog as it is now (re-read at most
 * every `cacheTtlMs`) and the stored allocation keys: a new annotation or a moved component
 * changes the figures without re-importing anything.
 */
export class CostAttribution {
  private readonly catalog: CatalogService;
  private readonly auth: Pick<AuthService, 'getOwnServiceCredentials'>;
  private readonly store: Pick<CostReportStore, 'listAllocationKeys'>;
  private readonly rules: AttributionRules;
  private readonly cacheTtlMs: number;
  private readonly now: () => number;
  private cached?: { at: number; snapshot: Promise<AttributionSnapshot> };
  /**
   * Per caller and ref: the entity's normalized ref when the caller may read it, '' when not.
   */
  private readonly readable: LRUCache<string, string>;

  constructor(options: {
    catalog: CatalogService;
    auth: Pick<AuthService, 'getOwnServiceCredentials'>;
    store: Pick<CostReportStore, 'listAllocationKeys'>;
    rules: AttributionRules;
    /**
     * How long the cost-kind entities, and what each caller may read of them, are reused
     * before the catalog is asked again.
     */
    cacheTtlMs: number;
    /** The clock of the caches, in ms (tests). */
    now?: () => number;
  }) {
    this.now = options.now ?? Date.now;
    this.catalog = options.catalog;
    this.auth = options.auth;
    this.store = options.store;
    this.rules = options.rules;
    this.cacheTtlMs = options.cacheTtlMs;
    this.readable = new LRUCache({
      max: 100_000,
      ttl: Math.max(1, options.cacheTtlMs),
      // A given clock is read at every look-up (by default the cache reads its own at most
      // once per millisecond, through a timer).
      ...(options.now ? { perf: { now: options.now }, ttlResolution: 0 } : {}),
    });
  }

  /** Forgets the cached snapshot, e.g. after an import added allocation keys. */
  invalidate(): void {
    this.cached = undefined;
  }

  async snapshot(): Promise<AttributionSnapshot> {
    return this.current();
  }

  /**
   * The snapshot, read again first when it lacks some of `refs` (cost kinds only) that the
   * catalog has now, as `inCatalog` tells: entities the catalog took in after the snapshot was
   * read. Right after a fresh start that is every entity for a while, and later a service
   * created a moment ago; without this, their cost would read as unknown (404) or nothing
   * for up to the cache's TTL. Refs the catalog does not have never cause a reading, and
   * there is at most one reading per {@link MIN_RELOAD_MS} however much is asked.
   */
  async snapshotCovering(
    refs: string[],
    inCatalog: (refs: string[]) => Promise<string[]>,
  ): Promise<AttributionSnapshot> {
    const current = this.current();
    const snapshot = await current;
    const missing = refs.filter(
      ref =>
        !snapshot.entity(ref) &&
        COST_KIND_PREFIXES.some(prefix => ref.startsWith(prefix)),
    );
    if (missing.length === 0) {
      return snapshot;
    }
    // Another request has started a newer reading meanwhile: that one is as new as this one
    // would be.
    if (this.cached && this.cached.snapshot !== current) {
      return this.cached.snapshot;
    }
    if (this.cached && this.now() - this.cached.at < MIN_RELOAD_MS) {
      return snapshot;
    }
    if ((await inCatalog(missing)).length === 0) {
      return snapshot;
    }
    if (this.cached?.snapshot === current) {
      this.invalidate();
    }
    return this.current();
  }

  private current(): Promise<AttributionSnapshot> {
    const now = this.now();
    if (!this.cached || now - this.cached.at >= this.cacheTtlMs) {
      const snapshot = this.load();
      this.cached = { at: now, snapshot };
      snapshot.catch(() => {
        if (this.cached?.snapshot === snapshot) {
          this.cached = undefined;
        }
      });
    }
    return this.cached.snapshot;
  }

  /**
   * The refs, among those given, of entities the caller may read in the catalog: a user sees
   * the cost of what the catalog shows them and nothing else.
   */
  async readableRefs(
    refs: string[],
    credentials: BackstageCredentials,
  ): Promise<Set<string>> {
    // Each answer is reused per caller for the cache's TTL: every cost request asks this
    // (a component's Overview card, each catalog list page), and the catalog call, an HTTP
    // request with a token of the user's on its own, cost more than the rest of a request's
    // work. A change of what someone may read shows in cost within the TTL, as in delivery.
    const caller = callerKey(credentials);
    const keyOf = (ref: string) => `${caller}\n${normalizeEntityRef(ref)}`;
    const readable = new Set<string>();
    const toAsk: string[] = [];
    for (const ref of new Set(refs)) {
      const known = this.readable.get(keyOf(ref));
      if (known === undefined) {
        toAsk.push(ref);
      } else if (known) {
        readable.add(known);
      }
    }
    if (toAsk.length === 0) {
      return readable;
    }
    const { items } = await this.catalog.getEntitiesByRefs(
      { entityRefs: toAsk, fields: ENTITY_REF_FIELDS },
      { credentials },
    );
    toAsk.forEach((ref, index) => {
      const entity = items[index];
      const found = entity
        ? normalizeEntityRef(stringifyEntityRef(entity))
        : '';
      this.readable.set(
        keyOf(ref),
        found,
        found
          ? undefined
          : { ttl: Math.max(1, Math.min(this.cacheTtlMs, NOT_FOUND_TTL_MS)) },
      );
      if (found) readable.add(found);
    });
    return readable;
  }

  private async load(): Promise<AttributionSnapshot> {
    const [{ items }, keys] = await Promise.all([
      this.catalog.getEntities(
        { filter: { kind: COST_KINDS }, fields: ENTITY_FIELDS },
        { credentials: await this.auth.getOwnServiceCredentials() },
      ),
      this.store.listAllocationKeys(),
    ]);
    return new AttributionSnapshot(items.map(toAttributable), keys, this.rules);
  }
}
