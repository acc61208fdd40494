// Ratios of paired page loads (bench:pages) and the pool of earlier runs they can be added to.
//
// One run of 50-60 pairs on a 2-core machine moves by about ±3% from the next run of the same
// build (issue 18's Overview: 0.96, 1.04 and 1.03 by medians in three runs in a row), which is
// more than the differences worth knowing about. Only loads pooled over several runs narrow
// that, so a run can append its pairs to a pool file (RUNWAY_BENCH_POOL) and the benchmark
// prints the ratios of every run in the pool that measured the same thing: the same page, the
// same comparison, the same source and frontend build, database and number of cores.
import crypto from 'node:crypto';
import fs from 'node:fs';

export const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  const i = Math.min(
    sorted.length - 1,
    Math.max(0, Math.ceil(q * sorted.length) - 1),
  );
  return sorted[i];
};

export const median = values => quantile(values, 0.5);

export const mean = values => values.reduce((a, b) => a + b, 0) / values.length;

// How sure a ratio is: a percentile bootstrap, 2,000 resamples, the ratio of each resample's
// statistics. The loads are taken in pairs (run i of each variant, one after the other, which
// one first alternating), so a resample draws whole pairs: the machine's state at that moment
// (another process, a warm or cold cache, the CPU's clock) slows both loads of a pair alike,
// and drawing the variants' loads independently would count that shared drift as noise of the
// ratio (in a 41-run Overview comparison the pairs' loads correlated at 0.66, and the paired
// interval was 0.98-1.06 where the unpaired one was 0.94-1.09). A seeded generator, so that
// the same loads always give the same interval.
export function ratioInterval(
  statistic,
  runway,
  other,
  level = 0.95,
  resamples = 2000,
) {
  if (runway.length !== other.length || runway.length === 0) {
    throw new Error(
      `ratioInterval: ${runway.length} and ${other.length} loads are not pairs`,
    );
  }
  const random = seededRandom();
  const ratios = [];
  for (let i = 0; i < resamples; i++) {
    const pairs = runway.map(() => Math.floor(random() * runway.length));
    ratios.push(
      statistic(pairs.map(p => runway[p])) /
        statistic(pairs.map(p => other[p])),
    );
  }
  return [quantile(ratios, (1 - level) / 2), quantile(ratios, (1 + level) / 2)];
}

/** A generator of numbers in [0, 1) that gives the same sequence every time (mulberry32). */
function seededRandom(seed = 0x5eed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Least squares of `ms = base + perRender × renders + difference × (1 for Runway's loads, 0
 * for the other's)` over paired loads (`runway[i]` and `other[i]`, each `{ ms, renders }`):
 * how much longer Runway's loads took than the other's with the count of renders held equal,
 * and what one render cost. Undefined where the renders did not vary, so cannot be told apart
 * from the base.
 *
 * Why: an entity Overview's layout renders 2 to 12 times before it is shown (see
 * bench-pages.mjs), in both variants alike, and on the machine this was written for each render
 * added about 30 ms to the load: that spread hid a difference of a few tens of ms in the ratios,
 * and the fit takes it out. On another machine renders may weigh less (the fit prints what it
 * found per render). A diagnostic beside the ratios, not in place of them (were an addition to
 * make the layout render more often, holding renders equal would hide that).
 */
export function renderAdjustedFit(runway, other) {
  if (runway.length !== other.length || runway.length === 0) {
    throw new Error(
      `renderAdjustedFit: ${runway.length} and ${other.length} loads are not pairs`,
    );
  }
  const loads = [
    ...runway.map(load => ({ ...load, runway: 1 })),
    ...other.map(load => ({ ...load, runway: 0 })),
  ];
  // The normal equations (XᵀX) b = Xᵀy for the columns 1, renders, runway, by Cramer's rule.
  const columns = [() => 1, l => l.renders, l => l.runway];
  const xtx = columns.map(a =>
    columns.map(b => loads.reduce((sum, l) => sum + a(l) * b(l), 0)),
  );
  const xty = columns.map(a => loads.reduce((sum, l) => sum + a(l) * l.ms, 0));
  const det = m =>
    m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) -
    m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) +
    m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
  // Renders tell nothing apart from the variant when they are alike within each variant.
  const spreadWithin = [runway, other].reduce((sum, variant) => {
    const m = mean(variant.map(l => l.renders));
    return sum + variant.reduce((s2, l) => s2 + (l.renders - m) ** 2, 0);
  }, 0);
  if (spreadWithin < 1e-9) return undefined;
  const d = det(xtx);
  const solve = column =>
    det(xtx.map((row, i) => row.map((v, j) => (j === column ? xty[i] : v)))) /
    d;
  return { base: solve(0), perRender: solve(1), difference: solve(2) };
}

/**
 * `renderAdjustedFit` with a 95% percentile-bootstrap interval of its difference, resampling
 * whole pairs (as ratioInterval does) with a seeded generator; resamples whose renders did
 * not vary are skipped. Undefined when the fit itself is.
 */
export function renderAdjustedDifference(runway, other, resamples = 2000) {
  const fit = renderAdjustedFit(runway, other);
  if (!fit) return undefined;
  const random = seededRandom();
  const differences = [];
  for (let i = 0; i < resamples; i++) {
    const pairs = runway.map(() => Math.floor(random() * runway.length));
    const resampled = renderAdjustedFit(
      pairs.map(p => runway[p]),
      pairs.map(p => other[p]),
    );
    if (resampled) differences.push(resampled.difference);
  }
  return {
    ...fit,
    interval: [quantile(differences, 0.025), quantile(differences, 0.975)],
  };
}

/** How often the variant with Runway's addition was the faster of a pair. */
export const fasterInPairs = (runway, other) =>
  runway.filter((ms, i) => ms < other[i]).length;

/** A ratio with its interval, as the benchmark's tables print it: `1.02 (0.98-1.04)`. */
export function ratioText(statistic, runway, other) {
  const [low, high] = ratioInterval(statistic, runway, other);
  return `${(statistic(runway) / statistic(other)).toFixed(2)} (${low.toFixed(
    2,
  )}-${high.toFixed(2)})`;
}

/**
 * What must be the same for two runs' loads to be pooled: the source (`committed`, an id of
 * what the portals run as committed, and a digest of the uncommitted changes to it, since a
 * run is often of work in progress), the frontend
 * bundle (its files' content-hashed names), the database and the machine's cores.
 */
export function poolKey({
  committed,
  uncommittedDiff,
  bundleFiles,
  database,
  cpus,
}) {
  const digest = text =>
    crypto.createHash('sha256').update(text).digest('hex').slice(0, 12);
  return {
    source: uncommittedDiff
      ? `${committed}+${digest(uncommittedDiff)}`
      : committed,
    bundle: digest([...bundleFiles].sort().join('\n')),
    database,
    cpus,
  };
}

const sameKey = (a, b) =>
  a.source === b.source &&
  a.bundle === b.bundle &&
  a.database === b.database &&
  a.cpus === b.cpus;

/**
 * The runs recorded in a pool file (one JSON object per line). A line that is not a run's
 * record is an error naming the file and line: a pool that silently lost runs would report
 * figures from fewer loads than it says.
 */
export function readPool(file) {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((line, i) => [line, i + 1])
    .filter(([line]) => line.trim() !== '')
    .map(([line, number]) => {
      let run;
      try {
        run = JSON.parse(line);
      } catch (error) {
        throw new Error(`${file}:${number}: not JSON (${error.message})`);
      }
      const pairs =
        Array.isArray(run?.runway) &&
        Array.isArray(run?.other) &&
        run.runway.length === run.other.length &&
        run.runway.length > 0 &&
        [...run.runway, ...run.other].every(
          ms => typeof ms === 'number' && Number.isFinite(ms) && ms > 0,
        );
      // Optional (runs with RUNWAY_BENCH_WATERFALL): each load's renders, as many as its loads.
      const counts = (field, loads) =>
        run?.[field] === undefined ||
        (Array.isArray(run[field]) &&
          run[field].length === loads.length &&
          run[field].every(n => Number.isInteger(n) && n >= 0));
      if (
        !pairs ||
        !counts('runwayRenders', run.runway) ||
        !counts('otherRenders', run.other) ||
        typeof run.page !== 'string' ||
        typeof run.comparison !== 'string' ||
        typeof run.key !== 'object' ||
        run.key === null
      ) {
        throw new Error(
          `${file}:${number}: not a run's record (page, comparison, key, as many runway as other load times, in ms, and any render counts one per load)`,
        );
      }
      return run;
    });
}

/** Appends one run of one page (its paired load times, in run order) to the pool file. */
export function appendToPool(file, run) {
  fs.appendFileSync(file, `${JSON.stringify(run)}\n`);
}

/**
 * The runs in `pool` that measured what `run` did (same page and address, comparison and key), `run`
 * among them when it was appended, with all their pairs together.
 */
export function pooledWith(pool, run) {
  const runs = pool.filter(
    recorded =>
      recorded.page === run.page &&
      recorded.path === run.path &&
      recorded.comparison === run.comparison &&
      sameKey(recorded.key, run.key),
  );
  return {
    runs,
    runway: runs.flatMap(recorded => recorded.runway),
    other: runs.flatMap(recorded => recorded.other),
  };
}
