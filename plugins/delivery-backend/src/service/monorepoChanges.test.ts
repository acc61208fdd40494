import {
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { sign } from '@octokit/webhooks-methods';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { deliveryPlugin } from '../plugin';

jest.setTimeout(60_000);

const databases = TestDatabases.create();

const GITHUB_SECRET = 'github-secret';
const GITLAB_TOKEN = 'gitlab-token';

/** Real payloads recorded from GitHub, as published by @octokit/webhooks-examples. */
const githubExamples: Array<{
  name: string;
  examples: any[];
}> = require('@octokit/webhooks-examples');

const githubExample = (name: string, matches: (payload: any) => boolean) =>
  structuredClone(
    githubExamples.find(e => e.name === name)!.examples.find(matches),
  );

const gitlabFixture = (name: string) =>
  JSON.parse(
    readFileSync(
      join(__dirname, `../adapters/gitlab/__fixtures__/${name}.json`),
      'utf8',
    ),
  );

/** The recorded pull request, closed by a merge (the examples only hold unmerged ones). */
function mergedPullRequest() {
  const payload = githubExample('pull_request', e => e.action === 'closed');
  payload.pull_request.merged = true;
  payload.pull_request.merged_at = '2026-01-05T09:10:00Z';
  return payload;
}

const pullRequest = mergedPullRequest();
const githubRepository = pullRequest.repository;
const mergeCommitSha: string = pullRequest.pull_request.merge_commit_sha;
const prHeadSha: string = pullRequest.pull_request.head.sha;
const pullRequestId = `github:pull_request:${pullRequest.pull_request.id}`;

/** The recorded push, moved to the pull request's repository, ending at `after`. */
function githubPush(ref: string, after: string, files: string[][]) {
  const push = githubExample('push', e => e.ref === 'refs/heads/master');
  const [commit] = push.commits;
  const commits = files.map((modified, index) => ({
    ...commit,
    id: index === files.length - 1 ? after : `${after}-${index}`,
    timestamp: `2026-01-05T09:0${index}:00Z`,
    added: [],
    removed: [],
    modified,
  }));
  return {
    ...push,
    ref,
    repository: githubRepository,
    after,
    commits,
    head_commit: commits[commits.length - 1],
  };
}

const mergeRequest = gitlabFixture('merge-request-merged');
const gitlabPush = gitlabFixture('push');
const gitlabProject: string = mergeRequest.project.path_with_namespace;
const mergeRequestId = `gitlab:merge_request:${mergeRequest.object_attributes.id}`;

function component(name: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', owner: 'team-a' },
  };
}

const github = (sourcePaths: string) => ({
  'github.com/project-slug': githubRepository.full_name,
  'runway.dev/source-paths': sourcePaths,
});
const gitlab = (sourcePaths: string) => ({
  'gitlab.com/project-slug': gitlabProject,
  'runway.dev/source-paths': sourcePaths,
});

describe.each(databases.eachSupportedId())(
  'monorepo pull and merge requests (%s)',
  id => {
    async function startBackend(entities: Entity[]) {
      const knex = await databases.init(id);
      const { server } = await startTestBackend({
        features: [
          deliveryPlugin,
          mockServices.database.factory({ knex }),
          mockServices.rootConfig.factory({
            data: {
              delivery: {
                github: { webhookSecret: GITHUB_SECRET },
                gitlab: { webhookToken: GITLAB_TOKEN },
              },
            },
          }),
          catalogServiceMock.factory({ entities }),
        ],
      });
      const fromGithub = async (event: string, payload: object) => {
        const body = JSON.stringify(payload);
        const response = await request(server)
          .post('/api/delivery/webhooks/github')
          .set('Content-Type', 'application/json')
          .set('X-GitHub-Event', event)
          .set('X-Hub-Signature-256', await sign(GITHUB_SECRET, body))
          .send(body);
        expect(response.status).toBe(200);
      };
      const fromGitlab = async (event: string, payload: object) => {
        const response = await request(server)
          .post('/api/delivery/webhooks/gitlab')
          .set('X-Gitlab-Event', event)
          .set('X-Gitlab-Token', GITLAB_TOKEN)
          .send(payload);
        expect(response.status).toBe(200);
      };
      const attributionOf = async (changeId: string) => {
        const row = await knex('merged_changes')
          .where('id', changeId)
          .first('entity_refs');
        expect(row).toBeDefined();
        return row.entity_refs === null ? null : JSON.parse(row.entity_refs);
      };
      return { fromGithub, fromGitlab, attributionOf };
    }

    const githubMonorepo = [
      component('web', github('apps/web/**')),
      component('api', github('apps/api/**')),
      component('docs', github('docs/**')),
    ];

    it('attributes a merged pull request to the components its merge push changed', async () => {
      const { fromGithub, attributionOf } = await startBackend(githubMonorepo);
      // The merge lands on master: its push ends at the merge commit.
      await fromGithub(
        'push',
        githubPush('refs/heads/master', mergeCommitSha, [
          ['apps/api/main.go'],
          ['apps/web/src/page.tsx', 'README.md'],
        ]),
      );
      await fromGithub('pull_request', pullRequest);
      expect(await attributionOf(pullRequestId)).toEqual([
        'component:default/api',
        'component:default/web',
      ]);
    });

    it('attributes a pull request seen before its push when the push arrives', async () => {
      const { fromGithub, attributionOf } = await startBackend(githubMonorepo);
      await fromGithub('pull_request', pullRequest);
      // No payload of the pull request lists its files: unknown until a push shows them.
      expect(await attributionOf(pullRequestId)).toBeNull();

      // The last push to the pull request's branch ends at its head commit.
      await fromGithub(
        'push',
        githubPush('refs/heads/changes', prHeadSha, [['docs/guide.md']]),
      );
      expect(await attributionOf(pullRequestId)).toEqual([
        'component:default/docs',
      ]);

      // A redelivery of the pull request keeps what the push told.
      await fromGithub('pull_request', pullRequest);
      expect(await attributionOf(pullRequestId)).toEqual([
        'component:default/docs',
      ]);
    });

    it('leaves a pull request whose files no component claims to none', async () => {
      const { fromGithub, attributionOf } = await startBackend(githubMonorepo);
      await fromGithub(
        'push',
        githubPush('refs/heads/master', mergeCommitSha, [['LICENSE']]),
      );
      await fromGithub('pull_request', pullRequest);
      expect(await attributionOf(pullRequestId)).toEqual([]);
    });

    it('attributes a pull request of a one-component repository without any push', async () => {
      const { fromGithub, attributionOf } = await startBackend([
        component('web', {
          'github.com/project-slug': githubRepository.full_name,
        }),
      ]);
      await fromGithub('pull_request', pullRequest);
      expect(await attributionOf(pullRequestId)).toEqual([
        'component:default/web',
      ]);
    });

    it('attributes a GitLab merge request through the push of its merge, in either order', async () => {
      const entities = [
        component('tax', gitlab('services/tax/**')),
        component('cart', gitlab('services/cart/**')),
      ];
      // The recorded push, as the push of the merge (it ends at the merge commit).
      const mergePush = {
        ...gitlabPush,
        project: mergeRequest.project,
        after: mergeRequest.object_attributes.merge_commit_sha,
        commits: gitlabPush.commits.map((commit: any, index: number) =>
          index === gitlabPush.commits.length - 1
            ? { ...commit, id: mergeRequest.object_attributes.merge_commit_sha }
            : commit,
        ),
      };

      const pushFirst = await startBackend(entities);
      await pushFirst.fromGitlab('Push Hook', mergePush);
      await pushFirst.fromGitlab('Merge Request Hook', mergeRequest);
      expect(await pushFirst.attributionOf(mergeRequestId)).toEqual([
        'component:default/tax',
      ]);

      const mergeFirst = await startBackend(entities);
      await mergeFirst.fromGitlab('Merge Request Hook', mergeRequest);
      expect(await mergeFirst.attributionOf(mergeRequestId)).toBeNull();
      await mergeFirst.fromGitlab('Push Hook', mergePush);
      expect(await mergeFirst.attributionOf(mergeRequestId)).toEqual([
        'component:default/tax',
      ]);
    });
  },
);
