// The benchmarks' CPU readings of a backend process (scripts/lib/bench-backend.mjs): the quiet
// check before the first load leaves out V8's profiler thread, which under --cpu-prof
// (RUNWAY_BENCH_BACKEND_PROFILE=1) kept an idle backend from ever looking quiet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { backendCpuMs, profilerCpuMs } from '../lib/bench-backend.mjs';

// A node process that spins for `ms` (so that it has CPU time of its own to read), then idles.
function startNode(nodeArgs, ms) {
  const child = spawn(
    process.execPath,
    [
      ...nodeArgs,
      '-e',
      `const end = Date.now() + ${ms}; while (Date.now() < end); setTimeout(() => {}, 60000);`,
    ],
    { stdio: 'ignore' },
  );
  return { child };
}

const wait = ms => new Promise(r => setTimeout(r, ms));

test('a process without the profiler has no profiler time, and its own CPU time is read', async t => {
  const node = startNode([], 300);
  t.after(() => node.child.kill());
  await wait(1000);
  assert.equal(profilerCpuMs(node), 0);
  assert.ok(backendCpuMs(node) >= 200, `cpu ${backendCpuMs(node)} ms`);
});

test("under --cpu-prof the profiler thread's time is read apart from the rest", async t => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runway-bench-backend-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  // A sample every 50 µs: the profiler thread is busy enough to read within a second.
  const node = startNode(
    ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--cpu-prof-interval=50'],
    300,
  );
  t.after(() => node.child.kill());
  await wait(1500);
  const profiler = profilerCpuMs(node);
  const all = backendCpuMs(node);
  assert.ok(profiler > 0, `profiler thread ${profiler} ms`);
  assert.ok(all - profiler >= 200, `the rest ${all - profiler} ms`);
});

test('a process that has ended reads as NaN, never as quiet', async () => {
  const node = startNode([], 0);
  node.child.kill();
  await new Promise(r => node.child.once('exit', r));
  await wait(100);
  assert.ok(Number.isNaN(backendCpuMs(node)));
  assert.ok(Number.isNaN(profilerCpuMs(node)));
});
