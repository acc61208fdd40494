import fs from 'node:fs';
import path from 'node:path';
import { mapGitlabWebhook } from './mapGitlabWebhook';

/** Payloads shaped after GitLab's documented webhook examples, with our own values. */
function fixture(name: string): any {
  return JSON.parse(
    fs.readFileSync(
      path.join(__dirname, '__fixtures__', `${name}.json`),
      'utf8',
    ),
  );
}

const checkoutRepository = {
  kind: 'repository',
  provider: 'gitlab',
  slug: 'platform/checkout',
};

describe('mapGitlabWebhook', () => {
  describe('Pipeline Hook', () => {
    it('maps a finished pipeline to a succeeded run', () => {
      const result = mapGitlabWebhook(
        'Pipeline Hook',
        fixture('pipeline-success'),
      );
      expect(result.errors).toEqual([]);
      expect(result.events).toEqual([
        {
          source: 'gitlab',
          entity: checkoutRepository,
          event: {
            type: 'pipelineRun',
            id: 'gitlab:pipeline:903:48213',
            pipeline: 'Build and release',
            branch: 'main',
            status: 'succeeded',
            attempt: 1,
            startedAt: '2025-03-04T09:12:05.000Z',
            finishedAt: '2025-03-04T09:19:47.000Z',
            url: 'https://gitlab.example.org/platform/checkout/-/pipelines/48213',
            commitSha: '7c1e4a9f2b3d5e6f708192a3b4c5d6e7f8091a2b',
          },
          pushLookup: {
            provider: 'gitlab',
            repository: 'platform/checkout',
            headSha: '7c1e4a9f2b3d5e6f708192a3b4c5d6e7f8091a2b',
          },
        },
      ]);
    });

    it('maps a running pipeline without a name to the default pipeline, not finished', () => {
      const [mapped] = mapGitlabWebhook(
        'Pipeline Hook',
        fixture('pipeline-running'),
      ).events;
      expect(mapped.event).toMatchObject({
        pipeline: 'gitlab-ci',
        branch: 'feature/faster-tax',
        status: 'running',
      });
      expect(mapped.event).not.toHaveProperty('finishedAt');
    });

    it.each([
      ['failed', 'failed'],
      ['canceled', 'cancelled'],
      ['pending', 'queued'],
      ['created', 'queued'],
    ])('maps status %s to %s', (status, expected) => {
      const payload = fixture('pipeline-success');
      payload.object_attributes.status = status;
      expect(
        mapGitlabWebhook('Pipeline Hook', payload).events[0].event,
      ).toMatchObject({
        status: expected,
      });
    });

    it('ignores a skipped pipeline, saying why', () => {
      const payload = fixture('pipeline-success');
      payload.object_attributes.status = 'skipped';
      const result = mapGitlabWebhook('Pipeline Hook', payload);
      expect(result.events).toEqual([]);
      expect(result.ignored[0].path).toBe('object_attributes.status');
    });

    it('leaves the branch out for a tag pipeline', () => {
      const payload = fixture('pipeline-success');
      payload.object_attributes.tag = true;
      payload.object_attributes.ref = 'v2.4.0';
      expect(
        mapGitlabWebhook('Pipeline Hook', payload).events[0].event,
      ).not.toHaveProperty('branch');
    });

    it('names the field of a malformed payload', () => {
      const payload = fixture('pipeline-success');
      payload.object_attributes.created_at = 'last tuesday';
      delete payload.project.path_with_namespace;
      const result = mapGitlabWebhook('Pipeline Hook', payload);
      expect(result.events).toEqual([]);
      expect(result.errors).toEqual(
        expect.arrayContaining([
          {
            path: 'object_attributes.created_at',
            message: 'must be a date-time with offset',
          },
          expect.objectContaining({ path: 'project.path_with_namespace' }),
        ]),
      );
    });
  });

  describe('Deployment Hook', () => {
    it('maps a successful deployment with the sha from commit_url', () => {
      const result = mapGitlabWebhook(
        'Deployment Hook',
        fixture('deployment-success'),
      );
      expect(result.errors).toEqual([]);
      expect(result.events).toEqual([
        {
          source: 'gitlab',
          entity: checkoutRepository,
          event: {
            type: 'deployment',
            id: 'gitlab:deployment:903:3307',
            environment: 'production',
            status: 'succeeded',
            finishedAt: '2025-03-04T09:31:15.000Z',
            commitSha: '7c1e4a9f2b3d5e6f708192a3b4c5d6e7f8091a2b',
            labels: { environmentTier: 'production' },
          },
          commitsLookup: {
            provider: 'gitlab',
            repository: 'platform/checkout',
            sha: '7c1e4a9f2b3d5e6f708192a3b4c5d6e7f8091a2b',
          },
        },
      ]);
    });

    it('maps a failed deployment', () => {
      const payload = fixture('deployment-success');
      payload.status = 'failed';
      expect(
        mapGitlabWebhook('Deployment Hook', payload).events[0].event,
      ).toMatchObject({
        status: 'failed',
      });
    });

    it.each(['running', 'created', 'canceled'])(
      'ignores a %s deployment with the reason',
      status => {
        const payload = fixture('deployment-running');
        payload.status = status;
        const result = mapGitlabWebhook('Deployment Hook', payload);
        expect(result.events).toEqual([]);
        expect(result.ignored).toEqual([
          {
            path: 'status',
            reason: `deployment status "${status}" is not final: a deployment is recorded when it succeeds or fails`,
          },
        ]);
      },
    );
  });

  describe('Merge Request Hook', () => {
    it('records a merge with merge time, head sha and merge commit', () => {
      const result = mapGitlabWebhook(
        'Merge Request Hook',
        fixture('merge-request-merged'),
      );
      expect(result.errors).toEqual([]);
      expect(result.changes).toEqual([
        {
          source: 'gitlab',
          id: 'gitlab:merge_request:5120',
          repository: 'platform/checkout',
          mergedAt: '2025-03-05T16:02:44.000Z',
          headSha: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
          mergeCommitSha: 'e9f8d7c6b5a4938271605f4e3d2c1b0a98765432',
          targetBranch: 'main',
          url: 'https://gitlab.example.org/platform/checkout/-/merge_requests/41',
          entity: checkoutRepository,
        },
      ]);
    });

    it.each(['open', 'update', 'approved', 'close'])(
      'ignores action %s',
      action => {
        const payload = fixture('merge-request-merged');
        payload.object_attributes.action = action;
        payload.object_attributes.state = 'opened';
        const result = mapGitlabWebhook('Merge Request Hook', payload);
        expect(result.changes).toEqual([]);
        expect(result.ignored[0].reason).toBe(
          `merge request "${action}": only merges are recorded`,
        );
      },
    );
  });

  describe('Push Hook', () => {
    it('keeps pushed commits in order with UTC times and changed paths', () => {
      const result = mapGitlabWebhook('Push Hook', fixture('push'));
      expect(result.errors).toEqual([]);
      expect(result.ignored).toEqual([]);
      expect(
        result.commits.map(c => [c.sha.slice(0, 7), c.timestamp, c.order]),
      ).toEqual([
        ['4f3e2d1', '2025-03-04T08:55:12.000Z', 0],
        ['7c1e4a9', '2025-03-04T09:08:41.000Z', 1],
      ]);
      expect(result.commits[1].entity).toEqual({
        ...checkoutRepository,
        paths: ['services/tax/src/cache.ts'],
      });
      expect(result.commits.map(c => [c.pushHead, c.paths])).toEqual([
        [fixture('push').after, expect.any(Array)],
        [fixture('push').after, ['services/tax/src/cache.ts']],
      ]);
    });

    it('says when GitLab truncated the commit list', () => {
      const payload = fixture('push');
      payload.total_commits_count = 31;
      const result = mapGitlabWebhook('Push Hook', payload);
      expect(result.commits).toHaveLength(2);
      expect(result.ignored[0].path).toBe('total_commits_count');
    });

    it('ignores a deleted branch', () => {
      const payload = fixture('push');
      payload.after = '0000000000000000000000000000000000000000';
      payload.commits = [];
      expect(mapGitlabWebhook('Push Hook', payload).ignored[0].reason).toBe(
        'push deleted the branch',
      );
    });
  });

  it('requires the hook header', () => {
    expect(mapGitlabWebhook(undefined, {}).errors).toEqual([
      {
        path: 'X-Gitlab-Event',
        message: 'header is required: it names the hook in the body',
      },
    ]);
  });

  it('ignores other hooks, naming the ones it maps', () => {
    expect(mapGitlabWebhook('Note Hook', {}).ignored).toEqual([
      {
        path: '',
        reason:
          'GitLab hook "Note Hook" is not mapped; Runway maps Pipeline Hook, Deployment Hook, Merge Request Hook, Push Hook',
      },
    ]);
  });
});
