// Where a Chrome CPU profile of the production frontend spent its time, by original source:
// the bundle is minified, so each sampled frame is mapped back through the chunk's source map
// (the production build writes one per chunk) to the package or repository file it came from.
// Used by scripts/bench-pages.mjs (RUNWAY_BENCH_CPU_PROFILE=1) to say which code a page's
// extra main-thread time runs in.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const root = path.resolve(import.meta.dirname, '../..');
const require = createRequire(path.join(root, 'package.json'));
// The 0.6 line: a synchronous consumer, enough for a few thousand lookups per profile.
const { SourceMapConsumer } = require('source-map');

/**
 * A package name for a path in node_modules (`@material-ui/core`, `react-dom`), else the
 * repository path of the file (`plugins/delivery/src/components/...`).
 */
export function sourceBucket(source) {
  const normalized = source
    .replace(/^webpack:\/\/[^/]*\//, '')
    .replace(/^file:\/\/\/?/, '/');
  const inModules = normalized.lastIndexOf('node_modules/');
  if (inModules >= 0) {
    const [first, second] = normalized
      .slice(inModules + 'node_modules/'.length)
      .split('/');
    return first.startsWith('@') ? `${first}/${second}` : first;
  }
  const absolute = path.resolve(root, normalized.replace(/^(\.\.\/)+/, ''));
  return absolute.startsWith(root) ? path.relative(root, absolute) : normalized;
}

export class ProfileSummarizer {
  /** @param {string} staticDir the build's static/ folder (chunks and their .map files) */
  constructor(staticDir) {
    this.staticDir = staticDir;
    this.consumers = new Map();
  }

  consumerFor(url) {
    const file = /\/static\/([^/?#]+\.js)/.exec(url)?.[1];
    if (!file) return undefined;
    if (!this.consumers.has(file)) {
      const mapFile = path.join(this.staticDir, `${file}.map`);
      this.consumers.set(
        file,
        fs.existsSync(mapFile)
          ? new SourceMapConsumer(JSON.parse(fs.readFileSync(mapFile, 'utf8')))
          : null,
      );
    }
    return this.consumers.get(file) ?? undefined;
  }

  bucketOf(callFrame) {
    const { url, functionName, lineNumber, columnNumber } = callFrame;
    if (!url) return `(${functionName.replace(/[()]/g, '') || 'native'})`;
    const consumer = this.consumerFor(url);
    if (!consumer) {
      return url.includes('/static/') ? '(unmapped bundle)' : url;
    }
    // A chunk's top-level code comes as line -1.
    if (lineNumber < 0) return '(bundle top level)';
    const original = consumer.originalPositionFor({
      line: lineNumber + 1,
      column: Math.max(0, columnNumber),
    });
    return original.source ? sourceBucket(original.source) : '(unmapped)';
  }

  /**
   * Self time in ms by bucket: each sample's time (the delta to the next sample) goes to the
   * frame it was taken in.
   */
  selfTimes(profile) {
    const bucketByNode = new Map(
      profile.nodes.map(node => [node.id, this.bucketOf(node.callFrame)]),
    );
    const totals = new Map();
    const { samples, timeDeltas } = profile;
    for (let i = 0; i < samples.length; i++) {
      const next = timeDeltas[i + 1] ?? 0;
      const bucket = bucketByNode.get(samples[i]);
      totals.set(bucket, (totals.get(bucket) ?? 0) + next / 1000);
    }
    return totals;
  }
}

/**
 * The buckets whose mean self time per load differs most between two variants, as table rows:
 * [bucket, mean of `a`, mean of `b`, b - a], largest difference first, after a first row
 * with the busy total (everything but idle).
 */
export function compareSelfTimes(
  loadsA,
  loadsB,
  top = 30,
  totalLabel = 'all but (idle)',
) {
  const mean = loads => {
    const sums = new Map();
    for (const load of loads) {
      for (const [bucket, ms] of load) {
        sums.set(bucket, (sums.get(bucket) ?? 0) + ms);
      }
    }
    return new Map([...sums].map(([b, ms]) => [b, ms / loads.length]));
  };
  const a = mean(loadsA);
  const b = mean(loadsB);
  const busy = means =>
    [...means].reduce(
      (sum, [bucket, ms]) => (bucket === '(idle)' ? sum : sum + ms),
      0,
    );
  const buckets = new Set([...a.keys(), ...b.keys()]);
  const total = [totalLabel, busy(a), busy(b), busy(b) - busy(a)];
  return [
    total,
    ...[...buckets]
      .map(bucket => {
        const ma = a.get(bucket) ?? 0;
        const mb = b.get(bucket) ?? 0;
        return [bucket, ma, mb, mb - ma];
      })
      .sort((x, y) => Math.abs(y[3]) - Math.abs(x[3]))
      .slice(0, top),
  ];
}
