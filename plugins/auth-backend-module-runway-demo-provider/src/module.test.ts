import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { ConfigReader } from '@backstage/config';
import request from 'supertest';
import authPlugin from '@backstage/plugin-auth-backend';
import { demoSignInState, parseDemoUser } from './authenticator';
import authModuleRunwayDemoProvider from './index';

const entities = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'amara.okafor', namespace: 'default' },
    spec: {
      profile: { displayName: 'Amara Okafor', email: 'amara@example.com' },
      memberOf: ['team-payments'],
    },
    relations: [{ type: 'memberOf', targetRef: 'group:default/team-payments' }],
  },
];

async function startBackend(config: object, nodeEnv = 'development') {
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = nodeEnv;
  try {
    return await startTestBackend({
      features: [
        authPlugin,
        authModuleRunwayDemoProvider,
        catalogServiceMock.factory({ entities }),
        mockServices.rootConfig.factory({
          data: { app: { baseUrl: 'http://localhost:3000' }, ...config },
        }),
      ],
    });
  } finally {
    process.env.NODE_ENV = previous;
  }
}

const enabledConfig = {
  auth: {
    environment: 'development',
    providers: { 'runway-demo': { development: { enabled: true } } },
  },
};

describe('runway-demo auth provider', () => {
  it('signs in as the catalog user named in the header, with their groups', async () => {
    const backend = await startBackend(enabledConfig);
    const server = backend.server;
    try {
      const res = await request(server)
        .get('/api/auth/runway-demo/refresh')
        .set('x-runway-demo-user', 'amara.okafor');
      expect(res.status).toBe(200);
      expect(res.body.profile).toMatchObject({
        displayName: 'Amara Okafor',
        email: 'amara@example.com',
      });
      expect(res.body.backstageIdentity.identity).toMatchObject({
        userEntityRef: 'user:default/amara.okafor',
        ownershipEntityRefs: expect.arrayContaining([
          'group:default/team-payments',
        ]),
      });
      const claims = JSON.parse(
        Buffer.from(
          res.body.backstageIdentity.token.split('.')[1],
          'base64url',
        ).toString('utf8'),
      );
      expect(claims.sub).toBe('user:default/amara.okafor');

      const byQuery = await request(server).get(
        '/api/auth/runway-demo/refresh?user=user:default/amara.okafor',
      );
      expect(byQuery.status).toBe(200);
      expect(byQuery.body.backstageIdentity.identity.userEntityRef).toBe(
        'user:default/amara.okafor',
      );
    } finally {
      await backend.stop();
    }
  });

  it('refuses users the catalog does not know and requests that name nobody', async () => {
    const backend = await startBackend(enabledConfig);
    const server = backend.server;
    try {
      const unknown = await request(server)
        .get('/api/auth/runway-demo/refresh')
        .set('x-runway-demo-user', 'mallory');
      expect(unknown.status).toBe(404);
      expect(unknown.body.backstageIdentity).toBeUndefined();

      const nobody = await request(server).get('/api/auth/runway-demo/refresh');
      expect(nobody.status).toBe(401);

      const group = await request(server)
        .get('/api/auth/runway-demo/refresh')
        .set('x-runway-demo-user', 'group:default/team-payments');
      expect(group.status).toBe(400);
    } finally {
      await backend.stop();
    }
  });

  it.each([
    [
      'not enabled',
      { ...enabledConfig.auth, providers: { 'runway-demo': {} } },
      'development',
    ],
    [
      'enabled outside the development auth environment',
      { ...enabledConfig.auth, environment: 'production' },
      'development',
    ],
    [
      'enabled but the backend runs in production',
      enabledConfig.auth,
      'production',
    ],
  ])('refuses every sign-in when %s', async (_, auth, nodeEnv) => {
    const backend = await startBackend({ auth }, nodeEnv);
    const server = backend.server;
    try {
      const res = await request(server)
        .get('/api/auth/runway-demo/refresh')
        .set('x-runway-demo-user', 'amara.okafor');
      expect(res.status).toBe(403);
      expect(res.body.backstageIdentity).toBeUndefined();
    } finally {
      await backend.stop();
    }
  });
});

describe('demoSignInState', () => {
  const state = (
    development: unknown,
    authEnvironment = 'development',
    nodeEnv = 'development',
  ) =>
    demoSignInState({
      providerConfig: new ConfigReader({ development } as any),
      authEnvironment,
      nodeEnv,
    }).enabled;

  it('is on only with an explicit true, the development auth environment and NODE_ENV', () => {
    expect(state({ enabled: true })).toBe(true);
    expect(state({ enabled: 'true' })).toBe(true);
    expect(state({ enabled: false })).toBe(false);
    expect(state({ enabled: 'false' })).toBe(false);
    expect(state({ enabled: 'maybe' })).toBe(false);
    expect(state(undefined)).toBe(false);
    expect(state({ enabled: true }, 'production')).toBe(false);
    expect(state({ enabled: true }, 'development', 'production')).toBe(false);
    expect(state({ enabled: true }, 'development', 'test')).toBe(false);
  });
});

describe('parseDemoUser', () => {
  it('accepts a user name or a user ref', () => {
    expect(parseDemoUser(' amara.okafor ')).toBe('user:default/amara.okafor');
    expect(parseDemoUser('user:demo/x')).toBe('user:demo/x');
    expect(() => parseDemoUser('')).toThrow(/x-runway-demo-user/);
    expect(() => parseDemoUser('group:default/team')).toThrow(/User entity/);
  });
});
