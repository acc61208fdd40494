import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';

/** The repository's root: the oracle folder is checked out next to it, as ../shared/oracle. */
const REPO_ROOT = resolve(__dirname, '../../../../..');

/** A path under ../shared/oracle, next to the repository. */
export function oraclePath(...segments: string[]): string {
  return resolve(REPO_ROOT, '../shared/oracle', ...segments);
}

/**
 * What an oracle test does given which of its files are missing: run, skip (on a developer's
 * machine without the oracle folder) or fail (on CI, which runs the oracle tests: a missing
 * folder there must not pass as a green build that checked nothing).
 */
export function oracleVerdict(
  suite: string,
  missing: string[],
  env: NodeJS.ProcessEnv,
): { action: 'run' } | { action: 'skip' | 'fail'; message: string } {
  if (missing.length === 0) {
    return { action: 'run' };
  }
  const paths = `${missing.map(path => relative(REPO_ROOT, path)).join(', ')} ${
    missing.length > 1 ? 'are' : 'is'
  }`;
  return env.CI
    ? {
        action: 'fail',
        message: `${paths} missing; CI runs the oracle tests (${suite})`,
      }
    : {
        action: 'skip',
        message: `Skipping ${suite}: ${paths} missing (CI runs the oracle tests; check ../shared/oracle out next to the repository to run them here)`,
      };
}

/**
 * How to declare a suite (or a part of one) that reads oracle `files`: with jest's `describe`
 * when they are all present; off CI with `describe.skip`, after a warning; on CI not at all:
 * the test file fails to load, saying which file is missing. `present` tells the suite's
 * body (which jest runs even when skipped) whether it may read the files.
 *
 * @throws Error on CI when a file is missing.
 */
export function oracleSuite(
  suite: string,
  files: string[],
  env: NodeJS.ProcessEnv = process.env,
): { present: boolean; describe: jest.Describe } {
  const verdict = oracleVerdict(
    suite,
    files.filter(file => !existsSync(file)),
    env,
  );
  if (verdict.action === 'fail') {
    throw new Error(verdict.message);
  }
  if (verdict.action === 'skip') {
    // eslint-disable-next-line no-console
    console.warn(verdict.message);
    return { present: false, describe: describe.skip };
  }
  return { present: true, describe };
}
