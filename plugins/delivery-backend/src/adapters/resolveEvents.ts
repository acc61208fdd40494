import type { DeliveryEvent } from '@runway/plugin-delivery-common';
import type { EntityResolver, UnmatchedReason } from './entityResolver';
import type {
  EntityHint,
  MappedEvent,
  PushLookup,
  RepositoryProvider,
} from './types';

/** A mapped event with its entity: ready to be stored. */
export interface ResolvedEvent extends Omit<MappedEvent, 'event' | 'entity'> {
  event: DeliveryEvent;
  /** The adapter's id, when the event is one of several copies (one per component). */
  mappedId?: string;
}

/** A mapped event that names no single entity: stored as unmatched, with the reason. */
export interface UnresolvedEvent {
  mapped: MappedEvent;
  reason: UnmatchedReason;
  message: string;
  candidates?: string[];
}

/** The files changed by the push whose last commit is `headSha`; undefined when not seen. */
export type PushPathsLookup = (
  lookup: PushLookup,
) => Promise<string[] | undefined>;

/**
 * Gives each mapped event its entity. An event belongs to exactly one entity, so a hint that
 * designates several (a monorepo without `runway.dev/source-paths`) leaves it unmatched as
 * ambiguous, with one exception: a CI run of a push (`pushLookup`) whose changed files are
 * known (`pushPaths`) belongs to every component those files resolve to, and is stored once
 * per component with the id `<id>@<entityRef>`.
 */
export async function resolveMappedEvents(
  resolver: EntityResolver,
  events: MappedEvent[],
  pushPaths?: PushPathsLookup,
): Promise<{ resolved: ResolvedEvent[]; unmatched: UnresolvedEvent[] }> {
  const resolved: ResolvedEvent[] = [];
  const unmatched: UnresolvedEvent[] = [];
  // The files of a run's push are only looked up when the repository has several components.
  const resolutions = await Promise.all(
    events.map(async mapped => {
      const first = await resolver.resolve(mapped.entity);
      const paths =
        first.matched && first.entityRefs.length > 1
          ? await pushPathsOf(mapped, pushPaths)
          : undefined;
      if (!paths) {
        return { mapped, resolution: first };
      }
      const entity = { ...(mapped.entity as RepositoryHint), paths };
      return {
        mapped: { ...mapped, entity },
        resolution: await resolver.resolve(entity),
      };
    }),
  );
  resolutions.forEach(({ mapped, resolution }) => {
    const { event, entity, ...rest } = mapped;
    const resolveTo = (entityRef: string, id = event.id) =>
      resolved.push({
        ...rest,
        event: { ...event, id, entityRef } as DeliveryEvent,
        ...(id !== event.id ? { mappedId: event.id } : {}),
      });
    if (!resolution.matched) {
      const { reason, message, candidates } = resolution;
      unmatched.push({ mapped, reason, message, candidates });
    } else if (resolution.entityRefs.length === 1) {
      resolveTo(resolution.entityRefs[0]);
    } else if (
      mapped.pushLookup &&
      entity.kind === 'repository' &&
      entity.paths
    ) {
      for (const entityRef of resolution.entityRefs) {
        resolveTo(entityRef, `${event.id}@${entityRef}`);
      }
    } else {
      unmatched.push({
        mapped,
        reason: 'ambiguous',
        message: `${resolution.entityRefs.length} components match; set runway.dev/source-paths on them, or name the entity in the event`,
        candidates: resolution.entityRefs,
      });
    }
  });
  return { resolved, unmatched };
}

type RepositoryHint = Extract<EntityHint, { kind: 'repository' }>;

/** The files changed by the push a CI run is about, once that push was seen. */
async function pushPathsOf(
  mapped: MappedEvent,
  pushPaths: PushPathsLookup | undefined,
): Promise<string[] | undefined> {
  const { entity, pushLookup } = mapped;
  if (
    !pushPaths ||
    !pushLookup ||
    entity.kind !== 'repository' ||
    entity.paths
  ) {
    return undefined;
  }
  const paths = await pushPaths(pushLookup);
  return paths?.length ? paths : undefined;
}

/**
 * The commits of a monorepo that belong to `entityRef`: those whose changed files resolve to
 * it. A commit whose files no component claims belongs to none; a commit without a list of
 * files, or whose repository the catalog does not know, is kept.
 */
export async function commitsOfEntity<T extends { paths?: string[] }>(
  resolver: EntityResolver,
  repository: { provider: RepositoryProvider; slug: string },
  entityRef: string,
  commits: T[],
): Promise<T[]> {
  const target = entityRef.toLocaleLowerCase('en-US');
  const keep = await Promise.all(
    commits.map(async commit => {
      if (!commit.paths?.length) {
        return true;
      }
      const resolution = await resolver.resolve({
        kind: 'repository',
        ...repository,
        paths: commit.paths,
      });
      if (!resolution.matched) {
        return resolution.reason !== 'no-path-match';
      }
      return resolution.entityRefs.some(
        ref => ref.toLocaleLowerCase('en-US') === target,
      );
    }),
  );
  return commits.filter((_, index) => keep[index]);
}
