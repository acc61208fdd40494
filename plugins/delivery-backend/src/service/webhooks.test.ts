import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { sign } from '@octokit/webhooks-methods';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { oraclePath, oracleSuite } from '../adapters/__testUtils__/oracle';
import { deliveryPlugin } from '../plugin';
import { createTestDatabases } from '../__testUtils__/testDatabases';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const GITHUB_SECRET = 'github-secret';
const GITLAB_TOKEN = 'gitlab-token';
const CDEVENTS_TOKEN = 'cdevents-token';

/** Real payloads recorded from GitHub, as published by @octokit/webhooks-examples. */
const githubExamples: Array<{
  name: string;
  examples: any[];
}> = require('@octokit/webhooks-examples');

const completedWorkflowRun = githubExamples
  .find(e => e.name === 'workflow_run')!
  .examples.find(
    e => e.action === 'completed' && e.workflow_run.conclusion === 'success',
  );

const gitlabPipeline = JSON.parse(
  readFileSync(
    join(__dirname, '../adapters/gitlab/__fixtures__/pipeline-success.json'),
    'utf8',
  ),
);

/** The CDEvents spec's conformance example of `service.deployed`, kept in ../shared. */
const serviceDeployedFile = oraclePath(
  'cdevents',
  'conformance',
  'service_deployed.json',
);
const cdeventsOracle = oracleSuite(
  'webhooks tests with a CDEvents conformance example',
  [serviceDeployedFile],
);
const cdeventServiceDeployed = cdeventsOracle.present
  ? JSON.parse(readFileSync(serviceDeployedFile, 'utf8'))
  : undefined;

function component(name: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', owner: 'team-a' },
  };
}

const entities = [
  component('octo-repo', {
    'github.com/project-slug': completedWorkflowRun.repository.full_name,
  }),
  component('checkout', {
    'gitlab.com/project-slug': gitlabPipeline.project.path_with_namespace,
  }),
];

describe.each(databases.eachSupportedId())(
  'webhook routes (%s)',
  databaseId => {
    async function startBackend(
      delivery: object,
      logger = mockServices.logger.mock(),
    ) {
      const knex = await databases.init(databaseId);
      const { server } = await startTestBackend({
        features: [
          deliveryPlugin,
          mockServices.database.factory({ knex }),
          mockServices.rootConfig.factory({ data: { delivery } }),
          catalogServiceMock.factory({ entities }),
          logger.factory,
        ],
      });
      return { server, knex, logger };
    }

    const configured = {
      github: { webhookSecret: GITHUB_SECRET },
      gitlab: { webhookToken: GITLAB_TOKEN },
      cdevents: { token: CDEVENTS_TOKEN },
    };

    it('ingests a signed GitHub delivery without a Backstage token and refuses a bad signature', async () => {
      const { server, knex } = await startBackend(configured);
      const body = JSON.stringify(completedWorkflowRun);
      const post = (signature: string | undefined) => {
        const req = request(server)
          .post('/api/delivery/webhooks/github')
          .set('Authorization', mockCredentials.none.header())
          .set('Content-Type', 'application/json')
          .set('X-GitHub-Event', 'workflow_run');
        return (
          signature ? req.set('X-Hub-Signature-256', signature) : req
        ).send(body);
      };

      const accepted = await post(await sign(GITHUB_SECRET, body));
      expect(accepted.status).toBe(200);
      expect(accepted.body).toMatchObject({
        accepted: 1,
        created: 1,
        unmatched: 0,
      });

      // The recorded run is years old, beyond what GET /pipelines reads: check the table.
      const runs = await knex('pipeline_runs').select('entity_ref', 'source');
      expect(runs).toEqual([
        { entity_ref: 'component:default/octo-repo', source: 'github' },
      ]);

      expect((await post(await sign('other-secret', body))).status).toBe(401);
      const missing = await post(undefined);
      expect(missing.status).toBe(401);
      expect(missing.body.error.message).toBe(
        'Invalid X-Hub-Signature-256: the request carries none',
      );
    });

    it('refuses every delivery to a route whose secret is not configured, in the words of a wrong one, and logs why once', async () => {
      const body = JSON.stringify(completedWorkflowRun);
      const postTo = (
        server: Awaited<ReturnType<typeof startBackend>>['server'],
        signature?: string,
      ) => {
        const req = request(server)
          .post('/api/delivery/webhooks/github')
          .set('Content-Type', 'application/json')
          .set('X-GitHub-Event', 'workflow_run');
        return (
          signature ? req.set('X-Hub-Signature-256', signature) : req
        ).send(body);
      };
      const signature = await sign(GITHUB_SECRET, body);
      const unconfigured = await startBackend({});
      const configuredBackend = await startBackend({
        github: { webhookSecret: 'another-secret' },
      });
      for (const sent of [signature, undefined, 'sha256=zz']) {
        const without = await postTo(unconfigured.server, sent);
        const withSecret = await postTo(configuredBackend.server, sent);
        expect(without.status).toBe(401);
        expect(withSecret.status).toBe(401);
        expect(without.body.error).toEqual(withSecret.body.error);
        expect(JSON.stringify(without.body)).not.toMatch(/configured/);
      }
      const warnings = unconfigured.logger.warn.mock.calls.filter(([message]) =>
        String(message).includes('delivery.github.webhookSecret'),
      );
      expect(warnings).toEqual([
        [
          'delivery.github.webhookSecret is not configured: every delivery authenticated by X-Hub-Signature-256 is refused with a 401',
        ],
      ]);
    });

    it('checks the signature before reading the body as JSON', async () => {
      const { server } = await startBackend(configured);
      const garbage = '{"not json';
      const post = (signature?: string) => {
        const req = request(server)
          .post('/api/delivery/webhooks/github')
          .set('Content-Type', 'application/json')
          .set('X-GitHub-Event', 'workflow_run');
        return (
          signature ? req.set('X-Hub-Signature-256', signature) : req
        ).send(garbage);
      };
      expect((await post()).status).toBe(401);
      expect((await post(await sign('wrong', garbage))).status).toBe(401);
      const signed = await post(await sign(GITHUB_SECRET, garbage));
      expect(signed.status).toBe(400);
      expect(signed.body.error.message).toMatch(/^body: must be JSON/);

      const gitlab = await request(server)
        .post('/api/delivery/webhooks/gitlab')
        .set('Content-Type', 'text/plain')
        .set('X-Gitlab-Event', 'Pipeline Hook')
        .send('\u0000\u0001 binary garbage');
      expect(gitlab.status).toBe(401);

      const cdevents = await request(server)
        .post('/api/delivery/cdevents')
        .set('Content-Type', 'application/json')
        .send(garbage);
      expect(cdevents.status).toBe(401);
    });

    it('ingests a GitLab delivery with the right token only', async () => {
      const { server } = await startBackend(configured);
      const post = (token: string) =>
        request(server)
          .post('/api/delivery/webhooks/gitlab')
          .set('Authorization', mockCredentials.none.header())
          .set('X-Gitlab-Event', 'Pipeline Hook')
          .set('X-Gitlab-Token', token)
          .send(gitlabPipeline);
      const accepted = await post(GITLAB_TOKEN);
      expect(accepted.status).toBe(200);
      expect(accepted.body).toMatchObject({ accepted: 1, unmatched: 0 });
      expect((await post('wrong')).status).toBe(401);
    });

    cdeventsOracle.describe('with a CDEvents conformance example', () => {
      it('keeps a CDEvent for an unknown service as unmatched', async () => {
        const { server } = await startBackend(configured);
        const response = await request(server)
          .post('/api/delivery/cdevents')
          .set('Authorization', mockCredentials.none.header())
          .set('X-Runway-Token', CDEVENTS_TOKEN)
          .send(cdeventServiceDeployed);
        expect(response.status).toBe(200);
        expect(response.body).toMatchObject({
          accepted: 1,
          created: 0,
          unmatched: 1,
        });

        const unmatched = await request(server)
          .get('/api/delivery/unmatched?source=cdevents')
          .set('Authorization', mockCredentials.user.header());
        expect(unmatched.body.items).toEqual([
          expect.objectContaining({
            source: 'cdevents',
            eventType: 'deployment',
            payload: {
              event: expect.objectContaining({
                type: 'deployment',
                id: `cdevents:${cdeventServiceDeployed.context.source}:${cdeventServiceDeployed.context.id}`,
              }),
              entity: {
                kind: 'cdeventsService',
                serviceId: cdeventServiceDeployed.subject.id,
              },
            },
          }),
        ]);
        // The normalized event only: never the delivery's body.
        expect(JSON.stringify(unmatched.body)).not.toContain(
          JSON.stringify(cdeventServiceDeployed.subject.content),
        );

        const invalid = await request(server)
          .post('/api/delivery/cdevents')
          .set('X-Runway-Token', CDEVENTS_TOKEN)
          .send({ context: {} });
        expect(invalid.status).toBe(400);
        expect(
          (
            await request(server)
              .post('/api/delivery/cdevents')
              .send(cdeventServiceDeployed)
          ).status,
        ).toBe(401);
      });
    });
  },
);
