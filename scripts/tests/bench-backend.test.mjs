// The benchmarks' CPU readings of a backend process (scripts/lib/bench-backend.mjs): the quiet
// check before the first load leaves out V8's profiler thread, which under --cpu-prof
// (RUNWAY_BENCH_BACKEND_PROFILE=1) kept an idle backend from ever looking quiet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  backendCpuMs,
  profilerCpuMs,
  stopBackendsNow,
} from '../lib/bench-backend.mjs';

// A node process that spins until it has used `ms` of CPU (time of its own to read, however
// busy the machine is), then idles.
function startNode(nodeArgs, ms) {
  const child = spawn(
    process.execPath,
    [
      ...nodeArgs,
      '-e',
      `const used = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
       while (used() < ${ms});
       setTimeout(() => {}, 60000);`,
    ],
    { stdio: 'ignore' },
  );
  return { child };
}

const wait = ms => new Promise(r => setTimeout(r, ms));

// Polls `read` until `done` holds of what it read (or 20 s have passed); returns the last read.
async function readUntil(read, done) {
  const deadline = Date.now() + 20_000;
  let value = read();
  while (!done(value) && Date.now() < deadline) {
    await wait(100);
    value = read();
  }
  return value;
}

test('a process without the profiler has no profiler time, and its own CPU time is read', async t => {
  const node = startNode([], 300);
  t.after(() => node.child.kill());
  const cpu = await readUntil(
    () => backendCpuMs(node),
    ms => ms >= 250,
  );
  assert.ok(cpu >= 250, `cpu ${cpu} ms`);
  assert.equal(profilerCpuMs(node), 0);
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
  const { profiler, all } = await readUntil(
    () => ({ profiler: profilerCpuMs(node), all: backendCpuMs(node) }),
    read => read.profiler > 0 && read.all - read.profiler >= 250,
  );
  assert.ok(profiler > 0, `profiler thread ${profiler} ms`);
  assert.ok(all - profiler >= 250, `the rest ${all - profiler} ms`);
});

test('a process that has ended reads as NaN, never as quiet', async () => {
  const node = startNode([], 0);
  node.child.kill();
  await new Promise(r => node.child.once('exit', r));
  await wait(100);
  assert.ok(Number.isNaN(backendCpuMs(node)));
  assert.ok(Number.isNaN(profilerCpuMs(node)));
});

// As startBackend starts one: the leader of its own process group, with `exited`. `script`
// installs its SIGTERM handler, then says so on stdout; `ready` answers once it has (a fixed
// wait could signal it first on a busy machine, and the default action would end it).
function startGroup(script) {
  const child = spawn(
    process.execPath,
    ['-e', `${script}; process.stdout.write('ready\\n');`],
    { detached: true, stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const ready = new Promise(r => child.stdout.once('data', r));
  return { child, ready, exited: new Promise(r => child.once('exit', r)) };
}

test(
  'stopping now waits for a backend that stops, and kills one that does not',
  { timeout: 20_000 },
  async t => {
    const stops = startGroup(
      "process.on('SIGTERM', () => setTimeout(() => process.exit(0), 100)); setInterval(() => {}, 1000);",
    );
    // As a backend still starting up: it has a SIGTERM handler and carries on.
    const carriesOn = startGroup(
      "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000);",
    );
    t.after(() => {
      for (const { child } of [stops, carriesOn]) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // gone
        }
      }
    });
    await Promise.all([stops.ready, carriesOn.ready]);
    const started = Date.now();
    await stopBackendsNow([stops, carriesOn], 1000);
    assert.equal(stops.child.exitCode, 0);
    assert.equal(carriesOn.child.signalCode, 'SIGKILL');
    assert.ok(Date.now() - started >= 1000, 'waited the grace time first');
  },
);
