import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse, stringify } from 'yaml';
import { renderTemplate } from '../__testUtils__/dryRunTemplate';
import {
  gitlabCiLocal,
  jobOutcome,
  prepareGitlabProject,
  writeClusterStubs,
} from '../__testUtils__/gitlabCiLocal';

/**
 * The GitLab variant of every golden path, rendered through the scaffolder, then read and run by
 * gitlab-ci-local: the pipeline must be valid as GitLab reads it, and its shell-only jobs (the
 * security gate, the manifests and alert-rule checks, the reports, the deploy with stand-ins for
 * the cluster tools) must do what they promise.
 */

const run = promisify(execFile);

const serviceValues = {
  name: 'invoice-api',
  description: 'Issues and tracks customer invoices.',
  owner: 'group:default/team-payments',
  system: 'system:default/payments-platform',
  lifecycle: 'experimental',
  tier: 'tier-1',
  onCall: 'P8Z1X4M',
  ci: 'gitlab-ci',
  repoUrl: 'gitlab.com?owner=runway-demo&repo=invoice-api',
};

const VARIANTS = [
  {
    label: 'typescript-service',
    templateName: 'typescript-service',
    values: serviceValues,
  },
  {
    label: 'python-service',
    templateName: 'python-service',
    values: serviceValues,
  },
  { label: 'go-service', templateName: 'go-service', values: serviceValues },
  {
    label: 'retrofit (python)',
    templateName: 'retrofit',
    values: {
      ...serviceValues,
      name: 'legacy-billing',
      description: 'The billing service from before the golden path.',
      repoUrl: 'gitlab.com?owner=runway-demo&repo=legacy-billing',
      language: 'python',
      existingFiles: 'replace',
    },
  },
];

/**
 * Images the report jobs may use: they run `git log` over the shipped commits, so the image must
 * have git. Checked by reading the images' Dockerfiles: node:<version>-bookworm is built FROM
 * buildpack-deps:bookworm, whose bookworm-scm layer installs git (nodejs/docker-node,
 * docker-library/buildpack-deps). The -slim and -alpine variants have no git.
 */
const IMAGES_WITH_GIT = ['node:22-bookworm', 'node:24-bookworm'];

const DEPLOY_JOBS = ['deploy-staging', 'deploy-production'];
const REPORT_JOBS = ['report-success', 'report-failure'];
const GITLAB_SECURITY_TEMPLATES = [
  'Jobs/SAST.gitlab-ci.yml',
  'Jobs/Secret-Detection.gitlab-ci.yml',
  'Jobs/Dependency-Scanning.gitlab-ci.yml',
];

const DIGEST = `sha256:${'0'.repeat(63)}7`;

type Job = Record<string, any>;

function lines(value: unknown): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).flat(Infinity).map(String);
}

function needsOf(job: Job): string[] {
  return lines(
    (job.needs ?? []).map((need: string | { job: string }) =>
      typeof need === 'string' ? need : need.job,
    ),
  );
}

/** An image reference with `$VAR` / `${VAR}` replaced from the pipeline's variables. */
function resolveImage(image: string, variables: Record<string, string>) {
  return image.replace(
    /\$\{?([A-Z0-9_]+)\}?/g,
    (_, name) => variables[name] ?? '',
  );
}

/** Every image a job runs on or starts: image, services, and `docker run` in its scripts. */
function imagesOf(job: Job): string[] {
  const images: string[] = [];
  if (job.image)
    images.push(typeof job.image === 'string' ? job.image : job.image.name);
  for (const service of job.services ?? []) {
    images.push(typeof service === 'string' ? service : service.name);
  }
  for (const line of scriptLines(job)) {
    for (const command of line.split(/docker run /).slice(1)) {
      images.push(dockerRunImage(command));
    }
  }
  return images;
}

/** Options of `docker run` that take a value as the next word. */
const DOCKER_RUN_VALUE_OPTIONS = [
  '-v',
  '--volume',
  '-e',
  '--env',
  '-w',
  '--workdir',
  '--name',
  '--entrypoint',
  '--network',
  '-u',
  '--user',
  '--platform',
];

/** The image of `docker run <options> <image> ...` (the first word that is no option). */
function dockerRunImage(command: string): string {
  const words = command.trim().split(/\s+/);
  for (let index = 0; index < words.length; index++) {
    const word = words[index];
    if (!word.startsWith('-')) return word.replace(/"/g, '');
    if (DOCKER_RUN_VALUE_OPTIONS.includes(word)) index++;
  }
  return '';
}

function scriptLines(job: Job): string[] {
  return [
    ...lines(job.before_script),
    ...lines(job.script),
    ...lines(job.after_script),
  ];
}

/** A port nothing listens on: Runway is down. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

describe.each(VARIANTS)(
  'GitLab pipeline of $label',
  ({ templateName, values }) => {
    const repo = new URL(`https://${values.repoUrl}`).searchParams.get('repo')!;
    let dir: string;
    let stubs: string;
    let raw: Job;
    let config: Record<string, Job>;
    let variables: Record<string, string>;
    let headSha: string;

    beforeAll(async () => {
      const result = await renderTemplate({ templateName, values });
      dir = await fs.mkdtemp(
        path.join(os.tmpdir(), `runway-gitlab-${templateName}-`),
      );
      await prepareGitlabProject(
        dir,
        result.files,
        `git@gitlab.com:runway-demo/${repo}.git`,
      );
      stubs = await writeClusterStubs(path.join(dir, '.stubs'));
      raw = parse(result.files.get('.gitlab-ci.yml')!);
      // gitlab-ci-local's --preview: the configuration with includes, extends and defaults merged.
      const preview = await gitlabCiLocal(dir, ['--preview']);
      if (preview.code !== 0) throw new Error(preview.output);
      config = parse(preview.stdout);
      variables = config.variables as Record<string, string>;
      headSha = (
        await run('git', ['rev-parse', 'HEAD'], { cwd: dir })
      ).stdout.trim();
    }, 300_000);

    afterAll(async () => {
      if (dir) await fs.rm(dir, { recursive: true, force: true });
    });

    function jobs(): [string, Job][] {
      return Object.entries(config).filter(
        ([name, job]) =>
          !['stages', 'variables', 'default', 'include', 'workflow'].includes(
            name,
          ) &&
          !name.startsWith('.') &&
          typeof job === 'object' &&
          job !== null,
      );
    }

    it('is a valid GitLab pipeline: schema, includes, extends, rules and needs', async () => {
      const list = await gitlabCiLocal(dir, ['--list']);
      expect(list.output).not.toMatch(/Error|invalid/i);
      expect(list.code).toBe(0);
      const listed = list.output
        .split('\n')
        .map(
          line =>
            /^(\S+)\s+\S*\s*(test|build|scan|deploy-staging|deploy-production|report)\s/.exec(
              line,
            )?.[1],
        )
        .filter(Boolean);
      expect(listed).toEqual(
        expect.arrayContaining([
          'lint-test',
          'build-image',
          'trivy-config',
          'security-gate',
          'manifests',
          'alert-rules',
          ...DEPLOY_JOBS,
          ...REPORT_JOBS,
        ]),
      );
      const chain = await gitlabCiLocal(dir, ['--validate-dependency-chain']);
      expect(chain.output).not.toMatch(/error|invalid/i);
      expect(chain.code).toBe(0);
    }, 120_000);

    it("includes GitLab's security templates and keeps their reports as artifacts for the gate", () => {
      expect(
        lines(raw.include.map((entry: { template: string }) => entry.template)),
      ).toEqual(GITLAB_SECURITY_TEMPLATES);
      expect(config['semgrep-sast'].artifacts.paths).toContain(
        'gl-sast-report.json',
      );
      expect(config.secret_detection.artifacts.paths).toContain(
        'gl-secret-detection-report.json',
      );
      expect(config['gemnasium-dependency_scanning'].artifacts.paths).toContain(
        'gl-dependency-scanning-report.json',
      );
    });

    it.each(DEPLOY_JOBS)(
      '%s: not interruptible, one at a time per environment, after the gate and the checks, verify before apply',
      jobName => {
        const job = config[jobName];
        expect(job.interruptible).toBe(false);
        expect(job.resource_group).toBe(job.environment.name);
        expect(needsOf(job)).toEqual(
          expect.arrayContaining([
            'build-image',
            'security-gate',
            'manifests',
            'alert-rules',
          ]),
        );
        expect(String(job.variables.GIT_DEPTH)).toBe('0');
        const script = lines(job.script);
        const verify = script.findIndex(line => /\bcosign verify\b/.test(line));
        const apply = script.findIndex(line =>
          /\bkubectl apply\b.*rollout/.test(line),
        );
        expect(verify).toBeGreaterThanOrEqual(0);
        expect(apply).toBeGreaterThan(verify);
        expect(script[verify]).toMatch(/--certificate-identity /);
        expect(script[verify]).not.toMatch(/--certificate-identity-regexp/);
        expect(lines(job.after_script).join('\n')).toMatch(
          /CI_JOB_STATUS[\s\S]*runway-report\.mjs deployment/,
        );
      },
    );

    it('promotes production only after staging', () => {
      expect(needsOf(config['deploy-production'])).toContain('deploy-staging');
    });

    it('signs, attests and verifies with the registry credentials: cosign in its own container does not see docker login', () => {
      const cosign = jobs().flatMap(([name, job]) =>
        scriptLines(job)
          .filter(line =>
            /(\bcosign|COSIGN_IMAGE"?)\s[^\n]*?\b(sign|attest|verify)\b/.test(
              line,
            ),
          )
          .map(line => ({ name, line })),
      );
      expect([...new Set(cosign.map(c => c.name))].sort()).toEqual(
        ['build-image', ...DEPLOY_JOBS].sort(),
      );
      for (const { name, line } of cosign) {
        expect({
          name,
          line,
          credentials:
            /--registry-username "\$CI_REGISTRY_USER" --registry-password "\$CI_REGISTRY_PASSWORD"/.test(
              line,
            ),
        }).toEqual({ name, line, credentials: true });
      }
    });

    it('uses no Bitnami image, and every image variable it names is defined', () => {
      for (const [name, job] of jobs()) {
        for (const image of imagesOf(job)) {
          const resolved = resolveImage(image, variables);
          expect({ job: name, image: resolved }).toEqual({
            job: name,
            image: expect.stringMatching(
              /^(?!bitnami\/)(?!bitnamilegacy\/)[a-z0-9][^\s$]*$/,
            ),
          });
        }
      }
    });

    it.each(REPORT_JOBS)(
      '%s runs on an image with git and node, and can never fail the pipeline',
      jobName => {
        const job = config[jobName];
        expect(IMAGES_WITH_GIT).toContain(
          resolveImage(job.image.name ?? job.image, variables),
        );
        expect(job.allow_failure).toBe(true);
        expect(job.timeout).toMatch(/^\d+\s*m/);
        expect(lines(job.script).join('\n')).not.toMatch(
          /GITHUB_|CI_COMMIT_BEFORE_SHA/,
        );
      },
    );

    it('lets Renovate pin every job image: variables match its custom manager, scripts use variables', async () => {
      const renovate = JSON.parse(
        await fs.readFile(path.join(dir, 'renovate.json'), 'utf8'),
      );
      const manager = renovate.customManagers.find(
        (entry: { datasourceTemplate?: string }) =>
          entry.datasourceTemplate === 'docker',
      );
      const pattern = new RegExp(manager.matchStrings[0]);
      const text = await fs.readFile(path.join(dir, '.gitlab-ci.yml'), 'utf8');
      const imageVariables = Object.entries(raw.variables).filter(([name]) =>
        name.endsWith('_IMAGE'),
      );
      expect(imageVariables.length).toBeGreaterThan(0);
      for (const [name, value] of imageVariables) {
        const match = pattern.exec(
          text.slice(text.indexOf(`${name}: `) + name.length - '_IMAGE'.length),
        );
        expect({
          name,
          depName: match?.groups?.depName,
          currentValue: match?.groups?.currentValue,
        }).toEqual({
          name,
          depName: String(value).split(':')[0],
          currentValue: String(value).split(':')[1].split('@')[0],
        });
      }
      for (const [, job] of jobs()) {
        for (const line of scriptLines(job)) {
          for (const image of imagesOf({ script: [line] })) {
            expect(image).toMatch(/^\$[A-Z0-9_]+_IMAGE$/);
          }
        }
      }
    });

    it('has job scripts that pass shellcheck', async () => {
      const problems: string[] = [];
      for (const [name, job] of jobs()) {
        for (const part of [
          [...lines(job.before_script), ...lines(job.script)],
          lines(job.after_script),
        ]) {
          if (part.length === 0) continue;
          const file = path.join(dir, '.shellcheck.sh');
          await fs.writeFile(file, `#!/bin/sh\n${part.join('\n')}\n`);
          try {
            await run('shellcheck', ['-s', 'sh', file]);
          } catch (error) {
            problems.push(`${name}: ${(error as { stdout?: string }).stdout}`);
          }
        }
      }
      expect(problems).toEqual([]);
    }, 120_000);

    it('builds both overlays to exactly one PrometheusRule each, which promtool accepts', async () => {
      const result = await gitlabCiLocal(dir, [
        '--force-shell-executor',
        '--needs',
        'alert-rules',
      ]);
      expect(jobOutcome(result.output, 'manifests')).toBe('PASS');
      expect(jobOutcome(result.output, 'alert-rules')).toBe('PASS');
      expect(result.output).toMatch(/SUCCESS: \d+ rules found/);
    }, 180_000);

    describe('security gate', () => {
      const reports = {
        sast: 'gl-sast-report.json',
        secrets: 'gl-secret-detection-report.json',
        dependencies: 'gl-dependency-scanning-report.json',
      };

      async function gateWith(
        contents: Partial<Record<keyof typeof reports, unknown>>,
      ) {
        for (const [kind, file] of Object.entries(reports)) {
          const content = contents[kind as keyof typeof reports];
          await fs.rm(path.join(dir, file), { force: true });
          if (content !== undefined) {
            await fs.writeFile(path.join(dir, file), JSON.stringify(content));
          }
        }
        return gitlabCiLocal(dir, ['--force-shell-executor', 'security-gate']);
      }

      const finding = (severity: string, name: string) => ({
        version: '15.1.0',
        vulnerabilities: [
          {
            id: name,
            name,
            severity,
            location: { file: 'src/app.ts', start_line: 3 },
          },
        ],
      });
      const clean = { version: '15.1.0', vulnerabilities: [] };

      it('fails on a High SAST finding and names it', async () => {
        const result = await gateWith({
          sast: finding('High', 'SQL injection'),
          secrets: clean,
          dependencies: clean,
        });
        expect(jobOutcome(result.output, 'security-gate')).toBe('FAIL');
        expect(result.output).toContain('High: SQL injection');
      }, 120_000);

      it('fails on a Critical dependency and on a secret of any severity', async () => {
        const dependency = await gateWith({
          sast: clean,
          secrets: clean,
          dependencies: finding('Critical', 'CVE-2026-0001 in lodash'),
        });
        expect(jobOutcome(dependency.output, 'security-gate')).toBe('FAIL');
        const secret = await gateWith({
          sast: clean,
          secrets: finding('Medium', 'GitLab personal access token'),
          dependencies: clean,
        });
        expect(jobOutcome(secret.output, 'security-gate')).toBe('FAIL');
        expect(secret.output).toContain('GitLab personal access token');
      }, 120_000);

      it('passes when the findings are below High', async () => {
        const result = await gateWith({
          sast: finding('Medium', 'weak hash'),
          secrets: clean,
          dependencies: finding('Low', 'CVE-2026-0002'),
        });
        expect(jobOutcome(result.output, 'security-gate')).toBe('PASS');
      }, 120_000);

      it('passes with a warning, never fails, when a scanner left no report (GitLab Free)', async () => {
        const result = await gateWith({ sast: clean, secrets: clean });
        expect(jobOutcome(result.output, 'security-gate')).toBe('WARN');
        expect(result.output).toMatch(/NOTICE: Dependency scanning .*Ultimate/);
      }, 120_000);
    });

    it('reports the run once it has succeeded, or once it has failed', () => {
      expect(config['report-success'].when).toBe('on_success');
      expect(config['report-failure'].when).toBe('on_failure');
    });

    /**
     * gitlab-ci-local runs a `when: on_failure` job only after a failure in the same local
     * pipeline, which would need the Docker jobs: the job is run from a copy of the pipeline that
     * differs only in that job's `when`.
     */
    async function runnableAlone(jobName: string): Promise<string> {
      if (raw[jobName].when !== 'on_failure') return '.gitlab-ci.yml';
      const copy = {
        ...raw,
        [jobName]: { ...raw[jobName], when: 'on_success' },
      };
      await fs.writeFile(
        path.join(dir, '.gitlab-ci-alone.yml'),
        stringify(copy),
      );
      return '.gitlab-ci-alone.yml';
    }

    it.each(REPORT_JOBS)(
      '%s exits 0 with a warning when Runway is down',
      async jobName => {
        const port = await closedPort();
        const file = await runnableAlone(jobName);
        const result = await gitlabCiLocal(dir, [
          '--force-shell-executor',
          '--file',
          file,
          '--variable',
          'GITLAB_CI=true',
          '--variable',
          `RUNWAY_URL=http://127.0.0.1:${port}`,
          '--variable',
          'RUNWAY_TOKEN=runway-test-token',
          // A short budget: the refused connection is retried with backoff (1 s, 2 s...)
          // until the budget runs out, and only the warning matters here.
          '--variable',
          'RUNWAY_REPORT_TIMEOUT_SECONDS=2',
          jobName,
        ]);
        expect(jobOutcome(result.output, jobName)).toBe('PASS');
        expect(result.output).toMatch(/WARNING: .*Runway/);
      },
      120_000,
    );

    describe('deploy (kubectl and cosign stand-ins)', () => {
      const log = () => path.join(dir, '.stub.log');

      async function deployStaging(
        env: NodeJS.ProcessEnv,
        extra: string[] = [],
      ) {
        await fs.rm(log(), { force: true });
        const result = await gitlabCiLocal(
          dir,
          [
            '--force-shell-executor',
            '--variable',
            'GITLAB_CI=true',
            '--variable',
            `IMAGE_DIGEST=${DIGEST}`,
            ...extra,
            'deploy-staging',
          ],
          {
            env: {
              PATH: `${stubs}:${process.env.PATH}`,
              STUB_LOG: log(),
              ...env,
            },
          },
        );
        const calls = (await fs.readFile(log(), 'utf8').catch(() => '')).split(
          '\n',
        );
        return { ...result, calls };
      }

      it('verifies the signature, then applies that digest, and reports the deployment it made', async () => {
        const result = await deployStaging({}, [
          '--variable',
          'CI_DEPLOY_USER=gitlab+deploy-token-1',
          '--variable',
          'CI_DEPLOY_PASSWORD=deploy-token-secret-value',
        ]);
        expect(jobOutcome(result.output, 'deploy-staging')).toBe('PASS');
        const verify = result.calls.findIndex(line =>
          line.startsWith('cosign verify'),
        );
        const namespace = result.calls.findIndex(line =>
          line.startsWith('kubectl create namespace'),
        );
        const secret = result.calls.findIndex(line =>
          /create secret docker-registry registry-pull/.test(line),
        );
        const apply = result.calls.findIndex(line =>
          line.startsWith('kubectl apply -f rollout.yaml'),
        );
        expect(verify).toBeGreaterThanOrEqual(0);
        expect(namespace).toBeGreaterThan(verify);
        expect(secret).toBeGreaterThan(namespace);
        expect(apply).toBeGreaterThan(secret);
        // GitLab's keyless signing names the pipeline's config file at its ref (docs.gitlab.com,
        // "Use Sigstore for keyless signing"): this project's pipeline on main, and no other.
        expect(result.calls[verify]).toContain(
          `--certificate-identity https://gitlab.com/runway-demo/${repo}//.gitlab-ci.yml@refs/heads/main`,
        );
        expect(result.calls[verify]).toContain(
          '--certificate-oidc-issuer https://gitlab.com',
        );
        const verified = /^cosign verify (\S+)/.exec(result.calls[verify])![1];
        expect(verified).toMatch(new RegExp(`/runway-demo/${repo}@${DIGEST}$`));
        const applied = result.calls.slice(apply).join('\n');
        const images = [...applied.matchAll(/^\s+image: (\S+)$/gm)].map(
          match => match[1],
        );
        expect(images).toEqual([verified]);
        // The namespace made sure of (and given the pull secret) is the one the overlay deploys to.
        const deploymentNamespace =
          /kind: Deployment\nmetadata:(?:\n {2}.*)*?\n {2}namespace: (\S+)/.exec(
            applied,
          )?.[1];
        expect(deploymentNamespace).toBeDefined();
        expect(result.calls[namespace]).toContain(
          `create namespace ${deploymentNamespace} `,
        );
        expect(result.calls[secret]).toContain(`-n ${deploymentNamespace} `);
        expect(result.output).not.toContain('deploy-token-secret-value');
        expect(result.output).toContain('"status":"succeeded"');
        expect(result.output).toContain('"environment":"staging"');
        expect(result.output).toContain(`"commitSha":"${headSha}"`);
      }, 180_000);

      it('applies nothing when the signature does not verify, and reports the failed deployment', async () => {
        const result = await deployStaging({ STUB_COSIGN_EXIT: '1' });
        expect(jobOutcome(result.output, 'deploy-staging')).toBe('FAIL');
        expect(
          result.calls.some(line => line.startsWith('cosign verify')),
        ).toBe(true);
        expect(
          result.calls.some(line => line.startsWith('kubectl apply')),
        ).toBe(false);
        expect(result.output).toContain('"status":"failed"');
        expect(result.output).toContain(`"commitSha":"${headSha}"`);
      }, 180_000);

      it('says how to get the registry-pull secret when there is no deploy token', async () => {
        const result = await deployStaging({});
        expect(jobOutcome(result.output, 'deploy-staging')).toBe('PASS');
        expect(result.output).toMatch(
          /NOTICE: no deploy token.*gitlab-deploy-token/,
        );
        expect(result.calls.some(line => /create secret/.test(line))).toBe(
          false,
        );
      }, 180_000);
    });
  },
);

describe('GitLab pipeline of go-service: coverage gate', () => {
  let dir: string;
  let stubs: string;

  beforeAll(async () => {
    const result = await renderTemplate({
      templateName: 'go-service',
      values: serviceValues,
    });
    dir = await fs.mkdtemp(
      path.join(os.tmpdir(), 'runway-gitlab-go-coverage-'),
    );
    await prepareGitlabProject(dir, result.files);
    // Go 1.23 is not on this machine: `go` and `gofmt` stand-ins let lint-test's own gate logic
    // run. `go test` writes a profile with one covered package and one uncovered cmd/ file;
    // `go tool cover` reports STUB_COVERAGE as the total.
    stubs = path.join(dir, '.stubs');
    await fs.mkdir(stubs);
    await fs.writeFile(
      path.join(stubs, 'go'),
      `#!/bin/sh
case "$1 $2" in
  "test "*) printf 'mode: atomic\\nexample.com/svc/internal/api/api.go:1.1,2.2 1 1\\nexample.com/svc/cmd/server/main.go:1.1,2.2 1 0\\n' > coverage.out ;;
  "tool cover") printf 'example.com/svc/internal/api/api.go:1:\\tHandle\\t100.0%%\\ntotal:\\t(statements)\\t%s%%\\n' "$STUB_COVERAGE" ;;
esac
exit 0
`,
      { mode: 0o755 },
    );
    await fs.writeFile(path.join(stubs, 'gofmt'), '#!/bin/sh\nexit 0\n', {
      mode: 0o755,
    });
  }, 300_000);

  afterAll(async () => {
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  async function lintTest(coverage: string) {
    return gitlabCiLocal(dir, ['--force-shell-executor', 'lint-test'], {
      env: { PATH: `${stubs}:${process.env.PATH}`, STUB_COVERAGE: coverage },
    });
  }

  it('fails below 80% of statements outside cmd/', async () => {
    const result = await lintTest('55.0');
    expect(jobOutcome(result.output, 'lint-test')).toBe('FAIL');
    expect(result.output).toContain('coverage 55.0%');
    const gated = await fs.readFile(
      path.join(dir, 'coverage.gated.out'),
      'utf8',
    );
    expect(gated).toContain('/internal/api/');
    expect(gated).not.toContain('/cmd/');
  }, 120_000);

  it('passes at 80% or more', async () => {
    const result = await lintTest('85.0');
    expect(jobOutcome(result.output, 'lint-test')).toBe('PASS');
  }, 120_000);
});
