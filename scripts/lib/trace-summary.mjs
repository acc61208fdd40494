// What a page load's browser main thread did, by kind of work, from a Chrome trace (the
// DevTools timeline categories): self time and count per trace event (style recalculation,
// layout, script entry points, garbage collection, ...), with script entry points split by the
// source they ran in. Used by scripts/bench-pages.mjs (RUNWAY_BENCH_TRACE=1) to say which
// kind of work a page's extra main-thread time is, where a CPU profile only says which code
// was on the stack.

/** The categories the summary reads (Chrome's DevTools "Performance" panel records these). */
export const TRACE_CATEGORIES = [
  '-*',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8.execute',
  'v8',
  'blink.user_timing',
  'toplevel',
];

/**
 * The renderer main thread that worked most in the trace: the tab's own (a trace of one tab
 * can also hold a spare renderer's, or an earlier page's).
 */
function mainThreadOf(events) {
  const mains = new Set(
    events
      .filter(e => e.ph === 'M' && e.name === 'thread_name')
      .filter(e => e.args?.name === 'CrRendererMain')
      .map(e => `${e.pid}:${e.tid}`),
  );
  const busy = new Map();
  for (const e of events) {
    const key = `${e.pid}:${e.tid}`;
    if (e.ph === 'X' && e.name === 'RunTask' && mains.has(key)) {
      busy.set(key, (busy.get(key) ?? 0) + (e.dur ?? 0));
    }
  }
  return [...busy].sort((a, b) => b[1] - a[1])[0]?.[0];
}

/**
 * One load's main-thread self time in ms and event counts, by bucket: the event's name, and
 * for a script entry point (`FunctionCall`, `EvaluateScript`) also the source it ran in, as
 * `bucketOf` names it (e.g. `FunctionCall react-dom`).
 *
 * @param trace the JSON Chrome wrote (`{ traceEvents: [...] }`)
 * @param bucketOf maps a call frame ({ url, functionName, lineNumber, columnNumber }, 0-based
 *   lines) to a source bucket; the CPU profile summary's `bucketOf`
 */
export function summarizeTrace(trace, bucketOf) {
  const events = Array.isArray(trace) ? trace : trace.traceEvents;
  const main = mainThreadOf(events);
  const own = events
    .filter(e => `${e.pid}:${e.tid}` === main && e.ph === 'X' && e.dur > 0)
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const selfMs = new Map();
  const counts = new Map();
  const nameOf = e => {
    const data = e.args?.data;
    if ((e.name === 'FunctionCall' || e.name === 'EvaluateScript') && data) {
      const frame = {
        url: data.url ?? '',
        functionName: data.functionName ?? '',
        lineNumber: (data.lineNumber ?? 1) - 1,
        columnNumber: (data.columnNumber ?? 1) - 1,
      };
      return `${e.name} ${bucketOf(frame)}`;
    }
    return e.name;
  };
  // Self time: an event's duration less its children's (events nest on one thread).
  const stack = [];
  const self = new Map();
  for (const e of own) {
    while (
      stack.length &&
      stack[stack.length - 1].ts + stack[stack.length - 1].dur <= e.ts
    ) {
      stack.pop();
    }
    const parent = stack[stack.length - 1];
    if (parent) {
      const overlap = Math.min(e.ts + e.dur, parent.ts + parent.dur) - e.ts;
      self.set(parent, (self.get(parent) ?? 0) - overlap);
    }
    self.set(e, (self.get(e) ?? 0) + e.dur);
    stack.push(e);
  }
  for (const [e, us] of self) {
    const name = nameOf(e);
    selfMs.set(name, (selfMs.get(name) ?? 0) + us / 1000);
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return { selfMs, counts };
}
