import { useEffect, useState } from 'react';

/**
 * False until the browser has had its first idle moment after the component mounted (or
 * `timeoutMs` has passed, whichever comes first), then true.
 *
 * For a card whose figures are not what the page waits for: while a page loads, its main
 * thread is busy with the page's own code and renders, and a card that renders its figures in
 * the same pass delays the rest (on a busy 2-core machine, measurably). Rendering a light
 * placeholder first and the figures once the page has settled keeps the card off that path.
 * Where the browser has no `requestIdleCallback` (Safari), the next task.
 */
export function useAfterFirstIdle(
  timeoutMs: number,
  /** False: nothing is waited for (and no update is scheduled); the answer stays false. */
  enabled: boolean = true,
): boolean {
  const [idle, setIdle] = useState(false);
  useEffect(() => {
    if (!enabled) return undefined;
    if (typeof window.requestIdleCallback === 'function') {
      const handle = window.requestIdleCallback(() => setIdle(true), {
        timeout: timeoutMs,
      });
      return () => window.cancelIdleCallback(handle);
    }
    const handle = window.setTimeout(() => setIdle(true), 0);
    return () => window.clearTimeout(handle);
  }, [timeoutMs, enabled]);
  return idle;
}
