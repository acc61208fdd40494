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
  fs.writeFileSync(file, `${JSON.stringify(good)}\n\n{not json\n`);
  assert.throws(() => readPool(file), /pool\.jsonl:3: not JSON/);
  for (const bad of [
    { ...good, runway: [1, 2] },
    { ...good, runway: [], other: [] },
    { ...good, other: ['2'] },
    { ...good, other: [-1] },
    { ...good, key: null },
    { ...good, page: undefined },
  ]) {
    fs.writeFileSync(file, `${JSON.stringify(good)}\n${JSON.stringify(bad)}\n`);
    assert.throws(() => readPool(file), /pool\.jsonl:2: not a run's record/);
  }
});
