import { asArray, isObject, parseYamlDocuments } from './parse';
import { CheckResult, CiSystem, RepositoryFiles } from './types';

const FULL_SHA = /@[0-9a-f]{40}$/;

interface Capability {
  name: string;
  /** True when the pipeline text shows the capability. */
  found(pipeline: PipelineText): boolean;
}

/** What the checks search: each step's `uses` and the rest of the pipeline as text. */
interface PipelineText {
  uses: string[];
  text: string;
}

const blockingTrivy = (text: string) =>
  /trivy/i.test(text) &&
  /HIGH,\s*CRITICAL|CRITICAL,\s*HIGH/.test(text) &&
  /exit-code['":\s]+1/.test(text);

const withoutComments = (text: string) => text.replace(/^\s*#.*$/gm, '');

/** GitLab takes `extends` and scripts as one value or a list. */
function listOf(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

const usesAction = (prefix: string) => (pipeline: PipelineText) =>
  pipeline.uses.some(uses => uses.toLowerCase().startsWith(prefix));

/** What both CI systems must do once an image is built: deploy it, and say so to Runway. */
const DELIVERY_CAPABILITIES: Capability[] = [
  {
    name: 'deploy to staging and production environments',
    found: p =>
      /environment/.test(p.text) &&
      /\bstaging\b/.test(p.text) &&
      /\bproduction\b/.test(p.text),
  },
  {
    name: 'delivery events reported to Runway',
    found: p => /runway-report|\/api\/delivery\/events/.test(p.text),
  },
];

const GITHUB_CAPABILITIES: Capability[] = [
  { name: 'lint', found: p => /npm run lint|\blint\b/.test(p.text) },
  {
    name: 'tests with coverage',
    found: p => /coverage|npm test|pytest|go test/.test(p.text),
  },
  { name: 'container build', found: usesAction('docker/build-push-action') },
  {
    name: 'CodeQL or Semgrep',
    found: p =>
      usesAction('github/codeql-action/analyze')(p) || /semgrep/i.test(p.text),
  },
  { name: 'secret scanning (gitleaks)', found: p => /gitleaks/i.test(p.text) },
  {
    name: 'dependency review',
    found: usesAction('actions/dependency-review-action'),
  },
  { name: 'Trivy failing on HIGH/CRITICAL', found: p => blockingTrivy(p.text) },
  {
    name: 'IaC scan (Trivy config)',
    found: p => /scan-type:\s*config/.test(p.text),
  },
  { name: 'OpenSSF Scorecard', found: usesAction('ossf/scorecard-action') },
  { name: 'CycloneDX SBOM', found: p => /cyclonedx/i.test(p.text) },
  { name: 'image signing (cosign)', found: p => /cosign sign/.test(p.text) },
  ...DELIVERY_CAPABILITIES,
];

const GITLAB_CAPABILITIES: Capability[] = [
  { name: 'lint', found: p => /\blint\b/.test(p.text) },
  {
    name: 'tests with coverage',
    found: p => /coverage|npm test|pytest|go test/.test(p.text),
  },
  {
    name: 'container build',
    found: p => /docker build|kaniko|buildah/.test(p.text),
  },
  { name: 'SAST', found: p => /SAST\.gitlab-ci\.yml|semgrep/i.test(p.text) },
  {
    name: 'secret detection',
    found: p => /Secret-Detection|gitleaks/i.test(p.text),
  },
  {
    name: 'dependency scanning',
    found: p => /Dependency-Scanning/.test(p.text),
  },
  {
    name: 'Trivy failing on HIGH/CRITICAL',
    found: p =>
      /trivy/.test(p.text) &&
      /HIGH,CRITICAL/.test(p.text) &&
      /--exit-code 1/.test(p.text),
  },
  { name: 'IaC scan (Trivy config)', found: p => /trivy config/.test(p.text) },
  { name: 'CycloneDX SBOM', found: p => /cyclonedx/i.test(p.text) },
  {
    // The command, not a comment about it: cosign may run from an image variable.
    name: 'image signing (cosign)',
    found: p =>
      /(\bcosign|COSIGN_IMAGE"?)[^\n]*\s(sign|attest)\b/.test(
        withoutComments(p.text),
      ),
  },
  ...DELIVERY_CAPABILITIES,
];

/** A job's script lines (before_script, script, after_script) as one text. */
function jobScript(job: Record<string, unknown>): string {
  return ['before_script', 'script', 'after_script']
    .flatMap(key => listOf(job[key]))
    .map(String)
    .join('\n');
}

/**
 * What GitLab deploy jobs (jobs with an environment, after `extends` is resolved one level)
 * must do: run to the end once started, one at a time per environment, and verify the
 * image's signature before applying it.
 */
function checkGitlabDeployJobs(pipeline: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const resolved = (job: Record<string, unknown>) => {
    const parents = listOf(job.extends)
      .map(name => pipeline[String(name)])
      .filter(isObject);
    return Object.assign({}, ...parents, job) as Record<string, unknown>;
  };
  const defaults = isObject(pipeline.default) ? pipeline.default : {};
  const deployJobs = Object.entries(pipeline).filter(
    ([name, job]) =>
      !name.startsWith('.') &&
      isObject(job) &&
      resolved(job).environment !== undefined &&
      /kubectl|kustomize|helm/.test(jobScript(resolved(job))),
  );
  if (deployJobs.length === 0) {
    problems.push(
      '.gitlab-ci.yml has no deploy job (a job with an environment that applies manifests)',
    );
  }
  for (const [name, job] of deployJobs) {
    const effective = resolved(job as Record<string, unknown>);
    const interruptible = effective.interruptible ?? defaults.interruptible;
    if (interruptible !== false) {
      problems.push(
        `.gitlab-ci.yml: deploy job ${name} can be interrupted by a newer pipeline mid-rollout (set interruptible: false)`,
      );
    }
    if (!effective.resource_group) {
      problems.push(
        `.gitlab-ci.yml: deploy job ${name} has no resource_group, so two rollouts of one environment can overlap`,
      );
    }
    const script = withoutComments(jobScript(effective));
    const verify = script.search(/cosign[^\n]*\sverify\b/);
    const apply = script.search(/kubectl[^\n]*\sapply\b/);
    if (verify < 0 || (apply >= 0 && verify > apply)) {
      problems.push(
        `.gitlab-ci.yml: deploy job ${name} does not verify the image signature (cosign verify) before applying`,
      );
    }
  }
  return problems;
}

function collectUses(value: unknown, into: string[]) {
  if (Array.isArray(value)) {
    value.forEach(item => collectUses(item, into));
  } else if (isObject(value)) {
    for (const [key, child] of Object.entries(value)) {
      if (key === 'uses' && typeof child === 'string') {
        into.push(child);
      } else {
        collectUses(child, into);
      }
    }
  }
}

/** Every Trivy step must fail the job on HIGH and CRITICAL findings, not only one of them. */
function nonBlockingTrivySteps(
  path: string,
  workflow: Record<string, unknown>,
): string[] {
  const problems: string[] = [];
  const jobs = isObject(workflow.jobs) ? Object.values(workflow.jobs) : [];
  for (const job of jobs.filter(isObject)) {
    for (const step of asArray(job.steps).filter(isObject)) {
      if (!String(step.uses ?? '').startsWith('aquasecurity/trivy-action@')) {
        continue;
      }
      const inputs = isObject(step.with) ? step.with : {};
      const severity = String(inputs.severity ?? '');
      const blocks =
        String(inputs['exit-code']) === '1' &&
        severity.includes('HIGH') &&
        severity.includes('CRITICAL');
      if (!blocks) {
        problems.push(
          `${path}: Trivy step "${
            step.name ?? step.uses
          }" does not fail on HIGH/CRITICAL (needs severity HIGH,CRITICAL and exit-code 1)`,
        );
      }
    }
  }
  return problems;
}

type Jobs = Record<string, Record<string, unknown>>;

function jobsOf(workflow: Record<string, unknown> | undefined): Jobs {
  const jobs = isObject(workflow?.jobs) ? workflow!.jobs : {};
  return Object.fromEntries(
    Object.entries(jobs).filter(([, job]) => isObject(job)),
  ) as Jobs;
}

const stepsOf = (job: Record<string, unknown>) =>
  asArray(job.steps).filter(isObject);

const needsOf = (job: Record<string, unknown>): string[] =>
  typeof job.needs === 'string' ? [job.needs] : asArray(job.needs).map(String);

/** A job that puts the image in the registry or signs it: what a deploy then rolls out. */
const publishesImage = (job: Record<string, unknown>) =>
  stepsOf(job).some(
    step =>
      /\bdocker push\b|\bcosign sign\b/.test(String(step.run ?? '')) ||
      (String(step.uses ?? '').startsWith('docker/build-push-action@') &&
        isObject(step.with) &&
        String(step.with.push) === 'true'),
  );

/** The scans a published image must have passed, recognised by what a job's steps do. */
const PUBLISH_GATES: {
  name: string;
  step: (step: Record<string, unknown>) => boolean;
}[] = [
  {
    name: 'CodeQL or Semgrep',
    step: step =>
      String(step.uses ?? '').startsWith('github/codeql-action/analyze@') ||
      /semgrep/i.test(String(step.run ?? '')),
  },
  {
    name: 'secret scanning (gitleaks)',
    step: step => /gitleaks/i.test(`${step.uses ?? ''} ${step.run ?? ''}`),
  },
  {
    name: 'Trivy file-system scan',
    step: step =>
      String(step.uses ?? '').startsWith('aquasecurity/trivy-action@') &&
      isObject(step.with) &&
      step.with['scan-type'] === 'fs',
  },
];

/** Every job `jobId` waits for, transitively, with local reusable workflows expanded. */
function jobsBefore(
  workflows: Map<string, Record<string, unknown>>,
  path: string,
  jobId: string,
): Record<string, unknown>[] {
  const seen = new Set<string>();
  const found: Record<string, unknown>[] = [];
  const visit = (file: string, id: string) => {
    const job = jobsOf(workflows.get(file))[id];
    if (!job || seen.has(`${file}#${id}`)) {
      return;
    }
    seen.add(`${file}#${id}`);
    found.push(job);
    const uses = String(job.uses ?? '');
    if (uses.startsWith('./')) {
      const called = uses.slice(2);
      Object.keys(jobsOf(workflows.get(called))).forEach(calledId =>
        visit(called, calledId),
      );
    }
    needsOf(job).forEach(need => visit(file, need));
  };
  needsOf(jobsOf(workflows.get(path))[jobId] ?? {}).forEach(need =>
    visit(path, need),
  );
  return found;
}

/** deploy runs what the publishing job pushed: that job must wait for every blocking scan. */
function ungatedPublishing(
  workflows: Map<string, Record<string, unknown>>,
): string[] {
  const problems: string[] = [];
  for (const [path, workflow] of workflows) {
    for (const [id, job] of Object.entries(jobsOf(workflow))) {
      if (!publishesImage(job)) {
        continue;
      }
      const before = jobsBefore(workflows, path, id);
      const missing = PUBLISH_GATES.filter(
        gate => !before.some(other => stepsOf(other).some(gate.step)),
      ).map(gate => gate.name);
      if (missing.length > 0) {
        problems.push(
          `${path}: job ${id} publishes the image without waiting for ${missing.join(
            ', ',
          )} (a finding would not stop the deploy)`,
        );
      }
    }
  }
  return problems;
}

function triggersOf(workflow: Record<string, unknown>): string[] {
  const on = workflow.on;
  if (typeof on === 'string') {
    return [on];
  }
  return Array.isArray(on)
    ? on.map(String)
    : Object.keys(isObject(on) ? on : {});
}

/** packages: write and id-token: write let a pull request's code publish or sign as main. */
function writeTokensForPullRequests(
  path: string,
  workflow: Record<string, unknown>,
): string[] {
  if (!triggersOf(workflow).includes('pull_request')) {
    return [];
  }
  const problems: string[] = [];
  for (const [id, job] of Object.entries(jobsOf(workflow))) {
    const permissions = job.permissions ?? workflow.permissions;
    const granted = isObject(permissions)
      ? ['packages', 'id-token'].filter(scope => permissions[scope] === 'write')
      : [];
    if (permissions === 'write-all') {
      granted.push('write-all');
    }
    const condition = String(job.if ?? '');
    const pushOnly =
      /github\.event_name == 'push'/.test(condition) && !/\|\|/.test(condition);
    if (granted.length > 0 && !pushOnly) {
      problems.push(
        `${path}: job ${id} can run for pull requests with ${granted.join(
          ', ',
        )} write (restrict it to pushes: if: github.event_name == 'push')`,
      );
    }
  }
  return problems;
}

export function checkGithubActions(files: RepositoryFiles): CheckResult {
  const result: CheckResult = {
    id: 'ci-github-actions',
    title:
      'GitHub Actions: build, test, image, SBOM, signing, blocking security scans, deploy, Runway reporting; SHA-pinned actions, least-privilege permissions',
    problems: [],
  };
  const workflows = files
    .paths()
    .filter(path => /^\.github\/workflows\/[^/]+\.ya?ml$/.test(path));
  if (workflows.length === 0) {
    result.problems.push('no workflows in .github/workflows/');
    return result;
  }
  const pipeline: PipelineText = { uses: [], text: '' };
  const parsedWorkflows = new Map<string, Record<string, unknown>>();
  for (const path of workflows) {
    const text = files.read(path) ?? '';
    const parsed = parseYamlDocuments(text);
    if ('error' in parsed) {
      result.problems.push(`${path} does not parse: ${parsed.error}`);
      continue;
    }
    const workflow = parsed.documents.find(isObject);
    if (!workflow) {
      result.problems.push(`${path} is empty`);
      continue;
    }
    if (workflow.permissions === undefined) {
      result.problems.push(
        `${path}: no top-level permissions (the token would get the repository default, often write-all)`,
      );
    } else if (workflow.permissions === 'write-all') {
      result.problems.push(`${path}: top-level permissions are write-all`);
    } else if (
      isObject(workflow.permissions) &&
      Object.values(workflow.permissions).includes('write')
    ) {
      result.problems.push(
        `${path}: top-level write permissions (grant them to the jobs that need them)`,
      );
    }
    result.problems.push(...writeTokensForPullRequests(path, workflow));
    parsedWorkflows.set(path, workflow);
    const uses: string[] = [];
    collectUses(workflow.jobs, uses);
    for (const action of uses) {
      const local = action.startsWith('./');
      const pinnedImage =
        action.startsWith('docker://') && action.includes('@sha256:');
      if (!local && !pinnedImage && !FULL_SHA.test(action)) {
        result.problems.push(
          `${path}: ${action} is not pinned to a full commit SHA`,
        );
      }
    }
    result.problems.push(...nonBlockingTrivySteps(path, workflow));
    pipeline.uses.push(...uses);
    pipeline.text += `\n${text}`;
  }
  for (const capability of GITHUB_CAPABILITIES) {
    if (!capability.found(pipeline)) {
      result.problems.push(`workflows lack: ${capability.name}`);
    }
  }
  result.problems.push(...ungatedPublishing(parsedWorkflows));
  const updates = [
    '.github/dependabot.yml',
    '.github/dependabot.yaml',
    'renovate.json',
    '.github/renovate.json',
  ];
  if (!updates.some(path => files.read(path) !== undefined)) {
    result.problems.push('no Dependabot or Renovate configuration');
  }
  return result;
}

export function checkGitlabCi(files: RepositoryFiles): CheckResult {
  const result: CheckResult = {
    id: 'ci-gitlab',
    title:
      'GitLab CI: build, test, image, SBOM, signing, blocking security scans, deploy, Runway reporting',
    problems: [],
  };
  const text = files.read('.gitlab-ci.yml');
  if (text === undefined) {
    result.problems.push('.gitlab-ci.yml is missing');
    return result;
  }
  const parsed = parseYamlDocuments(text);
  if ('error' in parsed) {
    result.problems.push(`.gitlab-ci.yml does not parse: ${parsed.error}`);
    return result;
  }
  const pipeline = parsed.documents.find(isObject);
  if (!pipeline || asArray(pipeline.stages).length === 0) {
    result.problems.push('.gitlab-ci.yml declares no stages');
  }
  if (pipeline) {
    result.problems.push(...checkGitlabDeployJobs(pipeline));
  }
  for (const capability of GITLAB_CAPABILITIES) {
    if (!capability.found({ uses: [], text })) {
      result.problems.push(`.gitlab-ci.yml lacks: ${capability.name}`);
    }
  }
  if (files.read('renovate.json') === undefined) {
    result.problems.push('no Renovate configuration (renovate.json)');
  }
  return result;
}

export function checkCi(files: RepositoryFiles, ci: CiSystem): CheckResult {
  return ci === 'gitlab-ci' ? checkGitlabCi(files) : checkGithubActions(files);
}
