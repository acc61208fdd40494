/**
 * A generated service's delivery story replayed through Runway's real delivery backend: the
 * events the generated `scripts/runway-report.mjs` posts for CI runs and for staging and
 * production rollouts, plus the webhook deliveries GitHub sends to the hook
 * `runway:delivery:register` creates, for the same history. Runway must end up with exactly one
 * deployment per rollout and environment, of the deployed commit, with the lead times of the
 * commits it shipped, and a replay of everything must change nothing.
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { sign } from '@octokit/webhooks-methods';
// The story needs Runway's real delivery backend, the one the script and the hook talk to.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import deliveryPlugin from '@runway/plugin-delivery-backend';
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { parse } from 'yaml';
import { DELIVERY_WEBHOOK_EVENTS } from '../actions/registerDelivery';
import { renderTemplate } from '../__testUtils__/dryRunTemplate';

jest.setTimeout(300_000);

const execFileAsync = promisify(execFile);

const WEBHOOK_SECRET = 'story-webhook-secret';
/** As GitHub spells it: the catalog annotation and the token match it ignoring case. */
const REPOSITORY = 'Runway-Demo/Invoice-API';

/** Real payloads recorded from GitHub, as published by @octokit/webhooks-examples. */
const githubExamples: Array<{
  name: string;
  examples: any[];
}> = require('@octokit/webhooks-examples');

function example(name: string, predicate: (payload: any) => boolean) {
  const found = githubExamples
    .find(e => e.name === name)!
    .examples.find(predicate);
  return structuredClone(found);
}

/** The repository object of a payload, made this repository. */
function asRepository(repository: any) {
  const [owner, name] = REPOSITORY.split('/');
  return {
    ...repository,
    name,
    full_name: REPOSITORY,
    owner: { ...repository.owner, login: owner },
    html_url: `https://github.com/${REPOSITORY}`,
  };
}

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MINUTE = 60_000;

/** The story happens in the last ten days, inside what `GET /pipelines` reads. */
const BASE = Math.floor((Date.now() - 10 * DAY) / MINUTE) * MINUTE;
const iso = (ms: number) => new Date(ms).toISOString();

/** main's history: A, then B and C (a merged pull request), D, and E pushed during a deploy. */
const COMMITS = [
  { name: 'A', at: BASE },
  { name: 'B', at: BASE + DAY },
  { name: 'C', at: BASE + DAY + 2 * HOUR },
  { name: 'D', at: BASE + 2 * DAY },
  { name: 'E', at: BASE + 2 * DAY + 1 * HOUR },
] as const;
type CommitName = (typeof COMMITS)[number]['name'];

/** A real git repository holding main's history, committed at the story's instants. */
async function makeRepository(
  dir: string,
): Promise<Record<CommitName, string>> {
  const env = {
    PATH: process.env.PATH,
    HOME: dir,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'Dev',
    GIT_AUTHOR_EMAIL: 'dev@example.com',
    GIT_COMMITTER_NAME: 'Dev',
    GIT_COMMITTER_EMAIL: 'dev@example.com',
  };
  const git = (args: string[], extra: Record<string, string> = {}) =>
    execFileSync('git', args, {
      cwd: dir,
      env: { ...env, ...extra },
      encoding: 'utf8',
    }).trim();
  git(['init', '-q']);
  const shas = {} as Record<CommitName, string>;
  for (const commit of COMMITS) {
    await fs.writeFile(path.join(dir, `${commit.name}.txt`), commit.name);
    git(['add', '.']);
    git(['-c', 'commit.gpgsign=false', 'commit', '-q', '-m', commit.name], {
      GIT_AUTHOR_DATE: iso(commit.at),
      GIT_COMMITTER_DATE: iso(commit.at),
    });
    shas[commit.name] = git(['rev-parse', 'HEAD']);
  }
  return shas;
}

interface GithubDeployment {
  id: number;
  sha: string;
  environment: string;
  createdAt: string;
  seq: number;
  statuses: { id: number; state: string; createdAt: string; seq: number }[];
}

/**
 * GitHub's deployments REST API as the report script reads it. Every deployment and status has
 * a sequence number; the API answers as of `asOf`, so a replayed job sees what it saw then.
 */
async function startFakeGithubApi() {
  const deployments: GithubDeployment[] = [];
  let seq = 0;
  let asOf = Infinity;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url!, 'http://localhost');
    const json = (status: number, value: unknown) =>
      res
        .writeHead(status, { 'Content-Type': 'application/json' })
        .end(JSON.stringify(value));
    if (req.headers.authorization !== 'Bearer github-token') {
      return json(401, { message: 'Bad credentials' });
    }
    const match = url.pathname.match(
      /^\/repos\/([^/]+\/[^/]+)\/deployments(?:\/(\d+)\/statuses)?$/,
    );
    if (!match || match[1] !== REPOSITORY) {
      return json(404, { message: 'Not Found' });
    }
    const visible = deployments.filter(d => d.seq <= asOf);
    if (match[2]) {
      const deployment = visible.find(d => d.id === Number(match[2]));
      return json(
        200,
        (deployment?.statuses ?? [])
          .filter(s => s.seq <= asOf)
          .reverse()
          .map(s => ({ id: s.id, state: s.state, created_at: s.createdAt })),
      );
    }
    return json(
      200,
      visible
        .filter(d => d.environment === url.searchParams.get('environment'))
        .reverse()
        .map(d => ({ id: d.id, sha: d.sha, environment: d.environment })),
    );
  });
  await new Promise<void>(resolve =>
    server.listen(0, '127.0.0.1', () => resolve()),
  );
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    createDeployment(sha: string, environment: string, createdAt: string) {
      const deployment: GithubDeployment = {
        id: 9000 + deployments.length,
        sha,
        environment,
        createdAt,
        seq: ++seq,
        statuses: [],
      };
      deployments.push(deployment);
      return deployment;
    },
    addStatus(deployment: GithubDeployment, state: string, createdAt: string) {
      const status = {
        id: deployment.id * 10 + deployment.statuses.length,
        state,
        createdAt,
        seq: ++seq,
      };
      deployment.statuses.push(status);
      return status;
    },
    now: () => seq,
    setAsOf: (value: number) => {
      asOf = value;
    },
    close: () => new Promise(resolve => server.close(resolve)),
  };
}

/** Commits in a stable order: the API's order is not part of the story. */
const bySha = (a: { sha: string }, b: { sha: string }) =>
  a.sha.localeCompare(b.sha);

type Step =
  | { kind: 'hook'; event: string; payload: unknown }
  | {
      kind: 'script';
      args: string[];
      env: Record<string, string>;
      asOf: number;
    };

describe('a generated service delivery story replayed through Runway', () => {
  let workDir: string;
  let scriptPath: string;
  let entity: Entity;
  let entityRef: string;
  let sha: Record<CommitName, string>;
  let github: Awaited<ReturnType<typeof startFakeGithubApi>>;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let runwayUrl: string;
  let runwayToken: string;
  const steps: Step[] = [];
  const hookResponses: { event: string; status: number }[] = [];

  beforeAll(async () => {
    const result = await renderTemplate({
      templateName: 'typescript-service',
      values: {
        name: 'invoice-api',
        description: 'Issues and tracks customer invoices.',
        owner: 'group:default/team-payments',
        system: 'system:default/payments-platform',
        lifecycle: 'experimental',
        tier: 'tier-1',
        ci: 'github-actions',
        repoUrl: 'github.com?owner=Runway-Demo&repo=Invoice-API',
      },
    });
    workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'runway-story-'));
    scriptPath = path.join(workDir, 'scripts', 'runway-report.mjs');
    await fs.mkdir(path.dirname(scriptPath));
    await fs.writeFile(
      scriptPath,
      result.files.get('scripts/runway-report.mjs')!,
    );
    entity = parse(result.files.get('catalog-info.yaml')!);
    // The entity the generated workflows report under must be the one the service registers.
    entityRef = parse(
      result.files.get('.github/workflows/deploy-environment.yml')!,
    ).jobs.rollout.env.RUNWAY_ENTITY_REF;
    if (entityRef !== stringifyEntityRef(entity)) {
      throw new Error(
        `the workflows report under ${entityRef}, the service registers ${stringifyEntityRef(
          entity,
        )}`,
      );
    }

    await fs.mkdir(path.join(workDir, 'repo'));
    sha = await makeRepository(path.join(workDir, 'repo'));
    github = await startFakeGithubApi();
    backend = await startTestBackend({
      features: [
        deliveryPlugin,
        catalogServiceMock.factory({ entities: [entity] }),
        mockServices.rootConfig.factory({
          data: { delivery: { github: { webhookSecret: WEBHOOK_SECRET } } },
        }),
      ],
    });
    runwayUrl = `http://127.0.0.1:${
      (backend.server.address() as AddressInfo).port
    }`;
    // What runway:delivery:register stores as the RUNWAY_TOKEN secret: a token for this repository.
    const issued = await request(backend.server)
      .post('/api/delivery/tokens')
      .set('Authorization', mockCredentials.service.header())
      .send({ repository: REPOSITORY, provider: 'github' });
    if (issued.status !== 201) {
      throw new Error(`POST /tokens: ${issued.status} ${issued.text}`);
    }
    runwayToken = issued.body.token;

    await playStory();
  });

  afterAll(async () => {
    await backend?.stop();
    await github?.close();
    if (workDir) {
      await fs.rm(workDir, { recursive: true, force: true });
    }
  });

  /** GitHub delivers `event` only if the registered hook is subscribed to it. */
  async function deliver(event: string, payload: unknown) {
    if (!DELIVERY_WEBHOOK_EVENTS.includes(event)) {
      return;
    }
    steps.push({ kind: 'hook', event, payload });
    await postHook(event, payload);
  }

  async function postHook(event: string, payload: unknown) {
    const body = JSON.stringify(payload);
    const response = await request(backend.server)
      .post('/api/delivery/webhooks/github')
      .set('Content-Type', 'application/json')
      .set('X-GitHub-Event', event)
      .set('X-GitHub-Delivery', `delivery-${steps.length}`)
      .set('X-Hub-Signature-256', await sign(WEBHOOK_SECRET, body))
      .send(body);
    hookResponses.push({ event, status: response.status });
  }

  /** Runs the generated script as a workflow step does, in a checkout with full history. */
  async function report(args: string[], runEnv: Record<string, string>) {
    const step: Step = {
      kind: 'script',
      args,
      env: runEnv,
      asOf: github.now(),
    };
    steps.push(step);
    await runScript(step);
  }

  async function runScript(step: Extract<Step, { kind: 'script' }>) {
    github.setAsOf(step.asOf);
    const { stdout } = await execFileAsync(
      process.execPath,
      [scriptPath, ...step.args],
      {
        cwd: path.join(workDir, 'repo'),
        env: { PATH: process.env.PATH!, HOME: workDir, ...step.env },
      },
    );
    // The report went through. The only warning expected is an environment's first
    // deployment having no predecessor; any other is a defect of the story or the script.
    expect({ args: step.args, stdout }).toEqual({
      args: step.args,
      stdout: expect.stringMatching(/^Reported /m),
    });
    const warnings = stdout
      .split('\n')
      .filter(line => /warning/i.test(line))
      .filter(line => !/lists no earlier successful deployment/.test(line));
    expect(warnings).toEqual([]);
  }

  function actionsEnv(options: {
    workflow: 'ci' | 'deploy';
    runId: number;
    githubSha: string;
  }): Record<string, string> {
    return {
      GITHUB_ACTIONS: 'true',
      GITHUB_REPOSITORY: REPOSITORY,
      GITHUB_RUN_ID: String(options.runId),
      GITHUB_RUN_ATTEMPT: '1',
      GITHUB_SHA: options.githubSha,
      GITHUB_REF_NAME: 'main',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_WORKFLOW: options.workflow,
      GITHUB_API_URL: github.url,
      GITHUB_TOKEN: 'github-token',
      RUNWAY_URL: runwayUrl,
      RUNWAY_TOKEN: runwayToken,
      RUNWAY_ENTITY_REF: entityRef,
    };
  }

  async function push(names: CommitName[], before?: CommitName) {
    const payload = example('push', e => e.commits.length === 1);
    const template = payload.commits[0];
    const commits = names.map(name => {
      const commit = COMMITS.find(c => c.name === name)!;
      return {
        ...template,
        id: sha[name],
        message: name,
        timestamp: iso(commit.at),
        url: `https://github.com/${REPOSITORY}/commit/${sha[name]}`,
        added: [`${name}.txt`],
        removed: [],
        modified: [],
      };
    });
    Object.assign(payload, {
      ref: 'refs/heads/main',
      before: before ? sha[before] : '0'.repeat(40),
      after: sha[names.at(-1)!],
      created: !before,
      commits,
      head_commit: commits.at(-1),
      repository: asRepository(payload.repository),
    });
    await deliver('push', payload);
  }

  async function mergePullRequest(head: CommitName, mergedAt: number) {
    const payload = example('pull_request', e => e.action === 'closed');
    payload.pull_request = {
      ...payload.pull_request,
      merged: true,
      merged_at: iso(mergedAt),
      closed_at: iso(mergedAt),
      merge_commit_sha: sha[head],
      head: { ...payload.pull_request.head, sha: sha[head], ref: 'invoices' },
      base: { ...payload.pull_request.base, ref: 'main' },
    };
    payload.repository = asRepository(payload.repository);
    await deliver('pull_request', payload);
  }

  /** What GitHub sends a hook subscribed to workflow_run when a run completes. */
  async function workflowRunCompleted(options: {
    workflow: 'ci' | 'deploy';
    runId: number;
    headSha: string;
    startedAt: number;
    finishedAt: number;
    conclusion: 'success' | 'failure';
  }) {
    const payload = example(
      'workflow_run',
      e => e.action === 'completed' && e.workflow_run.conclusion === 'success',
    );
    payload.workflow_run = {
      ...payload.workflow_run,
      id: options.runId,
      name: options.workflow,
      head_branch: 'main',
      head_sha: options.headSha,
      run_attempt: 1,
      status: 'completed',
      conclusion: options.conclusion,
      event: options.workflow === 'ci' ? 'push' : 'workflow_run',
      created_at: iso(options.startedAt),
      run_started_at: iso(options.startedAt),
      updated_at: iso(options.finishedAt),
      html_url: `https://github.com/${REPOSITORY}/actions/runs/${options.runId}`,
      repository: asRepository(payload.workflow_run.repository),
      head_repository: asRepository(payload.workflow_run.head_repository),
    };
    payload.workflow = { ...payload.workflow, name: options.workflow };
    payload.repository = asRepository(payload.repository);
    await deliver('workflow_run', payload);
  }

  /** A CI run of `commit` on main, reported by ci.yml's report job. */
  async function ciRun(runId: number, commit: CommitName, startedAt: number) {
    const finishedAt = startedAt + 8 * MINUTE;
    await report(
      [
        'pipeline-run',
        '--pipeline',
        'ci',
        '--status',
        'success',
        '--started-at',
        iso(startedAt),
        '--finished-at',
        iso(finishedAt),
      ],
      actionsEnv({ workflow: 'ci', runId, githubSha: sha[commit] }),
    );
    await workflowRunCompleted({
      workflow: 'ci',
      runId,
      headSha: sha[commit],
      startedAt,
      finishedAt,
      conclusion: 'success',
    });
  }

  /**
   * One environment's rollout job: GitHub creates a deployment for the job's `environment:` (of
   * the run's GITHUB_SHA) with an in_progress status, the report step posts, and GitHub marks
   * the deployment with the job's result.
   */
  async function rollout(options: {
    runId: number;
    environment: 'staging' | 'production';
    deployed: CommitName;
    /** main's newest commit when the deploy workflow started: GITHUB_SHA on workflow_run. */
    mainHead: CommitName;
    startedAt: number;
    finishedAt: number;
    succeeded: boolean;
  }) {
    const deployment = github.createDeployment(
      sha[options.mainHead],
      options.environment,
      iso(options.startedAt),
    );
    const deploymentPayload = example(
      'deployment_status',
      e => e.deployment_status.state === 'success',
    );
    deploymentPayload.deployment = {
      ...deploymentPayload.deployment,
      id: deployment.id,
      sha: deployment.sha,
      ref: 'main',
      environment: options.environment,
      original_environment: options.environment,
      created_at: deployment.createdAt,
      updated_at: deployment.createdAt,
    };
    deploymentPayload.repository = asRepository(deploymentPayload.repository);
    const deploymentStatus = async (state: string, at: number) => {
      const status = github.addStatus(deployment, state, iso(at));
      await deliver('deployment_status', {
        ...deploymentPayload,
        deployment_status: {
          ...deploymentPayload.deployment_status,
          id: status.id,
          state,
          environment: options.environment,
          created_at: status.createdAt,
          updated_at: status.createdAt,
        },
      });
    };
    await deliver('deployment', {
      action: 'created',
      deployment: deploymentPayload.deployment,
      repository: deploymentPayload.repository,
    });
    await deploymentStatus('in_progress', options.startedAt);
    await report(
      [
        'deployment',
        '--environment',
        options.environment,
        '--status',
        options.succeeded ? 'success' : 'failure',
        '--started-at',
        iso(options.startedAt),
        '--finished-at',
        iso(options.finishedAt),
        '--sha',
        sha[options.deployed],
      ],
      {
        ...actionsEnv({
          workflow: 'deploy',
          runId: options.runId,
          githubSha: sha[options.mainHead],
        }),
        IMAGE_DIGEST: `sha256:${sha[options.deployed]}`,
      },
    );
    await deploymentStatus(
      options.succeeded ? 'success' : 'failure',
      options.finishedAt,
    );
  }

  /** Deploy workflow run `runId`: staging, then production if staging succeeded. */
  async function deploy(options: {
    runId: number;
    deployed: CommitName;
    mainHead: CommitName;
    at: number;
    stagingSucceeds: boolean;
  }) {
    const { runId, deployed, mainHead, at } = options;
    await rollout({
      runId,
      environment: 'staging',
      deployed,
      mainHead,
      startedAt: at,
      finishedAt: at + 5 * MINUTE,
      succeeded: options.stagingSucceeds,
    });
    if (options.stagingSucceeds) {
      await rollout({
        runId,
        environment: 'production',
        deployed,
        mainHead,
        startedAt: at + 30 * MINUTE,
        finishedAt: at + 40 * MINUTE,
        succeeded: true,
      });
    }
    await workflowRunCompleted({
      workflow: 'deploy',
      runId,
      headSha: sha[mainHead],
      startedAt: at,
      finishedAt: at + 40 * MINUTE,
      conclusion: options.stagingSucceeds ? 'success' : 'failure',
    });
  }

  async function playStory() {
    const at = (name: CommitName) => COMMITS.find(c => c.name === name)!.at;
    // Rollout 1: A everywhere.
    await push(['A']);
    await ciRun(101, 'A', at('A') + MINUTE);
    await deploy({
      runId: 201,
      deployed: 'A',
      mainHead: 'A',
      at: at('A') + HOUR,
      stagingSucceeds: true,
    });
    // Rollout 2: B and C (a merged pull request) fail in staging.
    await push(['B', 'C'], 'A');
    await mergePullRequest('C', at('C') + MINUTE);
    await ciRun(102, 'C', at('C') + 2 * MINUTE);
    await deploy({
      runId: 202,
      deployed: 'C',
      mainHead: 'C',
      at: at('C') + HOUR,
      stagingSucceeds: false,
    });
    // Rollout 3: D, while E lands on main between D's CI run and the deploy.
    await push(['D'], 'C');
    await ciRun(103, 'D', at('D') + MINUTE);
    await push(['E'], 'D');
    await deploy({
      runId: 203,
      deployed: 'D',
      mainHead: 'E',
      at: at('E') + HOUR,
      stagingSucceeds: true,
    });
  }

  /** What the API answers about the story, as a page would load it. */
  async function readRunway() {
    const get = async (route: string, query: Record<string, string>) => {
      const response = await request(backend.server)
        .get(`/api/delivery/${route}`)
        .query(query)
        .set('Authorization', mockCredentials.user.header());
      expect(response.status).toBe(200);
      return response.body;
    };
    const window = {
      entityRef,
      from: iso(BASE - DAY),
      to: iso(BASE + 5 * DAY),
    };
    const deployments = async (environment: string) =>
      (await get('dora/deployments', { ...window, environment })).items.map(
        (item: any) => ({
          id: item.id,
          commitSha: item.commitSha,
          finishedAt: item.finishedAt,
          commits: item.commits
            .map((commit: any) => ({
              sha: commit.sha,
              leadTimeSeconds: commit.leadTimeSeconds,
            }))
            .sort(bySha),
        }),
      );
    const pipelines = await get('pipelines', { entityRef });
    return {
      staging: await deployments('staging'),
      production: await deployments('production'),
      stagingDora: await get('dora', { ...window, environment: 'staging' }),
      productionDora: await get('dora', {
        ...window,
        environment: 'production',
      }),
      runs: pipelines.pipelines.flatMap((pipeline: any) =>
        pipeline.recentRuns.map((run: any) => ({
          pipeline: pipeline.pipeline,
          id: run.id,
          commitSha: run.commitSha,
          status: run.status,
        })),
      ),
    };
  }

  /** One deployment as the story says it happened: lead time = finish - commit time. */
  function expected(
    id: string,
    deployed: CommitName,
    finishedAt: number,
    shipped: CommitName[],
  ) {
    return {
      id,
      commitSha: sha[deployed],
      finishedAt: iso(finishedAt),
      commits: shipped
        .map(name => ({
          sha: sha[name],
          leadTimeSeconds:
            (finishedAt - COMMITS.find(c => c.name === name)!.at) / 1000,
        }))
        .sort(bySha),
    };
  }

  it('accepts every delivery of the registered hook', () => {
    expect(hookResponses.length).toBeGreaterThan(0);
    expect(hookResponses.filter(r => r.status !== 200)).toEqual([]);
  });

  it('holds exactly one deployment per rollout and environment, of the deployed commit, with the lead times of the commits it shipped', async () => {
    const runway = await readRunway();
    const at = (name: CommitName) => COMMITS.find(c => c.name === name)!.at;
    const prefix = REPOSITORY.replace('/', '-');
    // Newest first. Rollout 3 deployed D (GITHUB_SHA was E) and shipped B, C and D: the failed
    // staging rollout of C did not count as C's deployment.
    expect(runway.staging).toEqual([
      expected(`${prefix}-staging-203-1`, 'D', at('E') + HOUR + 5 * MINUTE, [
        'D',
        'C',
        'B',
      ]),
      expected(`${prefix}-staging-201-1`, 'A', at('A') + HOUR + 5 * MINUTE, [
        'A',
      ]),
    ]);
    expect(runway.production).toEqual([
      expected(
        `${prefix}-production-203-1`,
        'D',
        at('E') + HOUR + 40 * MINUTE,
        ['D', 'C', 'B'],
      ),
      expected(
        `${prefix}-production-201-1`,
        'A',
        at('A') + HOUR + 40 * MINUTE,
        ['A'],
      ),
    ]);
    expect(runway.productionDora.deploymentFrequency.deployments).toBe(2);
    expect(runway.stagingDora.deploymentFrequency.deployments).toBe(2);
    expect(runway.productionDora.leadTime.samples).toBe(4);
  });

  it('holds one pipeline run per CI run, of the commit it built', async () => {
    const runway = await readRunway();
    const prefix = REPOSITORY.replace('/', '-');
    expect(
      [...runway.runs].sort((a: any, b: any) => a.id.localeCompare(b.id)),
    ).toEqual([
      {
        pipeline: 'ci',
        id: `${prefix}-ci-101-1`,
        commitSha: sha.A,
        status: 'succeeded',
      },
      {
        pipeline: 'ci',
        id: `${prefix}-ci-102-1`,
        commitSha: sha.C,
        status: 'succeeded',
      },
      {
        pipeline: 'ci',
        id: `${prefix}-ci-103-1`,
        commitSha: sha.D,
        status: 'succeeded',
      },
    ]);
  });

  it('changes nothing when every report and delivery is replayed', async () => {
    const before = await readRunway();
    for (const step of steps) {
      if (step.kind === 'hook') {
        await postHook(step.event, step.payload);
      } else {
        await runScript(step);
      }
    }
    expect(hookResponses.filter(r => r.status !== 200)).toEqual([]);
    expect(await readRunway()).toEqual(before);
  });
});
