import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { sign } from '@octokit/webhooks-methods';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { deliveryPlugin } from '../plugin';
import { createTestDatabases } from '../__testUtils__/testDatabases';

jest.setTimeout(60_000);

const databases = createTestDatabases();

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
const mergeRequest = gitlabFixture('merge-request-merged');

function component(name: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', owner: 'team-a' },
  };
}

/*
 * A merged pull or merge request is not a delivery event: lead time comes from the commits
 * deployments ship. The webhook is accepted (so the provider does not retry it) and nothing
 * is stored for it; earlier versions kept it in merged_changes, which nothing read.
 */
describe.each(databases.eachSupportedId())(
  'monorepo pull and merge requests (%s)',
  id => {
    it('accepts merged pull and merge requests of a monorepo and stores no event for them', async () => {
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
          catalogServiceMock.factory({
            entities: [
              component('web', {
                'github.com/project-slug': pullRequest.repository.full_name,
                'runway.dev/source-paths': 'apps/web/**',
              }),
              component('tax', {
                'gitlab.com/project-slug':
                  mergeRequest.project.path_with_namespace,
                'runway.dev/source-paths': 'services/tax/**',
              }),
            ],
          }),
        ],
      });
      const body = JSON.stringify(pullRequest);
      const fromGithub = await request(server)
        .post('/api/delivery/webhooks/github')
        .set('Content-Type', 'application/json')
        .set('X-GitHub-Event', 'pull_request')
        .set('X-Hub-Signature-256', await sign(GITHUB_SECRET, body))
        .send(body);
      const fromGitlab = await request(server)
        .post('/api/delivery/webhooks/gitlab')
        .set('X-Gitlab-Event', 'Merge Request Hook')
        .set('X-Gitlab-Token', GITLAB_TOKEN)
        .send(mergeRequest);

      for (const response of [fromGithub, fromGitlab]) {
        expect(response.status).toBe(200);
        expect(response.body).toMatchObject({ accepted: 0, unmatched: 0 });
      }
      expect(await knex.schema.hasTable('merged_changes')).toBe(false);
    });
  },
);
