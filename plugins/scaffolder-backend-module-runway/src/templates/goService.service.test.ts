import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { writeFiles, renderTemplate } from '../__testUtils__/dryRunTemplate';

const run = promisify(execFile);

/**
 * The Go module proxy is not reachable here and Debian's Go is 1.19, so the generated Go
 * service is checked as far as Debian's packages allow, in GOPATH mode against Debian's
 * Go sources (golang-go, golang-github-prometheus-client-golang-dev):
 *   - gofmt over every file;
 *   - go vet and go test with coverage for internal/httpserver (handlers, RED metrics,
 *     probes) and internal/config;
 *   - the generated CI's own coverage gate step, run on that coverage profile (it must pass),
 *     and on the same profile with nothing covered (it must fail).
 * NOT run here: building or vetting cmd/server (log/slog needs Go 1.21) and internal/tracing
 * (OpenTelemetry 1.32 with the OTLP exporter is not packaged; Debian has 1.1 without it),
 * starting the binary, and golangci-lint. The generated CI runs all of them with Go 1.23.
 */
const GO = '/usr/bin/go';
const GOFMT = '/usr/bin/gofmt';
const DEBIAN_GOPATH = '/usr/share/gocode';
const DEBIAN_PACKAGES = 'golang-go golang-github-prometheus-client-golang-dev';
const MODULE = 'github.com/runway-demo/settlement-batcher';

describe('a service generated from go-service', () => {
  let gopath: string;
  let dir: string;
  let files: Map<string, string>;

  beforeAll(async () => {
    try {
      await fs.access(
        path.join(
          DEBIAN_GOPATH,
          'src/github.com/prometheus/client_golang/prometheus',
        ),
      );
      await run(GO, ['version']);
    } catch {
      throw new Error(
        `Debian's Go packages are missing: apt-get install ${DEBIAN_PACKAGES}`,
      );
    }
    const result = await renderTemplate({
      templateName: 'go-service',
      values: {
        name: 'settlement-batcher',
        description: 'Batches card settlements for the acquirer.',
        owner: 'group:default/team-payments',
        system: 'system:default/payments-platform',
        lifecycle: 'experimental',
        tier: 'tier-1',
        ci: 'github-actions',
        repoUrl: 'github.com?owner=runway-demo&repo=settlement-batcher',
      },
    });
    files = result.files;
    gopath = await fs.mkdtemp(path.join(os.tmpdir(), 'runway-generated-go-'));
    dir = path.join(gopath, 'src', MODULE);
    await writeFiles(dir, result.files);
  }, 120_000);

  afterAll(async () => {
    if (gopath) {
      await fs.rm(gopath, { recursive: true, force: true });
    }
  });

  const goEnv = () => ({
    ...process.env,
    GOPATH: `${gopath}${path.delimiter}${DEBIAN_GOPATH}`,
    GO111MODULE: 'off',
    GOFLAGS: '',
    GOCACHE: path.join(gopath, '.cache'),
  });

  it('declares the module its imports use', () => {
    expect(files.get('go.mod')).toMatch(new RegExp(`^module ${MODULE}$`, 'm'));
    expect(files.get('cmd/server/main.go')).toContain(
      `"${MODULE}/internal/httpserver"`,
    );
  });

  it('is gofmt-clean', async () => {
    const goFiles = [...files.keys()].filter(file => file.endsWith('.go'));
    expect(goFiles.length).toBeGreaterThanOrEqual(7);
    const { stdout } = await run(GOFMT, ['-l', ...goFiles], { cwd: dir });
    expect(stdout).toBe('');
  });

  it('passes go vet and its own tests with coverage (packages buildable with Debian Go)', async () => {
    const packages = ['./internal/httpserver', './internal/config'];
    await run(GO, ['vet', ...packages], { cwd: dir, env: goEnv() });
    const { stdout } = await run(GO, ['test', '-cover', ...packages], {
      cwd: dir,
      env: goEnv(),
    });
    expect(stdout).toMatch(
      /^ok\s+\S+\/internal\/httpserver\s.*coverage: \d+\.\d% of statements/m,
    );
    expect(stdout).toMatch(/^ok\s+\S+\/internal\/config\s/m);
    expect(stdout).not.toMatch(/FAIL/);
  }, 120_000);

  it("passes the generated CI's coverage gate, which fails a service with too little coverage", async () => {
    const ci = parse(files.get('.github/workflows/ci.yml')!);
    const gate = ci.jobs['lint-test-build'].steps.find(
      (step: { name?: string }) => step.name === 'Coverage gate',
    );
    expect(gate.env.COVERAGE_MIN).toBe('80');
    const runGate = async () => {
      try {
        const { stdout } = await run('bash', ['-e', '-c', gate.run], {
          cwd: dir,
          env: {
            ...goEnv(),
            ...gate.env,
            PATH: `/usr/bin:${process.env.PATH}`,
          },
        });
        return { code: 0, stdout };
      } catch (error) {
        const failure = error as { code: number; stdout: string };
        return { code: failure.code, stdout: failure.stdout };
      }
    };
    // The profile `go test -coverprofile` writes in CI, for the packages Debian's Go builds.
    await run(
      GO,
      [
        'test',
        '-covermode=atomic',
        '-coverprofile=coverage.out',
        './internal/httpserver',
        './internal/config',
      ],
      { cwd: dir, env: goEnv() },
    );
    const covered = await runGate();
    expect(covered.stdout).toMatch(
      /coverage: \d+(\.\d+)?% of statements outside cmd\//,
    );
    expect(covered.code).toBe(0);

    // The same statements, none of them run.
    const profile = await fs.readFile(path.join(dir, 'coverage.out'), 'utf8');
    await fs.writeFile(
      path.join(dir, 'coverage.out'),
      profile.replace(/ \d+$/gm, ' 0'),
    );
    const uncovered = await runGate();
    expect(uncovered.stdout).toMatch(
      /::error title=Coverage gate::coverage 0(\.0)?% is below 80%/,
    );
    expect(uncovered.code).not.toBe(0);
  }, 120_000);
});
