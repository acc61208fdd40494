import type { DeliveryEventSource } from '@runway/plugin-delivery-common';
import { z } from 'zod';
import { toUtcInstant } from './time';
import type { AdapterResult, EntityHint, MappedEvent } from './types';
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
