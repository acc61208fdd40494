// Where a backend's CPU time went during given spans of time, from the profile Node writes
// with --cpu-prof: self time by package (`pg`, `@backstage/plugin-catalog-backend`), by
// repository package (`plugins/cost-backend`), by Node built-in (`node:zlib`), or by V8's own
// buckets (`(garbage collector)`). Used by scripts/bench-pages.mjs
// (RUNWAY_BENCH_BACKEND_PROFILE=1) to say what the backend does more for one variant's page
// loads than for the other's.
import fs from 'node:fs';
import path from 'node:path';
import { sourceBucket } from './cpu-profile-summary.mjs';

/** The bucket of a profile's call frame. */
export function nodeBucket(callFrame) {
  const { url, functionName } = callFrame;
  if (!url) return `(${functionName.replace(/[()]/g, '') || 'native'})`;
  if (url.startsWith('node:')) return url;
  const relative = sourceBucket(url);
  // plugins/<name> or packages/<name>: the package, not the file.
  const [top, name] = relative.split('/');
  return ['plugins', 'packages'].includes(top) && name
    ? `${top}/${name}`
    : relative;
}

/**
 * Self time (ms) by bucket within each span, one Map per span; spans are `{ start, end }` in
 * the profile's clock (µs, Node's `process.hrtime`, which is what V8 stamps its samples with
 * on Linux). A sample counts for the span its time falls in, with the time until the next
 * sample as its weight; `(idle)` samples are left out.
 */
export function selfTimesInSpans(profile, spans) {
  const nodes = new Map(profile.nodes.map(node => [node.id, node]));
  const perSpan = spans.map(() => new Map());
  const order = spans
    .map((span, index) => ({ ...span, index }))
    .sort((a, b) => a.start - b.start);
  let time = profile.startTime;
  let next = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    time += profile.timeDeltas[i];
    const weightMs =
      ((profile.timeDeltas[i + 1] ?? profile.endTime - time) || 0) / 1000;
    while (next < order.length && order[next].end < time) next++;
    const span = order[next];
    if (!span || time < span.start) continue;
    const { callFrame } = nodes.get(profile.samples[i]);
    if (callFrame.functionName === '(idle)') continue;
    const bucket = nodeBucket(callFrame);
    const sums = perSpan[span.index];
    sums.set(bucket, (sums.get(bucket) ?? 0) + weightMs);
  }
  return perSpan;
}

/**
 * The main thread's profile among those a process wrote to `dir` (Node names them
 * `CPU.<date>.<time>.<pid>.<thread>.<sequence>.cpuprofile`, thread 0 the main one).
 */
export function readMainThreadProfile(dir, pid) {
  const file = fs
    .readdirSync(dir)
    .find(name => new RegExp(`\\.${pid}\\.0\\.\\d+\\.cpuprofile$`).test(name));
  return file
    ? JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'))
    : undefined;
}
