import { InputError } from '@backstage/errors';
import {
  DeliveryEvent,
  DeliveryEventSource,
} from '@runway/plugin-delivery-common';

/** How many ids one 400 names. */
const MAX_REPORTED_IDS = 5;

/**
 * The ids each source owns: adapters name their events `<source>:...` and demo data
 * `demo-...`; the native API owns every other id. Ids of different sources therefore never
 * collide, while an event of one source may still name another's (an incident posted by CI
 * may name a GitHub deployment). Migration 20261212_event_identity keeps its own copy: a
 * migration must not change when this does.
 */
export const SOURCE_ID_PREFIXES: Record<
  Exclude<DeliveryEventSource, 'api'>,
  string
> = {
  github: 'github:',
  gitlab: 'gitlab:',
  cdevents: 'cdevents:',
  demo: 'demo-',
};

/** @throws InputError naming each event of the native API whose id another source owns. */
export function assertApiOwnsIds(events: DeliveryEvent[]): void {
  const prefixes = Object.entries(SOURCE_ID_PREFIXES);
  const problems = events.flatMap((event, index) => {
    const owner = prefixes.find(([, prefix]) => event.id.startsWith(prefix));
    return owner
      ? [
          `events[${index}].id: ${event.id} starts with ${owner[1]}, which only ${owner[0]} events use; choose an id without it`,
        ]
      : [];
  });
  if (problems.length > 0) {
    const shown = problems.slice(0, MAX_REPORTED_IDS);
    const more = problems.length - shown.length;
    throw new InputError(
      more > 0 ? `${shown.join('; ')}; and ${more} more` : shown.join('; '),
    );
  }
}
