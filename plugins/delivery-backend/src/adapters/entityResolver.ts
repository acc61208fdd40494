import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { LRUCache } from 'lru-cache';
import pLimit from 'p-limit';
import { compileSourcePaths } from './sourcePaths';
import type { EntityHint, RepositoryProvider } from './types';

/** Annotation naming the GitHub repository `owner/name` of a component (Backstage's GitHub plugins use it too). */
export const GITHUB_PROJECT_SLUG_ANNOTATION = 'github.com/project-slug';
/** Annotation naming the GitLab project path `group/project` of a component. */
export const GITLAB_PROJECT_SLUG_ANNOTATION = 'gitlab.com/project-slug';
/**
 * Runway: comma-separated picomatch globs of the files a component owns inside a monorepo,
 * bounded by SOURCE_PATH_LIMITS.
 */
export const SOURCE_PATHS_ANNOTATION = 'runway.dev/source-paths';
/** Runway: the CDEvents service id of a component; defaults to its `metadata.name`. */
export const CDEVENTS_SERVICE_ID_ANNOTATION = 'runway.dev/cdevents-service-id';

const SLUG_ANNOTATIONS: Record<RepositoryProvider, string> = {
  github: GITHUB_PROJECT_SLUG_ANNOTATION,
  gitlab: GITLAB_PROJECT_SLUG_ANNOTATION,
};

/** Why an event could not be given an entity. The backbone stores the event as unmatched with it. */
export type UnmatchedReason =
  /** No component carries the annotation value. */
  | 'no-entity'
  /** Components carry it, but none claims the changed paths through `runway.dev/source-paths`. */
  | 'no-path-match'
  /** Several components match and the event can belong to one only. */
  | 'ambiguous'
  /** The hint itself is unusable (e.g. a malformed entity ref). */
  | 'invalid-hint';

export type EntityResolution =
  | { matched: true; entityRefs: string[] }
  | {
      matched: false;
      reason: UnmatchedReason;
      message: string;
      /** Entities that were considered, for the unmatched listing. */
      candidates?: string[];
    };

/** Maps the subject of an incoming event to catalog entities. */
export interface EntityResolver {
  /**
   * Every entity the hint designates: a push to a monorepo can touch several components.
   * Callers that need exactly one entity (events) treat several as ambiguous.
   */
  resolve(hint: EntityHint): Promise<EntityResolution>;
}

/** One catalog query; its answer is cached. */
type CatalogLookup =
  | { kind: 'repository'; provider: RepositoryProvider; slug: string }
  | { kind: 'cdeventsService'; serviceId: string };

/** Passed to the cache's fetch; wraps the union, which lru-cache's types would distribute over. */
interface FetchContext {
  lookup: CatalogLookup;
}

interface Candidate {
  entityRef: string;
  sourcePaths?: (path: string) => boolean;
}

export interface CatalogEntityResolverOptions {
  catalog: CatalogService;
  auth: Pick<AuthService, 'getOwnServiceCredentials'>;
  /**
   * How long a catalog answer is reused. Short: an annotation added to an entity must take
   * effect quickly, but a burst of webhooks for one repository must not query the catalog each time.
   * @defaultValue 30 seconds
   */
  cacheTtlMs?: number;
  /** @defaultValue 1000 */
  maxCachedLookups?: number;
  /**
   * How many catalog queries run at once; the other lookups wait.
   * @defaultValue 8
   */
  maxConcurrentQueries?: number;
  /** Warned about `runway.dev/source-paths` globs over the limits. */
  logger?: Pick<LoggerService, 'warn'>;
}

const ENTITY_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.annotations',
];

/** {@link EntityResolver} backed by the catalog, with a short-lived cache of its answers. */
export class CatalogEntityResolver implements EntityResolver {
  private readonly catalog: CatalogService;
  private readonly auth: Pick<AuthService, 'getOwnServiceCredentials'>;
  private readonly cache: LRUCache<string, Candidate[], FetchContext>;
  private readonly logger?: Pick<LoggerService, 'warn'>;

  constructor(options: CatalogEntityResolverOptions) {
    this.catalog = options.catalog;
    this.auth = options.auth;
    this.logger = options.logger;
    // A CDEvents batch may name a thousand services, each a lookup of its own: they wait
    // their turn instead of reaching the catalog all at once.
    const queries = pLimit(options.maxConcurrentQueries ?? 8);
    this.cache = new LRUCache<string, Candidate[], FetchContext>({
      max: options.maxCachedLookups ?? 1000,
      ttl: options.cacheTtlMs ?? 30_000,
      // fetch() shares one in-flight catalog request between concurrent lookups of the same key.
      fetchMethod: (_key, _stale, { context }) =>
        queries(() => this.queryCatalog(context.lookup)),
    });
  }

  async resolve(hint: EntityHint): Promise<EntityResolution> {
    switch (hint.kind) {
      case 'entityRef':
        return resolveEntityRef(hint.entityRef);
      case 'repository':
        return this.resolveRepository(hint.slug, hint.provider, hint.paths);
      case 'cdeventsService':
        return this.resolveCdeventsService(hint.serviceId);
      case 'none':
        return { matched: false, reason: 'no-entity', message: hint.why };
      default:
        return assertNever(hint);
    }
  }

  private async resolveRepository(
    slug: string,
    provider: RepositoryProvider | undefined,
    paths: string[] | undefined,
  ): Promise<EntityResolution> {
    const providers: RepositoryProvider[] = provider
      ? [provider]
      : ['github', 'gitlab'];
    const candidates = (
      await Promise.all(
        providers.map(p =>
          this.lookup({ kind: 'repository', provider: p, slug }),
        ),
      )
    ).flat();
    const annotations = providers.map(p => SLUG_ANNOTATIONS[p]).join(' or ');
    if (candidates.length === 0) {
      return {
        matched: false,
        reason: 'no-entity',
        message: `No component has annotation ${annotations} = "${slug}"`,
      };
    }
    const matching = filterByPaths(candidates, paths);
    if (matching.length === 0) {
      return {
        matched: false,
        reason: 'no-path-match',
        message: `Components of "${slug}" exist, but none claims the changed paths through ${SOURCE_PATHS_ANNOTATION}`,
        candidates: candidates.map(c => c.entityRef),
      };
    }
    return {
      matched: true,
      entityRefs: unique(matching.map(c => c.entityRef)),
    };
  }

  private async resolveCdeventsService(
    serviceId: string,
  ): Promise<EntityResolution> {
    const candidates = await this.lookup({
      kind: 'cdeventsService',
      serviceId,
    });
    if (candidates.length === 0) {
      return {
        matched: false,
        reason: 'no-entity',
        message: `No component has annotation ${CDEVENTS_SERVICE_ID_ANNOTATION} = "${serviceId}", nor that name without the annotation`,
      };
    }
    return { matched: true, entityRefs: candidates.map(c => c.entityRef) };
  }

  private async lookup(lookup: CatalogLookup): Promise<Candidate[]> {
    // The catalog compares values case-insensitively, so the cache does too.
    const key =
      lookup.kind === 'repository'
        ? `repository:${lookup.provider}:${lookup.slug}`
        : `cdeventsService:${lookup.serviceId}`;
    return (
      (await this.cache.fetch(key.toLocaleLowerCase('en-US'), {
        context: { lookup },
      })) ?? []
    );
  }

  private async queryCatalog(lookup: CatalogLookup): Promise<Candidate[]> {
    const credentials = await this.auth.getOwnServiceCredentials();
    if (lookup.kind === 'repository') {
      const annotation = SLUG_ANNOTATIONS[lookup.provider];
      const { items } = await this.catalog.getEntities(
        {
          filter: {
            kind: 'component',
            [`metadata.annotations.${annotation}`]: lookup.slug,
          },
          fields: ENTITY_FIELDS,
        },
        { credentials },
      );
      return sortCandidates(
        items.map(entity => toCandidate(entity, this.logger)),
      );
    }
    const { serviceId } = lookup;
    const { items } = await this.catalog.getEntities(
      {
        filter: [
          {
            kind: 'component',
            [`metadata.annotations.${CDEVENTS_SERVICE_ID_ANNOTATION}`]:
              serviceId,
          },
          { kind: 'component', 'metadata.name': serviceId },
        ],
        fields: ENTITY_FIELDS,
      },
      { credentials },
    );
    // The annotation replaces the name: an entity whose annotation says otherwise is not a match by name.
    const matches = items.filter(entity => {
      const annotated =
        entity.metadata.annotations?.[CDEVENTS_SERVICE_ID_ANNOTATION];
      return sameId(annotated ?? entity.metadata.name, serviceId);
    });
    return sortCandidates(
      matches.map(entity => toCandidate(entity, this.logger)),
    );
  }
}

function resolveEntityRef(entityRef: string): EntityResolution {
  try {
    const ref = parseEntityRef(entityRef, {
      defaultKind: 'component',
      defaultNamespace: 'default',
    });
    return { matched: true, entityRefs: [stringifyEntityRef(ref)] };
  } catch (error) {
    return {
      matched: false,
      reason: 'invalid-hint',
      message: `Invalid entity ref "${entityRef}": ${(error as Error).message}`,
    };
  }
}

function toCandidate(
  entity: Entity,
  logger?: Pick<LoggerService, 'warn'>,
): Candidate {
  const entityRef = stringifyEntityRef(entity);
  const annotation = entity.metadata.annotations?.[SOURCE_PATHS_ANNOTATION];
  if (!annotation) {
    return { entityRef };
  }
  const { matches, ignored } = compileSourcePaths(annotation);
  for (const { pattern, reason } of ignored) {
    logger?.warn(
      `${entityRef}: ignoring ${SOURCE_PATHS_ANNOTATION} glob "${pattern.slice(
        0,
        100,
      )}": ${reason}`,
    );
  }
  return { entityRef, sourcePaths: matches };
}

/**
 * Without changed paths every component of the repository matches. With paths, the components
 * whose globs match one of them; when none does, the components without globs (they own
 * whatever no other component claims).
 */
function filterByPaths(
  candidates: Candidate[],
  paths: string[] | undefined,
): Candidate[] {
  if (!paths || paths.length === 0) {
    return candidates;
  }
  const claiming = candidates.filter(
    c => c.sourcePaths && paths.some(path => c.sourcePaths!(path)),
  );
  return claiming.length > 0
    ? claiming
    : candidates.filter(c => !c.sourcePaths);
}

/** Catalog filters compare case-insensitively; so does the check after them. */
function sameId(a: string, b: string): boolean {
  return (
    a.trim().toLocaleLowerCase('en-US') === b.trim().toLocaleLowerCase('en-US')
  );
}

function sortCandidates(candidates: Candidate[]): Candidate[] {
  return candidates.sort((a, b) => a.entityRef.localeCompare(b.entityRef));
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

function assertNever(value: never): never {
  throw new Error(`Unexpected entity hint ${JSON.stringify(value)}`);
}
