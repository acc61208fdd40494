import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  deliveryEventCreatePermission,
  deliveryTokenCreatePermission,
  deliveryUnmatchedReadPermission,
} from '@runway/plugin-delivery-common';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import request from 'supertest';
import {
  createTestKey,
  signOidcToken,
  startTestOidcIssuer,
  TestKey,
} from '../auth/__testUtils__/testOidcIssuer';
import { oraclePath, oracleSuite } from '../adapters/__testUtils__/oracle';
import { deliveryPlugin } from '../plugin';
import { createTestDatabases } from '../__testUtils__/testDatabases';

jest.setTimeout(60_000);

const databases = createTestDatabases();

function component(name: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', owner: 'team-a' },
  };
}

const entities = [
  component('payments', { 'github.com/project-slug': 'Octo-Org/Payments' }),
  component('orders', { 'github.com/project-slug': 'octo-org/orders' }),
  component('checkout', { 'gitlab.com/project-slug': 'shop/web/checkout' }),
  component('legacy', {}),
];

const CDEVENTS_TOKEN = 'cdevents-token';

/** The CDEvents spec's conformance example of `service.deployed`, kept in ../shared. */
const serviceDeployedFile = oraclePath(
  'cdevents',
  'conformance',
  'service_deployed.json',
);
const cdeventsOracle = oracleSuite(
  'auth tests with a CDEvents conformance example',
  [serviceDeployedFile],
);
const serviceDeployed = cdeventsOracle.present
  ? JSON.parse(readFileSync(serviceDeployedFile, 'utf8'))
  : undefined;

/** A CDEvent `service.deployed` of the component named `service`. */
function cdeventFor(service: string, id: string) {
  return {
    ...serviceDeployed,
    context: { ...serviceDeployed.context, id },
    subject: { ...serviceDeployed.subject, id: service },
  };
}

function deployment(id: string, entityRef: string) {
  return {
    type: 'deployment',
    id,
    entityRef,
    environment: 'production',
    status: 'succeeded',
    finishedAt: '2026-01-02T00:00:00Z',
  };
}

/** Permissions answered by name: the Runway policy in miniature. */
function permissionsAllowing(...allowed: string[]) {
  return mockServices.permissions.mock({
    authorize: async requests =>
      requests.map(r => ({
        result: allowed.includes(r.permission.name)
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
      })) as any,
  });
}

const ALL_PERMISSIONS = [
  deliveryEventCreatePermission.name,
  deliveryUnmatchedReadPermission.name,
  deliveryTokenCreatePermission.name,
];

describe.each(databases.eachSupportedId())(
  'ingestion authentication and permissions (%s)',
  databaseId => {
    let oidc: Awaited<ReturnType<typeof startTestOidcIssuer>>;
    let key: TestKey;

    beforeAll(async () => {
      oidc = await startTestOidcIssuer();
      key = await createTestKey('key-1');
      oidc.publish(key);
    });
    afterAll(() => oidc.close());

    async function startBackend(
      options: { allowed?: string[]; delivery?: object } = {},
    ) {
      const knex = await databases.init(databaseId);
      const { server } = await startTestBackend({
        features: [
          deliveryPlugin,
          mockServices.database.factory({ knex }),
          mockServices.rootConfig.factory({
            data: {
              delivery: options.delivery ?? {
                cdevents: { token: CDEVENTS_TOKEN },
                oidc: { github: { issuer: oidc.issuer } },
              },
            },
          }),
          catalogServiceMock.factory({ entities }),
          permissionsAllowing(...(options.allowed ?? ALL_PERMISSIONS)).factory,
        ],
      });
      const count = async (table: string) => {
        const [{ n }] = await knex(table).count({ n: '*' });
        return Number(n);
      };
      return { server, knex, count };
    }

    const oidcToken = (repository: string, audience?: string) =>
      signOidcToken(key, { issuer: oidc.issuer, repository, audience });

    describe('permissions', () => {
      it('GET /unmatched needs delivery.unmatched.read', async () => {
        const denied = await startBackend({
          allowed: [deliveryEventCreatePermission.name],
        });
        const response = await request(denied.server)
          .get('/api/delivery/unmatched')
          .set('Authorization', mockCredentials.user.header());
        expect(response.status).toBe(403);
        expect(response.body.error.message).toContain(
          'delivery.unmatched.read',
        );

        const allowed = await startBackend();
        expect(
          (
            await request(allowed.server)
              .get('/api/delivery/unmatched')
              .set('Authorization', mockCredentials.user.header())
          ).status,
        ).toBe(200);
      });

      it('POST /events with a Backstage credential needs delivery.event.create', async () => {
        const { server, count } = await startBackend({
          allowed: [deliveryUnmatchedReadPermission.name],
        });
        const response = await request(server)
          .post('/api/delivery/events')
          .set('Authorization', mockCredentials.service.header())
          .send(deployment('d1', 'component:default/payments'));
        expect(response.status).toBe(403);
        expect(response.body.error.message).toContain('delivery.event.create');
        expect(await count('deployments')).toBe(0);
      });

      it('POST /events still verifies a Backstage token that is neither OIDC nor rwy_', async () => {
        const { server } = await startBackend();
        const invalid = await request(server)
          .post('/api/delivery/events')
          .set('Authorization', 'Bearer not-a-backstage-token')
          .send(deployment('d1', 'component:default/payments'));
        expect(invalid.status).toBe(401);
        const none = await request(server)
          .post('/api/delivery/events')
          .set('Authorization', mockCredentials.none.header())
          .send('{"not json');
        expect(none.status).toBe(401);
      });
    });

    describe('POST /tokens', () => {
      it('issues a token bound to a repository, stores only its hash, and revokes the previous one', async () => {
        const { server, knex, count } = await startBackend();
        const issue = () =>
          request(server)
            .post('/api/delivery/tokens')
            .set('Authorization', mockCredentials.service.header())
            .send({ repository: 'Octo-Org/Payments' });
        const first = await issue();
        expect(first.status).toBe(201);
        expect(first.body).toEqual({
          token: expect.stringMatching(/^rwy_[A-Za-z0-9_-]{43}$/),
          repository: 'Octo-Org/Payments',
          provider: 'github',
          createdAt: expect.any(String),
        });
        expect(new Date(first.body.createdAt).toISOString()).toBe(
          first.body.createdAt,
        );
        const rows = await knex('ingestion_tokens').select();
        expect(rows).toHaveLength(1);
        expect(rows[0].token_hash).toBe(
          createHash('sha256').update(first.body.token).digest('hex'),
        );
        expect(JSON.stringify(rows)).not.toContain(first.body.token);

        const post = (token: string, id: string) =>
          request(server)
            .post('/api/delivery/events')
            .set('Authorization', `Bearer ${token}`)
            .send(deployment(id, 'component:default/payments'));
        expect((await post(first.body.token, 'd1')).status).toBe(200);

        const second = await issue();
        expect(second.status).toBe(201);
        expect(second.body.token).not.toBe(first.body.token);
        expect(await count('ingestion_tokens')).toBe(1);
        const revoked = await post(first.body.token, 'd2');
        expect(revoked.status).toBe(401);
        expect(revoked.body.error.message).toBe(
          'Invalid ingestion token: unknown or revoked',
        );
        expect((await post(second.body.token, 'd3')).status).toBe(200);
        expect(await count('deployments')).toBe(2);
      });

      it('lets users with delivery.token.create issue tokens, and no one else', async () => {
        const allowed = await startBackend();
        const issued = await request(allowed.server)
          .post('/api/delivery/tokens')
          .set('Authorization', mockCredentials.user.header())
          .send({ repository: 'shop/web/checkout', provider: 'gitlab' });
        expect(issued.status).toBe(201);
        expect(issued.body).toMatchObject({
          repository: 'shop/web/checkout',
          provider: 'gitlab',
        });

        const denied = await startBackend({
          allowed: [deliveryEventCreatePermission.name],
        });
        const refused = await request(denied.server)
          .post('/api/delivery/tokens')
          .set('Authorization', mockCredentials.user.header())
          .send({ repository: 'octo-org/payments' });
        expect(refused.status).toBe(403);
        expect(refused.body.error.message).toContain('delivery.token.create');

        const anonymous = await request(allowed.server)
          .post('/api/delivery/tokens')
          .set('Authorization', mockCredentials.none.header())
          .send({ repository: 'octo-org/payments' });
        expect(anonymous.status).toBe(401);
      });

      it.each([
        [{}, /repository/],
        [{ repository: 'no-slash' }, /repository: must be a github repository/],
        [{ repository: 'a/b/c' }, /repository: must be a github repository/],
        [{ repository: 'owner/..' }, /repository/],
        [{ repository: 'group', provider: 'gitlab' }, /must be a gitlab/],
        [{ repository: 'o/r', provider: 'bitbucket' }, /provider/],
        [{ repository: 'o/r', extra: 1 }, /extra/],
      ])('refuses %j with a 400 naming the field', async (body, message) => {
        const { server } = await startBackend();
        const response = await request(server)
          .post('/api/delivery/tokens')
          .set('Authorization', mockCredentials.service.header())
          .send(body);
        expect(response.status).toBe(400);
        expect(response.body.error.message).toMatch(message);
      });
    });

    describe('repository-bound callers', () => {
      async function issue(
        server: Awaited<ReturnType<typeof startBackend>>['server'],
        repository: string,
        provider = 'github',
      ): Promise<string> {
        const response = await request(server)
          .post('/api/delivery/tokens')
          .set('Authorization', mockCredentials.service.header())
          .send({ repository, provider });
        return response.body.token;
      }

      it('a repository token reports for its own entities only; nothing is written otherwise', async () => {
        const { server, count } = await startBackend();
        const token = await issue(server, 'octo-org/payments');
        const post = (body: object) =>
          request(server)
            .post('/api/delivery/events')
            .set('Authorization', `Bearer ${token}`)
            .send(body);

        expect(
          (await post(deployment('d1', 'component:default/payments'))).status,
        ).toBe(200);

        const mixed = await post({
          events: [
            deployment('d2', 'component:default/payments'),
            deployment('d3', 'component:default/orders'),
          ],
        });
        expect(mixed.status).toBe(403);
        expect(mixed.body.error.message).toContain('component:default/orders');
        for (const entityRef of [
          'component:default/legacy',
          'component:default/ghost',
          'component:default/checkout',
        ]) {
          const refused = await post(deployment('d4', entityRef));
          expect(refused.status).toBe(403);
          expect(refused.body.error.message).toContain(entityRef);
        }
        expect(await count('deployments')).toBe(1);
        expect(await count('unmatched_events')).toBe(0);
      });

      it('a GitLab repository token is compared with gitlab.com/project-slug', async () => {
        const { server } = await startBackend();
        const token = await issue(server, 'Shop/Web/Checkout', 'gitlab');
        const post = (entityRef: string) =>
          request(server)
            .post('/api/delivery/events')
            .set('Authorization', `Bearer ${token}`)
            .send(deployment('d1', entityRef));
        expect((await post('component:default/checkout')).status).toBe(200);
        expect((await post('component:default/payments')).status).toBe(403);
      });

      it('a GitHub Actions OIDC token reports for the entities of its repository claim', async () => {
        const { server, count } = await startBackend();
        const post = async (token: string, entityRef: string) =>
          request(server)
            .post('/api/delivery/events')
            .set('Authorization', `Bearer ${token}`)
            .send(deployment(`d-${entityRef}`, entityRef));

        const good = await post(
          await oidcToken('octo-org/payments'),
          'component:default/payments',
        );
        expect(good.status).toBe(200);

        const wrongRepository = await post(
          await oidcToken('octo-org/orders'),
          'component:default/payments',
        );
        expect(wrongRepository.status).toBe(403);
        expect(wrongRepository.body.error.message).toContain(
          'component:default/payments',
        );

        const wrongAudience = await post(
          await oidcToken('octo-org/payments', 'another-audience'),
          'component:default/payments',
        );
        expect(wrongAudience.status).toBe(401);

        const otherIssuer = await post(
          await signOidcToken(key, {
            issuer: 'https://token.actions.example.com',
            repository: 'octo-org/payments',
          }),
          'component:default/payments',
        );
        expect(otherIssuer.status).toBe(401);
        expect(await count('deployments')).toBe(1);
      });

      it('refuses OIDC tokens when delivery.oidc.github.enabled is false', async () => {
        const { server } = await startBackend({
          delivery: {
            oidc: { github: { issuer: oidc.issuer, enabled: false } },
          },
        });
        const response = await request(server)
          .post('/api/delivery/events')
          .set(
            'Authorization',
            `Bearer ${await oidcToken('octo-org/payments')}`,
          )
          .send(deployment('d1', 'component:default/payments'));
        expect(response.status).toBe(401);
      });

      cdeventsOracle.describe('with a CDEvents conformance example', () => {
        it('POST /cdevents takes OIDC and repository tokens for the repository’s services, and still the shared token', async () => {
          const { server, count } = await startBackend();
          const post = (headers: Record<string, string>, body: object) =>
            request(server)
              .post('/api/delivery/cdevents')
              .set(headers)
              .send(body);

          const viaOidc = await post(
            { Authorization: `Bearer ${await oidcToken('octo-org/payments')}` },
            cdeventFor('payments', 'e1'),
          );
          expect(viaOidc.status).toBe(200);
          expect(viaOidc.body).toMatchObject({ accepted: 1, unmatched: 0 });

          const token = await issue(server, 'octo-org/payments');
          const viaToken = await post(
            { Authorization: `Bearer ${token}` },
            cdeventFor('payments', 'e2'),
          );
          expect(viaToken.status).toBe(200);

          const foreign = await post({ Authorization: `Bearer ${token}` }, [
            cdeventFor('payments', 'e3'),
            cdeventFor('orders', 'e4'),
          ]);
          expect(foreign.status).toBe(403);
          expect(foreign.body.error.message).toContain(
            'component:default/orders',
          );

          const unknown = await post(
            { Authorization: `Bearer ${token}` },
            cdeventFor('nobody', 'e5'),
          );
          expect(unknown.status).toBe(403);
          expect(unknown.body.error.message).toContain('matches no entity');

          const shared = await post(
            { 'X-Runway-Token': CDEVENTS_TOKEN },
            cdeventFor('orders', 'e6'),
          );
          expect(shared.status).toBe(200);

          expect(await count('deployments')).toBe(3);
          expect(await count('unmatched_events')).toBe(0);
        });
      });
    });
  },
);
