// The backend profile summary of bench:pages (RUNWAY_BENCH_BACKEND_PROFILE=1) on a small
// synthetic profile: which bucket a frame is counted in, and which samples a span holds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeBucket, selfTimesInSpans } from '../lib/node-profile-summary.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const frame = (url, functionName = 'f') => ({ url, functionName });

test('frames are counted by package, repository package, built-in or V8 bucket', () => {
  assert.equal(
    nodeBucket(frame(`file://${root}/node_modules/pg/lib/client.js`)),
    'pg',
  );
  assert.equal(
    nodeBucket(
      frame(
        `file://${root}/node_modules/@backstage/plugin-catalog-backend/dist/x.cjs.js`,
      ),
    ),
    '@backstage/plugin-catalog-backend',
  );
  assert.equal(
    nodeBucket(frame(`file://${root}/plugins/cost-backend/src/service/a.ts`)),
    'plugins/cost-backend',
  );
  assert.equal(nodeBucket(frame('node:zlib')), 'node:zlib');
  assert.equal(
    nodeBucket(frame('', '(garbage collector)')),
    '(garbage collector)',
  );
});

test('each sample counts in the span its time falls in, weighted by the time to the next', () => {
  const profile = {
    nodes: [
      { id: 1, callFrame: frame('', '(root)') },
      { id: 2, callFrame: frame('node:zlib') },
      { id: 3, callFrame: frame(`file://${root}/node_modules/pg/lib/c.js`) },
      { id: 4, callFrame: frame('', '(idle)') },
    ],
    startTime: 0,
    // Samples at 1000, 2000, 3000, 4000, 6000 and 9000 µs.
    samples: [2, 3, 4, 2, 3, 2],
    timeDeltas: [1000, 1000, 1000, 1000, 2000, 3000],
    endTime: 10_000,
  };
  const [first, second, empty] = selfTimesInSpans(profile, [
    { start: 500, end: 3500 },
    { start: 3500, end: 9500 },
    { start: 20_000, end: 30_000 },
  ]);
  // 1000: zlib for 1 ms; 2000: pg for 1 ms; 3000: idle, left out.
  assert.deepEqual(Object.fromEntries(first), { 'node:zlib': 1, pg: 1 });
  // 4000: zlib for 2 ms; 6000: pg for 3 ms; 9000: zlib until the end, 1 ms.
  assert.deepEqual(Object.fromEntries(second), { 'node:zlib': 3, pg: 3 });
  assert.equal(empty.size, 0);
});

test('spans given out of order are each answered in their own place', () => {
  const profile = {
    nodes: [{ id: 2, callFrame: frame('node:zlib') }],
    startTime: 0,
    samples: [2, 2],
    timeDeltas: [1000, 5000],
    endTime: 7000,
  };
  const [late, early] = selfTimesInSpans(profile, [
    { start: 5000, end: 8000 },
    { start: 0, end: 2000 },
  ]);
  assert.deepEqual(Object.fromEntries(early), { 'node:zlib': 5 });
  assert.deepEqual(Object.fromEntries(late), { 'node:zlib': 1 });
});
