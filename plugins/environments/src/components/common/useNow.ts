import { DateTime } from 'luxon';
import { useReducer } from 'react';
import { useInterval } from 'react-use';

/**
 * The current time, read at every render, and a re-render every `intervalMs` so countdowns
 * move while nothing else changes. Reading it per render (not keeping the last tick) means
 * data that just arrived is never measured against a clock up to `intervalMs` old: an
 * environment that became ready a second ago expires "in 24 hours", not "in 1 day".
 */
export function useNow(intervalMs = 30_000): DateTime {
  const [, tick] = useReducer((count: number) => count + 1, 0);
  useInterval(tick, intervalMs);
  return DateTime.now();
}
