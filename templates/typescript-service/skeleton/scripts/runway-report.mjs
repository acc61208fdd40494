#!/usr/bin/env node
/**
 * Reports a CI pipeline run or a deployment to Runway's delivery API
 * (POST $RUNWAY_URL/api/delivery/events, see Runway's delivery-backend README).
 *
 * Usage (the generated workflows rely on exactly this):
 *
 *   node scripts/runway-report.mjs pipeline-run --pipeline ci --status <status> \
 *     [--started-at ISO] [--sha SHA]
 *   node scripts/runway-report.mjs deployment --environment <env> --status <status> \
 *     [--started-at ISO] --sha <deployed commit> [--previous-sha SHA]
 *
 * --status: succeeded, failed or cancelled (pipeline runs also queued, running), or GitHub's job
 * results success, failure, cancelled, skipped. A cancelled or skipped rollout is no deployment
 * and is not reported. --sha is the commit the run built or the rollout deployed (default
 * GITHUB_SHA / CI_COMMIT_SHA: in a deploy triggered by workflow_run that is the newest commit of
 * main, not the deployed one, so deployments pass it). --finished-at ISO replaces "now".
 *
 * A deployment ships the commits between the previous successful deployment to the same
 * environment and --sha (`git log`, so the checkout needs full history: fetch-depth: 0).
 * Without --previous-sha (or with an empty one) the script finds that deployment itself:
 * - GitHub: the REST API (GITHUB_API_URL, GITHUB_REPOSITORY, and GITHUB_TOKEN in the step's env,
 *   the job's github.token with `permissions: deployments: read`): the environment's
 *   deployments newest first, and each one's latest status until one succeeded (a few calls at
 *   most);
 * - GitLab: GET $CI_API_V4_URL/projects/$CI_PROJECT_ID/deployments?status=success, with the
 *   job token (CI_JOB_TOKEN may read the Deployments API), or RUNWAY_GITLAB_API_TOKEN (a
 *   read_api project access token) where the instance does not let job tokens read it.
 * When the look-up fails or finds nothing, the deployment ships its own commit only (never
 * years of history as one lead time), with a warning.
 *
 * Environment: RUNWAY_URL, RUNWAY_ENTITY_REF, IMAGE_DIGEST (optional: the version), and the
 * variables the CI sets: GITHUB_* on GitHub Actions; on GitLab CI (GITLAB_CI=true) its own
 * CI_PROJECT_PATH, CI_PIPELINE_ID, CI_COMMIT_SHA, CI_COMMIT_REF_NAME, CI_PIPELINE_URL,
 * CI_SERVER_URL, CI_API_V4_URL, CI_PROJECT_ID, CI_JOB_TOKEN: no mapping needed. Event ids are
 * `<repository, first / as ->-<pipeline or environment>-<run id>-<attempt>`, so a re-posted
 * report updates its event instead of adding one.
 *
 * Authentication: on GitHub Actions with `permissions: id-token: write`, a GitHub OIDC token
 * for the audience RUNWAY_OIDC_AUDIENCE (default "runway-delivery"): it names this repository
 * and expires in minutes, so nothing long-lived is stored. Where Actions offers no OIDC token
 * (no ACTIONS_ID_TOKEN_REQUEST_URL: a pull request from a fork, GitLab CI), the RUNWAY_TOKEN
 * secret, a token Runway issued for this repository only.
 *
 * Runway can never stop a delivery: whatever goes wrong (Runway down, slow, refusing the
 * credential or the report, a failed look-up, git failing, a bad argument) prints one line
 * saying what happened and what to fix (a ::warning:: annotation on GitHub Actions, a
 * "WARNING:" line elsewhere) and exits 0. RUNWAY_REPORT_TIMEOUT_SECONDS (default 30) bounds the
 * whole report, retries included (network errors, HTTP 5xx and 429 are retried twice, with
 * backoff, within that budget). RUNWAY_REPORT_STRICT=true makes a report that could not be
 * delivered, or a bad argument, exit 1 instead. Reporting that is not configured at all (no
 * RUNWAY_URL, or no credential: fork pull requests) only warns, strict or not.
 */
import { execFileSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const PIPELINE_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'];
const DEPLOYMENT_STATUSES = ['succeeded', 'failed'];
/** Job results that mean the rollout never happened: nothing to report. */
const NO_DEPLOYMENT_STATUSES = ['cancelled', 'skipped'];

export const DEFAULT_OIDC_AUDIENCE = 'runway-delivery';
export const DEFAULT_TIMEOUT_SECONDS = 30;
/** Attempts per request: the first and two retries. */
const MAX_ATTEMPTS = 3;
const RETRY_BASE_DELAY_MS = 1000;
/** GitHub API calls the previous-deployment look-up may make (the list, then one per deployment). */
export const MAX_LOOKUP_CALLS = 8;
/** Commits listed per deployment: Runway takes 1 MB per request. */
export const MAX_SHIPPED_COMMITS = 1000;
/** GitHub deployment states of a deployment that succeeded (inactive: succeeded, then superseded). */
const GITHUB_SUCCESS_STATES = ['success', 'inactive'];

/** A failure that leaves the run unreported; its message says what to fix. */
export class ReportError extends Error {}

/** GitHub's job.status / needs.*.result values mapped onto Runway's statuses. */
export function normalizeStatus(status) {
  const mapped = { success: 'succeeded', failure: 'failed', cancelled: 'cancelled', skipped: 'cancelled' }[status];
  return mapped ?? status;
}

/** Where this runs: GitLab CI's own variables when GITLAB_CI=true, else GitHub Actions'. */
export function runContext(env) {
  if (env.GITLAB_CI === 'true') {
    return {
      provider: 'gitlab',
      repository: env.CI_PROJECT_PATH ?? 'local/repository',
      runId: env.CI_PIPELINE_ID ?? '0',
      // A retried GitLab job runs in the same pipeline: it updates the same event.
      attempt: 1,
      sha: env.CI_COMMIT_SHA,
      branch: env.CI_COMMIT_REF_NAME,
      url: env.CI_PIPELINE_URL,
      workflow: env.CI_PIPELINE_NAME || 'gitlab-ci',
    };
  }
  const repository = env.GITHUB_REPOSITORY ?? 'local/repository';
  return {
    provider: env.GITHUB_ACTIONS === 'true' || env.GITHUB_REPOSITORY ? 'github' : 'local',
    repository,
    runId: env.GITHUB_RUN_ID ?? '0',
    attempt: Number(env.GITHUB_RUN_ATTEMPT ?? '1'),
    sha: env.GITHUB_SHA,
    branch: env.GITHUB_REF_NAME,
    url: env.GITHUB_SERVER_URL && env.GITHUB_RUN_ID
      ? `${env.GITHUB_SERVER_URL}/${repository}/actions/runs/${env.GITHUB_RUN_ID}`
      : undefined,
    workflow: env.GITHUB_WORKFLOW || 'deploy',
  };
}

function eventId(run, scope) {
  return `${run.repository.replace('/', '-')}-${scope}-${run.runId}-${run.attempt}`;
}

function withoutUndefined(object) {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined && value !== ''));
}

export function buildPipelineRunEvent({ env, entityRef, pipeline, status, startedAt, finishedAt, sha }) {
  const normalized = normalizeStatus(status);
  if (!PIPELINE_STATUSES.includes(normalized)) {
    throw new ReportError(`--status must be one of ${PIPELINE_STATUSES.join(', ')}, got "${status}"`);
  }
  const run = runContext(env);
  return withoutUndefined({
    type: 'pipelineRun',
    id: eventId(run, pipeline),
    entityRef,
    pipeline,
    status: normalized,
    branch: run.branch,
    attempt: run.attempt,
    startedAt,
    finishedAt: finishedAt ?? (['queued', 'running'].includes(normalized) ? undefined : new Date().toISOString()),
    url: run.url,
    commitSha: sha || run.sha,
  });
}

export function buildDeploymentEvent({ env, entityRef, environment, status, startedAt, finishedAt, commits, sha }) {
  const normalized = normalizeStatus(status);
  if (!DEPLOYMENT_STATUSES.includes(normalized)) {
    throw new ReportError(`--status must be one of ${DEPLOYMENT_STATUSES.join(', ')}, got "${status}"`);
  }
  const run = runContext(env);
  const deployed = sha || run.sha;
  return withoutUndefined({
    type: 'deployment',
    id: eventId(run, environment),
    entityRef,
    environment,
    status: normalized,
    startedAt,
    finishedAt: finishedAt ?? new Date().toISOString(),
    version: env.IMAGE_DIGEST || deployed,
    commitSha: deployed,
    commits,
    labels: { pipeline: run.workflow },
  });
}

function runGit(args, { timeoutMs } = {}) {
  return execFileSync('git', args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: timeoutMs,
    maxBuffer: 16 * 1024 * 1024,
  });
}

function parseCommitLines(output) {
  return output
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [sha, timestamp] = line.split('\t');
      return { sha, timestamp };
    });
}

/**
 * Commits a deployment ships: those reachable from `head` but not from the commit the
 * environment ran before. Without a previous commit it ships `head` only, so years of history
 * do not count as one giant lead time. At most MAX_SHIPPED_COMMITS (`truncated` says so).
 */
export function listShippedCommits({ head = 'HEAD', previousSha, git = runGit, timeoutMs }) {
  const range = previousSha
    ? [`--max-count=${MAX_SHIPPED_COMMITS + 1}`, `${previousSha}..${head}`]
    : ['-n', '1', head];
  const commits = parseCommitLines(git(['log', '--format=%H%x09%cI', ...range], { timeoutMs }));
  if (commits.length > MAX_SHIPPED_COMMITS) {
    return Object.assign(commits.slice(0, MAX_SHIPPED_COMMITS), { truncated: true });
  }
  return commits;
}

/** The whole report's time budget: every request, retry and git call fits in it. */
export function readBudgetSeconds(env) {
  const raw = env.RUNWAY_REPORT_TIMEOUT_SECONDS;
  const seconds = Number(raw);
  return raw && Number.isFinite(seconds) && seconds > 0 ? seconds : DEFAULT_TIMEOUT_SECONDS;
}

function createBudget(seconds) {
  const deadline = Date.now() + seconds * 1000;
  return { seconds, remainingMs: () => Math.max(0, deadline - Date.now()) };
}

function isStrict(env) {
  return env.RUNWAY_REPORT_STRICT === 'true';
}

/** One line for the job log: a GitHub annotation on Actions, a plain prefixed line elsewhere. */
export function annotate(env, level, message) {
  const line = String(message).replace(/\s*[\r\n]+\s*/g, ' ');
  if (env.GITHUB_ACTIONS === 'true') {
    return `::${level}::${line.replace(/%/g, '%25')}`;
  }
  return `${level.toUpperCase()}: ${line}`;
}

/** What an error response says, short: Backstage's `{ error: { message } }` or the text. */
function describeBody(text) {
  try {
    const message = JSON.parse(text)?.error?.message ?? JSON.parse(text)?.message;
    if (typeof message === 'string') return message.slice(0, 300);
  } catch {
    // not JSON: the text itself
  }
  return text.replace(/\s+/g, ' ').trim().slice(0, 200) || '(empty body)';
}

function isTimeout(error) {
  return error?.name === 'TimeoutError' || error?.name === 'AbortError';
}

function networkReason(error) {
  const cause = error?.cause;
  return cause?.code ?? cause?.message ?? error?.message ?? String(error);
}

function retryDelayMs(attempt, response) {
  const retryAfter = Number(response?.headers.get('retry-after'));
  if (Number.isFinite(retryAfter) && retryAfter > 0) return retryAfter * 1000;
  return RETRY_BASE_DELAY_MS * 2 ** (attempt - 1);
}

/**
 * One HTTP request within the budget (AbortSignal.timeout of what is left), retried on network
 * errors, 5xx and 429 while attempts and budget last. Answers `{ status, ok, text, attempts }`
 * for any HTTP answer; throws a ReportError (naming `target` and `advice`) when no answer came.
 */
async function send(url, init, { budget, io, target, advice }) {
  for (let attempt = 1; ; attempt += 1) {
    const remaining = budget.remainingMs();
    if (remaining <= 0) {
      throw new ReportError(
        `${target} did not answer within the report's ${budget.seconds} s (RUNWAY_REPORT_TIMEOUT_SECONDS): ${advice}`,
      );
    }
    let response;
    let text;
    let failure;
    try {
      response = await io.fetchImpl(url, { ...init, signal: AbortSignal.timeout(remaining) });
      text = await response.text();
    } catch (error) {
      if (isTimeout(error)) {
        throw new ReportError(
          `${target} did not answer within the report's ${budget.seconds} s (RUNWAY_REPORT_TIMEOUT_SECONDS): ${advice}`,
        );
      }
      failure = error;
    }
    const retryable = failure || response.status >= 500 || response.status === 429;
    if (!retryable) {
      return { status: response.status, ok: response.ok, text, attempts: attempt };
    }
    const delay = retryDelayMs(attempt, response);
    if (attempt >= MAX_ATTEMPTS || delay >= budget.remainingMs()) {
      if (failure) {
        throw new ReportError(
          `could not reach ${target} at ${new URL(url).origin} (${networkReason(failure)}, ${attempt} attempt${attempt > 1 ? 's' : ''}): ${advice}`,
        );
      }
      return { status: response.status, ok: false, text, attempts: attempt };
    }
    await io.sleep(delay);
  }
}

/**
 * The credential to report with: GitHub's OIDC token when the job may request one, else the
 * RUNWAY_TOKEN secret, else undefined (reporting is not configured). A refused OIDC request
 * falls back to RUNWAY_TOKEN when there is one, with a warning.
 */
export async function resolveCredential(env, fetchImpl = fetch, options = {}) {
  const { budget = createBudget(readBudgetSeconds(env)), io = { fetchImpl, sleep, log: () => {} } } = options;
  if (env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN) {
    const audience = env.RUNWAY_OIDC_AUDIENCE || DEFAULT_OIDC_AUDIENCE;
    try {
      return await requestOidcToken(env, audience, { budget, io: { ...io, fetchImpl } });
    } catch (error) {
      if (!(error instanceof ReportError) || !env.RUNWAY_TOKEN) throw error;
      io.log(annotate(env, 'warning', `${error.message}; reporting with RUNWAY_TOKEN instead`));
    }
  }
  if (env.RUNWAY_TOKEN) {
    return { token: env.RUNWAY_TOKEN, source: 'RUNWAY_TOKEN' };
  }
  return undefined;
}

async function requestOidcToken(env, audience, { budget, io }) {
  const url = new URL(env.ACTIONS_ID_TOKEN_REQUEST_URL);
  url.searchParams.set('audience', audience);
  const advice = 'give the reporting job "permissions: id-token: write", or set the RUNWAY_TOKEN secret';
  const answer = await send(
    url.href,
    { headers: { Authorization: `Bearer ${env.ACTIONS_ID_TOKEN_REQUEST_TOKEN}`, Accept: 'application/json' } },
    { budget, io, target: "GitHub's OIDC token endpoint", advice },
  );
  if (!answer.ok) {
    throw new ReportError(
      `GitHub refused an OIDC token for audience "${audience}" (HTTP ${answer.status}: ${describeBody(answer.text)}): ${advice}`,
    );
  }
  let value;
  try {
    value = JSON.parse(answer.text).value;
  } catch {
    // handled below
  }
  if (!value) {
    throw new ReportError(`GitHub answered the OIDC token request without a token: ${advice}`);
  }
  return { token: value, source: `GitHub OIDC (audience ${audience})` };
}

function refusalAdvice(status, { credential, env = {}, entityRef = 'RUNWAY_ENTITY_REF' }) {
  const run = runContext(env);
  const slug = run.provider === 'gitlab' ? 'gitlab.com/project-slug' : 'github.com/project-slug';
  if (status === 401) {
    return credential?.source === 'RUNWAY_TOKEN'
      ? 'RUNWAY_TOKEN is unknown or revoked: issue a new one (re-run runway:delivery:register, or POST /api/delivery/tokens) and store it in the RUNWAY_TOKEN secret'
      : `Runway must accept GitHub's OIDC tokens for this audience (delivery.oidc.github.audience, RUNWAY_OIDC_AUDIENCE here)`;
  }
  if (status === 403) {
    return `the catalog entity ${entityRef} (RUNWAY_ENTITY_REF) must exist and carry the annotation ${slug}: ${run.repository}`;
  }
  if (status === 404) {
    return "set RUNWAY_URL to Runway's base URL (https://runway.example.com, without /api) where the delivery plugin is installed";
  }
  if (status === 413) {
    return 'the report is over 1 MB: report this to the platform team';
  }
  if (status >= 500 || status === 429) {
    return 'Runway is having trouble; the platform team can see why in its logs';
  }
  return 'the report is invalid: this is a bug in scripts/runway-report.mjs or in the arguments the workflow passes it';
}

export async function postEvents({ url, token, events, fetchImpl = fetch, budget, io, advice = {} }) {
  const context = {
    budget: budget ?? createBudget(DEFAULT_TIMEOUT_SECONDS),
    io: io ?? { fetchImpl, sleep },
    target: 'Runway',
    advice: `check that RUNWAY_URL (${url}) is Runway's address and reachable from this runner`,
  };
  const answer = await send(
    `${url.replace(/\/+$/, '')}/api/delivery/events`,
    {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ events }),
    },
    context,
  );
  if (!answer.ok) {
    const attempts = answer.attempts > 1 ? ` after ${answer.attempts} attempts` : '';
    const why = refusalAdvice(answer.status, advice);
    throw new ReportError(`Runway refused the report (HTTP ${answer.status}${attempts}: ${describeBody(answer.text)}): ${why}`);
  }
  try {
    return JSON.parse(answer.text);
  } catch {
    throw new ReportError(
      `Runway answered HTTP ${answer.status} with something that is not JSON (${describeBody(answer.text)}): ` +
        "RUNWAY_URL must be the address of Runway's backend, not of a proxy or login page",
    );
  }
}

/**
 * The commit a GitHub deployment rolled out. A job with `environment:` makes Actions record the
 * run's own sha, which for a deploy triggered by workflow_run is main's newest commit, not the
 * deployed one; the generated deploy workflow therefore sets the environment URL to
 * <server>/<repository>/commit/<deployed sha>, which the success status carries.
 */
export function deployedCommitOf(deployment, statuses) {
  for (const status of statuses) {
    const match = /\/commit\/([0-9a-f]{40})\/?$/i.exec(status.environment_url ?? '');
    if (match && status.state === 'success') return match[1];
  }
  return deployment.sha;
}

/** The sha of the last successful GitHub deployment to `environment` other than `sha`. */
async function findPreviousGithubDeployment({ env, environment, sha, budget, io }) {
  if (!env.GITHUB_TOKEN) {
    return { problem: "GITHUB_TOKEN is not set: pass the job's github.token to the step as GITHUB_TOKEN (with permissions: deployments: read)" };
  }
  const api = (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, '');
  const repository = env.GITHUB_REPOSITORY;
  const headers = {
    Authorization: `Bearer ${env.GITHUB_TOKEN}`,
    Accept: 'application/vnd.github+json',
    'X-GitHub-Api-Version': '2022-11-28',
  };
  let calls = 0;
  const get = async (path) => {
    calls += 1;
    const answer = await send(`${api}${path}`, { headers }, {
      budget,
      io,
      target: 'the GitHub API',
      advice: `check GITHUB_API_URL (${api})`,
    });
    if (!answer.ok) {
      const hint = [401, 403, 404].includes(answer.status)
        ? 'the job needs "permissions: deployments: read" and GITHUB_TOKEN set to its github.token'
        : 'GitHub may be having trouble';
      throw new ReportError(`the GitHub API answered HTTP ${answer.status} to GET ${path} (${describeBody(answer.text)}): ${hint}`);
    }
    return JSON.parse(answer.text);
  };
  const deployments = (
    await get(`/repos/${repository}/deployments?environment=${encodeURIComponent(environment)}&per_page=30`)
  ).sort((a, b) => b.id - a.id);
  for (const deployment of deployments) {
    if (calls >= MAX_LOOKUP_CALLS) {
      return { problem: `no successful deployment to ${environment} among the newest ${calls - 1} looked at` };
    }
    const statuses = await get(`/repos/${repository}/deployments/${deployment.id}/statuses?per_page=100`);
    const latest = statuses.reduce((newest, status) => (!newest || status.id > newest.id ? status : newest), undefined);
    if (!latest || !GITHUB_SUCCESS_STATES.includes(latest.state)) continue;
    const deployed = deployedCommitOf(deployment, statuses);
    if (sameCommit(deployed, sha)) continue;
    return { sha: deployed, where: `GitHub deployment ${deployment.id}` };
  }
  return { problem: `GitHub lists no earlier successful deployment to ${environment}` };
}

/** The sha of the last successful GitLab deployment to `environment` other than `sha`. */
async function findPreviousGitlabDeployment({ env, environment, sha, budget, io }) {
  if (!env.CI_API_V4_URL || !env.CI_PROJECT_ID) {
    return { problem: 'CI_API_V4_URL or CI_PROJECT_ID is not set (GitLab sets both in every job)' };
  }
  const headers = env.RUNWAY_GITLAB_API_TOKEN
    ? { 'PRIVATE-TOKEN': env.RUNWAY_GITLAB_API_TOKEN }
    : env.CI_JOB_TOKEN
      ? { 'JOB-TOKEN': env.CI_JOB_TOKEN }
      : undefined;
  if (!headers) {
    return { problem: 'neither CI_JOB_TOKEN nor RUNWAY_GITLAB_API_TOKEN is set' };
  }
  const query = new URLSearchParams({ environment, status: 'success', order_by: 'id', sort: 'desc', per_page: '20' });
  const path = `/projects/${encodeURIComponent(env.CI_PROJECT_ID)}/deployments?${query}`;
  const answer = await send(`${env.CI_API_V4_URL.replace(/\/+$/, '')}${path}`, { headers }, {
    budget,
    io,
    target: 'the GitLab API',
    advice: `check CI_API_V4_URL (${env.CI_API_V4_URL})`,
  });
  if (!answer.ok) {
    const hint = [401, 403, 404].includes(answer.status)
      ? 'where the job token may not read the Deployments API, set the masked variable RUNWAY_GITLAB_API_TOKEN to a project access token with read_api'
      : 'GitLab may be having trouble';
    throw new ReportError(`the GitLab API answered HTTP ${answer.status} to GET ${path} (${describeBody(answer.text)}): ${hint}`);
  }
  const previous = JSON.parse(answer.text).find((deployment) => !sameCommit(deployment.sha, sha));
  return previous
    ? { sha: previous.sha, where: `GitLab deployment ${previous.id}` }
    : { problem: `GitLab lists no earlier successful deployment to ${environment}` };
}

function sameCommit(a, b) {
  if (!a || !b) return false;
  const [x, y] = [a.toLowerCase(), b.toLowerCase()];
  return x.startsWith(y) || y.startsWith(x);
}

/**
 * The commit `environment` ran before this deployment: `{ sha, where }`, or `{ problem }` when
 * it cannot be known (then the deployment ships its own commit only).
 */
export async function findPreviousDeployment({ env, environment, sha, budget, io }) {
  const run = runContext(env);
  try {
    if (run.provider === 'gitlab') {
      return await findPreviousGitlabDeployment({ env, environment, sha, budget, io });
    }
    if (env.GITHUB_REPOSITORY) {
      return await findPreviousGithubDeployment({ env, environment, sha, budget, io });
    }
    return { problem: 'neither GitHub Actions nor GitLab CI: pass --previous-sha' };
  } catch (error) {
    // A look-up that fails only narrows the report: it never stops it.
    return { problem: error instanceof ReportError ? error.message : `the look-up failed (${error.message})` };
  }
}

/** The commits shipped, degrading to the deployed commit only, then to none, with warnings. */
function shippedCommits({ sha, previousSha, budget, io, warn }) {
  const head = sha || 'HEAD';
  const attempt = (previous) => listShippedCommits({ head, previousSha: previous, git: io.git, timeoutMs: Math.max(1, budget.remainingMs()) });
  const gitProblem = (error) => (error.stderr ? String(error.stderr).trim().split('\n')[0] : error.message);
  try {
    const commits = attempt(previousSha);
    if (commits.truncated) {
      warn(`${previousSha}..${head} holds more than ${MAX_SHIPPED_COMMITS} commits: only the newest ${MAX_SHIPPED_COMMITS} are reported`);
    }
    return commits;
  } catch (error) {
    let failure = error;
    if (previousSha) {
      warn(
        `git could not list the commits ${previousSha}..${head} (${gitProblem(error)}): check out with fetch-depth: 0; ` +
          'this deployment is reported with its own commit only',
      );
      try {
        return attempt(undefined);
      } catch (again) {
        failure = again;
      }
    }
    warn(`git could not read the commit ${head} (${gitProblem(failure)}): the deployment is reported without its commits, so it gives no lead time`);
    return undefined;
  }
}

function instantOption(values, name, warn) {
  const value = values[name];
  if (!value) return undefined;
  if (Number.isNaN(Date.parse(value))) {
    warn(`--${name} "${value}" is not an ISO-8601 instant: left out of the report`);
    return undefined;
  }
  return value;
}

function parseOptions(argv) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        pipeline: { type: 'string', default: 'ci' },
        environment: { type: 'string' },
        status: { type: 'string' },
        sha: { type: 'string' },
        'started-at': { type: 'string' },
        'finished-at': { type: 'string' },
        'previous-sha': { type: 'string' },
      },
    });
  } catch (error) {
    throw new ReportError(`${error.message} (see the usage at the top of scripts/runway-report.mjs)`);
  }
}

/**
 * Builds and posts the report. Resolves `{ reported, event?, result? }`; throws a ReportError
 * when the run could not be reported (the caller, {@link run}, turns it into one line).
 */
export async function main(argv = process.argv.slice(2), env = process.env, io = {}) {
  const tools = { fetchImpl: fetch, git: runGit, log: console.log, sleep, ...io };
  const budget = createBudget(readBudgetSeconds(env));
  const warn = (message) => tools.log(annotate(env, 'warning', message));
  const { positionals, values } = parseOptions(argv);
  const kind = positionals[0];
  if (kind !== 'pipeline-run' && kind !== 'deployment') {
    throw new ReportError('the first argument must be "pipeline-run" or "deployment"');
  }
  if (!values.status) {
    throw new ReportError('--status is required');
  }
  const entityRef = env.RUNWAY_ENTITY_REF;
  if (!entityRef) {
    throw new ReportError('RUNWAY_ENTITY_REF is not set (e.g. component:default/my-service)');
  }
  if (kind === 'deployment' && !values.environment) {
    throw new ReportError('--environment is required for a deployment');
  }
  if (kind === 'deployment' && NO_DEPLOYMENT_STATUSES.includes(values.status)) {
    tools.log(`The rollout to ${values.environment} was ${values.status}: no deployment to report to Runway`);
    return { reported: false };
  }
  const startedAt = instantOption(values, 'started-at', warn);
  const finishedAt = instantOption(values, 'finished-at', warn);
  const configured = Boolean(
    env.RUNWAY_URL && (env.RUNWAY_TOKEN || (env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN)),
  );

  let event;
  if (kind === 'pipeline-run') {
    event = buildPipelineRunEvent({
      env, entityRef, pipeline: values.pipeline, status: values.status, startedAt, finishedAt, sha: values.sha,
    });
  } else {
    const sha = values.sha || runContext(env).sha;
    // Validates the status before any look-up.
    buildDeploymentEvent({ env, entityRef, environment: values.environment, status: values.status, sha });
    let commits;
    if (configured) {
      let previousSha = values['previous-sha'];
      if (!previousSha) {
        const previous = await findPreviousDeployment({ env, environment: values.environment, sha, budget, io: tools });
        if (previous.sha) {
          previousSha = previous.sha;
          tools.log(`${values.environment} ran ${previous.sha} before (${previous.where})`);
        } else {
          warn(
            `could not find the previous successful deployment to ${values.environment}: ${previous.problem}. ` +
              'This deployment is reported with its own commit only (expected for the first deployment)',
          );
        }
      }
      commits = shippedCommits({ sha, previousSha, budget, io: tools, warn });
    }
    event = buildDeploymentEvent({
      env, entityRef, environment: values.environment, status: values.status, startedAt, finishedAt, commits, sha,
    });
  }

  if (!configured) {
    warn(
      'this run is not reported to Runway: set the RUNWAY_URL variable, and give the job ' +
        '"permissions: id-token: write" (GitHub Actions) or the RUNWAY_TOKEN secret',
    );
    tools.log(JSON.stringify(event));
    return { reported: false, event };
  }
  const credential = await resolveCredential(env, tools.fetchImpl, { budget, io: tools });
  const result = await postEvents({
    url: env.RUNWAY_URL,
    token: credential.token,
    events: [event],
    budget,
    io: tools,
    advice: { credential, env, entityRef },
  });
  tools.log(`Reported ${event.type} ${event.id} to Runway with ${credential.source}: ${JSON.stringify(result)}`);
  return { reported: true, event, result };
}

/**
 * Runs {@link main} the way CI does: every failure becomes one line; the exit code is 0 unless
 * RUNWAY_REPORT_STRICT=true and the run could not be reported.
 */
export async function run(argv = process.argv.slice(2), env = process.env, io = {}) {
  const log = io.log ?? console.log;
  const strict = isStrict(env);
  try {
    await main(argv, env, io);
    return 0;
  } catch (error) {
    const message = error instanceof ReportError
      ? error.message
      : `the report failed unexpectedly (${error?.message ?? error}): please report this to the platform team`;
    const outcome = strict ? 'failing the job (RUNWAY_REPORT_STRICT=true)' : 'the job goes on';
    log(annotate(env, strict ? 'error' : 'warning', `Runway report: ${message}. Not reported; ${outcome}`));
    return strict ? 1 : 0;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  // A last guard: whatever hangs, the step ends shortly after its budget.
  const seconds = readBudgetSeconds(process.env);
  setTimeout(() => {
    const strict = isStrict(process.env);
    console.log(annotate(process.env, strict ? 'error' : 'warning',
      `Runway report: still running after ${seconds} s (RUNWAY_REPORT_TIMEOUT_SECONDS): stopped. Not reported`));
    process.exit(strict ? 1 : 0);
  }, seconds * 1000 + 2000).unref();
  process.exitCode = await run();
}
