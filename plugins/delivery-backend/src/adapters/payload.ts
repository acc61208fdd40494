import {
  type DeliveryEventSource,
  isWebAddress,
} from '@runway/plugin-delivery-common';
import { z } from 'zod';
import { toUtcInstant } from './time';
import type {
  AdapterResult,
  EntityHint,
  IgnoredItem,
  MappedEvent,
} from './types';
import { zodIssuesToErrors } from './zodErrors';

/** An instant as webhooks write it (ISO-8601, or GitLab's `2025-03-04 09:12:05 UTC`), offset required. */
export const instantSchema = z
  .string()
  .refine(value => toUtcInstant(value) !== undefined, {
    message: 'must be a date-time with offset',
  });

/** Validates the fields a mapper reads; on failure the errors name each field's path. */
export function parsePayload<T>(
  schema: z.ZodType<T>,
  payload: unknown,
  result: AdapterResult,
  map: (parsed: T, result: AdapterResult) => void,
): void {
  const parsed = schema.safeParse(payload);
  if (!parsed.success) {
    result.errors.push(...zodIssuesToErrors(parsed.error.issues));
    return;
  }
  map(parsed.data, result);
}

export function mappedEvent(
  source: DeliveryEventSource,
  event: MappedEvent['event'],
  entity: EntityHint,
  placeholderFields?: string[],
): MappedEvent {
  return {
    source,
    event: withoutUndefined(event),
    entity,
    ...(placeholderFields ? { placeholderFields } : {}),
  };
}

/** Absent and undefined differ for a stored event: leave out what the payload did not say. */
export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined),
  ) as T;
}

/**
 * The result with every event's `url` that is not an http(s) address left out, each listed in
 * `ignored`: the rest of the event is worth keeping (refusing a webhook would lose a
 * deployment over a link), but the portal and readers of the API link these addresses, and a
 * `javascript:` one would run script. Events posted to `POST /events` are refused instead
 * (a 400 naming `url`), as the caller can fix them.
 */
export function withWebAddressesOnly(result: AdapterResult): AdapterResult {
  const ignored: IgnoredItem[] = [];
  const events = result.events.map(mapped => {
    const url = 'url' in mapped.event ? mapped.event.url : undefined;
    if (url === undefined || isWebAddress(url)) return mapped;
    const { url: _left, ...event } = mapped.event as typeof mapped.event & {
      url?: string;
    };
    ignored.push({
      path: '',
      reason: `${mapped.event.type} ${mapped.event.id}: url is not an http(s) address, so the event was kept without it`,
    });
    return { ...mapped, event: event as typeof mapped.event };
  });
  return ignored.length === 0
    ? result
    : { ...result, events, ignored: [...result.ignored, ...ignored] };
}
