import { DateTime } from 'luxon';
import { useState } from 'react';
import { useInterval } from 'react-use';

/** The current time, refreshed every `intervalMs` so countdowns move. */
export function useNow(intervalMs = 30_000): DateTime {
  const [now, setNow] = useState(() => DateTime.now());
  useInterval(() => setNow(DateTime.now()), intervalMs);
  return now;
}
