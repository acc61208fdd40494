import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import { buildPipelineRunEvent, listShippedCommits, main, normalizeStatus } from './runway-report.mjs';

const env = {
  GITHUB_REPOSITORY: 'acme/${{ values.name }}',
  GITHUB_RUN_ID: '42',
  GITHUB_RUN_ATTEMPT: '2',
  GITHUB_SHA: 'b'.repeat(40),
  GITHUB_REF_NAME: 'main',
  GITHUB_SERVER_URL: 'https://github.com',
  RUNWAY_ENTITY_REF: 'component:default/${{ values.name }}',
};

/**
 * A local server playing both GitHub's OIDC token endpoint (/oidc/token, as Actions exposes it
 * through ACTIONS_ID_TOKEN_REQUEST_URL) and Runway (/api/delivery/events); records every request.
 */
async function startFakeServer() {
  const requests = [];
  const server = http.createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    const url = new URL(req.url, 'http://localhost');
    requests.push({ path: url.pathname, query: Object.fromEntries(url.searchParams), authorization: req.headers.authorization, body });
    const json = (status, value) => res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(value));
    if (url.pathname === '/oidc/token') {
      if (req.headers.authorization !== 'Bearer request-token') return json(401, { message: 'Bad credentials' });
      return json(200, { value: `id-token-for-${url.searchParams.get('audience')}` });
    }
    if (url.pathname === '/api/delivery/events') return json(200, { accepted: 1, created: 1, updated: 0, unmatched: 0 });
    return json(404, {});
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    requests,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

describe('runway-report authentication', () => {
  let fake;
  before(async () => {
    fake = await startFakeServer();
  });
  after(() => fake.close());

  const report = (extraEnv) =>
    main(['pipeline-run', '--status', 'success'], { ...env, RUNWAY_URL: fake.url, ...extraEnv }, { fetchImpl: fetch, git: () => '', log: () => {} });
  const oidcEnv = () => ({
    ACTIONS_ID_TOKEN_REQUEST_URL: `${fake.url}/oidc/token?api-version=2.0`,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'request-token',
  });
  const take = () => fake.requests.splice(0);

  it('reports with a GitHub OIDC token for the runway-delivery audience, preferred to RUNWAY_TOKEN', async () => {
    take();
    const result = await report({ ...oidcEnv(), RUNWAY_TOKEN: 'rwy_repository-token' });
    assert.equal(result.reported, true);
    const [tokenRequest, eventsRequest, ...rest] = take();
    assert.deepEqual(rest, []);
    assert.equal(tokenRequest.path, '/oidc/token');
    assert.deepEqual(tokenRequest.query, { 'api-version': '2.0', audience: 'runway-delivery' });
    assert.equal(tokenRequest.authorization, 'Bearer request-token');
    assert.equal(eventsRequest.path, '/api/delivery/events');
    assert.equal(eventsRequest.authorization, 'Bearer id-token-for-runway-delivery');
    assert.equal(JSON.parse(eventsRequest.body).events[0].type, 'pipelineRun');
  });

  it('asks for the audience RUNWAY_OIDC_AUDIENCE names', async () => {
    take();
    await report({ ...oidcEnv(), RUNWAY_OIDC_AUDIENCE: 'https://runway.example.com' });
    const [tokenRequest, eventsRequest] = take();
    assert.equal(tokenRequest.query.audience, 'https://runway.example.com');
    assert.equal(eventsRequest.authorization, 'Bearer id-token-for-https://runway.example.com');
  });

  it('falls back to the RUNWAY_TOKEN secret where Actions offers no OIDC token (fork pull requests, GitLab)', async () => {
    take();
    const result = await report({ RUNWAY_TOKEN: 'rwy_repository-token' });
    assert.equal(result.reported, true);
    const requests = take();
    assert.deepEqual(requests.map((request) => request.path), ['/api/delivery/events']);
    assert.equal(requests[0].authorization, 'Bearer rwy_repository-token');
  });

  it('fails, posting nothing, when GitHub refuses the OIDC token', async () => {
    take();
    await assert.rejects(report({ ...oidcEnv(), ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'wrong' }), /OIDC token .*HTTP 401/);
    assert.deepEqual(take().map((request) => request.path), ['/oidc/token']);
  });

  it('only warns when it has neither an OIDC token nor RUNWAY_TOKEN', async () => {
    take();
    const lines = [];
    const result = await main(['pipeline-run', '--status', 'success'], { ...env, RUNWAY_URL: fake.url }, { fetchImpl: fetch, git: () => '', log: (line) => lines.push(line) });
    assert.equal(result.reported, false);
    assert.match(lines[0], /::warning::.*id-token: write.*RUNWAY_TOKEN/);
    assert.deepEqual(take(), []);
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
  });

  it('lists the commits between the previous deployment and HEAD', () => {
    const calls = [];
    const git = (args) => {
      calls.push(args);
      return `${'b'.repeat(40)}\t2026-01-02T10:00:00+01:00\n${'c'.repeat(40)}\t2026-01-01T10:00:00Z\n`;
    };
    const commits = listShippedCommits({ previousSha: 'a'.repeat(40), git });
    assert.deepEqual(calls[0], ['log', '--format=%H%x09%cI', `${'a'.repeat(40)}..HEAD`]);
    assert.deepEqual(commits.map((commit) => commit.sha), ['b'.repeat(40), 'c'.repeat(40)]);
  });

  it('posts a deployment with its commits and the bearer token', async () => {
    const requests = [];
    const fetchImpl = async (url, init) => {
      requests.push({ url, init });
      return new Response(JSON.stringify({ accepted: 1, created: 1, updated: 0, unmatched: 0 }), { status: 200 });
    };
    const git = () => `${'b'.repeat(40)}\t2026-01-02T10:00:00Z\n`;
    const result = await main(
      ['deployment', '--environment', 'staging', '--status', 'success', '--previous-sha', 'a'.repeat(40)],
      { ...env, RUNWAY_URL: 'https://runway.example.com/', RUNWAY_TOKEN: 't0ken' },
      { fetchImpl, git, log: () => {} },
    );
    assert.equal(result.reported, true);
    assert.equal(requests[0].url, 'https://runway.example.com/api/delivery/events');
    assert.equal(requests[0].init.headers.Authorization, 'Bearer t0ken');
    const [event] = JSON.parse(requests[0].init.body).events;
    assert.equal(event.type, 'deployment');
    assert.equal(event.environment, 'staging');
    assert.equal(event.status, 'succeeded');
    assert.deepEqual(event.commits, [{ sha: 'b'.repeat(40), timestamp: '2026-01-02T10:00:00Z' }]);
  });

  it('fails loudly when Runway rejects the event', async () => {
    const fetchImpl = async () => new Response('{"error":{"message":"events[0].finishedAt: bad"}}', { status: 400 });
    await assert.rejects(
      main(['pipeline-run', '--status', 'failure'], { ...env, RUNWAY_URL: 'http://runway', RUNWAY_TOKEN: 't' }, { fetchImpl, git: () => '', log: () => {} }),
      /HTTP 400/,
    );
  });

  it('only warns when reporting is not configured', async () => {
    const lines = [];
    const result = await main(['pipeline-run', '--status', 'success'], env, { fetchImpl: fetch, git: () => '', log: (line) => lines.push(line) });
    assert.equal(result.reported, false);
    assert.match(lines[0], /::warning::/);
  });
});
