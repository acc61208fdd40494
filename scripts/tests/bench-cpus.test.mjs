// The page benchmark's core split (scripts/lib/bench-cpus.mjs, RUNWAY_BENCH_SPLIT_CPUS=1): the
// browser and the portal's server side on cores of their own, and a process pinned there really
// runs only there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import os from 'node:os';
import { affinityOf, pin, splitCpus } from '../lib/bench-cpus.mjs';

test('the browser gets the first half of the cores, rounded up, the server the rest', () => {
  assert.deepEqual(splitCpus(2), { browser: '0', server: '1' });
  assert.deepEqual(splitCpus(3), { browser: '0-1', server: '2' });
  assert.deepEqual(splitCpus(4), { browser: '0-1', server: '2-3' });
  assert.deepEqual(splitCpus(8), { browser: '0-3', server: '4-7' });
});

test('one core cannot be split, and the error says so', () => {
  assert.throws(
    () => splitCpus(1),
    /RUNWAY_BENCH_SPLIT_CPUS needs at least 2 cores.*has 1/,
  );
});

const hasTaskset = (() => {
  try {
    execFileSync('taskset', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

test(
  'a pinned process reports only the cores it was given',
  {
    skip: !hasTaskset
      ? 'taskset (util-linux) is not installed: the split runs only where it is'
      : os.availableParallelism() < 2 && 'one core: nothing to split',
  },
  t => {
    const child = spawn(
      process.execPath,
      ['-e', 'setTimeout(() => {}, 60000)'],
      {
        stdio: 'ignore',
      },
    );
    t.after(() => child.kill());
    const all = affinityOf(child.pid);
    assert.match(all, /^[\d,-]+$/);
    const { server } = splitCpus(os.availableParallelism());
    pin(child.pid, server);
    assert.equal(affinityOf(child.pid), server);
  },
);
