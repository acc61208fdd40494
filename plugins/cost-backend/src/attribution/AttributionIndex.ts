/** Annotation listing extra `Tags` values (comma-separated) whose cost belongs to the entity. */
export const COST_TAGS_ANNOTATION = 'runway.dev/cost-tags';
/** Annotation listing cloud sub-account ids (comma-separated) whose cost belongs to the entity. */
export const COST_ACCOUNTS_ANNOTATION = 'runway.dev/cost-accounts';

/** A catalog entity as attribution sees it; refs are lower-case `kind:namespace/name`. */
export interface AttributableEntity {
  ref: string;
  kind: string;
  namespace: string;
  name: string;
  title?: string;
  annotations: Record<string, string>;
  /** Targets of the entity's ownedBy relations. */
  ownedBy: string[];
  /** Targets of the entity's partOf relations. */
  partOf: string[];
}

/** Cost whose tags include all of these key-value pairs belongs to the entity. */
export interface TagRule {
  tags: Record<string, string>;
  /** Normalized entity ref. */
  entity: string;
}

export interface AttributionRules {
  /** Explicit rules (such as an OpenCost source's namespace mapping), first match wins. */
  tagRules: TagRule[];
  /** FOCUS tag keys whose values name an entity, in order of precedence. */
  tagKeys: string[];
  /** Sub-accounts whose otherwise unattributed cost belongs to a System. */
  accountSystems: Array<{ subAccountId: string; system: string }>;
}

function listAnnotation(entity: AttributableEntity, annotation: string) {
  return (entity.annotations[annotation] ?? '')
    .split(',')
    .map(value => value.trim())
    .filter(Boolean);
}

function tagValue(value: unknown): string | undefined {
  if (typeof value === 'string' || typeof value === 'number') {
    const text = String(value).trim().toLocaleLowerCase('en-US');
    return text || undefined;
  }
  return undefined;
}

/**
 * Maps cost rows, by their sub-account and tags, to at most one catalog entity. In order:
 * 0. the first configured tag rule whose key-value pairs the tags all carry;
 * 1. the value of the first configured tag key that names an entity: a Component's name, an
 *    entity ref, or a value listed in an entity's `runway.dev/cost-tags` annotation;
 * 2. the sub-account, listed in an entity's `runway.dev/cost-accounts` annotation;
 * 3. the sub-account, mapped to a System by the configured rules.
 * A row that matches none is unallocated. One owner per row keeps rollups free of double
 * counting.
 */
export class AttributionIndex {
  private readonly byTagValue = new Map<string, string>();
  private readonly byAccount = new Map<string, string>();

  constructor(
    entities: AttributableEntity[],
    private readonly rules: AttributionRules,
  ) {
    // Names first, annotations after: an explicit annotation wins over a name that happens
    // to match; among equal names, the default namespace wins.
    for (const entity of entities) {
      this.byTagValue.set(entity.ref, entity.ref);
      if (entity.kind === 'component') {
        const existing = this.byTagValue.get(entity.name);
        if (!existing || entity.namespace === 'default') {
          this.byTagValue.set(entity.name, entity.ref);
        }
      }
    }
    for (const entity of entities) {
      for (const value of listAnnotation(entity, COST_TAGS_ANNOTATION)) {
        this.byTagValue.set(value.toLocaleLowerCase('en-US'), entity.ref);
      }
    }
    for (const rule of rules.accountSystems) {
      this.byAccount.set(rule.subAccountId, rule.system);
    }
    for (const entity of entities) {
      for (const account of listAnnotation(entity, COST_ACCOUNTS_ANNOTATION)) {
        this.byAccount.set(account, entity.ref);
      }
    }
  }

  /** The entity ref that owns cost with this sub-account and tags, if any. */
  attribute(key: {
    subAccountId: string | null;
    tags: Record<string, unknown> | null;
  }): string | undefined {
    if (key.tags) {
      const tags = key.tags;
      const rule = this.rules.tagRules.find(candidate =>
        Object.entries(candidate.tags).every(
          ([tagKey, value]) =>
            tagValue(tags[tagKey]) === value.toLocaleLowerCase('en-US'),
        ),
      );
      if (rule) {
        return rule.entity;
      }
      for (const tagKey of this.rules.tagKeys) {
        const value = tagValue(key.tags[tagKey]);
        const owner = value && this.byTagValue.get(value);
        if (owner) {
          return owner;
        }
      }
    }
    return key.subAccountId ? this.byAccount.get(key.subAccountId) : undefined;
  }
}

/**
 * The entities whose cost makes up an entity's cost: a System adds what is part of it, a
 * Group what it owns and what is part of the systems it owns; anything else is itself.
 */
export function costScope(
  entity: AttributableEntity,
  entities: AttributableEntity[],
): string[] {
  const scope = new Set([entity.ref]);
  const partsOf = (systemRef: string) =>
    entities.filter(e => e.partOf.includes(systemRef)).map(e => e.ref);
  if (entity.kind === 'system') {
    partsOf(entity.ref).forEach(ref => scope.add(ref));
  } else if (entity.kind === 'group') {
    for (const owned of entities.filter(e => e.ownedBy.includes(entity.ref))) {
      scope.add(owned.ref);
      if (owned.kind === 'system') {
        partsOf(owned.ref).forEach(ref => scope.add(ref));
      }
    }
  }
  return [...scope].sort();
}
