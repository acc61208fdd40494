import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { buildPipelineRunEvent, listShippedCommits, main, normalizeStatus, run } from './runway-report.mjs';

const SCRIPT = fileURLToPath(new URL('./runway-report.mjs', import.meta.url));

const env = {
  GITHUB_ACTIONS: 'true',
  GITHUB_REPOSITORY: 'acme/${{ values.name }}',
  GITHUB_RUN_ID: '42',
  GITHUB_RUN_ATTEMPT: '2',
  GITHUB_SHA: 'b'.repeat(40),
  GITHUB_REF_NAME: 'main',
  GITHUB_SERVER_URL: 'https://github.com',
  RUNWAY_ENTITY_REF: 'component:default/${{ values.name }}',
};

const ACCEPTED = { accepted: 1, created: 1, updated: 0, unmatched: 0 };

/**
 * A local server playing GitHub's OIDC token endpoint (/oidc/token, as Actions exposes it through
 * ACTIONS_ID_TOKEN_REQUEST_URL), Runway in several moods (/<mood>[/<caller>]/api/delivery/events:
 * ok, unauthorized, forbidden, fail-once, fail-always, html, hang), GitHub's deployments API
 * (/github/repos/...) and GitLab's (/gitlab/api/v4/...). Records every request.
 */
async function startFakeServer() {
  const requests = [];
  const calls = new Map();
  const github = { deployments: [], statuses: new Map() };
  const gitlab = { deployments: [], status: 200 };
  const hanging = new Set();
  const server = http.createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    const url = new URL(req.url, 'http://localhost');
    const record = {
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      authorization: req.headers.authorization,
      headers: req.headers,
      body,
    };
    requests.push(record);
    const json = (status, value) => res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(value));
    if (url.pathname === '/oidc/token') {
      if (req.headers.authorization !== 'Bearer request-token') return json(401, { message: 'Bad credentials' });
      return json(200, { value: `id-token-for-${url.searchParams.get('audience')}` });
    }
    // /<mood>[/<caller>]/api/delivery/events: each caller counts its own requests.
    const runway = url.pathname.match(/^\/([a-z-]+)(\/[\w-]+)?\/api\/delivery\/events$/);
    if (runway) {
      const mood = runway[1];
      const count = (calls.get(url.pathname) ?? 0) + 1;
      calls.set(url.pathname, count);
      if (mood === 'ok' || (mood === 'fail-once' && count > 1)) return json(200, ACCEPTED);
      if (mood === 'unauthorized') return json(401, { error: { name: 'AuthenticationError', message: 'Invalid ingestion token: unknown or revoked' } });
      if (mood === 'forbidden') return json(403, { error: { name: 'NotAllowedError', message: 'component:default/x is not of repository acme/other' } });
      if (mood === 'fail-once' || mood === 'fail-always') return json(500, { error: { name: 'Error', message: 'database is locked' } });
      if (mood === 'html') return res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>Sign in</title>');
      if (mood === 'hang') return hanging.add(res);
    }
    const githubDeployments = url.pathname.match(/^\/github\/repos\/[^/]+\/[^/]+\/deployments(?:\/(\d+)\/statuses)?$/);
    if (githubDeployments) {
      if (req.headers.authorization !== 'Bearer github-token') return json(401, { message: 'Bad credentials' });
      if (githubDeployments[1]) return json(200, github.statuses.get(Number(githubDeployments[1])) ?? []);
      return json(200, github.deployments.filter((d) => d.environment === url.searchParams.get('environment')));
    }
    if (/^\/gitlab\/api\/v4\/projects\/[^/]+\/deployments$/.test(url.pathname)) {
      if (gitlab.status !== 200) return json(gitlab.status, { message: '403 Forbidden' });
      return json(200, gitlab.deployments.filter((d) => d.environment === url.searchParams.get('environment') && d.status === url.searchParams.get('status')));
    }
    return json(404, {});
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    requests,
    github,
    gitlab,
    /** Removes and returns the requests recorded so far whose path starts with `prefix`. */
    take: (prefix = '') => {
      const taken = requests.filter((request) => request.path.startsWith(prefix));
      requests.splice(0, requests.length, ...requests.filter((request) => !taken.includes(request)));
      return taken;
    },
    close: () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A port nothing listens on: a portal that is down. */
async function closedPortUrl() {
  const server = http.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

/** Runs the script as CI does: a child process with only the given environment. */
function runScript(args, scriptEnv, { cwd = os.tmpdir() } = {}) {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, [SCRIPT, ...args], {
      cwd,
      env: { PATH: process.env.PATH, HOME: os.tmpdir(), ...scriptEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    // Far above any budget used here: only a hung script gets killed.
    const killer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr, elapsedMs: Date.now() - started });
    });
  });
}

const hasGit = (() => {
  try {
    execFileSync('git', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** A real git repository with one empty commit per entry, committed at the given instants. */
function makeRepository(commits) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runway-report-git-'));
  const gitEnv = {
    PATH: process.env.PATH,
    HOME: dir,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'Test',
    GIT_AUTHOR_EMAIL: 'test@example.com',
    GIT_COMMITTER_NAME: 'Test',
    GIT_COMMITTER_EMAIL: 'test@example.com',
  };
  const git = (args, extra = {}) =>
    execFileSync('git', args, { cwd: dir, env: { ...gitEnv, ...extra }, encoding: 'utf8' }).trim();
  git(['init', '-q']);
  const shas = commits.map(({ message, at }) => {
    git(['-c', 'commit.gpgsign=false', 'commit', '-q', '--allow-empty', '-m', message], {
      GIT_AUTHOR_DATE: at,
      GIT_COMMITTER_DATE: at,
    });
    return git(['rev-parse', 'HEAD']);
  });
  return { dir, shas, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

const postedEvents = (requests) => requests.flatMap((request) => JSON.parse(request.body).events);

describe('runway-report authentication', () => {
  let fake;
  before(async () => {
    fake = await startFakeServer();
  });
  after(() => fake.close());

  const report = (extraEnv, log = () => {}) =>
    main(['pipeline-run', '--status', 'success'], { ...env, RUNWAY_URL: `${fake.url}/ok`, ...extraEnv }, { git: () => '', log });
  const oidcEnv = () => ({
    ACTIONS_ID_TOKEN_REQUEST_URL: `${fake.url}/oidc/token?api-version=2.0`,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'request-token',
  });

  it('reports with a GitHub OIDC token for the runway-delivery audience, preferred to RUNWAY_TOKEN', async () => {
    fake.take();
    const result = await report({ ...oidcEnv(), RUNWAY_TOKEN: 'rwy_repository-token' });
    assert.equal(result.reported, true);
    const [tokenRequest, eventsRequest, ...rest] = fake.take();
    assert.deepEqual(rest, []);
    assert.equal(tokenRequest.path, '/oidc/token');
    assert.deepEqual(tokenRequest.query, { 'api-version': '2.0', audience: 'runway-delivery' });
    assert.equal(tokenRequest.authorization, 'Bearer request-token');
    assert.equal(eventsRequest.path, '/ok/api/delivery/events');
    assert.equal(eventsRequest.authorization, 'Bearer id-token-for-runway-delivery');
    assert.equal(JSON.parse(eventsRequest.body).events[0].type, 'pipelineRun');
  });

  it('asks for the audience RUNWAY_OIDC_AUDIENCE names', async () => {
    fake.take();
    await report({ ...oidcEnv(), RUNWAY_OIDC_AUDIENCE: 'https://runway.example.com' });
    const [tokenRequest, eventsRequest] = fake.take();
    assert.equal(tokenRequest.query.audience, 'https://runway.example.com');
    assert.equal(eventsRequest.authorization, 'Bearer id-token-for-https://runway.example.com');
  });

  it('falls back to the RUNWAY_TOKEN secret where Actions offers no OIDC token (fork pull requests, GitLab)', async () => {
    fake.take();
    const result = await report({ RUNWAY_TOKEN: 'rwy_repository-token' });
    assert.equal(result.reported, true);
    const requests = fake.take();
    assert.deepEqual(requests.map((request) => request.path), ['/ok/api/delivery/events']);
    assert.equal(requests[0].authorization, 'Bearer rwy_repository-token');
  });

  it('posts nothing and says how to fix it when GitHub refuses the OIDC token, exiting 0', async () => {
    fake.take();
    const lines = [];
    const code = await run(
      ['pipeline-run', '--status', 'success'],
      { ...env, RUNWAY_URL: `${fake.url}/ok`, ...oidcEnv(), ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'wrong' },
      { git: () => '', log: (line) => lines.push(line) },
    );
    assert.equal(code, 0);
    assert.deepEqual(fake.take().map((request) => request.path), ['/oidc/token']);
    assert.equal(lines.length, 1);
    assert.match(lines[0], /^::warning::.*OIDC token .*HTTP 401.*id-token: write/);
  });

  it('falls back to RUNWAY_TOKEN, with a warning, when GitHub refuses the OIDC token', async () => {
    fake.take();
    const lines = [];
    const result = await report({ ...oidcEnv(), ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'wrong', RUNWAY_TOKEN: 'rwy_t' }, (line) => lines.push(line));
    assert.equal(result.reported, true);
    assert.match(lines[0], /^::warning::.*OIDC token.*RUNWAY_TOKEN instead/);
    assert.equal(fake.take().at(-1).authorization, 'Bearer rwy_t');
  });

  it('only warns when it has neither an OIDC token nor RUNWAY_TOKEN', async () => {
    fake.take();
    const lines = [];
    const result = await main(['pipeline-run', '--status', 'success'], { ...env, RUNWAY_URL: `${fake.url}/ok` }, { git: () => '', log: (line) => lines.push(line) });
    assert.equal(result.reported, false);
    assert.match(lines[0], /::warning::.*id-token: write.*RUNWAY_TOKEN/);
    assert.deepEqual(fake.take(), []);
  });
});

describe('runway-report', () => {
  it('maps GitHub job results onto Runway statuses', () => {
    assert.equal(normalizeStatus('success'), 'succeeded');
    assert.equal(normalizeStatus('failure'), 'failed');
    assert.equal(normalizeStatus('cancelled'), 'cancelled');
  });

  it('builds a pipeline run with an id stable across re-posts of the same attempt', () => {
    const event = buildPipelineRunEvent({ env, entityRef: env.RUNWAY_ENTITY_REF, pipeline: 'ci', status: 'success', finishedAt: '2026-01-01T00:00:00Z' });
    assert.equal(event.id, 'acme-${{ values.name }}-ci-42-2');
    assert.equal(event.status, 'succeeded');
    assert.equal(event.attempt, 2);
    assert.equal(event.url, 'https://github.com/acme/${{ values.name }}/actions/runs/42');
    assert.equal(event.commitSha, env.GITHUB_SHA);
  });

  it('lists the commits between the previous deployment and the deployed commit', () => {
    const calls = [];
    const git = (args) => {
      calls.push(args);
      return `${'b'.repeat(40)}\t2026-01-02T10:00:00+01:00\n${'c'.repeat(40)}\t2026-01-01T10:00:00Z\n`;
    };
    const commits = listShippedCommits({ head: 'd'.repeat(40), previousSha: 'a'.repeat(40), git });
    assert.deepEqual(calls[0].slice(0, 2), ['log', '--format=%H%x09%cI']);
    assert.equal(calls[0].at(-1), `${'a'.repeat(40)}..${'d'.repeat(40)}`);
    assert.deepEqual(commits.map((commit) => commit.sha), ['b'.repeat(40), 'c'.repeat(40)]);
  });

  it('posts a deployment of the --sha commit (not GITHUB_SHA) with its commits and the bearer token', async () => {
    const requests = [];
    const fetchImpl = async (url, init) => {
      requests.push({ url, init });
      return new Response(JSON.stringify(ACCEPTED), { status: 200 });
    };
    const deployed = 'd'.repeat(40);
    const git = () => `${deployed}\t2026-01-02T10:00:00Z\n`;
    const result = await main(
      ['deployment', '--environment', 'staging', '--status', 'success', '--sha', deployed, '--previous-sha', 'a'.repeat(40)],
      { ...env, RUNWAY_URL: 'https://runway.example.com/', RUNWAY_TOKEN: 't0ken', IMAGE_DIGEST: 'sha256:abc' },
      { fetchImpl, git, log: () => {} },
    );
    assert.equal(result.reported, true);
    assert.equal(requests[0].url, 'https://runway.example.com/api/delivery/events');
    assert.equal(requests[0].init.headers.Authorization, 'Bearer t0ken');
    const [event] = JSON.parse(requests[0].init.body).events;
    assert.equal(event.type, 'deployment');
    assert.equal(event.id, 'acme-${{ values.name }}-staging-42-2');
    assert.equal(event.environment, 'staging');
    assert.equal(event.status, 'succeeded');
    assert.equal(event.commitSha, deployed);
    assert.equal(event.version, 'sha256:abc');
    assert.deepEqual(event.commits, [{ sha: deployed, timestamp: '2026-01-02T10:00:00Z' }]);
  });

  it('reports a pipeline run of the --sha commit when given', async () => {
    const bodies = [];
    const fetchImpl = async (_url, init) => {
      bodies.push(JSON.parse(init.body));
      return new Response(JSON.stringify(ACCEPTED), { status: 200 });
    };
    await main(['pipeline-run', '--pipeline', 'ci', '--status', 'failure', '--sha', 'e'.repeat(40)], { ...env, RUNWAY_URL: 'http://runway', RUNWAY_TOKEN: 't' }, { fetchImpl, log: () => {} });
    assert.equal(bodies[0].events[0].commitSha, 'e'.repeat(40));
    assert.equal(bodies[0].events[0].status, 'failed');
  });

  it('reports no deployment for a cancelled rollout', async () => {
    const fetchImpl = async () => assert.fail('nothing to post');
    const lines = [];
    const result = await main(['deployment', '--environment', 'production', '--status', 'cancelled'], { ...env, RUNWAY_URL: 'http://runway', RUNWAY_TOKEN: 't' }, { fetchImpl, log: (line) => lines.push(line) });
    assert.equal(result.reported, false);
    assert.match(lines[0], /cancelled: no deployment to report/);
  });

  it('only warns when reporting is not configured', async () => {
    const lines = [];
    const result = await main(['pipeline-run', '--status', 'success'], env, { git: () => '', log: (line) => lines.push(line) });
    assert.equal(result.reported, false);
    assert.match(lines[0], /::warning::/);
  });

  it('reads GitLab CI variables natively: ids, url and commit without any GITHUB_* mapping', async () => {
    const bodies = [];
    const fetchImpl = async (_url, init) => {
      bodies.push(JSON.parse(init.body));
      return new Response(JSON.stringify(ACCEPTED), { status: 200 });
    };
    const lines = [];
    await main(
      ['pipeline-run', '--pipeline', 'ci', '--status', 'succeeded'],
      {
        GITLAB_CI: 'true',
        CI_PROJECT_PATH: 'acme/${{ values.name }}',
        CI_PIPELINE_ID: '981',
        CI_COMMIT_SHA: 'f'.repeat(40),
        CI_COMMIT_REF_NAME: 'main',
        CI_PIPELINE_URL: 'https://gitlab.example.com/acme/${{ values.name }}/-/pipelines/981',
        CI_SERVER_URL: 'https://gitlab.example.com',
        RUNWAY_ENTITY_REF: env.RUNWAY_ENTITY_REF,
        RUNWAY_URL: 'http://runway',
        RUNWAY_TOKEN: 'rwy_gitlab',
      },
      { fetchImpl, log: (line) => lines.push(line) },
    );
    const [event] = bodies[0].events;
    assert.equal(event.id, 'acme-${{ values.name }}-ci-981-1');
    assert.equal(event.commitSha, 'f'.repeat(40));
    assert.equal(event.branch, 'main');
    assert.equal(event.url, 'https://gitlab.example.com/acme/${{ values.name }}/-/pipelines/981');
    assert.match(lines.at(-1), /^Reported pipelineRun/);
  });
});

// Each case talks to its own mood of the fake portal, so they run side by side.
describe('runway-report never stops a delivery', { concurrency: 4 }, () => {
  let fake;
  before(async () => {
    fake = await startFakeServer();
  });
  after(() => fake.close());

  // Each call is a caller of its own (/<mood>/<n>), so cases running side by side count apart.
  let callers = 0;
  const reportTo = async (mood, extraEnv = {}, args = ['pipeline-run', '--pipeline', 'ci', '--status', 'success']) => {
    const prefix = `/${mood}/${(callers += 1)}`;
    const result = await runScript(args, { ...env, RUNWAY_URL: `${fake.url}${prefix}`, RUNWAY_TOKEN: 'rwy_t', ...extraEnv });
    return { ...result, requests: fake.take(`${prefix}/`) };
  };

  it('exits 0 with one line naming RUNWAY_URL when the portal is down (connection refused)', async () => {
    const down = await closedPortUrl();
    const result = await runScript(['pipeline-run', '--status', 'success'], { ...env, RUNWAY_URL: down, RUNWAY_TOKEN: 'rwy_t' });
    assert.equal(result.code, 0);
    const lines = result.stdout.trim().split('\n');
    assert.equal(lines.length, 1);
    assert.match(lines[0], /^::warning::Runway report: could not reach Runway .*ECONNREFUSED.*3 attempts.*RUNWAY_URL/);
  });

  it('gives up on a portal that does not answer within RUNWAY_REPORT_TIMEOUT_SECONDS and exits 0', async () => {
    const result = await reportTo('hang', { RUNWAY_REPORT_TIMEOUT_SECONDS: '2' });
    assert.equal(result.code, 0);
    assert.match(result.stdout, /^::warning::Runway report: Runway did not answer within the report's 2 s \(RUNWAY_REPORT_TIMEOUT_SECONDS\)/m);
    // The server never answers, so finishing at all shows the timeout (the message, that it was
    // the request's own); the bound only rules out waiting for the server, and is generous
    // because the machine running this may be busy.
    assert.ok(result.elapsedMs < 2_000 + 20_000, `took ${result.elapsedMs} ms`);
  });

  it('says the token is revoked on a 401, and exits 0', async () => {
    const result = await reportTo('unauthorized');
    assert.equal(result.code, 0);
    assert.match(result.stdout, /^::warning::Runway report: Runway refused the report \(HTTP 401: Invalid ingestion token: unknown or revoked\): RUNWAY_TOKEN is unknown or revoked/m);
    assert.equal(result.requests.length, 1, 'a 401 is not retried');
  });

  it('names the entity and its repository annotation on a 403', async () => {
    const result = await reportTo('forbidden');
    assert.equal(result.code, 0);
    assert.match(result.stdout, /HTTP 403.*github\.com\/project-slug: acme\//);
  });

  it('retries a 500 and reports on the second attempt', async () => {
    const result = await reportTo('fail-once');
    assert.equal(result.code, 0);
    assert.match(result.stdout, /^Reported pipelineRun acme-.*-ci-42-2 to Runway with RUNWAY_TOKEN/m);
    assert.doesNotMatch(result.stdout, /warning/);
    const posts = result.requests;
    assert.equal(posts.length, 2);
    assert.equal(posts[0].body, posts[1].body, 'a retry posts the same event (same id: idempotent)');
  });

  it('stops retrying a portal that keeps failing, and exits 0', async () => {
    const result = await reportTo('fail-always');
    assert.equal(result.code, 0);
    assert.match(result.stdout, /^::warning::Runway report: Runway refused the report \(HTTP 500 after 3 attempts: database is locked\)/m);
    assert.equal(result.requests.length, 3);
  });

  it('says RUNWAY_URL is wrong when the answer is not JSON (a login page)', async () => {
    const result = await reportTo('html');
    assert.equal(result.code, 0);
    assert.match(result.stdout, /not JSON.*RUNWAY_URL must be the address of Runway's backend/);
  });

  it('prints a plain WARNING line outside GitHub Actions', async () => {
    const result = await reportTo('unauthorized', { GITHUB_ACTIONS: '' });
    assert.equal(result.code, 0);
    assert.match(result.stdout, /^WARNING: Runway report: Runway refused the report \(HTTP 401/m);
  });

  it('exits 1 with RUNWAY_REPORT_STRICT=true when the report is refused', async () => {
    const result = await reportTo('unauthorized', { RUNWAY_REPORT_STRICT: 'true' });
    assert.equal(result.code, 1);
    assert.match(result.stdout, /^::error::Runway report: .*HTTP 401.*RUNWAY_REPORT_STRICT=true/m);
  });

  it('warns and exits 0 on a usage error, and exits 1 on one only when strict', async () => {
    const lenient = await reportTo('ok', {}, ['deploy', '--status', 'success']);
    assert.equal(lenient.code, 0);
    assert.match(lenient.stdout, /^::warning::Runway report: the first argument must be "pipeline-run" or "deployment"/m);
    const unknown = await reportTo('ok', {}, ['pipeline-run', '--status', 'success', '--bogus']);
    assert.equal(unknown.code, 0);
    assert.match(unknown.stdout, /^::warning::Runway report: .*--bogus/m);
    const strict = await reportTo('ok', { RUNWAY_REPORT_STRICT: 'true' }, ['deployment', '--status', 'success']);
    assert.equal(strict.code, 1);
    assert.match(strict.stdout, /--environment is required/);
  });
});

describe('runway-report deployments: the commits since the last successful deployment', { skip: !hasGit && 'git is not installed' }, () => {
  let fake;
  let repo;
  // A (deployed to staging and production), B, C (its staging rollout failed), D (deployed
  // now), E (pushed to main meanwhile: GITHUB_SHA of a deploy triggered by workflow_run).
  const at = ['2026-03-02T09:00:00Z', '2026-03-03T10:00:00Z', '2026-03-03T11:30:00+01:00', '2026-03-04T08:15:00Z', '2026-03-04T09:00:00Z'];
  let A, B, C, D, E;

  before(async () => {
    fake = await startFakeServer();
    repo = makeRepository(at.map((instant, index) => ({ message: `commit ${index}`, at: instant })));
    [A, B, C, D, E] = repo.shas;
    // GitHub's deployments API, newest first: this rollout (in progress), a failed one, a good one.
    fake.github.deployments.push(
      { id: 30, sha: D, environment: 'staging' },
      { id: 20, sha: C, environment: 'staging' },
      { id: 10, sha: A, environment: 'staging' },
      { id: 11, sha: A, environment: 'production' },
    );
    fake.github.statuses.set(30, [{ id: 301, state: 'in_progress' }]);
    fake.github.statuses.set(20, [{ id: 202, state: 'failure' }, { id: 201, state: 'in_progress' }]);
    fake.github.statuses.set(10, [{ id: 103, state: 'success' }, { id: 102, state: 'in_progress' }]);
    fake.github.statuses.set(11, [{ id: 113, state: 'inactive' }, { id: 112, state: 'success' }]);
  });
  after(async () => {
    await fake.close();
    repo.remove();
  });

  const githubEnv = () => ({
    ...env,
    GITHUB_REPOSITORY: 'acme/invoice-api',
    GITHUB_SHA: E,
    GITHUB_API_URL: `${fake.url}/github`,
    GITHUB_TOKEN: 'github-token',
    RUNWAY_URL: `${fake.url}/ok`,
    RUNWAY_TOKEN: 'rwy_t',
  });
  const deploy = (environment, extraEnv = {}, extraArgs = []) =>
    runScript(['deployment', '--environment', environment, '--status', 'success', '--sha', D, ...extraArgs], { ...githubEnv(), ...extraEnv }, { cwd: repo.dir });
  const iso = (instant) => new Date(instant).getTime();

  it('skips the failed deployment and ships B, C and D, with their commit times', async () => {
    fake.take();
    const result = await deploy('staging');
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.doesNotMatch(result.stdout, /warning/);
    const requests = fake.take();
    const [event] = postedEvents(requests.filter((request) => request.path === '/ok/api/delivery/events'));
    assert.equal(event.commitSha, D, 'the deployed commit, not GITHUB_SHA');
    assert.deepEqual(event.commits.map((commit) => commit.sha), [D, C, B]);
    assert.deepEqual(event.commits.map((commit) => iso(commit.timestamp)), [iso(at[3]), iso(at[2]), iso(at[1])]);
    const lookups = requests.filter((request) => request.path.startsWith('/github/'));
    assert.equal(lookups[0].query.environment, 'staging');
    assert.equal(lookups[0].authorization, 'Bearer github-token');
    // The list, then the statuses newest first (this rollout, still in progress; the failed one;
    // the good one), and nothing older.
    assert.deepEqual(lookups.map((request) => request.path.split('/deployments')[1]), ['', '/30/statuses', '/20/statuses', '/10/statuses']);
  });

  it('takes the deployed commit from the environment URL, not the sha Actions recorded for the run', async () => {
    // A deploy triggered by workflow_run: Actions records main's newest commit (E) on the
    // deployment; the environment URL the deploy workflow sets names the commit rolled out (B).
    fake.github.deployments.push({ id: 40, sha: E, environment: 'canary' }, { id: 41, sha: E, environment: 'canary' });
    fake.github.statuses.set(41, [{ id: 411, state: 'in_progress', environment_url: `https://github.com/acme/invoice-api/commit/${D}` }]);
    fake.github.statuses.set(40, [
      { id: 402, state: 'inactive', environment_url: '' },
      { id: 401, state: 'success', environment_url: `https://github.com/acme/invoice-api/commit/${B}` },
    ]);
    fake.take();
    const result = await deploy('canary');
    assert.equal(result.code, 0, result.stdout + result.stderr);
    const [event] = postedEvents(fake.take('/ok/'));
    assert.deepEqual(event.commits.map((commit) => commit.sha), [D, C]);
  });

  it('counts a deployment GitHub marked inactive (superseded) as successful', async () => {
    fake.take();
    const result = await deploy('production');
    assert.equal(result.code, 0);
    const [event] = postedEvents(fake.take('/ok/'));
    assert.deepEqual(event.commits.map((commit) => commit.sha), [D, C, B]);
  });

  it('takes --previous-sha as given, asking GitHub nothing', async () => {
    fake.take();
    const result = await deploy('staging', {}, ['--previous-sha', C]);
    assert.equal(result.code, 0);
    const requests = fake.take();
    assert.deepEqual(requests.filter((request) => request.path.startsWith('/github/')), []);
    assert.deepEqual(postedEvents(requests).at(0).commits.map((commit) => commit.sha), [D]);
  });

  it('looks up the previous deployment when --previous-sha is empty', async () => {
    fake.take();
    const result = await deploy('staging', {}, ['--previous-sha', '']);
    assert.equal(result.code, 0);
    assert.deepEqual(postedEvents(fake.take('/ok/'))[0].commits.map((commit) => commit.sha), [D, C, B]);
  });

  it('ships the deployed commit only, with a warning, when the look-up is refused', async () => {
    fake.take();
    const result = await deploy('staging', { GITHUB_TOKEN: 'expired' });
    assert.equal(result.code, 0);
    assert.match(result.stdout, /^::warning::could not find the previous successful deployment to staging: the GitHub API answered HTTP 401.*deployments: read/m);
    assert.match(result.stdout, /^Reported deployment/m);
    assert.deepEqual(postedEvents(fake.take('/ok/'))[0].commits.map((commit) => commit.sha), [D]);
  });

  it('ships the deployed commit only when no earlier deployment succeeded (the first deployment)', async () => {
    fake.take();
    const result = await deploy('preview');
    assert.equal(result.code, 0);
    assert.match(result.stdout, /GitHub lists no earlier successful deployment to preview/);
    const [commit, ...rest] = postedEvents(fake.take('/ok/'))[0].commits;
    assert.deepEqual(rest, []);
    assert.equal(commit.sha, D);
    assert.equal(iso(commit.timestamp), iso(at[3]));
  });

  it('falls back to the deployed commit when the previous one is not in the checkout (shallow clone)', async () => {
    fake.take();
    const result = await deploy('staging', {}, ['--previous-sha', '0123456789abcdef0123456789abcdef01234567']);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /^::warning::git could not list the commits .*fetch-depth: 0/m);
    assert.deepEqual(postedEvents(fake.take('/ok/'))[0].commits.map((commit) => commit.sha), [D]);
  });

  it('on GitLab, asks the Deployments API with the job token for successful deployments', async () => {
    fake.take();
    fake.gitlab.deployments.push(
      { id: 9, sha: D, environment: 'production', status: 'success' },
      { id: 8, sha: B, environment: 'production', status: 'success' },
      { id: 7, sha: C, environment: 'production', status: 'failed' },
    );
    const gitlabEnv = {
      GITLAB_CI: 'true',
      CI_PROJECT_PATH: 'acme/platform/invoice-api',
      CI_PIPELINE_ID: '981',
      CI_COMMIT_SHA: D,
      CI_COMMIT_REF_NAME: 'main',
      CI_PIPELINE_URL: 'https://gitlab.example.com/acme/platform/invoice-api/-/pipelines/981',
      CI_SERVER_URL: 'https://gitlab.example.com',
      CI_API_V4_URL: `${fake.url}/gitlab/api/v4`,
      CI_PROJECT_ID: '42',
      CI_JOB_TOKEN: 'job-token',
      RUNWAY_ENTITY_REF: 'component:default/invoice-api',
      RUNWAY_URL: `${fake.url}/ok`,
      RUNWAY_TOKEN: 'rwy_gitlab',
    };
    const result = await runScript(['deployment', '--environment', 'production', '--status', 'success'], gitlabEnv, { cwd: repo.dir });
    assert.equal(result.code, 0, result.stdout);
    assert.doesNotMatch(result.stdout, /WARNING/);
    assert.match(result.stdout, new RegExp(`^production ran ${B} before \\(GitLab deployment 8\\)`, 'm'));
    const requests = fake.take();
    const [lookup] = requests.filter((request) => request.path.startsWith('/gitlab/'));
    assert.equal(lookup.path, '/gitlab/api/v4/projects/42/deployments');
    assert.equal(lookup.headers['job-token'], 'job-token');
    assert.deepEqual({ environment: lookup.query.environment, status: lookup.query.status }, { environment: 'production', status: 'success' });
    const [event] = postedEvents(requests.filter((request) => request.path === '/ok/api/delivery/events'));
    assert.equal(event.id, 'acme-platform/invoice-api-production-981-1');
    assert.equal(event.commitSha, D);
    assert.deepEqual(event.commits.map((commit) => commit.sha), [D, C]);

    fake.gitlab.status = 403;
    const refused = await runScript(['deployment', '--environment', 'production', '--status', 'success'], { ...gitlabEnv, RUNWAY_GITLAB_API_TOKEN: 'glpat' }, { cwd: repo.dir });
    fake.gitlab.status = 200;
    assert.equal(refused.code, 0);
    assert.match(refused.stdout, /^WARNING: could not find the previous successful deployment to production: the GitLab API answered HTTP 403.*RUNWAY_GITLAB_API_TOKEN/m);
    const retried = fake.take();
    assert.equal(retried.find((request) => request.path.startsWith('/gitlab/')).headers['private-token'], 'glpat');
    assert.deepEqual(postedEvents(retried.filter((request) => request.path.startsWith('/ok/')))[0].commits.map((commit) => commit.sha), [D]);
  });
});
