import { DeliveryStore } from '../database/DeliveryStore';
import {
  DEMO_HISTORY_DEFAULT_DAYS,
  generateDemoHistory,
} from './generateDemoHistory';

/** About six months: enough for the DORA cards' trends and every window the UI offers. */
export const DEMO_HISTORY_DAYS = DEMO_HISTORY_DEFAULT_DAYS;

const EVENTS_PER_WRITE = 1000;

/**
 * Writes the demo history up to `now` (source `demo`). Idempotent: events are upserted by id,
 * so running it again, on a restart or from another replica, only adds what happened since
 * and closes incidents that were open.
 */
export async function seedDemoHistory(options: {
  store: DeliveryStore;
  now: Date;
  days?: number;
}): Promise<{ events: number; created: number; updated: number }> {
  const events = generateDemoHistory({
    now: options.now.toISOString(),
    days: options.days ?? DEMO_HISTORY_DAYS,
  });
  let created = 0;
  let updated = 0;
  for (let i = 0; i < events.length; i += EVENTS_PER_WRITE) {
    const result = await options.store.writeEvents({
      source: 'demo',
      events: events.slice(i, i + EVENTS_PER_WRITE),
    });
    created += result.created;
    updated += result.updated;
  }
  return { events: events.length, created, updated };
}
