import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { DeploymentEvent } from '@runway/plugin-delivery-common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import {
  CatalogEntityResolver,
  mapGithubWebhook,
  mapGitlabWebhook,
} from '../adapters';
import { DatabaseDeliveryStore } from '../database/DatabaseDeliveryStore';
import { computeDora } from '../dora';
import { deliveryPlugin } from '../plugin';
import { CatalogEntities } from './CatalogEntities';
import { EventIngestion } from './EventIngestion';
import { createTestDatabases } from '../__testUtils__/testDatabases';

// Built, not written: a script URL literal is what eslint's no-script-url looks for.
const SCRIPT_URL = ['javascript', 'alert(document.cookie)'].join(':');

jest.setTimeout(120_000);

const databases = createTestDatabases();

/** Real payloads recorded from GitHub, as published by @octokit/webhooks-examples. */
const githubExamples: Array<{
  name: string;
  examples: any[];
}> = require('@octokit/webhooks-examples');

const example = (name: string, matches: (payload: any) => boolean) =>
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

const completedRun = example(
  'workflow_run',
  e => e.action === 'completed' && e.workflow_run.conclusion === 'success',
);
/** The same run as first requested: GitHub may deliver it after `completed`. */
const requestedRun = example(
  'workflow_run',
  e =>
    e.action === 'requested' &&
    e.workflow_run.id === completedRun.workflow_run.id &&
    e.workflow_run.status === 'queued',
);
const deploymentStatus = example(
  'deployment_status',
  e => e.deployment_status.state === 'success',
);
const repository: string = deploymentStatus.repository.full_name;
const deployedSha: string = deploymentStatus.deployment.sha;

/** The recorded push, carrying the deployed commit and the one before it. */
function githubPush() {
  const push = example('push', e => e.ref === 'refs/heads/master');
  const [commit] = push.commits;
  const at = (id: string, timestamp: string) => ({ ...commit, id, timestamp });
  return {
    ...push,
    after: deployedSha,
    commits: [
      at('1111111111111111111111111111111111111111', '2019-05-15T12:00:00Z'),
      at(deployedSha, '2019-05-15T14:00:00Z'),
    ],
    head_commit: at(deployedSha, '2019-05-15T14:00:00Z'),
  };
}

function component(name: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', owner: 'team-a' },
  };
}

const helloWorld = component('hello-world', {
  'github.com/project-slug': repository,
});
const octoRepo = component('octo-repo', {
  'github.com/project-slug': completedRun.repository.full_name,
});
const checkout = component('checkout', {
  'gitlab.com/project-slug': 'platform/checkout',
});

/** Every distinct order of the given deliveries. */
function orders<T>(items: T[]): T[][] {
  if (items.length <= 1) {
    return [items];
  }
  const seen = new Map<string, T[]>();
  items.forEach((item, index) => {
    const rest = [...items.slice(0, index), ...items.slice(index + 1)];
    for (const order of orders(rest)) {
      const full = [item, ...order];
      seen.set(JSON.stringify(full), full);
    }
  });
  return [...seen.values()];
}

describe.each(databases.eachSupportedId())('EventIngestion (%s)', id => {
  async function createStore() {
    const knex = await databases.init(id);
    const store = await DatabaseDeliveryStore.create({
      database: mockServices.database({ knex }),
    });
    return { knex, store };
  }

  /** Ingestion over a catalog of `entities`: a new one stands for a changed catalog. */
  function ingestionWith(store: DatabaseDeliveryStore, entities: Entity[]) {
    const catalog = catalogServiceMock({ entities });
    const auth = mockServices.auth();
    return new EventIngestion({
      store,
      entities: new CatalogEntities({ catalog, auth, cacheTtlMs: 1 }),
      resolver: new CatalogEntityResolver({ catalog, auth, cacheTtlMs: 1 }),
      logger: mockServices.logger.mock(),
    });
  }

  const github = (ingestion: EventIngestion, event: string, payload: object) =>
    ingestion.ingestAdapterResult('github', mapGithubWebhook(event, payload));

  async function doraOf(store: DatabaseDeliveryStore, entityRef: string) {
    const window = {
      from: '2019-01-01T00:00:00Z',
      to: '2027-01-01T00:00:00Z',
      environment: 'production',
    };
    return computeDora({
      ...window,
      ...(await store.listDoraEvents({
        ...window,
        entityRefs: [entityRef],
        from: new Date(window.from),
        to: new Date(window.to),
      })),
    });
  }

  it('answers 409 naming the id when a post would move an event to another entity, and stores nothing of the batch', async () => {
    const knex = await databases.init(id);
    const { server } = await startTestBackend({
      features: [
        deliveryPlugin,
        mockServices.database.factory({ knex }),
        catalogServiceMock.factory({ entities: [] }),
      ],
    });
    const post = (events: object[]) =>
      request(server)
        .post('/api/delivery/events')
        .set('Authorization', mockCredentials.service.header())
        .send({ events });
    const deployment = (entityRef: string, deploymentId: string) => ({
      type: 'deployment',
      id: deploymentId,
      entityRef,
      environment: 'production',
      status: 'succeeded',
      finishedAt: '2026-01-05T10:00:00Z',
    });
    expect(
      (await post([deployment('component:default/payments', 'pay-1')])).status,
    ).toBe(200);

    const moved = await post([
      deployment('component:default/checkout', 'checkout-1'),
      deployment('component:default/checkout', 'pay-1'),
    ]);
    expect(moved.status).toBe(409);
    expect(moved.body.error.message).toContain(
      'deployment pay-1 belongs to component:default/payments, not component:default/checkout',
    );
    expect(
      await knex('deployments').select('id', 'entity_ref').orderBy('id'),
    ).toEqual([{ id: 'pay-1', entity_ref: 'component:default/payments' }]);

    // Ids of another source's namespace are not the native API's to take.
    const squatting = await post([
      deployment('component:default/payments', 'github:deployment:1'),
    ]);
    expect(squatting.status).toBe(400);
    expect(squatting.body.error.message).toContain(
      'events[0].id: github:deployment:1 starts with github:',
    );
  });

  it('keeps a finished run and deployment when GitHub delivers older states late', async () => {
    const { store } = await createStore();
    const ingestion = ingestionWith(store, [octoRepo, helloWorld]);

    // GitHub's redelivery order: `completed`, then the run's `requested`.
    await github(ingestion, 'workflow_run', completedRun);
    await github(ingestion, 'workflow_run', requestedRun);
    const runs = await store.listPipelineRuns({
      entityRefs: ['component:default/octo-repo'],
      since: new Date(0),
    });
    expect(runs).toEqual([
      expect.objectContaining({
        status: 'succeeded',
        finishedAt: new Date(
          completedRun.workflow_run.updated_at,
        ).toISOString(),
      }),
    ]);

    // A failure status created before the success, delivered after it.
    const earlierFailure = structuredClone(deploymentStatus);
    earlierFailure.deployment_status.state = 'failure';
    earlierFailure.deployment_status.created_at = '2019-05-15T15:20:54Z';
    await github(ingestion, 'deployment_status', deploymentStatus);
    await github(ingestion, 'deployment_status', earlierFailure);
    const [deployment] = (
      await store.listDoraEvents({
        entityRefs: ['component:default/hello-world'],
        environment: 'production',
        from: new Date('2019-01-01T00:00:00Z'),
        to: new Date('2020-01-01T00:00:00Z'),
      })
    ).deployments;
    expect(deployment).toMatchObject({
      status: 'succeeded',
      finishedAt: '2019-05-15T15:20:55.000Z',
    });
  });

  it("stores a webhook's run without an address that is not a web one, and answers that it left it out", async () => {
    const { store } = await createStore();
    const ingestion = ingestionWith(store, [octoRepo]);
    const hostile = structuredClone(completedRun);
    hostile.workflow_run.html_url = SCRIPT_URL;
    const answer = await github(ingestion, 'workflow_run', hostile);
    expect(answer.accepted).toBe(1);
    expect(answer.ignored).toEqual([
      {
        path: '',
        reason: expect.stringMatching(
          /^pipelineRun github:workflow_run:.*: url is not an http\(s\) address/,
        ),
      },
    ]);
    const [stored] = await store.listPipelineRuns({
      entityRefs: ['component:default/octo-repo'],
      since: new Date(0),
    });
    expect(stored).toMatchObject({ status: 'succeeded' });
    expect(stored.url).toBeUndefined();
  });

  const pushedShas = ['1111111111111111111111111111111111111111', deployedSha];

  it.each(orders(['deployment', 'deployment', 'push', 'push']))(
    'gives a GitHub deployment the commits of its push, in the order %s, %s, %s, %s',
    async (...deliveries) => {
      const { store } = await createStore();
      const ingestion = ingestionWith(store, [helloWorld]);
      for (const delivery of deliveries) {
        await (delivery === 'push'
          ? github(ingestion, 'push', githubPush())
          : github(ingestion, 'deployment_status', deploymentStatus));
      }
      const dora = await doraOf(store, 'component:default/hello-world');
      expect(dora.deploymentFrequency.deployments).toBe(1);
      expect(dora.leadTime.samples).toBe(2);
      const [deployment] = (
        await store.listDoraEvents({
          entityRefs: ['component:default/hello-world'],
          environment: 'production',
          from: new Date('2019-01-01T00:00:00Z'),
          to: new Date('2020-01-01T00:00:00Z'),
        })
      ).deployments as DeploymentEvent[];
      expect(deployment.commits!.map(c => c.sha)).toEqual(pushedShas);
    },
  );

  it.each(orders(['deployment', 'deployment', 'push', 'push']))(
    'gives a GitLab deployment the commits of its push, in the order %s, %s, %s, %s',
    async (...deliveries) => {
      const { store } = await createStore();
      const ingestion = ingestionWith(store, [checkout]);
      for (const delivery of deliveries) {
        await ingestion.ingestAdapterResult(
          'gitlab',
          delivery === 'push'
            ? mapGitlabWebhook('Push Hook', gitlabFixture('push'))
            : mapGitlabWebhook(
                'Deployment Hook',
                gitlabFixture('deployment-success'),
              ),
        );
      }
      const dora = await doraOf(store, 'component:default/checkout');
      expect(dora.deploymentFrequency.deployments).toBe(1);
      expect(dora.leadTime.samples).toBe(2);
    },
  );

  it('stores events that matched no entity without their bodies, and counts them once the entity appears', async () => {
    const { knex, store } = await createStore();
    const before = ingestionWith(store, []);
    await github(before, 'push', githubPush());
    await github(before, 'workflow_run', completedRun);
    expect(
      await github(before, 'deployment_status', deploymentStatus),
    ).toMatchObject({ unmatched: 1 });
    await before.ingestEvents('api', [
      {
        type: 'incident',
        id: 'ghost-1',
        entityRef: 'component:default/hello-world',
        environment: 'production',
        openedAt: '2019-05-15T16:00:00.000Z',
        resolvedAt: '2019-05-15T17:00:00.000Z',
      },
    ]);

    const { items } = await store.listUnmatched({ limit: 10, offset: 0 });
    expect(items).toHaveLength(3);
    const stored = JSON.stringify(items);
    for (const secret of [
      githubPush().commits[0].message,
      githubPush().commits[0].author.email,
    ]) {
      expect(stored).not.toContain(secret);
    }
    expect(await knex('deployments').select('id')).toEqual([]);
    expect(
      (await doraOf(store, 'component:default/hello-world')).deploymentFrequency
        .deployments,
    ).toBe(0);

    const after = ingestionWith(store, [helloWorld, octoRepo]);
    await expect(after.resolveUnmatched()).resolves.toEqual({
      resolved: 3,
      unmatched: 0,
      commitsFilled: 0,
    });
    await expect(after.resolveUnmatched()).resolves.toEqual({
      resolved: 0,
      unmatched: 0,
      commitsFilled: 0,
    });
    expect((await store.listUnmatched({ limit: 10, offset: 0 })).items).toEqual(
      [],
    );
    const dora = await doraOf(store, 'component:default/hello-world');
    expect(dora.deploymentFrequency.deployments).toBe(1);
    expect(dora.leadTime.samples).toBe(2);
    expect(dora.recoveryTime.samples).toBe(1);
    expect(
      await store.listPipelineRuns({
        entityRefs: ['component:default/octo-repo'],
        since: new Date(0),
      }),
    ).toEqual([expect.objectContaining({ status: 'succeeded' })]);
  });
});
