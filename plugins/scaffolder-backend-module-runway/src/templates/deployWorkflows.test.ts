/**
 * The deploy workflows (`deploy.yml`, `deploy-environment.yml`) of every golden path, rendered
 * through the real scaffolder and then read and run the way GitHub would: deploy.yml's gate is
 * evaluated against real `workflow_run` payloads, and the rollout job's `run:` steps are executed
 * in order in a sandbox whose kubectl, docker, cosign and node are small scripts that record how
 * they were called (kubectl builds the real rendered deploy/ folder with its own kustomize).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { DryRunResult, renderTemplate } from '../__testUtils__/dryRunTemplate';

/** Real payloads recorded from GitHub, as published by @octokit/webhooks-examples. */
const webhookExamples: Array<{
  name: string;
  examples: Array<Record<string, any>>;
}> = require('@octokit/webhooks-examples');

const LANGUAGES = ['typescript', 'python', 'go'];

const common = {
  ci: 'github-actions',
  description: 'A service.',
  owner: 'group:default/team-payments',
  system: 'system:default/payments-platform',
  lifecycle: 'production',
  tier: 'tier-1',
};

// Owners and repositories with capitals: GitHub keeps them, GHCR refuses them.
const CASES = [
  ...LANGUAGES.map(language => ({
    label: `${language}-service`,
    templateName: `${language}-service`,
    values: {
      ...common,
      name: 'invoice-api',
      onCall: 'P8Z1X4M',
      repoUrl: 'github.com?owner=Runway-Demo&repo=Invoice-API',
    },
    repository: 'Runway-Demo/Invoice-API',
  })),
  ...LANGUAGES.map(language => ({
    label: `retrofit (${language})`,
    templateName: 'retrofit',
    values: {
      ...common,
      language,
      existingFiles: 'replace',
      name: 'legacy-billing',
      repoUrl: 'github.com?owner=Runway-Demo&repo=Legacy-Billing',
    },
    repository: 'Runway-Demo/Legacy-Billing',
  })),
];

const DEPLOYED_SHA = 'a'.repeat(40);
/** On workflow_run, github.sha is main's newest commit, which is not what is being deployed. */
const NEWER_MAIN_SHA = 'b'.repeat(40);
const DIGEST = `sha256:${'c'.repeat(64)}`;
const PULL_USER = 'runway-bot';
const PULL_TOKEN = 'ghp_PullTokenThatMustNeverBePrinted0123';
const KUBECONFIG_DATA =
  'apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n';
const GITHUB_TOKEN = 'ghs_JobTokenForTheReportStep';

// ---------------------------------------------------------------------------------------------
// GitHub Actions expressions: the subset the deploy workflows use, with GitHub's semantics
// (`||` and `&&` return operands, `==` compares strings ignoring case, missing properties are
// null). Anything else throws, so a new construct fails this test instead of being misread.

type Functions = Record<string, () => unknown>;

function tokenize(expression: string): string[] {
  const token =
    /\s*(\|\||&&|==|!=|[()!.[\]]|'(?:[^']|'')*'|-?\d+(?:\.\d+)?|[A-Za-z_][\w-]*)\s*/y;
  const tokens: string[] = [];
  while (token.lastIndex < expression.length) {
    const start = token.lastIndex;
    const match = token.exec(expression);
    if (!match) {
      throw new Error(
        `unsupported expression syntax at "${expression.slice(start)}"`,
      );
    }
    tokens.push(match[1]);
  }
  return tokens;
}

function truthy(value: unknown): boolean {
  return !(
    value === false ||
    value === null ||
    value === undefined ||
    value === 0 ||
    value === '' ||
    Number.isNaN(value)
  );
}

function looselyEqual(left: unknown, right: unknown): boolean {
  if (typeof left === 'string' && typeof right === 'string') {
    return left.toLowerCase() === right.toLowerCase();
  }
  if (typeof left === typeof right && left !== null && right !== null) {
    return left === right;
  }
  const toNumber = (value: unknown) => {
    if (value === null || value === undefined) return 0;
    if (typeof value === 'boolean') return value ? 1 : 0;
    if (typeof value === 'number') return value;
    if (typeof value === 'string') return value.trim() === '' ? 0 : Number(value);
    return NaN;
  };
  return toNumber(left) === toNumber(right);
}

function evaluate(
  expression: string,
  contexts: Record<string, unknown>,
  functions: Functions = {},
): unknown {
  const tokens = tokenize(expression);
  let position = 0;
  const peek = () => tokens[position];
  const next = () => tokens[position++];
  const expect = (token: string) => {
    if (next() !== token) {
      throw new Error(`expected ${token} in ${expression}`);
    }
  };

  function or(): unknown {
    let value = and();
    while (peek() === '||') {
      next();
      const right = and();
      value = truthy(value) ? value : right;
    }
    return value;
  }
  function and(): unknown {
    let value = not();
    while (peek() === '&&') {
      next();
      const right = not();
      value = truthy(value) ? right : value;
    }
    return value;
  }
  function not(): unknown {
    if (peek() === '!') {
      next();
      return !truthy(not());
    }
    return comparison();
  }
  function comparison(): unknown {
    const left = primary();
    if (peek() === '==' || peek() === '!=') {
      const equal = next() === '==';
      return looselyEqual(left, primary()) === equal;
    }
    return left;
  }
  function primary(): unknown {
    const token = next();
    if (token === undefined) throw new Error(`incomplete: ${expression}`);
    if (token === '(') {
      const value = or();
      expect(')');
      return value;
    }
    if (token.startsWith("'")) return token.slice(1, -1).replace(/''/g, "'");
    if (/^-?\d/.test(token)) return Number(token);
    if (token === 'true' || token === 'false') return token === 'true';
    if (token === 'null') return null;
    if (peek() === '(') {
      next();
      expect(')');
      const fn = functions[token];
      if (!fn) throw new Error(`unsupported function ${token}()`);
      return fn();
    }
    if (!(token in contexts)) throw new Error(`unknown context ${token}`);
    let value: any = contexts[token];
    while (peek() === '.' || peek() === '[') {
      let key: string;
      if (next() === '.') {
        key = next();
      } else {
        key = String(or());
        expect(']');
      }
      value = value === null || value === undefined ? null : value[key] ?? null;
    }
    return value;
  }

  const result = or();
  if (position !== tokens.length) {
    throw new Error(`unexpected ${peek()} in ${expression}`);
  }
  return result;
}

/** A workflow string: one `${{ }}` alone keeps its type; otherwise each is spliced in as text. */
function interpolate(
  text: unknown,
  contexts: Record<string, unknown>,
  functions?: Functions,
): unknown {
  if (typeof text !== 'string') return text;
  const whole = /^\s*\$\{\{([^}]*)\}\}\s*$/.exec(text);
  if (whole) return evaluate(whole[1], contexts, functions);
  return text.replace(/\$\{\{([^}]*)\}\}/g, (_, expression) => {
    const value = evaluate(expression, contexts, functions);
    if (value === null || value === undefined) return '';
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  });
}

/** An `if:` as GitHub reads it: without a status function, success() is implied. */
function condition(
  text: unknown,
  contexts: Record<string, unknown>,
  functions: Functions,
): boolean {
  if (text === undefined) return truthy(functions.success());
  const source = String(text).replace(/^\s*\$\{\{([^}]*)\}\}\s*$/, '$1');
  const value = truthy(evaluate(source, contexts, functions));
  return /\b(always|success|failure|cancelled)\(\)/.test(source)
    ? value
    : value && truthy(functions.success());
}

// ---------------------------------------------------------------------------------------------
// The sandbox: a job's steps run in order with bash as the runner runs them, in a clean
// environment; `uses:` steps are taken as done (the rendered repository is the checkout).

interface Call {
  tool: string;
  kubeconfig: string;
  args: string[];
  /** What kubectl apply was given (standard input or the file named). */
  applied?: string;
  /** The environment node saw (the report step's contract). */
  env?: Record<string, string>;
}

interface StepRun {
  name: string;
  ran: boolean;
  outcome: 'success' | 'failure' | 'skipped';
  conclusion: 'success' | 'failure' | 'skipped';
  output: string;
  outputs?: Record<string, string>;
}

interface JobRun {
  status: 'success' | 'failure';
  steps: StepRun[];
  calls: Call[];
  /** Everything the steps printed. */
  output: string;
  /** Every file the job left in RUNNER_TEMP, GITHUB_ENV and GITHUB_OUTPUT included. */
  leftovers: Map<string, string>;
}

interface Stubs {
  cosignExit?: number;
  rolloutExit?: number;
  nodeExit?: number;
}

// Calls in a pipe run at once: each gets its own record, named by start time and process id.
const RECORD = `
printf -v id '%s-%08d' "$(date +%s%N)" "$$"
record() { printf '%s\\0' "$(basename "$0")" "\${KUBECONFIG-}" "$@" > "$STUB_CALLS/$id.call"; }
`;

const STUB_SCRIPTS: Record<string, string> = {
  kubectl: `${RECORD}
record "$@"
sub=$1; [ "$1" = "-n" ] && sub=$3
file=""; previous=""
for arg in "$@"; do [ "$previous" = "-f" ] && file=$arg; previous=$arg; done
case "$sub" in
  kustomize) exec "$REAL_KUBECTL" "$@" ;;
  create)
    for arg in "$@"; do
      if [ "$arg" = "--dry-run=client" ]; then KUBECONFIG=/nonexistent exec "$REAL_KUBECTL" "$@"; fi
    done
    echo "the sandbox has no cluster: create without --dry-run=client" >&2; exit 1 ;;
  apply)
    if [ "$file" = "-" ]; then cat > "$STUB_CALLS/$id.applied"
    elif [ -n "$file" ]; then cp "$file" "$STUB_CALLS/$id.applied"
    else echo "unexpected kubectl $*" >&2; exit 1; fi
    echo "applied" ;;
  rollout) echo "rollout $*"; exit "\${STUB_ROLLOUT_EXIT:-0}" ;;
  get) echo "No resources found" ;;
  *) echo "unexpected kubectl $*" >&2; exit 1 ;;
esac
`,
  docker: `${RECORD}
record "$@"
if [ "$1 $2 $3" = "buildx imagetools inspect" ]; then printf '"%s"\\n' "$STUB_DIGEST"; exit 0; fi
echo "unexpected docker $*" >&2; exit 1
`,
  cosign: `${RECORD}
record "$@"
[ "$1" = "verify" ] || { echo "unexpected cosign $*" >&2; exit 1; }
echo '[{"critical":{}}]'
exit "\${STUB_COSIGN_EXIT:-0}"
`,
  node: `${RECORD}
record "$@"
env > "$STUB_CALLS/$id.env"
exit "\${STUB_NODE_EXIT:-0}"
`,
};

async function readTree(root: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await fs.readdir(root, {
    withFileTypes: true,
    recursive: true,
  })) {
    if (entry.isFile()) {
      const file = path.join(
        (entry as any).parentPath ?? (entry as any).path,
        entry.name,
      );
      files.set(path.relative(root, file), await fs.readFile(file, 'utf8'));
    }
  }
  return files;
}

function parseKeyValues(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split('\n').filter(Boolean)) {
    if (/^[^=]*<</.test(line)) {
      throw new Error(`multi-line values are not simulated: ${line}`);
    }
    const at = line.indexOf('=');
    values[line.slice(0, at)] = line.slice(at + 1);
  }
  return values;
}

function runBash(
  args: string[],
  options: { cwd: string; env: Record<string, string> },
): Promise<{ code: number; output: string }> {
  return new Promise(resolve => {
    // A safety net for a hung script, not a timing assertion.
    execFile(
      'bash',
      args,
      { ...options, timeout: 120_000 },
      (error, stdout, stderr) => {
        const code = error ? Number((error as any).code ?? 1) || 1 : 0;
        resolve({ code, output: `${stdout}${stderr}` });
      },
    );
  });
}

let REAL_KUBECTL = '';

beforeAll(async () => {
  // kubectl (with its built-in kustomize) builds the real manifests inside the stub.
  REAL_KUBECTL = await new Promise<string>((resolve, reject) =>
    execFile('bash', ['-c', 'command -v kubectl'], (error, stdout) =>
      error ? reject(new Error('kubectl is not installed')) : resolve(stdout.trim()),
    ),
  );
});

async function runJob(options: {
  workflow: any;
  jobName: string;
  repository: Map<string, string>;
  contexts: { github: any; inputs: any; vars: any; secrets: any };
  stubs?: Stubs;
}): Promise<JobRun> {
  const { workflow, contexts } = options;
  const job = workflow.jobs[options.jobName];
  const sandbox = await fs.mkdtemp(path.join(os.tmpdir(), 'runway-deploy-'));
  try {
    const dirs = Object.fromEntries(
      ['work', 'temp', 'bin', 'calls', 'home'].map(name => [
        name,
        path.join(sandbox, name),
      ]),
    );
    await Promise.all(Object.values(dirs).map(dir => fs.mkdir(dir)));
    for (const [file, content] of options.repository) {
      await fs.mkdir(path.dirname(path.join(dirs.work, file)), {
        recursive: true,
      });
      await fs.writeFile(path.join(dirs.work, file), content);
    }
    for (const [tool, script] of Object.entries(STUB_SCRIPTS)) {
      await fs.writeFile(path.join(dirs.bin, tool), `#!/bin/bash\n${script}`, {
        mode: 0o755,
      });
    }
    const githubEnvFile = path.join(dirs.temp, 'github_env');
    await fs.writeFile(githubEnvFile, '');

    const shell = job.defaults?.run?.shell ?? workflow.defaults?.run?.shell;
    const bashArgs =
      shell === 'bash' ? ['--noprofile', '--norc', '-eo', 'pipefail'] : ['-e'];
    let status: 'success' | 'failure' = 'success';
    const functions: Functions = {
      always: () => true,
      success: () => status === 'success',
      failure: () => status === 'failure',
      cancelled: () => false,
    };
    const steps: Record<string, unknown> = {};
    const expressionContexts = () => ({
      ...contexts,
      steps,
      job: { status },
      runner: { temp: dirs.temp },
    });
    const jobEnv = Object.fromEntries(
      Object.entries<unknown>(job.env ?? {}).map(([key, value]) => [
        key,
        String(interpolate(value, expressionContexts(), functions) ?? ''),
      ]),
    );

    const runs: StepRun[] = [];
    for (const [index, step] of (job.steps as any[]).entries()) {
      const name = step.name ?? step.uses ?? `step ${index}`;
      const record = (run: Omit<StepRun, 'name'>) => {
        runs.push({ name, ...run });
        if (step.id) {
          steps[step.id] = {
            outcome: run.outcome,
            conclusion: run.conclusion,
            outputs: run.outputs ?? {},
          };
        }
      };
      if (!condition(step.if, expressionContexts(), functions)) {
        record({
          ran: false,
          outcome: 'skipped',
          conclusion: 'skipped',
          output: '',
        });
        continue;
      }
      if (step.uses) {
        record({ ran: false, outcome: 'success', conclusion: 'success', output: '' });
        continue;
      }
      const outputFile = path.join(dirs.temp, `github_output_${index}`);
      await fs.writeFile(outputFile, '');
      const scriptFile = path.join(dirs.temp, `step_${index}.sh`);
      await fs.writeFile(scriptFile, step.run);
      const stepEnv = Object.fromEntries(
        Object.entries<unknown>(step.env ?? {}).map(([key, value]) => [
          key,
          String(
            interpolate(
              value,
              { ...expressionContexts(), env: jobEnv },
              functions,
            ) ?? '',
          ),
        ]),
      );
      const result = await runBash([...bashArgs, scriptFile], {
        cwd: dirs.work,
        env: {
          PATH: `${dirs.bin}:/usr/bin:/bin`,
          HOME: dirs.home,
          CI: 'true',
          GITHUB_ACTIONS: 'true',
          GITHUB_REPOSITORY: contexts.github.repository,
          GITHUB_REPOSITORY_OWNER: contexts.github.repository_owner,
          GITHUB_SHA: contexts.github.sha,
          GITHUB_ACTOR: contexts.github.actor,
          GITHUB_WORKSPACE: dirs.work,
          GITHUB_ENV: githubEnvFile,
          GITHUB_OUTPUT: outputFile,
          RUNNER_TEMP: dirs.temp,
          STUB_CALLS: dirs.calls,
          STUB_DIGEST: DIGEST,
          STUB_COSIGN_EXIT: String(options.stubs?.cosignExit ?? 0),
          STUB_ROLLOUT_EXIT: String(options.stubs?.rolloutExit ?? 0),
          STUB_NODE_EXIT: String(options.stubs?.nodeExit ?? 0),
          REAL_KUBECTL: REAL_KUBECTL,
          ...parseKeyValues(await fs.readFile(githubEnvFile, 'utf8')),
          ...jobEnv,
          ...stepEnv,
        },
      });
      const failed = result.code !== 0;
      if (failed && !step['continue-on-error']) {
        status = 'failure';
      }
      record({
        ran: true,
        outcome: failed ? 'failure' : 'success',
        conclusion: failed && !step['continue-on-error'] ? 'failure' : 'success',
        output: result.output,
        outputs: parseKeyValues(await fs.readFile(outputFile, 'utf8')),
      });
    }

    const calls: Call[] = [];
    for (const file of (await fs.readdir(dirs.calls))
      .filter(f => f.endsWith('.call'))
      .sort()) {
      const [tool, kubeconfig, ...args] = (
        await fs.readFile(path.join(dirs.calls, file), 'utf8')
      )
        .split('\0')
        .slice(0, -1);
      const read = (ext: string) =>
        fs
          .readFile(path.join(dirs.calls, file.replace(/\.call$/, ext)), 'utf8')
          .catch(() => undefined);
      const env = await read('.env');
      calls.push({
        tool,
        kubeconfig,
        args,
        applied: await read('.applied'),
        env: env ? parseKeyValues(env) : undefined,
      });
    }
    return {
      status,
      steps: runs,
      calls,
      output: runs.map(run => run.output).join('\n'),
      leftovers: await readTree(dirs.temp),
    };
  } finally {
    await fs.rm(sandbox, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------

function workflowRunPayload(overrides: {
  event: string;
  conclusion: string;
  headRepository: string;
  repository: string;
}) {
  const example = webhookExamples
    .find(definition => definition.name === 'workflow_run')!
    .examples.find(
      payload =>
        payload.action === 'completed' &&
        payload.workflow_run.conclusion === 'success',
    )!;
  return {
    ...example,
    repository: { ...example.repository, full_name: overrides.repository },
    workflow_run: {
      ...example.workflow_run,
      name: 'ci',
      head_branch: 'main',
      head_sha: DEPLOYED_SHA,
      event: overrides.event,
      conclusion: overrides.conclusion,
      head_repository: {
        ...example.workflow_run.head_repository,
        full_name: overrides.headRepository,
      },
    },
  };
}

function runSteps(job: any): Array<{ name: string; run: string }> {
  return (job.steps ?? []).filter((step: any) => step.run);
}

describe.each(CASES)('deploy workflows of $label', testCase => {
  let result: DryRunResult;
  let deploy: any;
  let environment: any;
  const name = testCase.values.name;
  const namespace = `${name}-staging`;
  const image = `ghcr.io/${testCase.repository.toLowerCase()}`;

  beforeAll(async () => {
    result = await renderTemplate({
      templateName: testCase.templateName,
      values: testCase.values,
    });
    deploy = parse(result.files.get('.github/workflows/deploy.yml')!);
    environment = parse(
      result.files.get('.github/workflows/deploy-environment.yml')!,
    );
  }, 180_000);

  const github = (overrides: Record<string, unknown> = {}) => ({
    repository: testCase.repository,
    repository_owner: testCase.repository.split('/')[0],
    sha: NEWER_MAIN_SHA,
    actor: 'octocat',
    token: GITHUB_TOKEN,
    event_name: 'workflow_run',
    ref: 'refs/heads/main',
    ...overrides,
  });

  const rollout = (options: {
    secrets?: Record<string, string>;
    vars?: Record<string, string>;
    stubs?: Stubs;
  }) =>
    runJob({
      workflow: environment,
      jobName: 'rollout',
      repository: result.files,
      contexts: {
        github: github(),
        inputs: { environment: 'staging', sha: DEPLOYED_SHA },
        vars: { RUNWAY_URL: 'https://runway.example.com', ...options.vars },
        secrets: {
          GITHUB_TOKEN,
          KUBECONFIG: KUBECONFIG_DATA,
          RUNWAY_TOKEN: 'runway-fallback-token',
          ...options.secrets,
        },
      },
      stubs: options.stubs,
    });

  const subcommand = (call: Call) =>
    call.args[0] === '-n' ? call.args[2] : call.args[0];
  const kubectlChanges = (run: JobRun) =>
    run.calls.filter(
      call =>
        call.tool === 'kubectl' &&
        !['kustomize', 'get'].includes(subcommand(call)) &&
        !call.args.includes('--dry-run=client'),
    );
  const appliedDocuments = (call: Call) =>
    parseAllDocuments(call.applied ?? '').map(doc => doc.toJS());
  const option = (args: string[], flag: string) => args[args.indexOf(flag) + 1];

  describe('deploy.yml', () => {
    const gate = (event: Record<string, unknown>) => {
      const contexts = { github: github(event), inputs: {}, vars: {} };
      return {
        staging: condition(deploy.jobs.staging.if, contexts, {
          success: () => true,
          always: () => true,
        }),
        sha: interpolate(deploy.jobs.staging.with.sha, contexts),
      };
    };

    it('deploys what a successful ci run for a push to main of this repository built, at that run’s commit', () => {
      const payload = workflowRunPayload({
        event: 'push',
        conclusion: 'success',
        headRepository: testCase.repository,
        repository: testCase.repository,
      });
      expect(gate({ event: payload })).toEqual({
        staging: true,
        sha: DEPLOYED_SHA,
      });
      // Production follows staging only, with the same commit.
      expect(deploy.jobs.production).toMatchObject({
        needs: 'staging',
        with: { environment: 'production', sha: deploy.jobs.staging.with.sha },
      });
      expect(deploy.jobs.production.if).toBeUndefined();
    });

    it.each([
      ['a pull request from a fork’s branch named main', 'pull_request', 'success', 'mallory/fork'],
      ['a pull request from this repository', 'pull_request', 'success', 'self'],
      ['a failed ci run', 'push', 'failure', 'self'],
      ['a cancelled ci run', 'push', 'cancelled', 'self'],
      ['a push whose head is another repository', 'push', 'success', 'mallory/fork'],
    ])('deploys nothing for %s', (_, event, conclusion, head) => {
      const payload = workflowRunPayload({
        event,
        conclusion,
        headRepository: head === 'self' ? testCase.repository : head,
        repository: testCase.repository,
      });
      expect(gate({ event: payload }).staging).toBe(false);
    });

    it('deploys main’s newest commit on a manual run from main, and nothing from another branch', () => {
      expect(
        gate({ event_name: 'workflow_dispatch', event: { inputs: {} } }),
      ).toEqual({ staging: true, sha: NEWER_MAIN_SHA });
      expect(
        gate({
          event_name: 'workflow_dispatch',
          ref: 'refs/heads/feature',
          event: { inputs: {} },
        }).staging,
      ).toBe(false);
    });

    it('grants each job only what it uses: id-token is the only write, and only for the rollout', () => {
      const rolloutPermissions = {
        contents: 'read',
        deployments: 'read',
        packages: 'read',
        'id-token': 'write',
      };
      expect(deploy.permissions).toEqual({ contents: 'read' });
      expect(environment.permissions).toEqual({ contents: 'read' });
      expect(Object.keys(deploy.jobs).sort()).toEqual(['production', 'staging']);
      expect(Object.keys(environment.jobs)).toEqual(['rollout']);
      expect(environment.jobs.rollout.permissions).toEqual(rolloutPermissions);
      // A caller grants the called job exactly what it declares, no more.
      expect(deploy.jobs.staging.permissions).toEqual(rolloutPermissions);
      expect(deploy.jobs.production.permissions).toEqual(rolloutPermissions);
    });

    it("names the deployed commit in the environment URL, where the report script's look-up reads it", () => {
      // Actions records main's newest commit on a workflow_run deployment, not the deployed one.
      expect(environment.jobs.rollout.environment.name).toBe(
        '${{ inputs.environment }}',
      );
      expect(
        interpolate(environment.jobs.rollout.environment.url, {
          github: {
            server_url: 'https://github.com',
            repository: 'Runway-Demo/invoice-api',
            sha: NEWER_MAIN_SHA,
          },
          inputs: { environment: 'staging', sha: DEPLOYED_SHA },
        }),
      ).toBe(
        `https://github.com/Runway-Demo/invoice-api/commit/${DEPLOYED_SHA}`,
      );
    });

    it('serialises rollouts per environment and never cancels one in progress', () => {
      const group = (environmentName: string) =>
        interpolate(environment.jobs.rollout.concurrency.group, {
          inputs: { environment: environmentName },
        });
      expect(group('staging')).not.toEqual(group('production'));
      expect(group('staging')).toContain('staging');
      expect(environment.jobs.rollout.concurrency['cancel-in-progress']).toBe(
        false,
      );
      expect(deploy.concurrency?.['cancel-in-progress'] ?? false).toBe(false);
    });
  });

  describe('deploy-environment.yml', () => {
    it('names the image only in lower case, at run time: no IMAGE from github.repository in any env', () => {
      for (const workflow of [deploy, environment]) {
        const envs = [
          workflow.env,
          ...Object.values<any>(workflow.jobs).flatMap(job => [
            job.env,
            ...(job.steps ?? []).map((step: any) => step.env),
          ]),
        ];
        for (const env of envs) {
          expect(Object.keys(env ?? {})).not.toContain('IMAGE');
        }
      }
      const naming = runSteps(environment.jobs.rollout).filter(step =>
        /\bIMAGE=/.test(step.run),
      );
      // Bash's ,, lower-cases; the rollout test checks the name the steps then use.
      expect(naming).toHaveLength(1);
      expect(naming[0].run).toMatch(
        /IMAGE=ghcr\.io\/\$\{GITHUB_REPOSITORY,,\}"? *>> *"\$GITHUB_ENV"/,
      );
    });

    it('keeps expressions out of run: scripts and finds no deployments itself (the report script does)', () => {
      for (const workflow of [deploy, environment]) {
        for (const job of Object.values<any>(workflow.jobs)) {
          for (const step of runSteps(job)) {
            expect({ step: step.name, run: step.run }).toEqual({
              step: step.name,
              run: expect.not.stringMatching(/\$\{\{|\bgh api\b|\/deployments\b/),
            });
          }
        }
      }
    });

    it('reports every rollout, failed ones too, and a report that fails or hangs never fails it', () => {
      const report = environment.jobs.rollout.steps.find((step: any) =>
        /runway-report\.mjs deployment/.test(step.run ?? ''),
      );
      expect(report).toMatchObject({
        if: 'always()',
        'continue-on-error': true,
        env: { GITHUB_TOKEN: '${{ github.token }}' },
      });
      expect(report['timeout-minutes']).toBeGreaterThan(0);
      expect(report['timeout-minutes']).toBeLessThanOrEqual(5);
    });

    it('rolls out the verified digest: namespace, pull secret, manifests, then waits, in the environment’s namespace', async () => {
      const run = await rollout({
        secrets: { REGISTRY_PULL_TOKEN: PULL_TOKEN },
        vars: { REGISTRY_PULL_USER: PULL_USER },
      });
      expect(run.steps.filter(step => step.conclusion !== 'success')).toEqual(
        [],
      );
      expect(run.status).toBe('success');

      // The image of the deployed commit, named in lower case, resolved to a digest and verified.
      const [inspect] = run.calls.filter(call => call.tool === 'docker');
      expect(inspect.args.slice(0, 4)).toEqual([
        'buildx',
        'imagetools',
        'inspect',
        `${image}:${DEPLOYED_SHA}`,
      ]);
      const [verify] = run.calls.filter(call => call.tool === 'cosign');
      expect(verify.args[1]).toBe(`${image}@${DIGEST}`);
      // The signer is exactly the ci workflow on main of this repository, spelled as GitHub
      // spells it, through GitHub's issuer, for a push, at the deployed commit.
      expect(option(verify.args, '--certificate-identity')).toBe(
        `https://github.com/${testCase.repository}/.github/workflows/ci.yml@refs/heads/main`,
      );
      expect(option(verify.args, '--certificate-oidc-issuer')).toBe(
        'https://token.actions.githubusercontent.com',
      );
      expect(option(verify.args, '--certificate-github-workflow-trigger')).toBe(
        'push',
      );
      expect(option(verify.args, '--certificate-github-workflow-sha')).toBe(
        DEPLOYED_SHA,
      );
      expect(verify.args.join(' ')).not.toMatch(/regexp/);

      // What changes the cluster, in order, all with the environment's kubeconfig.
      const changes = kubectlChanges(run);
      expect(changes.map(call => call.args.filter(a => a !== '-f' && a !== '-'))).toEqual([
        ['apply'],
        ['apply'],
        ['apply', expect.stringMatching(/manifests\.yaml$/)],
        ['-n', namespace, 'rollout', 'status', `deployment/${name}`, '--timeout=10m'],
      ]);
      for (const call of changes) {
        expect(call.kubeconfig).toMatch(/kubeconfig$/);
      }
      expect(run.leftovers.get('kubeconfig')).toBe(KUBECONFIG_DATA);

      const [namespaceDoc] = appliedDocuments(changes[0]);
      expect(namespaceDoc).toMatchObject({
        kind: 'Namespace',
        metadata: { name: namespace },
      });

      const [secret] = appliedDocuments(changes[1]);
      expect(secret).toMatchObject({
        kind: 'Secret',
        type: 'kubernetes.io/dockerconfigjson',
        metadata: { name: 'registry-pull', namespace },
      });
      const dockerConfig = JSON.parse(
        Buffer.from(secret.data['.dockerconfigjson'], 'base64').toString(),
      );
      expect(Object.keys(dockerConfig.auths)).toEqual(['ghcr.io']);
      expect(
        Buffer.from(dockerConfig.auths['ghcr.io'].auth, 'base64').toString(),
      ).toBe(`${PULL_USER}:${PULL_TOKEN}`);

      // The real overlay, built by kubectl's kustomize, with the verified digest on the container.
      const manifests = appliedDocuments(changes[2]);
      const deployment = manifests.find(doc => doc.kind === 'Deployment');
      expect(deployment.metadata).toMatchObject({ name, namespace });
      expect(deployment.spec.template.spec.containers[0].image).toBe(
        `${image}@${DIGEST}`,
      );
      // The overlay's namespace is the one the secret went to and the rollout waited in, and
      // the pods pull with that secret.
      expect(
        manifests
          .filter(doc => doc.kind === 'Namespace')
          .map(doc => doc.metadata.name),
      ).toEqual([namespace]);
      expect(deployment.spec.template.spec.imagePullSecrets).toEqual([
        { name: secret.metadata.name },
      ]);
      for (const doc of manifests.filter(d => d.kind !== 'Namespace')) {
        expect({ kind: doc.kind, namespace: doc.metadata.namespace }).toEqual({
          kind: doc.kind,
          namespace,
        });
      }
    }, 120_000);

    it('reports the deployed commit, not github.sha, with the job’s token for the previous deployment', async () => {
      const run = await rollout({});
      const reports = run.calls.filter(call => call.tool === 'node');
      expect(reports).toHaveLength(1);
      const [report] = reports;
      expect(report.args.slice(0, 4)).toEqual([
        'scripts/runway-report.mjs',
        'deployment',
        '--environment',
        'staging',
      ]);
      expect(option(report.args, '--sha')).toBe(DEPLOYED_SHA);
      expect(option(report.args, '--status')).toBe('success');
      expect(option(report.args, '--started-at')).toMatch(
        /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
      );
      expect(report.args).not.toContain('--previous-sha');
      expect(report.env).toMatchObject({
        GITHUB_TOKEN,
        IMAGE_DIGEST: DIGEST,
        RUNWAY_URL: 'https://runway.example.com',
      });
    }, 120_000);

    it('never prints the pull token, nor leaves it in a file or a command line', async () => {
      const run = await rollout({
        secrets: { REGISTRY_PULL_TOKEN: PULL_TOKEN },
        vars: { REGISTRY_PULL_USER: PULL_USER },
      });
      const forms = [
        PULL_TOKEN,
        Buffer.from(PULL_TOKEN).toString('base64'),
        Buffer.from(`${PULL_USER}:${PULL_TOKEN}`).toString('base64'),
      ];
      // The secret did reach the cluster (the rollout test decodes it) ...
      expect(
        run.calls.flatMap(appliedDocuments).map(doc => doc?.kind),
      ).toContain('Secret');
      // ... and nowhere else.
      for (const form of forms) {
        expect(run.output).not.toContain(form);
        for (const call of run.calls) {
          expect(call.args.join(' ')).not.toContain(form);
        }
        for (const [file, content] of run.leftovers) {
          expect({ file, leaks: content.includes(form) }).toEqual({
            file,
            leaks: false,
          });
        }
      }
    }, 120_000);

    it('without REGISTRY_PULL_TOKEN creates no secret and says, once, how to set one', async () => {
      const run = await rollout({});
      expect(run.status).toBe('success');
      expect(
        run.calls.filter(call => call.args.includes('secret')),
      ).toEqual([]);
      const changes = kubectlChanges(run);
      expect(changes.map(call => call.args[0])).toEqual([
        'apply',
        'apply',
        '-n',
      ]);
      expect(appliedDocuments(changes[0])[0].kind).toBe('Namespace');
      const notices = run.output
        .split('\n')
        .filter(line => line.startsWith('::notice'));
      expect(notices).toHaveLength(1);
      expect(notices[0]).toMatch(/REGISTRY_PULL_TOKEN/);
      expect(notices[0]).toMatch(/public/);
      expect(notices[0]).toContain(image);
    }, 120_000);

    it('reports a failed rollout as failed; a failing report leaves the rollout’s result alone', async () => {
      const failed = await rollout({ stubs: { rolloutExit: 1, nodeExit: 1 } });
      expect(failed.status).toBe('failure');
      // The pods and events of the environment's namespace are in the log.
      expect(
        failed.calls
          .filter(call => call.tool === 'kubectl' && subcommand(call) === 'get')
          .map(call => call.args.slice(0, 4)),
      ).toEqual([
        ['-n', namespace, 'get', 'pods'],
        ['-n', namespace, 'get', 'events'],
      ]);
      expect(failed.output).toMatch(/^::error title=Rollout did not finish::/m);
      const [report] = failed.calls.filter(call => call.tool === 'node');
      expect(option(report.args, '--status')).toBe('failure');
      expect(option(report.args, '--sha')).toBe(DEPLOYED_SHA);

      const reportFails = await rollout({ stubs: { nodeExit: 1 } });
      expect(reportFails.status).toBe('success');
      expect(reportFails.steps.at(-1)).toMatchObject({
        ran: true,
        outcome: 'failure',
        conclusion: 'success',
      });
    }, 120_000);

    it('applies nothing when the signature does not verify, and reports the failure', async () => {
      const run = await rollout({ stubs: { cosignExit: 1 } });
      expect(run.status).toBe('failure');
      expect(run.calls.filter(call => call.tool === 'kubectl')).toEqual([]);
      const [report] = run.calls.filter(call => call.tool === 'node');
      expect(option(report.args, '--status')).toBe('failure');
    }, 120_000);
  });
});
