import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import {
  TEMPLATES_DIR,
  writeFiles,
  renderTemplate,
} from '../__testUtils__/dryRunTemplate';
import {
  runActionlint,
  runShellcheck,
  stepScript,
} from '../__testUtils__/validators';

const execFileAsync = promisify(execFile);

/**
 * The GitHub Actions side of the golden path, read from the RENDERED workflows as GitHub would
 * run them: deploy (which runs only when `ci` succeeds on main) waits for every blocking check,
 * write tokens never reach pull requests, Runway cannot fail a run, the image pushed is the image
 * scanned, and branch protection requires exactly the checks that gate.
 */

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  'continue-on-error'?: unknown;
}

interface Job {
  name?: string;
  uses?: string;
  if?: string;
  needs?: string | string[];
  permissions?: string | Record<string, string>;
  steps?: Step[];
  env?: Record<string, string>;
  'continue-on-error'?: unknown;
  'timeout-minutes'?: number;
}

interface Workflow {
  name?: string;
  on: unknown;
  permissions?: string | Record<string, string>;
  env?: Record<string, string>;
  jobs: Record<string, Job>;
}

type Workflows = Map<string, Workflow>;

const serviceValues = {
  name: 'invoice-api',
  description: 'Issues and tracks customer invoices.',
  owner: 'group:default/team-payments',
  system: 'system:default/payments-platform',
  lifecycle: 'experimental',
  tier: 'tier-1',
  onCall: 'P8Z1X4M',
  ci: 'github-actions',
  // An organisation with capitals: GHCR needs the image name in lower case.
  repoUrl: 'github.com?owner=Runway-Demo&repo=invoice-api',
};

const retrofitValues = {
  existingFiles: 'replace',
  repoUrl: 'github.com?owner=Runway-Demo&repo=legacy-billing',
  ci: 'github-actions',
  name: 'legacy-billing',
  description: 'The billing service from before the golden path.',
  owner: 'group:default/team-payments',
  system: 'system:default/payments-platform',
  lifecycle: 'production',
  tier: 'tier-2',
};

const VARIANTS = [
  ...['typescript-service', 'python-service', 'go-service'].map(
    templateName => ({
      label: templateName,
      templateName,
      values: serviceValues as Record<string, unknown>,
      publishesRepository: true,
    }),
  ),
  ...['typescript', 'python', 'go'].map(language => ({
    label: `retrofit (${language})`,
    templateName: 'retrofit',
    values: { ...retrofitValues, language } as Record<string, unknown>,
    // The retrofit opens a pull request in an existing repository: it sets no protection.
    publishesRepository: false,
  })),
];

const LOWER_CASE_IMAGE =
  'echo "IMAGE=ghcr.io/${GITHUB_REPOSITORY,,}" >> "$GITHUB_ENV"';

const steps = (job: Job) => job.steps ?? [];
const asList = (value: string | string[] | undefined) =>
  value === undefined ? [] : ([] as string[]).concat(value);
const usesAction = (step: Step, action: string) =>
  (step.uses ?? '').startsWith(`${action}@`);
const blocking = (value: unknown) => value !== true && value !== 'true';

function triggers(workflow: Workflow): string[] {
  const on = workflow.on;
  if (typeof on === 'string') {
    return [on];
  }
  return Array.isArray(on) ? on : Object.keys(on as object);
}

/** The job only runs for pushes: its `if` requires the push event and offers no alternative. */
const pushOnly = (job: Job) =>
  /github\.event_name == 'push'/.test(job.if ?? '') &&
  !/\|\|/.test(job.if ?? '');

/** The commit a run tests, by the events its job runs for: a pull request's own head commit. */
const COMMIT_TESTED = {
  push: '${{ github.sha }}',
  pull_request: '${{ github.event.pull_request.head.sha }}',
  both: '${{ github.event.pull_request.head.sha || github.sha }}',
};

function runsFor(job: Job): keyof typeof COMMIT_TESTED {
  if (/github\.event_name == 'pull_request'/.test(job.if ?? '')) {
    return 'pull_request';
  }
  return pushOnly(job) ? 'push' : 'both';
}

function permissionsOf(workflow: Workflow, job: Job): Record<string, string> {
  const permissions = job.permissions ?? workflow.permissions ?? {};
  if (typeof permissions === 'string') {
    // read-all / write-all
    return { '*': permissions.replace(/-all$/, '') };
  }
  return permissions;
}

/** A job as GitHub reports it: its check name, including the caller's for reusable workflows. */
interface JobRef {
  file: string;
  id: string;
  job: Job;
  check: string;
  /** The job of another workflow that called this one, if any. */
  caller?: JobRef;
}

function workflowFile(uses: string): string {
  return uses.replace(/^\.\//, '');
}

/** Every job `start` waits for, transitively, with called workflows expanded into their jobs. */
function prerequisites(workflows: Workflows, start: JobRef): JobRef[] {
  const found = new Map<string, JobRef>();
  const visit = (ref: JobRef) => {
    const key = `${ref.file}#${ref.id}#${ref.caller?.id ?? ''}`;
    if (found.has(key)) {
      return;
    }
    found.set(key, ref);
    if (ref.job.uses?.startsWith('./')) {
      // A called workflow's jobs all run inside the caller's job.
      const called = workflows.get(workflowFile(ref.job.uses));
      for (const [id, job] of Object.entries(called?.jobs ?? {})) {
        visit({
          file: workflowFile(ref.job.uses),
          id,
          job,
          check: `${ref.check} / ${job.name ?? id}`,
          caller: ref,
        });
      }
    }
    const jobs = workflows.get(ref.file)!.jobs;
    for (const need of asList(ref.job.needs)) {
      visit({
        file: ref.file,
        id: need,
        job: jobs[need],
        check: ref.caller
          ? `${ref.caller.check} / ${jobs[need].name ?? need}`
          : jobs[need].name ?? need,
        caller: ref.caller,
      });
    }
  };
  for (const need of asList(start.job.needs)) {
    const job = workflows.get(start.file)!.jobs[need];
    visit({ file: start.file, id: need, job, check: job.name ?? need });
  }
  return [...found.values()];
}

/** The checks that must gate a deploy, recognised by what the job does, not by its name. */
const GATES: { gate: string; step: (step: Step) => boolean }[] = [
  {
    gate: 'tests',
    step: s => /\b(npm test|pytest|go test)\b/.test(s.run ?? ''),
  },
  {
    gate: 'CodeQL',
    step: s => usesAction(s, 'github/codeql-action/analyze'),
  },
  {
    // Where CodeQL may not run (a private repository without GitHub Code Security).
    gate: 'Semgrep',
    step: s => /\bsemgrep scan\b/.test(s.run ?? ''),
  },
  {
    gate: 'secret scanning (gitleaks)',
    step: s => /gitleaks/.test(s.run ?? ''),
  },
  {
    gate: 'dependency review',
    step: s => usesAction(s, 'actions/dependency-review-action'),
  },
  {
    gate: 'Trivy file-system scan',
    step: s =>
      usesAction(s, 'aquasecurity/trivy-action') &&
      s.with?.['scan-type'] === 'fs',
  },
  {
    gate: 'Trivy IaC scan',
    step: s =>
      usesAction(s, 'aquasecurity/trivy-action') &&
      s.with?.['scan-type'] === 'config',
  },
  {
    gate: 'image scan',
    step: s =>
      usesAction(s, 'aquasecurity/trivy-action') &&
      s.with?.['image-ref'] !== undefined,
  },
  { gate: 'kustomize build', step: s => /kubectl kustomize/.test(s.run ?? '') },
  {
    gate: 'promtool check rules',
    step: s => /promtool check rules/.test(s.run ?? ''),
  },
];

/** Jobs that put an image in the registry or sign it: what deploy then rolls out. */
function publishers(workflows: Workflows): JobRef[] {
  const found: JobRef[] = [];
  for (const [file, workflow] of workflows) {
    for (const [id, job] of Object.entries(workflow.jobs)) {
      const publishes = steps(job).some(
        s =>
          /\bdocker push\b|\bcosign sign\b/.test(s.run ?? '') ||
          (usesAction(s, 'docker/build-push-action') &&
            String(s.with?.push) === 'true'),
      );
      if (publishes) {
        found.push({ file, id, job, check: job.name ?? id });
      }
    }
  }
  return found;
}

async function runBash(
  script: string,
  env: Record<string, string>,
): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await execFileAsync(
      'bash',
      ['-e', '-c', script],
      {
        env: { ...process.env, ...env },
      },
    );
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failure = error as {
      code?: number;
      stdout?: string;
      stderr?: string;
    };
    return {
      code: failure.code ?? -1,
      output: `${failure.stdout ?? ''}${failure.stderr ?? ''}`,
    };
  }
}

/**
 * A SARIF file written for this test: each rule with a level and a security-severity. CodeQL
 * lists its rules under the tool's extensions (query packs), Semgrep under the driver.
 */
function sarif(
  results: { rule: string; level: string; severity?: string }[],
  layout: 'CodeQL' | 'Semgrep' = 'CodeQL',
): string {
  const rules = results.map(r => ({
    id: r.rule,
    defaultConfiguration: { level: r.level },
    properties: r.severity ? { 'security-severity': r.severity } : {},
  }));
  return JSON.stringify({
    version: '2.1.0',
    runs: [
      {
        tool:
          layout === 'CodeQL'
            ? {
                driver: { name: 'CodeQL', rules: [] },
                extensions: [{ name: 'codeql/test-queries', rules }],
              }
            : { driver: { name: 'Semgrep OSS', rules } },
        results: results.map((r, index) => ({
          ruleId: r.rule,
          message: { text: `finding ${index}` },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: 'src/app.ts' },
                region: { startLine: index + 1 },
              },
            },
          ],
        })),
      },
    ],
  });
}

describe.each(VARIANTS)('$label: GitHub workflows', variant => {
  let files: Map<string, string>;
  let workflows: Workflows;
  let dir: string;

  beforeAll(async () => {
    const result = await renderTemplate({
      templateName: variant.templateName,
      values: variant.values,
    });
    files = result.files;
    workflows = new Map(
      [...files]
        .filter(([file]) => /^\.github\/workflows\/[^/]+\.ya?ml$/.test(file))
        .map(([file, text]) => [file, parse(text) as Workflow]),
    );
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'runway-workflows-'));
    await writeFiles(dir, files);
  }, 180_000);

  afterAll(async () => {
    if (dir) {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  const ci = () => workflows.get('.github/workflows/ci.yml')!;

  it('passes actionlint', async () => {
    const lint = await runActionlint(dir);
    expect(lint.output).toMatch(/Checking \d+ workflow file/);
    expect(lint).toEqual(expect.objectContaining({ ok: true }));
  }, 60_000);

  it('has run: scripts that pass shellcheck, every step of every workflow', async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const [file, workflow] of workflows) {
      for (const [id, job] of Object.entries(workflow.jobs)) {
        for (const [index, step] of steps(job).entries()) {
          if (step.run === undefined) {
            continue;
          }
          checked++;
          const check = await runShellcheck(stepScript(step.run));
          if (!check.ok) {
            failures.push(
              `${file} job ${id} step ${step.name ?? index}:\n${check.output}`,
            );
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(10);
    expect(failures).toEqual([]);
  }, 120_000);

  it('publishes the image only from ci, which deploy waits for', () => {
    const found = publishers(workflows);
    expect(found.length).toBeGreaterThan(0);
    expect(new Set(found.map(p => p.file))).toEqual(
      new Set(['.github/workflows/ci.yml']),
    );
    const deploy = workflows.get('.github/workflows/deploy.yml')!;
    expect((deploy.on as any).workflow_run.workflows).toContain(ci().name);
  });

  it('publishes only after every blocking check passed (deploy waits for all of them)', () => {
    const missing: string[] = [];
    for (const publisher of publishers(workflows)) {
      const before = prerequisites(workflows, publisher);
      for (const { gate, step } of GATES) {
        const gateJobs = before.filter(ref => steps(ref.job).some(step));
        if (gateJobs.length === 0) {
          missing.push(`${publisher.id} does not wait for ${gate}`);
        }
        for (const ref of gateJobs) {
          const soft =
            !blocking(ref.job['continue-on-error']) ||
            steps(ref.job).some(
              s => step(s) && !blocking(s['continue-on-error']),
            );
          if (soft) {
            missing.push(
              `${gate} in ${ref.file}#${ref.id} may fail without failing`,
            );
          }
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('pushes the image that was scanned, not a rebuild', () => {
    for (const publisher of publishers(workflows)) {
      const publisherSteps = steps(publisher.job);
      expect(
        publisherSteps.filter(
          s =>
            usesAction(s, 'docker/build-push-action') ||
            /\bdocker (buildx )?build\b/.test(s.run ?? ''),
        ),
      ).toEqual([]);
      // The scanned image arrives as an artifact and must be the same image (same image ID).
      const load = publisherSteps.find(s =>
        /\bdocker load\b/.test(s.run ?? ''),
      );
      expect(load?.run).toMatch(/docker image inspect --format '\{\{\.Id\}\}'/);
      const scannedId = load?.env?.SCANNED_ID ?? '';
      const [, producer] = /needs\.([\w-]+)\.outputs\.id/.exec(scannedId) ?? [];
      const producerJob = ci().jobs[producer];
      expect(
        steps(producerJob).some(
          s =>
            usesAction(s, 'aquasecurity/trivy-action') && s.with?.['image-ref'],
        ),
      ).toBe(true);
      expect(asList(publisher.job.needs)).toContain(producer);
    }
  });

  it('grants no write permission workflow-wide, and no packages/id-token write to pull requests', () => {
    const problems: string[] = [];
    for (const [file, workflow] of workflows) {
      const top = workflow.permissions ?? {};
      const topValues = typeof top === 'string' ? [top] : Object.values(top);
      if (topValues.some(value => /write/.test(value))) {
        problems.push(`${file}: workflow-level write permission`);
      }
      if (!triggers(workflow).includes('pull_request')) {
        continue;
      }
      for (const [id, job] of Object.entries(workflow.jobs)) {
        const permissions = permissionsOf(workflow, job);
        const dangerous = ['packages', 'id-token', '*'].filter(
          scope => permissions[scope] === 'write',
        );
        if (dangerous.length > 0 && !pushOnly(job)) {
          problems.push(
            `${file}#${id} can run on pull_request with ${dangerous} write`,
          );
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('grants each job only the write permissions its steps use', () => {
    // A write scope no step needs is a token an attacker could use (attestations: write once
    // came with the signing job and nothing attested through it).
    const uses: Record<string, (job: Job) => boolean> = {
      packages: job =>
        steps(job).some(s =>
          /\bdocker push\b|\bcosign sign\b/.test(s.run ?? ''),
        ),
      'id-token': job =>
        steps(job).some(
          s =>
            /\bcosign (sign|attest|verify)\b|runway-report\.mjs/.test(
              s.run ?? '',
            ) || usesAction(s, 'ossf/scorecard-action'),
        ),
      'security-events': job =>
        steps(job).some(
          s =>
            usesAction(s, 'github/codeql-action/upload-sarif') ||
            usesAction(s, 'github/codeql-action/analyze'),
        ),
    };
    const surplus: string[] = [];
    for (const [file, workflow] of workflows) {
      for (const [id, job] of Object.entries(workflow.jobs)) {
        const permissions = permissionsOf(workflow, job);
        for (const [scope, value] of Object.entries(permissions)) {
          if (value !== 'write') continue;
          // A call to a reusable workflow hands its scopes to the called jobs.
          const called = job.uses?.startsWith('./')
            ? Object.values(workflows.get(workflowFile(job.uses))?.jobs ?? {})
            : [job];
          const used = called.some(c => uses[scope]?.(c) ?? false);
          if (!used) surplus.push(`${file}#${id}: ${scope}: write`);
        }
      }
    }
    expect(surplus).toEqual([]);
  });

  it('names the image in lower case at run time in every job that uses it', () => {
    const owned = ['ci.yml', 'security.yml', 'scorecard.yml'].map(
      name => `.github/workflows/${name}`,
    );
    for (const file of owned) {
      const workflow = workflows.get(file)!;
      expect({ file, image: workflow.env?.IMAGE }).toEqual({
        file,
        image: undefined,
      });
      for (const [id, job] of Object.entries(workflow.jobs)) {
        // The first step that mentions IMAGE must be the one that sets it, lower-cased.
        const mentionsImage = (s: Step) => /\bIMAGE\b/.test(JSON.stringify(s));
        const first = steps(job).findIndex(mentionsImage);
        if (first === -1) {
          continue;
        }
        expect({ job: id, first: steps(job)[first].run }).toEqual({
          job: id,
          first: LOWER_CASE_IMAGE,
        });
      }
    }
  });

  it('reports to Runway without ever failing the run, with the commit the run tested', () => {
    const reporters = Object.entries(ci().jobs).filter(([, job]) =>
      steps(job).some(s => /runway-report\.mjs pipeline-run/.test(s.run ?? '')),
    );
    expect(reporters.length).toBeGreaterThan(0);
    const events = new Set<string>();
    for (const [id, job] of reporters) {
      expect({ id, continueOnError: job['continue-on-error'] }).toEqual({
        id,
        continueOnError: true,
      });
      expect(job['timeout-minutes']).toBeLessThanOrEqual(5);
      const step = steps(job).find(s => /runway-report/.test(s.run ?? ''))!;
      const [, variable] = /--sha "\$(\w+)"/.exec(step.run!) ?? [];
      const event = runsFor(job);
      expect({ id, sha: step.env?.[variable] }).toEqual({
        id,
        sha: COMMIT_TESTED[event],
      });
      events.add(event);
    }
    // Every run is reported: pushes and pull requests.
    expect(
      events.has('both') || (events.has('push') && events.has('pull_request')),
    ).toBe(true);
  });

  /** The gate step after `scan` in `job`: run on sample SARIF files, it must block exactly high findings. */
  async function expectSarifGate(
    job: Job,
    scan: (s: Step) => boolean,
    layout: 'CodeQL' | 'Semgrep',
  ) {
    const jobSteps = steps(job);
    const scanIndex = jobSteps.findIndex(scan);
    expect(scanIndex).toBeGreaterThanOrEqual(0);
    const gate = jobSteps
      .slice(scanIndex + 1)
      .find(s => /\.sarif/.test(s.run ?? ''));
    expect(gate).toBeDefined();
    expect(blocking(gate!['continue-on-error'])).toBe(true);

    const sarifDir = await fs.mkdtemp(path.join(os.tmpdir(), 'runway-sarif-'));
    const verdict = async (content: string) => {
      await fs.writeFile(path.join(sarifDir, 'language.sarif'), content);
      return runBash(gate!.run!, { ...gate!.env, SARIF_DIR: sarifDir });
    };
    try {
      const high = await verdict(
        sarif(
          [
            { rule: 'js/sql-injection', level: 'error', severity: '8.8' },
            { rule: 'js/unused-local-variable', level: 'note' },
          ],
          layout,
        ),
      );
      expect(high.code).not.toBe(0);
      expect(high.output).toMatch(/::error.*js\/sql-injection/);
      expect(high.output).not.toMatch(/unused-local-variable/);

      const errorLevel = await verdict(
        sarif([{ rule: 'js/syntax-error', level: 'error' }], layout),
      );
      expect(errorLevel.code).not.toBe(0);

      const medium = await verdict(
        sarif(
          [
            { rule: 'js/log-injection', level: 'error', severity: '6.1' },
            { rule: 'js/unused-local-variable', level: 'note' },
          ],
          layout,
        ),
      );
      expect(medium).toEqual(expect.objectContaining({ code: 0 }));

      await fs.rm(path.join(sarifDir, 'language.sarif'));
      expect(
        (await runBash(gate!.run!, { ...gate!.env, SARIF_DIR: sarifDir })).code,
      ).not.toBe(0);
    } finally {
      await fs.rm(sarifDir, { recursive: true, force: true });
    }
  }

  const CODE_SECURITY =
    "github.event.repository.visibility == 'public' || vars.RUNWAY_CODE_SECURITY == 'enabled'";
  const NO_CODE_SECURITY =
    "github.event.repository.visibility != 'public' && vars.RUNWAY_CODE_SECURITY != 'enabled'";

  it('fails the CodeQL job on high-severity or error-level findings, uploading nothing', async () => {
    const codeqlJobs = [...workflows.values()].flatMap(w =>
      Object.values(w.jobs).filter(job =>
        steps(job).some(s => usesAction(s, 'github/codeql-action/analyze')),
      ),
    );
    expect(codeqlJobs).toHaveLength(1);
    const analyze = steps(codeqlJobs[0]).find(s =>
      usesAction(s, 'github/codeql-action/analyze'),
    );
    expect(analyze?.with?.upload).toBe('never');
    await expectSarifGate(
      codeqlJobs[0],
      s => usesAction(s, 'github/codeql-action/analyze'),
      'CodeQL',
    );
  });

  it('runs CodeQL only where its terms allow it (public, or GitHub Code Security), and Semgrep, gating on the same line, everywhere else', async () => {
    const security = workflows.get('.github/workflows/security.yml')!;
    const codeql = Object.values(security.jobs).find(job =>
      steps(job).some(s => usesAction(s, 'github/codeql-action/init')),
    )!;
    const semgrep = Object.values(security.jobs).find(job =>
      steps(job).some(s => /\bsemgrep scan\b/.test(s.run ?? '')),
    )!;
    expect(semgrep).toBeDefined();
    // Exactly one of the two runs, whatever the repository: the conditions are each other's negation.
    expect(codeql.if).toBe(CODE_SECURITY);
    expect(semgrep.if).toBe(NO_CODE_SECURITY);
    // Where Semgrep stands in, the run says why, and which variable brings CodeQL back.
    expect(
      steps(semgrep).some(s =>
        /::notice[^"]*CodeQL[^"]*RUNWAY_CODE_SECURITY=enabled/.test(
          s.run ?? '',
        ),
      ),
    ).toBe(true);
    // A pinned Semgrep, its rules read without sending metrics, its SARIF where the gate reads it.
    expect(semgrep.env?.SEMGREP_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
    expect(JSON.stringify(steps(semgrep))).toMatch(
      /semgrep==\$\{SEMGREP_VERSION\}/,
    );
    const scan = steps(semgrep).find(s =>
      /\bsemgrep scan\b/.test(s.run ?? ''),
    )!;
    expect(scan.run).toMatch(/--metrics=off/);
    const [, written] =
      /--sarif-output="\$RUNNER_TEMP\/([^/"]+)\//.exec(scan.run!) ?? [];
    const gate = steps(semgrep).find(
      s => /\.sarif/.test(s.run ?? '') && s.env?.SARIF_DIR,
    );
    expect(gate?.env?.SARIF_DIR).toBe(`\${{ runner.temp }}/${written}`);
    await expectSarifGate(
      semgrep,
      s => /\bsemgrep scan\b/.test(s.run ?? ''),
      'Semgrep',
    );
  });

  it('uploads to code scanning and runs dependency review only where GitHub Code Security exists, with a notice otherwise', () => {
    const available =
      /github\.event\.repository\.visibility == 'public' \|\| vars\.RUNWAY_CODE_SECURITY == 'enabled'/;
    const needsCodeSecurity = (s: Step) =>
      usesAction(s, 'github/codeql-action/upload-sarif') ||
      usesAction(s, 'actions/dependency-review-action') ||
      usesAction(s, 'ossf/scorecard-action');
    let guarded = 0;
    for (const [file, workflow] of workflows) {
      for (const [id, job] of Object.entries(workflow.jobs)) {
        const jobEnv = JSON.stringify(job.env ?? {});
        for (const s of steps(job).filter(needsCodeSecurity)) {
          guarded++;
          const condition = `${job.if ?? ''} ${s.if ?? ''} ${
            /CODE_SECURITY/.test(s.if ?? '') ? jobEnv : ''
          }`;
          expect({
            file,
            id,
            step: s.uses,
            guarded: available.test(condition),
          }).toEqual({
            file,
            id,
            step: s.uses,
            guarded: true,
          });
        }
      }
    }
    // Each workflow with such a step says, where it skips it, which variable turns it on.
    const withoutNotice = [...workflows]
      .map(([file, workflow]) => ({ file, text: JSON.stringify(workflow) }))
      .filter(({ text }) =>
        /upload-sarif|dependency-review-action|scorecard-action/.test(text),
      )
      .filter(
        ({ text }) => !/::notice[^"]*RUNWAY_CODE_SECURITY=enabled/.test(text),
      )
      .map(({ file }) => file);
    expect(withoutNotice).toEqual([]);
    expect(guarded).toBeGreaterThanOrEqual(3);
  });

  it("builds both overlays and passes promtool on each overlay's PrometheusRule, as the manifests job runs them", async () => {
    // The job's own scripts, on the rendered repository, with this machine's kubectl, yq and
    // promtool (its install step, apt-get on the runner, is the only one not run here).
    const job = Object.values(ci().jobs).find(candidate =>
      steps(candidate).some(s => /promtool check rules/.test(s.run ?? '')),
    )!;
    const scripts = steps(job)
      .filter(s => /kubectl kustomize|promtool check rules/.test(s.run ?? ''))
      .map(s => s.run!);
    expect(scripts).toHaveLength(2);
    const runnerTemp = await fs.mkdtemp(
      path.join(os.tmpdir(), 'runway-runner-'),
    );
    const runJob = async () => {
      for (const script of scripts) {
        const outcome = await runBash(`cd ${JSON.stringify(dir)}\n${script}`, {
          RUNNER_TEMP: runnerTemp,
        });
        if (outcome.code !== 0) {
          return outcome;
        }
      }
      return { code: 0, output: '' };
    };
    const originals = new Map<string, string>();
    try {
      const passed = await runJob();
      expect(passed).toEqual({ code: 0, output: '' });
      for (const environment of ['staging', 'production']) {
        expect(
          await fs.readFile(
            path.join(runnerTemp, `rules-${environment}.yaml`),
            'utf8',
          ),
        ).toMatch(/groups/);
      }
      // A broken rule expression must fail the job.
      for (const [file, text] of files) {
        if (/^kind: PrometheusRule$/m.test(text)) {
          originals.set(file, text);
          await fs.writeFile(
            path.join(dir, file),
            text.replace(/expr: .*/, 'expr: sum(rate(http_requests_total[5m])'),
          );
        }
      }
      expect(originals.size).toBeGreaterThan(0);
      const broken = await runJob();
      expect(broken.code).not.toBe(0);
      expect(broken.output).toMatch(/FAILED|parse error|unclosed/i);
    } finally {
      for (const [file, text] of originals) {
        await fs.writeFile(path.join(dir, file), text);
      }
      await fs.rm(runnerTemp, { recursive: true, force: true });
    }
  }, 60_000);

  it('scans for secrets without a licence or a pull-request token (gitleaks CLI, pinned)', () => {
    const all = JSON.stringify([...workflows.values()]);
    expect(all).not.toMatch(/gitleaks\/gitleaks-action@/);
    expect(all).toMatch(
      /go install \\"github\.com\/zricethezav\/gitleaks\/v8@\$\{GITLEAKS_VERSION\}\\"/,
    );
    expect(all).toMatch(/GITLEAKS_VERSION":"v\d+\.\d+\.\d+"/);
  });

  if (variant.publishesRepository) {
    it('protects main at publish, requiring exactly the checks deploy waits for', async () => {
      const template = parse(
        await fs.readFile(
          path.join(TEMPLATES_DIR, variant.templateName, 'template.yaml'),
          'utf8',
        ),
      );
      const publish = template.spec.steps.find(
        (step: { id: string }) => step.id === 'publish-github',
      );
      expect(publish.input.protectDefaultBranch).toBe(true);
      const [publisher] = publishers(workflows);
      const gates = prerequisites(workflows, publisher);
      // Every required check must also run on pull requests, or a merge would wait forever.
      expect(
        gates.filter(ref => pushOnly(ref.job)).map(ref => ref.check),
      ).toEqual([]);
      expect([...publish.input.requiredStatusCheckContexts].sort()).toEqual(
        gates
          .filter(ref => !ref.job.uses)
          .map(ref => ref.check)
          .sort(),
      );
    });
  }
});
