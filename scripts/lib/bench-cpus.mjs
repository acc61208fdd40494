// Splitting a benchmark machine's cores between the browser and the portal's server side
// (RUNWAY_BENCH_SPLIT_CPUS=1 in scripts/bench-pages.mjs). A user's browser runs on their own
// machine and the portal on a server, so the server's CPU never takes a core from the
// browser's main thread. On one small machine that runs both, it does: every millisecond the
// backend or PostgreSQL spends on a request can become a millisecond of page load, which
// counts the server's work twice. With the split, the browser (and everything it starts) keeps
// the first half of the cores and the backends and PostgreSQL the rest, on Linux through
// taskset (util-linux); the original placement of PostgreSQL's processes is put back after.
import { execFileSync } from 'node:child_process';
import os from 'node:os';

/**
 * Which cores each side gets, as taskset lists them: the first half (rounded up) for the
 * browser, the rest for the server. Needs at least 2 cores.
 */
export function splitCpus(count = os.availableParallelism()) {
  if (count < 2) {
    throw new Error(
      `RUNWAY_BENCH_SPLIT_CPUS needs at least 2 cores to split; this machine has ${count}`,
    );
  }
  const browserCount = Math.ceil(count / 2);
  const range = (from, to) => (from === to ? `${from}` : `${from}-${to}`);
  return {
    browser: range(0, browserCount - 1),
    server: range(browserCount, count - 1),
  };
}

/** The cores process `pid` may run on, as taskset lists them (`0-1`). */
export function affinityOf(pid) {
  const out = execFileSync('taskset', ['-c', '-p', String(pid)], {
    encoding: 'utf8',
  });
  const list = /:\s*([\d,-]+)\s*$/.exec(out.trim())?.[1];
  if (!list) throw new Error(`could not read the cores of ${pid}: ${out}`);
  return list;
}

/** Keeps process `pid` and all its threads (and what it starts later) on `cpus`. */
export function pin(pid, cpus) {
  execFileSync('taskset', ['-a', '-c', '-p', cpus, String(pid)], {
    stdio: 'ignore',
  });
}

/** The running PostgreSQL server's processes (the postmaster and its children). */
export function postgresPids() {
  try {
    return execFileSync('pgrep', ['-x', 'postgres'], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return []; // pgrep answers 1 when nothing matches
  }
}

/**
 * Moves PostgreSQL's processes to `cpus` (new connections fork from the postmaster, so they
 * follow), and returns what puts each back where it was. A process that ended meanwhile, or
 * one this user may not move, is left as it is.
 */
export function pinPostgres(cpus) {
  const moved = [];
  for (const pid of postgresPids()) {
    try {
      const before = affinityOf(pid);
      pin(pid, cpus);
      moved.push([pid, before]);
    } catch {
      // gone, or not ours to move
    }
  }
  return () => {
    // Connections forked while pinned inherited `cpus` and were never read: they go back to
    // where the first process read was (PostgreSQL's processes share one placement).
    const firstBefore = moved[0]?.[1];
    const before = new Map(moved);
    for (const pid of postgresPids()) {
      const cores = before.get(pid) ?? firstBefore;
      if (!cores) continue;
      try {
        pin(pid, cores);
      } catch {
        // ended meanwhile
      }
    }
  };
}
