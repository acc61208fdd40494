import type { DeliveryEvent } from '@runway/plugin-delivery-common';
import type { EntityResolver, UnmatchedReason } from './entityResolver';
import type { MappedEvent } from './types';

/** A mapped event with its entity: ready to be stored. */
export interface ResolvedEvent extends Omit<MappedEvent, 'event' | 'entity'> {
  event: DeliveryEvent;
}

/** A mapped event that names no single entity: stored as unmatched, with the reason. */
export interface UnmatchedEvent {
  mapped: MappedEvent;
  reason: UnmatchedReason;
  message: string;
  candidates?: string[];
}

/**
 * Gives each mapped event its entity. An event belongs to exactly one entity, so a hint that
 * designates several (a monorepo without `runway.dev/source-paths`) leaves it unmatched as ambiguous.
 */
export async function resolveMappedEvents(
  resolver: EntityResolver,
  events: MappedEvent[],
): Promise<{ resolved: ResolvedEvent[]; unmatched: UnmatchedEvent[] }> {
  const resolved: ResolvedEvent[] = [];
  const unmatched: UnmatchedEvent[] = [];
  const resolutions = await Promise.all(
    events.map(mapped => resolver.resolve(mapped.entity)),
  );
  events.forEach((mapped, index) => {
    const resolution = resolutions[index];
    if (!resolution.matched) {
      const { reason, message, candidates } = resolution;
      unmatched.push({ mapped, reason, message, candidates });
    } else if (resolution.entityRefs.length > 1) {
      unmatched.push({
        mapped,
        reason: 'ambiguous',
        message: `${resolution.entityRefs.length} components match; set runway.dev/source-paths on them, or name the entity in the event`,
        candidates: resolution.entityRefs,
      });
    } else {
      const { event, entity: _entity, ...rest } = mapped;
      resolved.push({
        ...rest,
        event: {
          ...event,
          entityRef: resolution.entityRefs[0],
        } as DeliveryEvent,
      });
    }
  });
  return { resolved, unmatched };
}
