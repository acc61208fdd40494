import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';

/** The repository's root: the oracle folder is checked out next to it, as ../shared/oracle. */
const REPO_ROOT = resolve(__dirname, '../../../..');

/** A path under ../shared/oracle, next to the repository. */
export function oraclePath(...segments: string[]): string {
  return resolve(REPO_ROOT, '../shared/oracle', ...segments);
}

/**
 * What an oracle suite does given which of its files are missing: run, skip (on a
 * developer's machine without the oracle folder) or fail (on CI, which runs the oracle suites:
 * a missing folder there must not pass as a green build that checked nothing).
 */
export function oracleVerdict(
  suite: string,
  missing: string[],
  env: NodeJS.ProcessEnv,
): { action: 'run' } | { action: 'skip' | 'fail'; message: string } {
  if (missing.length === 0) {
    return { action: 'run' };
  }
  const paths = missing.map(path => relative(REPO_ROOT, path)).join(', ');
  return env.CI
    ? {
        action: 'fail',
        message: `${paths} is missing; CI runs the oracle suites (${suite})`,
      }
    : {
        action: 'skip',
        message: `Skipping ${suite}: ${paths} is missing (CI runs the oracle suites; check ../shared/oracle out next to the repository to run them here)`,
      };
}

/**
 * How to declare an oracle suite that reads `files`: with jest's own `describe` when they are
 * all present; otherwise with `describe.skip` after a warning, or, on CI, not at all: the
 * test file fails to load with the message. `present` tells the suite's body (which jest runs
 * even when skipped) whether it may read the files.
 */
export function oracleSuite(
  suite: string,
  files: string[],
): { present: boolean; describe: jest.Describe } {
  const verdict = oracleVerdict(
    suite,
    files.filter(file => !existsSync(file)),
    process.env,
  );
  if (verdict.action === 'run') {
    return { present: true, describe };
  }
  if (verdict.action === 'fail') {
    throw new Error(verdict.message);
  }
  // eslint-disable-next-line no-console
  console.warn(verdict.message);
  return { present: false, describe: describe.skip };
}
