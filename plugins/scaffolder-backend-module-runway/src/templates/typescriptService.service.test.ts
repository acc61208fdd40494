import { ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { writeFiles, renderTemplate } from '../__testUtils__/dryRunTemplate';

const run = promisify(execFile);

/** One of the ports this package's tests may use (7150-7159). */
const PORT = 7151;

/** npm and the service's scripts run on the Node that runs the tests (22+), not the system's. */
const env = {
  ...process.env,
  PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH}`,
  NODE_ENV: 'development',
};

async function npm(cwd: string, ...args: string[]) {
  try {
    return await run('npm', args, { cwd, env, maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const failure = error as {
      stdout?: string;
      stderr?: string;
      message: string;
    };
    throw new Error(
      `npm ${args.join(' ')} failed: ${failure.message}\n${
        failure.stdout ?? ''
      }\n${failure.stderr ?? ''}`,
    );
  }
}

async function waitForReady(url: string, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.ok) {
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise(resolve => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not answer 200 in time`);
}

/**
 * The generated TypeScript service, for real: npm install from the registry, lint, its own
 * tests with coverage, build, start, probes and metrics answer, graceful stop on SIGTERM.
 */
describe('a service generated from typescript-service', () => {
  let dir: string;
  let files: Map<string, string>;
  let server: ChildProcess | undefined;

  beforeAll(async () => {
    const result = await renderTemplate({
      templateName: 'typescript-service',
      values: {
        name: 'receipt-service',
        description: 'Renders and stores payment receipts.',
        owner: 'group:default/team-payments',
        system: 'system:default/payments-platform',
        lifecycle: 'experimental',
        tier: 'tier-2',
        ci: 'github-actions',
        repoUrl: 'github.com?owner=runway-demo&repo=receipt-service',
      },
    });
    files = result.files;
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'runway-generated-ts-'));
    await writeFiles(dir, result.files);
    // As the generated CI installs: npm ci fails when package-lock.json is missing or does not
    // match package.json.
    await npm(dir, 'ci', '--no-audit', '--no-fund');
  }, 180_000);

  afterAll(async () => {
    if (server && server.exitCode === null) {
      server.kill('SIGKILL');
    }
    if (dir) {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('commits a lockfile for this service, with no registry host written into it', () => {
    const lock = JSON.parse(files.get('package-lock.json')!);
    expect(lock.name).toBe('receipt-service');
    expect(lock.packages[''].name).toBe('receipt-service');
    const locked = Object.entries<{ resolved?: string; integrity?: string }>(
      lock.packages,
    ).filter(([key]) => key.startsWith('node_modules/'));
    expect(locked.length).toBeGreaterThan(50);
    expect(locked.filter(([, entry]) => entry.resolved)).toEqual([]);
    expect(locked.filter(([, entry]) => !entry.integrity)).toEqual([]);
  });

  it('passes its own lint', async () => {
    await expect(npm(dir, 'run', 'lint')).resolves.toBeDefined();
  }, 120_000);

  it('passes its own tests with coverage', async () => {
    const { stdout } = await npm(dir, 'test');
    expect(stdout).toMatch(/ℹ pass (\d+)/);
    expect(stdout).toMatch(/ℹ fail 0/);
    expect(stdout).toMatch(/all files\s+\|\s+\d/);
  }, 120_000);

  it('builds, starts, answers its probes and metrics, and stops gracefully', async () => {
    await npm(dir, 'run', 'build');
    const logs: string[] = [];
    server = spawn(
      process.execPath,
      ['--require', './dist/tracing.js', 'dist/server.js'],
      {
        cwd: dir,
        env: {
          ...env,
          PORT: String(PORT),
          HOST: '127.0.0.1',
          SHUTDOWN_DELAY_MS: '0',
        },
      },
    );
    server.stdout!.on('data', chunk => logs.push(String(chunk)));
    server.stderr!.on('data', chunk => logs.push(String(chunk)));
    const base = `http://127.0.0.1:${PORT}`;
    await waitForReady(`${base}/readyz`, Date.now() + 15_000);

    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({
      status: 'ok',
    });
    expect((await fetch(`${base}/v1/greetings/ada`)).status).toBe(200);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(
      /http_requests_total\{method="GET",route="\/v1\/greetings\/:name",status_code="200"\} 1/,
    );
    expect(metrics).toMatch(/process_cpu_user_seconds_total/);

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
    expect(lines.map(line => line.msg)).toEqual(
      expect.arrayContaining(['shutdown complete']),
    );
  }, 120_000);
});
