import {
  Entity,
  EntityPolicies,
  FieldFormatEntityPolicy,
  SchemaValidEntityPolicy,
} from '@backstage/catalog-model';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { checkConformance, filesFromMap } from '../conformance';
import {
  DryRunResult,
  TEMPLATES_DIR,
  TEST_CONFIG,
  dryRunTemplate,
  writeFiles,
  renderTemplate,
} from '../__testUtils__/dryRunTemplate';
import { kustomizeBuild, validateManifest } from '../__testUtils__/kubernetes';
import {
  findPromtool,
  runActionlint,
  runPromtool,
} from '../__testUtils__/validators';

const TEMPLATES = ['typescript-service', 'python-service', 'go-service'];

const execFileAsync = promisify(execFile);

const sampleValues = {
  name: 'invoice-api',
  description: 'Issues and tracks customer invoices.',
  owner: 'group:default/team-payments',
  system: 'system:default/payments-platform',
  lifecycle: 'experimental',
  tier: 'tier-1',
  onCall: 'P8Z1X4M',
  ci: 'github-actions',
  repoUrl: 'github.com?owner=runway-demo&repo=invoice-api',
};

function stepStatus(result: DryRunResult, stepId: string): string[] {
  return (result.body.log ?? [])
    .filter(entry => entry.body.stepId === stepId && entry.body.status)
    .map(entry => entry.body.status!);
}

describe.each(TEMPLATES)(
  '%s template through the scaffolder dry-run',
  templateName => {
    let result: DryRunResult;
    let outputDir: string;

    beforeAll(async () => {
      result = await renderTemplate({ templateName, values: sampleValues });
      outputDir = await fs.mkdtemp(
        path.join(os.tmpdir(), `runway-${templateName}-`),
      );
      await writeFiles(outputDir, result.files);
    }, 120_000);

    afterAll(async () => {
      if (outputDir) {
        await fs.rm(outputDir, { recursive: true, force: true });
      }
    });

    it("runs Runway's actions and skips only the steps that publish", () => {
      expect(stepStatus(result, 'record-template')).toContain('completed');
      expect(stepStatus(result, 'conformance')).toContain('completed');
      expect(stepStatus(result, 'register-delivery')).toContain('completed');
      expect(stepStatus(result, 'publish-github')).toContain('skipped');
      expect(stepStatus(result, 'register')).toContain('skipped');
      expect(stepStatus(result, 'fetch-gitlab-ci')).toContain('skipped');
      // Without publish: local (the form's default is hosted), the local steps do not run.
      expect(stepStatus(result, 'publish-local')).toContain('skipped');
      expect(stepStatus(result, 'register-local')).toContain('skipped');
    });

    it('leaves no template syntax behind', () => {
      for (const [file, content] of result.files) {
        expect({
          file,
          leftover: /\$\{\{\s*values\.|\{%-?\s*(raw|endraw|if|endif)/.test(
            content,
          ),
        }).toEqual({ file, leftover: false });
      }
    });

    it('produces YAML that parses, every file', () => {
      const yamlFiles = [...result.files.keys()].filter(file =>
        /\.ya?ml$/.test(file),
      );
      expect(yamlFiles.length).toBeGreaterThan(15);
      for (const file of yamlFiles) {
        const errors = parseAllDocuments(result.files.get(file)!).flatMap(doc =>
          doc.errors.map(e => e.message),
        );
        expect({ file, errors }).toEqual({ file, errors: [] });
      }
    });

    it('writes a catalog entity that passes catalog-model validation and records the template', async () => {
      const entity = parse(result.files.get('catalog-info.yaml')!) as Entity;
      await expect(
        EntityPolicies.allOf([
          new FieldFormatEntityPolicy(),
          new SchemaValidEntityPolicy(),
        ]).enforce(entity),
      ).resolves.toBeDefined();
      const template = parse(
        await fs.readFile(
          path.join(TEMPLATES_DIR, templateName, 'template.yaml'),
          'utf8',
        ),
      );
      expect(entity.metadata.annotations).toMatchObject({
        'github.com/project-slug': 'runway-demo/invoice-api',
        'backstage.io/techdocs-ref': 'dir:.',
        'pagerduty.com/service-id': 'P8Z1X4M',
        'runway.dev/template': `template:default/${templateName}`,
        'runway.dev/template-version':
          template.metadata.annotations['runway.dev/template-version'],
      });
      expect(entity.spec).toMatchObject({
        owner: 'group:default/team-payments',
        system: 'system:default/payments-platform',
        lifecycle: 'experimental',
      });
    });

    it('writes workflows that pass actionlint', async () => {
      const lint = await runActionlint(outputDir);
      expect(lint.output).toMatch(/Checking 5 workflow file/);
      expect(lint).toEqual(expect.objectContaining({ ok: true }));
    }, 60_000);

    it("reports to Runway with GitHub's OIDC token: id-token: write on every job that reports outside pull requests, not workflow-wide", () => {
      const workflows = [...result.files]
        .filter(([file]) => file.startsWith('.github/workflows/'))
        .map(([file, text]) => ({ file, workflow: parse(text) }));
      const runsReport = (step: { run?: string }) =>
        /node scripts\/runway-report\.mjs /.test(step.run ?? '');
      const reporters = new Set(
        workflows
          .filter(({ workflow }) =>
            Object.values<any>(workflow.jobs).some(job =>
              (job.steps ?? []).some(runsReport),
            ),
          )
          .map(({ file }) => `./${file}`),
      );
      const reportingJobs: string[] = [];
      for (const { file, workflow } of workflows) {
        expect({ file, top: workflow.permissions?.['id-token'] }).toEqual({
          file,
          top: undefined,
        });
        for (const [name, job] of Object.entries<any>(workflow.jobs)) {
          const steps = (job.steps ?? []).filter(runsReport);
          if (steps.length === 0 && !reporters.has(job.uses)) {
            continue;
          }
          reportingJobs.push(`${file}#${name}`);
          // No job that runs for pull requests may mint OIDC tokens: those report with the
          // RUNWAY_TOKEN fallback.
          const forPullRequests = /github\.event_name == 'pull_request'/.test(
            job.if ?? '',
          );
          expect({ job: name, idToken: job.permissions?.['id-token'] }).toEqual(
            {
              job: name,
              idToken: forPullRequests ? undefined : 'write',
            },
          );
          for (const step of steps) {
            expect(step.env).toMatchObject({
              RUNWAY_URL: '${{ vars.RUNWAY_URL }}',
              RUNWAY_OIDC_AUDIENCE: '${{ vars.RUNWAY_OIDC_AUDIENCE }}',
              RUNWAY_TOKEN: '${{ secrets.RUNWAY_TOKEN }}',
            });
          }
        }
      }
      expect(reportingJobs.sort()).toEqual([
        '.github/workflows/ci.yml#report',
        '.github/workflows/ci.yml#report-pull-request',
        '.github/workflows/deploy-environment.yml#rollout',
        '.github/workflows/deploy.yml#production',
        '.github/workflows/deploy.yml#staging',
      ]);
    });

    it('ships a report script whose own tests pass: OIDC token, RUNWAY_TOKEN fallback, no credential', async () => {
      const tests = [...result.files.keys()].filter(file =>
        /^scripts\/.*\.test\.mjs$/.test(file),
      );
      expect(tests).toEqual(['scripts/runway-report.test.mjs']);
      const { stdout } = await execFileAsync(
        process.execPath,
        ['--test', ...tests],
        { cwd: outputDir },
      );
      expect(stdout).toMatch(/# fail 0/);
      // Its deployment cases skip themselves without git: here nothing may skip.
      expect(stdout).toMatch(/# skipped 0/);
      expect(stdout).toMatch(/ok \d+ - runway-report authentication/);
    }, 60_000);

    it('writes alert rules that pass promtool check rules', async () => {
      const promtool = await findPromtool();
      if (!promtool) {
        throw new Error(
          'promtool is not installed: apt-get install prometheus (Debian) provides it',
        );
      }
      // The rules ship as a PrometheusRule in each overlay: promtool checks its spec.
      for (const environment of ['staging', 'production']) {
        const rules = (
          await kustomizeBuild(
            path.join(outputDir, `deploy/overlays/${environment}`),
          )
        ).filter(object => object.kind === 'PrometheusRule');
        expect(rules).toHaveLength(1);
        const rulesFile = path.join(outputDir, `rules-${environment}.yaml`);
        await fs.writeFile(rulesFile, stringify(rules[0].spec));
        const check = await runPromtool(promtool, rulesFile);
        expect(check.output).toMatch(/SUCCESS: \d+ rules found/);
        expect(check.ok).toBe(true);
      }
      // Two kustomize builds and two promtool runs: over jest's 5 s on a loaded machine.
    }, 60_000);

    it('writes Kubernetes manifests valid against the Kubernetes and Prometheus Operator schemas', async () => {
      // As kubectl apply -k sees them; manifests.kustomize.test.ts checks names, labels and
      // selectors too.
      for (const environment of ['staging', 'production']) {
        const objects = await kustomizeBuild(
          path.join(outputDir, `deploy/overlays/${environment}`),
        );
        for (const object of objects) {
          expect(() => validateManifest(object)).not.toThrow();
        }
        expect([...new Set(objects.map(object => object.kind))].sort()).toEqual(
          [
            'ConfigMap',
            'Deployment',
            'HorizontalPodAutoscaler',
            'Namespace',
            'NetworkPolicy',
            'PodDisruptionBudget',
            'PrometheusRule',
            'Service',
            'ServiceMonitor',
          ],
        );
      }
    }, 60_000);

    it('writes a Grafana dashboard with the fields Grafana requires', () => {
      const dashboard = JSON.parse(
        result.files.get('monitoring/dashboard.json')!,
      );
      expect(dashboard).toMatchObject({
        title: 'invoice-api (RED)',
        uid: 'invoice-api-red',
        schemaVersion: expect.any(Number),
      });
      expect(dashboard.uid.length).toBeLessThanOrEqual(40);
      const ids = dashboard.panels.map((panel: { id: number }) => panel.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const panel of dashboard.panels) {
        expect(panel).toMatchObject({
          type: expect.any(String),
          title: expect.any(String),
          gridPos: expect.any(Object),
        });
        // One service, one environment at a time (the namespace variable).
        expect(
          panel.targets.every(
            (target: { expr: string }) =>
              target.expr.includes('job="invoice-api"') &&
              target.expr.includes('namespace="$namespace"'),
          ),
        ).toBe(true);
      }
    });

    it('passes the golden-path conformance check', async () => {
      const report = await checkConformance(filesFromMap(result.files), {
        ci: 'github-actions',
      });
      expect(report.markdown).toMatch(/all 8 checks pass/);
      expect(report.passed).toBe(true);
    });
  },
);

describe.each(TEMPLATES)(
  '%s template, broken or GitLab variants',
  templateName => {
    it('fails the task with a readable report when a golden-path piece is removed from the skeleton', async () => {
      const broken = await dryRunTemplate({
        templateName,
        values: sampleValues,
        mutate: files => {
          files.delete('skeleton/deploy/base/pdb.yaml');
          files.delete('ci-github/.github/workflows/security.yml');
        },
      });
      // The conformance step throws an InputError: the dry-run answers 400 with the report.
      expect(broken.status).toBe(400);
      const failure = broken.body.error?.message ?? '';
      expect(failure).toMatch(/2 of 8 checks fail/);
      expect(failure).toMatch(/no PodDisruptionBudget manifest under deploy\//);
      expect(failure).toMatch(/workflows lack: CodeQL or Semgrep/);
      expect(failure).toMatch(/workflows lack: secret scanning \(gitleaks\)/);
      expect(failure).not.toMatch(/catalog-entity \| FAIL/);
    }, 120_000);

    it('generates the GitLab CI variant, conformant, without GitHub workflows', async () => {
      const gitlab = await dryRunTemplate({
        templateName,
        values: {
          ...sampleValues,
          ci: 'gitlab-ci',
          repoUrl: 'gitlab.com?owner=runway-demo&repo=invoice-api',
        },
      });
      expect(gitlab.status).toBe(200);
      expect(
        [...gitlab.files.keys()].some(file => file.startsWith('.github/')),
      ).toBe(false);
      expect(parse(gitlab.files.get('.gitlab-ci.yml')!).stages).toContain(
        'deploy-production',
      );
      expect(
        parse(gitlab.files.get('catalog-info.yaml')!).metadata.annotations,
      ).toMatchObject({ 'gitlab.com/project-slug': 'runway-demo/invoice-api' });
      const report = await checkConformance(filesFromMap(gitlab.files), {
        ci: 'gitlab-ci',
      });
      expect(report.markdown).toMatch(/all 8 checks pass/);
      expect(stepStatus(gitlab, 'register-delivery')).toContain('skipped');
    }, 120_000);

    it('rejects a service name that is not a valid name', async () => {
      const invalid = await dryRunTemplate({
        templateName,
        values: { ...sampleValues, name: 'Invoice_API' },
      });
      expect(invalid.status).toBe(400);
      expect(JSON.stringify(invalid.body.errors)).toMatch(/pattern/);
    }, 120_000);
  },
);

describe.each(TEMPLATES)('%s template, published locally', templateName => {
  let repositories: string;

  beforeAll(async () => {
    repositories = await fs.mkdtemp(path.join(os.tmpdir(), 'runway-local-'));
  });

  afterAll(async () => {
    await fs.rm(repositories, { recursive: true, force: true });
  });

  const localConfig = (enabled: boolean) => ({
    ...TEST_CONFIG,
    scaffolder: {
      runway: { localPublish: { enabled, directory: repositories } },
    },
  });

  it('runs the local publish step (dry-run) and skips GitHub, GitLab and delivery registration', async () => {
    const local = await dryRunTemplate({
      templateName,
      values: { ...sampleValues, publish: 'local' },
      config: localConfig(true),
    });
    expect(local.status).toBe(200);
    expect(stepStatus(local, 'conformance')).toContain('completed');
    expect(stepStatus(local, 'publish-local')).toContain('completed');
    // register-local does not support dry-run (like catalog:register), so it is skipped too.
    for (const skipped of [
      'publish-github',
      'publish-gitlab',
      'register-delivery',
      'register',
      'register-local',
    ]) {
      expect({ skipped, status: stepStatus(local, skipped) }).toEqual({
        skipped,
        status: expect.arrayContaining(['skipped']),
      });
    }
    const repo = path.join(repositories, 'invoice-api');
    expect(JSON.stringify(local.body.log)).toContain(
      `Dry run: would commit the workspace to ${repo} (branch main)`,
    );
    expect(local.body.output?.links).toEqual(
      expect.arrayContaining([
        { title: 'Repository', url: pathToFileURL(repo).href },
      ]),
    );
    // A dry-run writes nothing.
    expect(await fs.readdir(repositories)).toEqual([]);
  }, 120_000);

  it('fails with the config key to set when the portal does not allow local publishing', async () => {
    const refused = await dryRunTemplate({
      templateName,
      values: { ...sampleValues, publish: 'local' },
      config: localConfig(false),
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error?.message).toMatch(
      /local publishing is disabled in this portal; set scaffolder.runway.localPublish.enabled: true/,
    );
  }, 120_000);
});
