// Adds up what every runner of scripts/test.sh executed and prints the closing line
// `tests: N passed, N failed`. Counts come from the runners' own reports, never from exit
// codes alone, so a step that ran no test cannot pass for one that did.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
const read = name => {
  const file = join(dir, name);
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
};

const rows = [];

for (const line of (read('steps.txt') ?? '').trim().split('\n')) {
  const [name, outcome] = line.split(' ');
  if (name === 'typecheck' || name === 'lint' || name === 'build' || name === 'pack' || name.endsWith('-available')) {
    rows.push({ runner: name, passed: outcome === 'pass' ? 1 : 0, failed: outcome === 'pass' ? 0 : 1 });
  }
}

const jest = read('jest.json');
if (jest) {
  const r = JSON.parse(jest);
  rows.push({ runner: 'jest', passed: r.numPassedTests, failed: r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0), skipped: r.numPendingTests });
} else {
  rows.push({ runner: 'jest (no report)', passed: 0, failed: 1 });
}

const tap = read('production.tap');
if (tap) {
  const count = key => Number(tap.match(new RegExp(`^# ${key} (\\d+)`, 'm'))?.[1] ?? 0);
  rows.push({ runner: 'node --test', passed: count('pass'), failed: count('fail') + count('cancelled'), skipped: count('skipped') });
} else {
  rows.push({ runner: 'node --test (no report)', passed: 0, failed: 1 });
}

const e2e = read('playwright.json');
if (e2e) {
  const s = JSON.parse(e2e).stats;
  rows.push({ runner: 'playwright', passed: s.expected + s.flaky, failed: s.unexpected, skipped: s.skipped });
} else if ((read('steps.txt') ?? '').includes('e2e')) {
  rows.push({ runner: 'playwright (no report)', passed: 0, failed: 1 });
}

const durations = read('durations.txt');
if (durations) {
  console.log('time per step (wall):');
  for (const line of durations.trim().split('\n')) {
    const [seconds, ...name] = line.split(' ');
    const s = Number(seconds);
    console.log(`  ${name.join(' ').padEnd(58)} ${String(Math.floor(s / 60)).padStart(3)} min ${String(s % 60).padStart(2, '0')} s`);
  }
}

let passed = 0;
let failed = 0;
let skipped = 0;
for (const row of rows) {
  passed += row.passed;
  failed += row.failed;
  skipped += row.skipped ?? 0;
  console.log(`  ${row.runner.padEnd(24)} ${row.passed} passed, ${row.failed} failed${row.skipped ? `, ${row.skipped} skipped` : ''}`);
}
console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
