import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { sign } from '@octokit/webhooks-methods';
import request from 'supertest';
import { deliveryPlugin } from '../plugin';
import { createTestDatabases } from '../__testUtils__/testDatabases';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const SECRET = 'github-secret';

/** Real payloads recorded from GitHub, as published by @octokit/webhooks-examples. */
const githubExamples: Array<{
  name: string;
  examples: any[];
}> = require('@octokit/webhooks-examples');

const example = (name: string, matches: (payload: any) => boolean) =>
  structuredClone(
    githubExamples.find(e => e.name === name)!.examples.find(matches),
  );

const workflowRun = example(
  'workflow_run',
  e => e.action === 'completed' && e.workflow_run.conclusion === 'success',
);
const repository = workflowRun.repository;
const headSha: string = workflowRun.workflow_run.head_sha;

/** The recorded push to a branch, moved to the run's repository with three commits. */
function pushOfThreeCommits() {
  const push = example('push', e => e.ref === 'refs/heads/master');
  const [commit] = push.commits;
  const changed = (id: string, minute: number, modified: string[]) => ({
    ...commit,
    id,
    timestamp: `2026-01-05T09:0${minute}:00Z`,
    added: [],
    removed: [],
    modified,
  });
  return {
    ...push,
    repository,
    after: headSha,
    commits: [
      changed('c1-web', 1, ['apps/web/src/page.tsx']),
      changed('c2-api', 2, ['apps/api/main.go']),
      changed(headSha, 3, ['apps/web/src/footer.tsx', 'README.md']),
    ],
    head_commit: changed(headSha, 3, ['apps/web/src/footer.tsx']),
  };
}

function deploymentOf(entityRef: string, id: number) {
  const status = example(
    'deployment_status',
    e => e.deployment_status.state === 'success',
  );
  return {
    ...status,
    repository,
    deployment: {
      ...status.deployment,
      id,
      sha: headSha,
      ref: 'master',
      environment: 'production',
      payload: { entityRef },
    },
    deployment_status: {
      ...status.deployment_status,
      environment: 'production',
    },
  };
}

function component(name: string, sourcePaths: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'github.com/project-slug': repository.full_name,
        'runway.dev/source-paths': sourcePaths,
      },
    },
    spec: { type: 'service', owner: 'team-a' },
  };
}

describe.each(databases.eachSupportedId())('monorepo webhooks (%s)', id => {
  async function startBackend() {
    const knex = await databases.init(id);
    const { server } = await startTestBackend({
      features: [
        deliveryPlugin,
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({
          data: { delivery: { github: { webhookSecret: SECRET } } },
        }),
        catalogServiceMock.factory({
          entities: [
            component('web', 'apps/web/**'),
            component('api', 'apps/api/**'),
            component('docs', 'docs/**'),
          ],
        }),
      ],
    });
    const deliver = async (event: string, payload: object) => {
      const body = JSON.stringify(payload);
      const response = await request(server)
        .post('/api/delivery/webhooks/github')
        .set('Content-Type', 'application/json')
        .set('X-GitHub-Event', event)
        .set('X-Hub-Signature-256', await sign(SECRET, body))
        .send(body);
      expect(response.status).toBe(200);
      return response.body;
    };
    return { knex, deliver };
  }

  it('gives a CI run to every component its push changed, and waits for the push', async () => {
    const { knex, deliver } = await startBackend();

    // Before the push is seen, the run cannot be placed: kept as unmatched, never dropped.
    expect(await deliver('workflow_run', workflowRun)).toMatchObject({
      accepted: 1,
      created: 0,
      unmatched: 1,
    });

    await deliver('push', pushOfThreeCommits());
    expect(await deliver('workflow_run', workflowRun)).toMatchObject({
      unmatched: 0,
    });
    const runId = `github:workflow_run:${workflowRun.workflow_run.id}:${workflowRun.workflow_run.run_attempt}`;
    const runs = await knex('pipeline_runs')
      .select('id', 'entity_ref')
      .orderBy('id');
    expect(runs).toEqual([
      {
        id: `${runId}@component:default/api`,
        entity_ref: 'component:default/api',
      },
      {
        id: `${runId}@component:default/web`,
        entity_ref: 'component:default/web',
      },
    ]);
    const unmatched = await knex('unmatched_events').select('key');
    expect(unmatched).toEqual([]);
  });

  it('gives a deployment only the commits whose files belong to its component', async () => {
    const { knex, deliver } = await startBackend();
    await deliver('push', pushOfThreeCommits());
    await deliver(
      'deployment_status',
      deploymentOf('component:default/web', 1),
    );
    await deliver(
      'deployment_status',
      deploymentOf('component:default/api', 2),
    );
    await deliver(
      'deployment_status',
      deploymentOf('component:default/docs', 3),
    );

    const shipped = await knex('deployment_commits')
      .join('deployments', 'deployments.id', 'deployment_commits.deployment_id')
      .select('deployments.entity_ref', 'deployment_commits.sha');
    expect(shipped).toHaveLength(3);
    expect(shipped).toEqual(
      expect.arrayContaining([
        { entity_ref: 'component:default/web', sha: 'c1-web' },
        { entity_ref: 'component:default/web', sha: headSha },
        { entity_ref: 'component:default/api', sha: 'c2-api' },
      ]),
    );
    // docs changed nothing in this push: its deployment shipped no commit of it.
    const docs = await knex('deployments')
      .where('entity_ref', 'component:default/docs')
      .select('id');
    expect(docs).toHaveLength(1);
  });
});
