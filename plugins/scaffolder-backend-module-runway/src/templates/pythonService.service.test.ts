import { ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { writeFiles, renderTemplate } from '../__testUtils__/dryRunTemplate';

const run = promisify(execFile);

/** One of the ports this package's tests may use (7150-7159). */
const PORT = 7152;

/**
 * Debian's python3, not a pyenv/virtualenv one: PyPI is not reachable here, so the generated
 * service is tested with Debian's packages (python3-fastapi, -uvicorn, -prometheus-client,
 * -pythonjsonlogger, -httpx, -pytest, -pytest-cov). They are older than the versions
 * pyproject.toml asks for; the service code is written to run on both.
 */
const PYTHON = '/usr/bin/python3';
const DEBIAN_PACKAGES =
  'python3-fastapi python3-uvicorn python3-prometheus-client python3-pythonjsonlogger python3-httpx python3-pytest python3-pytest-cov';

async function waitForReady(url: string, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) {
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise(resolve => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not answer 200 in time`);
}

describe('a service generated from python-service', () => {
  let dir: string;
  let files: Map<string, string>;
  let server: ChildProcess | undefined;

  beforeAll(async () => {
    try {
      await run(PYTHON, [
        '-c',
        'import fastapi, uvicorn, prometheus_client, pythonjsonlogger, httpx, pytest_cov',
      ]);
    } catch {
      throw new Error(
        `Debian's Python packages are missing: apt-get install ${DEBIAN_PACKAGES}`,
      );
    }
    const result = await renderTemplate({
      templateName: 'python-service',
      values: {
        name: 'fx-rates',
        description: 'Serves daily foreign-exchange rates.',
        owner: 'group:default/team-payments',
        system: 'system:default/payments-platform',
        lifecycle: 'experimental',
        tier: 'tier-3',
        ci: 'github-actions',
        repoUrl: 'github.com?owner=runway-demo&repo=fx-rates',
      },
    });
    files = result.files;
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'runway-generated-py-'));
    await writeFiles(dir, result.files);
  }, 120_000);

  afterAll(async () => {
    if (server && server.exitCode === null) {
      server.kill('SIGKILL');
    }
    if (dir) {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  /**
   * PyPI is not reachable here, so the generated CI's install step runs against a stand-in pip
   * that records its arguments and "freezes" two pins: what is checked is the step's logic.
   */
  it('installs in CI at the versions requirements.txt pins, and writes that lock when none is committed', async () => {
    const ci = parse(files.get('.github/workflows/ci.yml')!);
    const install = ci.jobs['lint-test-build'].steps.find(
      (step: { id?: string }) => step.id === 'install',
    );
    const sandbox = await fs.mkdtemp(
      path.join(os.tmpdir(), 'runway-py-install-'),
    );
    try {
      const bin = path.join(sandbox, 'bin');
      await fs.mkdir(bin);
      await fs.writeFile(
        path.join(bin, 'pip'),
        [
          '#!/bin/sh',
          'echo "pip $*" >> "$PIP_CALLS"',
          'if [ "$1" = freeze ]; then printf "fastapi==0.115.6\\nuvicorn==0.34.0\\n"; fi',
          '',
        ].join('\n'),
        { mode: 0o755 },
      );
      const runInstall = async (workdir: string) => {
        const calls = path.join(sandbox, 'calls');
        const output = path.join(sandbox, 'output');
        await fs.rm(calls, { force: true });
        await fs.rm(output, { force: true });
        const { stdout } = await run('bash', ['-e', '-c', install.run], {
          cwd: workdir,
          env: {
            ...process.env,
            PATH: `${bin}${path.delimiter}${process.env.PATH}`,
            PIP_CALLS: calls,
            GITHUB_OUTPUT: output,
          },
        });
        return {
          stdout,
          calls: (await fs.readFile(calls, 'utf8')).trim().split('\n'),
          output: await fs.readFile(output, 'utf8').catch(() => ''),
        };
      };

      const fresh = path.join(sandbox, 'fresh');
      await fs.mkdir(fresh);
      const first = await runInstall(fresh);
      expect(first.calls).toEqual([
        'pip install -e .[dev]',
        'pip freeze --exclude-editable',
      ]);
      expect(first.stdout).toMatch(
        /::warning title=No requirements.txt::.*python-lock/,
      );
      expect(first.output).toBe('generated=true\n');
      expect(
        await fs.readFile(path.join(fresh, 'requirements.txt'), 'utf8'),
      ).toBe('fastapi==0.115.6\nuvicorn==0.34.0\n');

      const locked = await runInstall(fresh);
      expect(locked.calls).toEqual([
        'pip install -c requirements.txt -e .[dev]',
      ]);
      expect(locked.output).toBe('');
    } finally {
      await fs.rm(sandbox, { recursive: true, force: true });
    }
  });

  it('passes its own tests with the coverage gate', async () => {
    const { stdout } = await run(
      PYTHON,
      ['-m', 'pytest', '-p', 'no:cacheprovider'],
      { cwd: dir },
    );
    expect(stdout).toMatch(/Required test coverage of 80% reached/);
    expect(stdout).toMatch(/\d+ passed/);
    expect(stdout).not.toMatch(/failed/);
  }, 120_000);

  it('starts, answers its probes and metrics, logs JSON and stops gracefully', async () => {
    const logs: string[] = [];
    server = spawn(PYTHON, ['-m', 'app.server'], {
      cwd: dir,
      env: {
        ...process.env,
        PORT: String(PORT),
        HOST: '127.0.0.1',
        SHUTDOWN_DELAY_MS: '0',
      },
    });
    server.stdout!.on('data', chunk => logs.push(String(chunk)));
    server.stderr!.on('data', chunk => logs.push(String(chunk)));
    const base = `http://127.0.0.1:${PORT}`;
    await waitForReady(`${base}/readyz`, Date.now() + 20_000);

    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({
      status: 'ok',
    });
    expect((await fetch(`${base}/v1/greetings/ada`)).status).toBe(200);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(
      /http_requests_total\{method="GET",route="\/v1\/greetings\/\{name\}",status_code="200"\} 1\.0/,
    );

    const exited = new Promise<number | null>(resolve =>
      server!.once('exit', code => resolve(code)),
    );
    server.kill('SIGTERM');
    expect(await exited).toBe(0);
    const lines = logs
      .join('')
      .split('\n')
      .filter(Boolean)
      .map(line => JSON.parse(line));
    expect(lines.map(line => line.message)).toEqual(
      expect.arrayContaining(['shutdown complete']),
    );
    expect(lines.every(line => !('color_message' in line))).toBe(true);
  }, 60_000);
});
