import { mapGithubWebhook } from './mapGithubWebhook';

interface WebhookExamples {
  name: string;
  examples: any[];
}

/** Real payloads recorded from GitHub, as published by @octokit/webhooks-examples. */
const allExamples: WebhookExamples[] = require('@octokit/webhooks-examples');

function examples(name: string): any[] {
  const found = allExamples.find(e => e.name === name);
  if (!found) {
    throw new Error(`No ${name} examples`);
  }
  return found.examples.map(e => structuredClone(e));
}

describe('mapGithubWebhook', () => {
  describe('workflow_run', () => {
    it('maps a successful run: status from conclusion, attempt, branch, sha, url, times', () => {
      const payload = examples('workflow_run').find(
        e => e.workflow_run.conclusion === 'success',
      );
      const result = mapGithubWebhook('workflow_run', payload);
      expect(result.errors).toEqual([]);
      expect(result.events).toEqual([
        {
          source: 'github',
          entity: {
            kind: 'repository',
            provider: 'github',
            slug: 'octo-org/octo-repo',
          },
          event: {
            type: 'pipelineRun',
            id: 'github:workflow_run:289782451:1',
            pipeline: 'test',
            branch: 'master',
            status: 'succeeded',
            attempt: 1,
            // run_started_at, not created_at: the time spent queued is not run time.
            startedAt: '2020-10-05T16:33:49.000Z',
            finishedAt: '2020-10-05T16:33:49.000Z',
            url: 'https://github.com/octo-org/octo-repo/actions/runs/289782451',
            commitSha: '3484a3fb816e0859fd6e1cea078d76385ff50625',
          },
          // In a monorepo the run belongs to the components its push changed.
          pushLookup: {
            provider: 'github',
            repository: 'octo-org/octo-repo',
            headSha: '3484a3fb816e0859fd6e1cea078d76385ff50625',
          },
        },
      ]);
    });

    it('maps a requested run as queued, without finish time', () => {
      const payload = examples('workflow_run').find(
        e => e.action === 'requested' && e.workflow_run.status === 'queued',
      );
      const [mapped] = mapGithubWebhook('workflow_run', payload).events;
      expect(mapped.event).toMatchObject({ status: 'queued' });
      expect(mapped.event).not.toHaveProperty('finishedAt');
    });

    it('gives each attempt its own id so a retry does not overwrite the failure', () => {
      const payload = examples('workflow_run').find(
        e => e.workflow_run.conclusion === 'success',
      );
      const failed = structuredClone(payload);
      failed.workflow_run.conclusion = 'failure';
      payload.workflow_run.run_attempt = 2;
      const first = mapGithubWebhook('workflow_run', failed).events[0].event;
      const retry = mapGithubWebhook('workflow_run', payload).events[0].event;
      expect(first).toMatchObject({ status: 'failed', attempt: 1 });
      expect(retry).toMatchObject({ status: 'succeeded', attempt: 2 });
      expect(retry.id).not.toBe(first.id);
    });

    it.each([
      ['in_progress', null, 'running'],
      ['completed', 'cancelled', 'cancelled'],
      ['completed', 'timed_out', 'failed'],
    ])(
      'maps status %s / conclusion %s to %s',
      (status, conclusion, expected) => {
        const payload = examples('workflow_run')[1];
        payload.workflow_run.status = status;
        payload.workflow_run.conclusion = conclusion;
        expect(
          mapGithubWebhook('workflow_run', payload).events[0].event,
        ).toMatchObject({
          status: expected,
        });
      },
    );

    it('ignores a run waiting for approval, saying why', () => {
      const payload = examples('workflow_run').find(
        e => e.workflow_run.conclusion === 'action_required',
      );
      const result = mapGithubWebhook('workflow_run', payload);
      expect(result.events).toEqual([]);
      expect(result.ignored).toEqual([
        {
          path: 'workflow_run',
          reason:
            'workflow_run conclusion "action_required" is neither a success nor a failure (action_required, neutral, skipped and stale are not recorded)',
        },
      ]);
    });

    it('names the field of a malformed payload', () => {
      const payload = examples('workflow_run')[1];
      payload.workflow_run.run_attempt = 'two';
      delete payload.workflow_run.head_sha;
      const result = mapGithubWebhook('workflow_run', payload);
      expect(result.events).toEqual([]);
      expect(result.errors.map(e => e.path).sort()).toEqual([
        'workflow_run.head_sha',
        'workflow_run.run_attempt',
      ]);
    });
  });

  describe('deployments', () => {
    it('records nothing for deployment created, and says the status will', () => {
      for (const payload of examples('deployment')) {
        const result = mapGithubWebhook('deployment', payload);
        expect(result.errors).toEqual([]);
        expect(result.events).toEqual([]);
        expect(result.ignored).toHaveLength(1);
      }
    });

    it('maps a successful deployment_status to a succeeded deployment with a commits lookup', () => {
      const payload = examples('deployment_status').find(
        e => e.deployment_status.state === 'success',
      );
      const result = mapGithubWebhook('deployment_status', payload);
      expect(result.errors).toEqual([]);
      expect(result.events).toEqual([
        {
          source: 'github',
          entity: {
            kind: 'repository',
            provider: 'github',
            slug: 'Codertocat/Hello-World',
          },
          event: {
            type: 'deployment',
            id: 'github:deployment:145988746',
            environment: 'production',
            status: 'succeeded',
            startedAt: '2019-05-15T15:20:53.000Z',
            finishedAt: '2019-05-15T15:20:55.000Z',
            commitSha: 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e',
            labels: { ref: 'master' },
          },
          commitsLookup: {
            provider: 'github',
            repository: 'Codertocat/Hello-World',
            ref: 'master',
            sha: 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e',
          },
        },
      ]);
    });

    it.each(['failure', 'error'])(
      'maps deployment_status %s to a failed deployment',
      state => {
        const payload = examples('deployment_status')[0];
        payload.deployment_status.state = state;
        expect(
          mapGithubWebhook('deployment_status', payload).events[0].event,
        ).toMatchObject({
          status: 'failed',
        });
      },
    );

    it('ignores a deployment still in progress', () => {
      const payload = examples('deployment_status').find(
        e => e.deployment_status.state === 'in_progress',
      );
      const result = mapGithubWebhook('deployment_status', payload);
      expect(result.events).toEqual([]);
      expect(result.ignored[0]).toEqual({
        path: 'deployment_status.state',
        reason:
          'deployment_status "in_progress" is not final: a deployment is recorded on success, failure or error',
      });
    });

    it('takes the entity and rollbackOf from Runway fields of the deployment payload', () => {
      const payload = examples('deployment_status')[0];
      payload.deployment.payload = {
        entityRef: 'component:default/hello',
        rollbackOf: 'github:deployment:1',
      };
      const [mapped] = mapGithubWebhook('deployment_status', payload).events;
      expect(mapped.entity).toEqual({
        kind: 'entityRef',
        entityRef: 'component:default/hello',
      });
      expect(mapped.event).toMatchObject({ rollbackOf: 'github:deployment:1' });
    });
  });

  describe('push', () => {
    it('keeps each pushed commit with its time and changed paths', () => {
      const payload = examples('push').find(
        e => e.ref === 'refs/heads/master' && e.commits.length > 0,
      );
      const result = mapGithubWebhook('push', payload);
      expect(result.errors).toEqual([]);
      expect(result.commits).toEqual([
        {
          provider: 'github',
          repository: 'Codertocat/Hello-World',
          branch: 'master',
          sha: '6113728f27ae82c7b1a177c8d03f9e96e0adf246',
          timestamp: new Date(payload.commits[0].timestamp).toISOString(),
          order: 0,
          pushHead: payload.after,
          paths: ['README.md'],
          entity: {
            kind: 'repository',
            provider: 'github',
            slug: 'Codertocat/Hello-World',
            paths: ['README.md'],
          },
        },
      ]);
    });

    it('ignores tag pushes and deleted refs with a reason', () => {
      for (const payload of examples('push').filter(e =>
        e.ref.startsWith('refs/tags/'),
      )) {
        const result = mapGithubWebhook('push', payload);
        expect(result.errors).toEqual([]);
        expect(result.commits).toEqual([]);
        expect(result.ignored[0].reason).toBe(
          'push to "refs/tags/simple-tag" is not to a branch',
        );
      }
    });
  });

  describe('pull_request', () => {
    it('records a merged pull request with merge time and head sha', () => {
      // The published examples have no merged pull request: this is their closed one, merged.
      const payload = examples('pull_request').find(e => e.action === 'closed');
      payload.pull_request.merged = true;
      payload.pull_request.merged_at = '2019-05-15T15:21:18Z';
      const result = mapGithubWebhook('pull_request', payload);
      expect(result.errors).toEqual([]);
      expect(result.changes).toEqual([
        {
          source: 'github',
          id: 'github:pull_request:279147437',
          repository: 'Codertocat/Hello-World',
          mergedAt: '2019-05-15T15:21:18.000Z',
          headSha: 'ec26c3e57ca3a959ca5aad62de7213c562f8c821',
          mergeCommitSha: 'c4295bd74fb0f4fda03689c3df3f2803b658fd85',
          targetBranch: 'master',
          url: 'https://github.com/Codertocat/Hello-World/pull/2',
          entity: {
            kind: 'repository',
            provider: 'github',
            slug: 'Codertocat/Hello-World',
          },
        },
      ]);
    });

    it('ignores every other pull_request example with a reason', () => {
      for (const payload of examples('pull_request')) {
        const result = mapGithubWebhook('pull_request', payload);
        expect(result.errors).toEqual([]);
        expect(result.changes).toEqual([]);
        expect(result.ignored).toHaveLength(1);
      }
    });
  });

  it('maps every published example of the five events without errors', () => {
    for (const name of [
      'workflow_run',
      'deployment',
      'deployment_status',
      'push',
      'pull_request',
    ]) {
      for (const payload of examples(name)) {
        const result = mapGithubWebhook(name, payload);
        expect(result.errors).toEqual([]);
        expect(
          result.events.length +
            result.commits.length +
            result.changes.length +
            result.ignored.length,
        ).toBeGreaterThan(0);
      }
    }
  });

  it('requires the event header', () => {
    expect(mapGithubWebhook(undefined, {}).errors).toEqual([
      {
        path: 'X-GitHub-Event',
        message: 'header is required: it names the event in the body',
      },
    ]);
  });

  it('ignores other events, naming the ones it maps', () => {
    expect(mapGithubWebhook('star', {}).ignored).toEqual([
      {
        path: '',
        reason:
          'GitHub event "star" is not mapped; Runway maps workflow_run, deployment, deployment_status, push, pull_request',
      },
    ]);
  });
});
