import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
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
