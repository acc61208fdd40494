#!/usr/bin/env node
/**
 * Reports a pipeline run or a deployment to Runway's delivery API
 * (POST $RUNWAY_URL/api/delivery/events, see Runway's delivery-backend README).
 *
 *   node scripts/runway-report.mjs pipeline-run --pipeline ci --status succeeded
 *   node scripts/runway-report.mjs deployment --environment production --status succeeded \
 *     --started-at 2026-01-05T09:50:00Z --previous-sha 9fceb02...
 *
 * Reads RUNWAY_URL, RUNWAY_ENTITY_REF and the GITHUB_* variables Actions sets.
 *
 * Authentication: on GitHub Actions with `permissions: id-token: write`, a GitHub OIDC token
 * for the audience RUNWAY_OIDC_AUDIENCE (default "runway-delivery"): it names this repository
 * and expires in minutes, so nothing long-lived is stored. Where Actions offers no OIDC token
 * (no ACTIONS_ID_TOKEN_REQUEST_URL: a pull request from a fork, GitLab CI), the RUNWAY_TOKEN
 * secret, a token Runway issued for this repository only.
 *
 * Reporting is not configured (no RUNWAY_URL, or neither credential): warns and exits 0, so a
 * delivery never fails for want of its report; a rejected report exits 1.
 */
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const PIPELINE_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'];
const DEPLOYMENT_STATUSES = ['succeeded', 'failed'];

/** GitHub's job.status / needs.*.result values mapped onto Runway's statuses. */
export function normalizeStatus(status) {
  const mapped = { success: 'succeeded', failure: 'failed', cancelled: 'cancelled', skipped: 'cancelled' }[status];
  return mapped ?? status;
}

function runContext(env) {
  const repository = env.GITHUB_REPOSITORY ?? 'local/repository';
  return {
    repository,
    runId: env.GITHUB_RUN_ID ?? '0',
    attempt: Number(env.GITHUB_RUN_ATTEMPT ?? '1'),
    sha: env.GITHUB_SHA,
    branch: env.GITHUB_REF_NAME,
    url: env.GITHUB_SERVER_URL && env.GITHUB_RUN_ID
      ? `${env.GITHUB_SERVER_URL}/${repository}/actions/runs/${env.GITHUB_RUN_ID}`
      : undefined,
  };
}

function withoutUndefined(object) {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined && value !== ''));
}

export function buildPipelineRunEvent({ env, entityRef, pipeline, status, startedAt, finishedAt }) {
  const normalized = normalizeStatus(status);
  if (!PIPELINE_STATUSES.includes(normalized)) {
    throw new Error(`--status must be one of ${PIPELINE_STATUSES.join(', ')}, got "${status}"`);
  }
  const run = runContext(env);
  return withoutUndefined({
    type: 'pipelineRun',
    id: `${run.repository.replace('/', '-')}-${pipeline}-${run.runId}-${run.attempt}`,
    entityRef,
    pipeline,
    status: normalized,
    branch: run.branch,
    attempt: run.attempt,
    startedAt,
    finishedAt: finishedAt ?? (['queued', 'running'].includes(normalized) ? undefined : new Date().toISOString()),
    url: run.url,
    commitSha: run.sha,
  });
}

export function buildDeploymentEvent({ env, entityRef, environment, status, startedAt, finishedAt, commits }) {
  const normalized = normalizeStatus(status);
  if (!DEPLOYMENT_STATUSES.includes(normalized)) {
    throw new Error(`--status must be one of ${DEPLOYMENT_STATUSES.join(', ')}, got "${status}"`);
  }
  const run = runContext(env);
  return withoutUndefined({
    type: 'deployment',
    id: `${run.repository.replace('/', '-')}-${environment}-${run.runId}-${run.attempt}`,
    entityRef,
    environment,
    status: normalized,
    startedAt,
    finishedAt: finishedAt ?? new Date().toISOString(),
    version: env.IMAGE_DIGEST || run.sha,
    commitSha: run.sha,
    commits,
    labels: { pipeline: env.GITHUB_WORKFLOW ?? 'deploy' },
  });
}

/**
 * Commits a deployment ships: those reachable from HEAD but not from the commit the
 * environment ran before. The first deployment ships HEAD only, so years of history do
 * not count as one giant lead time.
 */
export function listShippedCommits({ head = 'HEAD', previousSha, git = runGit }) {
  const range = previousSha ? [`${previousSha}..${head}`] : ['-n', '1', head];
  const output = git(['log', '--format=%H%x09%cI', ...range]);
  return output
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [sha, timestamp] = line.split('\t');
      return { sha, timestamp };
    });
}

function runGit(args) {
  return execFileSync('git', args, { encoding: 'utf8' });
}

export const DEFAULT_OIDC_AUDIENCE = 'runway-delivery';

/**
 * The credential to report with: GitHub's OIDC token when the job may request one, else the
 * RUNWAY_TOKEN secret, else undefined (reporting is not configured).
 */
export async function resolveCredential(env, fetchImpl = fetch) {
  if (env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN) {
    const audience = env.RUNWAY_OIDC_AUDIENCE || DEFAULT_OIDC_AUDIENCE;
    const url = new URL(env.ACTIONS_ID_TOKEN_REQUEST_URL);
    url.searchParams.set('audience', audience);
    const response = await fetchImpl(url.href, {
      headers: { Authorization: `Bearer ${env.ACTIONS_ID_TOKEN_REQUEST_TOKEN}`, Accept: 'application/json' },
    });
    const text = await response.text();
    if (!response.ok) {
      throw new Error(`GitHub refused an OIDC token for audience "${audience}": HTTP ${response.status} ${text}`);
    }
    const { value } = JSON.parse(text);
    if (!value) {
      throw new Error('GitHub answered the OIDC token request without a token');
    }
    return { token: value, source: `GitHub OIDC (audience ${audience})` };
  }
  if (env.RUNWAY_TOKEN) {
    return { token: env.RUNWAY_TOKEN, source: 'RUNWAY_TOKEN' };
  }
  return undefined;
}

export async function postEvents({ url, token, events, fetchImpl = fetch }) {
  const response = await fetchImpl(`${url.replace(/\/$/, '')}/api/delivery/events`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ events }),
  });
  const text = await response.text();
  if (!response.ok) {
    throw new Error(`Runway rejected the report: HTTP ${response.status} ${text}`);
  }
  return JSON.parse(text);
}

export async function main(argv = process.argv.slice(2), env = process.env, io = { fetchImpl: fetch, git: runGit, log: console.log }) {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      pipeline: { type: 'string', default: 'ci' },
      environment: { type: 'string' },
      status: { type: 'string' },
      'started-at': { type: 'string' },
      'finished-at': { type: 'string' },
      'previous-sha': { type: 'string' },
    },
  });
  const kind = positionals[0];
  if (kind !== 'pipeline-run' && kind !== 'deployment') {
    throw new Error('first argument must be "pipeline-run" or "deployment"');
  }
  if (!values.status) {
    throw new Error('--status is required');
  }
  const entityRef = env.RUNWAY_ENTITY_REF;
  if (!entityRef) {
    throw new Error('RUNWAY_ENTITY_REF is not set (e.g. component:default/my-service)');
  }
  let event;
  if (kind === 'pipeline-run') {
    event = buildPipelineRunEvent({
      env, entityRef, pipeline: values.pipeline, status: values.status,
      startedAt: values['started-at'], finishedAt: values['finished-at'],
    });
  } else {
    if (!values.environment) {
      throw new Error('--environment is required for a deployment');
    }
    const commits = listShippedCommits({ previousSha: values['previous-sha'], git: io.git });
    event = buildDeploymentEvent({
      env, entityRef, environment: values.environment, status: values.status,
      startedAt: values['started-at'], finishedAt: values['finished-at'], commits,
    });
  }
  const credential = env.RUNWAY_URL ? await resolveCredential(env, io.fetchImpl) : undefined;
  if (!credential) {
    io.log(
      '::warning::this run is not reported to Runway: set the RUNWAY_URL variable, and give the job ' +
        '"permissions: id-token: write" (GitHub Actions) or the RUNWAY_TOKEN secret',
    );
    io.log(JSON.stringify(event));
    return { reported: false, event };
  }
  const result = await postEvents({ url: env.RUNWAY_URL, token: credential.token, events: [event], fetchImpl: io.fetchImpl });
  io.log(`Reported ${event.type} ${event.id} to Runway with ${credential.source}: ${JSON.stringify(result)}`);
  return { reported: true, event, result };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error) => {
    console.error(`::error::${error.message}`);
    process.exit(1);
  });
}
