// bench:pages' ratios and its pool of earlier runs (lib/bench-stats.mjs): what the pooled
// figures issue 18's Overview point is judged by are computed from.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  appendToPool,
  fasterInPairs,
  mean,
  median,
  pooledWith,
  poolKey,
  ratioInterval,
  ratioText,
  readPool,
  renderAdjustedDifference,
  renderAdjustedFit,
} from '../lib/bench-stats.mjs';

const tempPool = () =>
  path.join(
    fs.mkdtempSync(path.join(os.tmpdir(), 'runway-bench-pool-')),
    'pool.jsonl',
  );

const key = (overrides = {}) =>
  poolKey({
    committed: 'abc123',
    uncommittedDiff: '',
    bundleFiles: ['main.1.js', 'vendor.2.js'],
    database: 'PostgreSQL',
    cpus: 2,
    ...overrides,
  });

test('the interval is about the pairs: a constant ratio has no spread, noise widens it', () => {
  const other = [1000, 1200, 900, 1500, 1100, 1300];
  const runway = other.map(ms => ms * 1.05);
  const [low, high] = ratioInterval(mean, runway, other);
  assert.ok(Math.abs(low - 1.05) < 1e-9 && Math.abs(high - 1.05) < 1e-9);

  const noisy = runway.map((ms, i) => ms * (i % 2 ? 1.1 : 0.92));
  const [noisyLow, noisyHigh] = ratioInterval(mean, noisy, other);
  assert.ok(noisyLow < mean(noisy) / mean(other));
  assert.ok(noisyHigh > mean(noisy) / mean(other));
  // Seeded: the same loads give the same interval.
  assert.deepEqual(ratioInterval(mean, noisy, other), [noisyLow, noisyHigh]);
  assert.throws(() => ratioInterval(mean, [1, 2], [1]), /not pairs/);
});

test('ratios, medians and pairs won are those of the loads given', () => {
  assert.equal(median([5, 1, 3]), 3);
  assert.equal(median([4, 1, 3, 2]), 2);
  assert.equal(fasterInPairs([90, 110, 100], [100, 100, 100]), 1);
  assert.match(
    ratioText(mean, [110, 220], [100, 200]),
    /^1\.10 \(1\.10-1\.10\)$/,
  );
});

test('the key tells builds, uncommitted changes, databases and machines apart', () => {
  assert.deepEqual(key(), key({ bundleFiles: ['vendor.2.js', 'main.1.js'] }));
  assert.equal(key().source, 'abc123');
  assert.notEqual(key({ uncommittedDiff: 'diff a' }).source, 'abc123');
  assert.notEqual(
    key({ uncommittedDiff: 'diff a' }).source,
    key({ uncommittedDiff: 'diff b' }).source,
  );
  assert.notEqual(key({ bundleFiles: ['main.3.js'] }).bundle, key().bundle);
});

test('a run is pooled only with runs that measured the same thing', () => {
  const file = tempPool();
  const run = (runway, other, overrides = {}) => ({
    page: 'component Overview',
    path: '/catalog/default/component/payments',
    comparison: 'stock',
    key: key(),
    at: '2026-12-07T00:00:00.000Z',
    runway,
    other,
    ...overrides,
  });
  appendToPool(file, run([110, 120], [100, 100]));
  appendToPool(file, run([90], [100]));
  // Each differs in one thing from the runs above, so none is pooled with them.
  appendToPool(file, run([500], [100], { key: key({ cpus: 8 }) }));
  appendToPool(file, run([500], [100], { comparison: 'stock, with TRACE' }));
  appendToPool(file, run([500], [100], { page: 'catalog list' }));
  appendToPool(
    file,
    run([500], [100], { path: '/catalog/default/component/x' }),
  );
  appendToPool(
    file,
    run([500], [100], { key: key({ bundleFiles: ['x.js'] }) }),
  );

  const pool = readPool(file);
  assert.equal(pool.length, 7);
  const pooled = pooledWith(pool, run([], []));
  assert.equal(pooled.runs.length, 2);
  assert.deepEqual(pooled.runway, [110, 120, 90]);
  assert.deepEqual(pooled.other, [100, 100, 100]);
});

test('a pool file that is not a list of runs is refused, naming the line', () => {
  assert.deepEqual(readPool(path.join(os.tmpdir(), 'no-such-runway-pool')), []);
  const file = tempPool();
  const good = {
    page: 'p',
    comparison: 'stock',
    key: key(),
    runway: [1],
    other: [2],
  };
  // Render counts are optional, one per load when there.
  fs.writeFileSync(
    file,
    `${JSON.stringify({ ...good, runwayRenders: [3], otherRenders: [0] })}\n`,
  );
  assert.equal(readPool(file).length, 1);
  fs.writeFileSync(file, `${JSON.stringify(good)}\n\n{not json\n`);
  assert.throws(() => readPool(file), /pool\.jsonl:3: not JSON/);
  for (const bad of [
    { ...good, runway: [1, 2] },
    { ...good, runway: [], other: [] },
    { ...good, other: ['2'] },
    { ...good, other: [-1] },
    { ...good, key: null },
    { ...good, page: undefined },
    { ...good, runwayRenders: [1, 2] },
    { ...good, otherRenders: [-1] },
    { ...good, otherRenders: [1.5] },
  ]) {
    fs.writeFileSync(file, `${JSON.stringify(good)}\n${JSON.stringify(bad)}\n`);
    assert.throws(() => readPool(file), /pool\.jsonl:2: not a run's record/);
  }
});

test('the render-adjusted fit finds a difference and a cost per render it was given, and none it was not', () => {
  // Loads built as 900 ms + 30 ms a render, Runway's 40 ms more, plus a fixed jitter; Runway's
  // loads render more often, so the raw difference of the means (about 100 ms) is not the 40.
  const jitter = [7, -5, 3, -8, 6, -2, -4, 9, -6, 1];
  const other = jitter.map((j, i) => ({ renders: 2 + (i % 5), ms: 0 }));
  const runway = jitter.map((j, i) => ({ renders: 4 + (i % 5), ms: 0 }));
  other.forEach((l, i) => (l.ms = 900 + 30 * l.renders + jitter[i]));
  runway.forEach(
    (l, i) => (l.ms = 900 + 30 * l.renders + 40 + jitter[(i + 3) % 10]),
  );
  const fit = renderAdjustedDifference(runway, other);
  assert.ok(Math.abs(fit.difference - 40) < 8, `difference ${fit.difference}`);
  assert.ok(Math.abs(fit.perRender - 30) < 3, `per render ${fit.perRender}`);
  const [low, high] = fit.interval;
  assert.ok(low < fit.difference && fit.difference < high);
  assert.ok(high - low < 30, `interval ${low}-${high}`);
  const rawDifference =
    mean(runway.map(l => l.ms)) - mean(other.map(l => l.ms));
  assert.ok(rawDifference > 90, `raw ${rawDifference}`);

  // No difference built in: the interval holds 0.
  const same = runway.map((l, i) => ({
    renders: l.renders,
    ms: 900 + 30 * l.renders + jitter[(i + 3) % 10],
  }));
  const none = renderAdjustedDifference(same, other);
  assert.ok(none.interval[0] < 0 && none.interval[1] > 0);

  // Exact data gives exact figures.
  const exact = renderAdjustedFit(
    [
      { renders: 3, ms: 1000 + 90 + 25 },
      { renders: 5, ms: 1000 + 150 + 25 },
    ],
    [
      { renders: 2, ms: 1060 },
      { renders: 6, ms: 1180 },
    ],
  );
  assert.ok(Math.abs(exact.difference - 25) < 1e-6);
  assert.ok(Math.abs(exact.perRender - 30) < 1e-6);
  assert.ok(Math.abs(exact.base - 1000) < 1e-6);

  // Renders alike within each variant cannot be told from the variant: no fit.
  assert.equal(
    renderAdjustedFit(
      [
        { renders: 4, ms: 1100 },
        { renders: 4, ms: 1200 },
      ],
      [
        { renders: 3, ms: 1000 },
        { renders: 3, ms: 1050 },
      ],
    ),
    undefined,
  );
  assert.throws(
    () => renderAdjustedFit([{ renders: 1, ms: 1 }], []),
    /not pairs/,
  );
});
