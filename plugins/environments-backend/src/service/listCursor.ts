import { InputError } from '@backstage/errors';
import { ListPosition } from '../database/EnvironmentStore';

/** A page of the requests list when the caller does not say (`limit`). */
export const DEFAULT_LIST_LIMIT = 100;

/** An instant as the store writes it (ISO-8601 UTC with milliseconds). */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const MAX_ID_LENGTH = 36;

/**
 * The list's `nextCursor`: where a page ended, opaque to callers (base64url of the last row's
 * instant and id), so the next page starts after it however many requests were made since.
 */
export function encodeListCursor(position: ListPosition): string {
  return Buffer.from(
    JSON.stringify([position.createdAt, position.id]),
    'utf8',
  ).toString('base64url');
}

/**
 * Reads a `cursor` parameter back; anything this list did not give out is a 400 naming the
 * parameter, not a query with whatever it holds.
 */
export function decodeListCursor(cursor: string): ListPosition {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  if (
    Array.isArray(value) &&
    value.length === 2 &&
    typeof value[0] === 'string' &&
    INSTANT.test(value[0]) &&
    typeof value[1] === 'string' &&
    value[1].length > 0 &&
    value[1].length <= MAX_ID_LENGTH
  ) {
    return { createdAt: value[0], id: value[1] };
  }
  throw new InputError(
    'cursor: not a cursor this list gave out; use the nextCursor of the page before, or leave it out for the first page',
  );
}
