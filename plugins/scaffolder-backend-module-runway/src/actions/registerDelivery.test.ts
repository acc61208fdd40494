import {
  mockCredentials,
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { ScmIntegrations } from '@backstage/integration';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import sodium from 'libsodium-wrappers';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import yaml from 'yaml';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createRegisterDeliveryAction } from './registerDelivery';
import { examples } from './registerDelivery.examples';

const API = 'https://api.github.com/repos/acme/invoice-api';
const DELIVERY = 'https://runway.example.com/api/delivery';

const configData = {
  backend: { baseUrl: 'https://runway.example.com' },
  delivery: { github: { webhookSecret: 'hook-secret' } },
  integrations: { github: [{ host: 'github.com', token: 'gh-token' }] },
};

/** `acme/invoice-api`'s component, owned by team-b, and the users of the ownership tests. */
const catalogEntities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'invoice-api',
      namespace: 'default',
      annotations: { 'github.com/project-slug': 'acme/invoice-api' },
    },
    spec: { type: 'service', owner: 'team-b' },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/team-b' }],
  },
  ...['mock', 'bea'].map(name => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name, namespace: 'default' },
    spec: {},
    relations:
      name === 'bea'
        ? [{ type: 'memberOf', targetRef: 'group:default/team-b' }]
        : [{ type: 'memberOf', targetRef: 'group:default/team-a' }],
  })),
];

function createAction(
  data: JsonObject = configData,
  options: {
    /** What the catalog holds: by default, no component of the repository (a new one). */
    entities?: Entity[];
    /** The decision on delivery.token.create (Runway admins are allowed it). */
    tokenCreate?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
  } = {},
) {
  const config = new ConfigReader(data);
  const permissions = mockServices.permissions.mock({
    authorize: async requests =>
      requests.map(() => ({
        result: options.tokenCreate ?? AuthorizeResult.DENY,
      })),
  });
  return createRegisterDeliveryAction({
    integrations: ScmIntegrations.fromConfig(config),
    config,
    discovery: mockServices.discovery.mock({
      getBaseUrl: async pluginId =>
        `https://runway.example.com/api/${pluginId}`,
    }),
    auth: mockServices.auth({ pluginId: 'scaffolder' }),
    catalog: catalogServiceMock({ entities: options.entities ?? [] }),
    permissions,
  });
}

/**
 * The delivery backend's `POST /tokens`: issues `rwy_<n>` bound to the repository asked for,
 * revoking the one before, as the real one does.
 */
function fakeDelivery(options: { status?: number } = {}) {
  const issued: { body: any; auth: string | null; token: string }[] = [];
  const handler = http.post(`${DELIVERY}/tokens`, async ({ request }) => {
    const body = await request.json();
    if (options.status) {
      return HttpResponse.json(
        { error: { name: 'NotAllowedError', message: 'not allowed' } },
        { status: options.status },
      );
    }
    const token = `rwy_${issued.length + 1}_${'x'.repeat(32)}`;
    issued.push({ body, auth: request.headers.get('authorization'), token });
    return HttpResponse.json(
      { ...(body as object), token, createdAt: '2026-12-04T10:00:00.000Z' },
      { status: 201 },
    );
  });
  return { handler, issued };
}

/** A checkpoint like the scaffolder's: a key that completed returns its stored value. */
function checkpointStore() {
  const values = new Map<string, unknown>();
  const checkpoint = async (opts: { key: string; fn: () => Promise<any> }) => {
    if (values.has(opts.key)) {
      return values.get(opts.key);
    }
    const value = await opts.fn();
    values.set(opts.key, value);
    return value;
  };
  return { checkpoint, values };
}

function exampleInput(index: number) {
  return yaml.parse(examples[index].example).steps[0].input;
}

/** A fake GitHub: records what the action sent, answers like the REST API. */
function fakeGithub(options: {
  existingHooks?: { id: number; config: { url: string } }[];
  variableExists?: boolean;
  /** Statuses answered, in turn, to PUT secret (then 201). */
  secretFailures?: number[];
}) {
  const requests: {
    method: string;
    path: string;
    body?: any;
    auth?: string | null;
  }[] = [];
  const keyPair = sodium.crypto_box_keypair();
  const record = async (request: Request) => {
    const body = request.method === 'GET' ? undefined : await request.json();
    requests.push({
      method: request.method,
      path: new URL(request.url).pathname,
      body,
      auth: request.headers.get('authorization'),
    });
  };
  const handlers = [
    http.get(`${API}/hooks`, async ({ request }) => {
      await record(request);
      return HttpResponse.json(options.existingHooks ?? []);
    }),
    http.post(`${API}/hooks`, async ({ request }) => {
      await record(request);
      return HttpResponse.json({ id: 77 }, { status: 201 });
    }),
    http.patch(`${API}/hooks/:id`, async ({ request }) => {
      await record(request);
      return HttpResponse.json({ id: 12 });
    }),
    http.post(`${API}/actions/variables`, async ({ request }) => {
      await record(request);
      return new HttpResponse(null, { status: 201 });
    }),
    http.patch(`${API}/actions/variables/:name`, async ({ request }) => {
      await record(request);
      return options.variableExists
        ? new HttpResponse(null, { status: 204 })
        : HttpResponse.json({ message: 'Not Found' }, { status: 404 });
    }),
    http.get(`${API}/actions/secrets/public-key`, async ({ request }) => {
      await record(request);
      return HttpResponse.json({
        key_id: 'key-1',
        key: sodium.to_base64(
          keyPair.publicKey,
          sodium.base64_variants.ORIGINAL,
        ),
      });
    }),
    http.put(`${API}/actions/secrets/:name`, async ({ request }) => {
      await record(request);
      const failure = options.secretFailures?.shift();
      return failure
        ? HttpResponse.json(
            { message: 'Validation Failed' },
            { status: failure },
          )
        : new HttpResponse(null, { status: 201 });
    }),
  ];
  const open = (sealed: string) =>
    sodium.to_string(
      sodium.crypto_box_seal_open(
        sodium.from_base64(sealed, sodium.base64_variants.ORIGINAL),
        keyPair.publicKey,
        keyPair.privateKey,
      ),
    );
  return { handlers, requests, open };
}

// Sealing secrets (libsodium) and the faked HTTP round trips take seconds on a loaded CI machine.
jest.setTimeout(30_000);

describe('runway:delivery:register', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  beforeAll(async () => {
    await sodium.ready;
  });

  it('creates the webhook, the RUNWAY_URL variable and a RUNWAY_TOKEN secret issued for this repository only', async () => {
    const github = fakeGithub({});
    const delivery = fakeDelivery();
    server.use(...github.handlers, delivery.handler);
    const ctx = createMockActionContext({ input: exampleInput(0) });
    await createAction().handler(ctx as any);

    const hook = github.requests.find(
      r => r.method === 'POST' && r.path.endsWith('/hooks'),
    )!;
    expect(hook.auth).toBe('token gh-token');
    expect(hook.body).toEqual({
      name: 'web',
      active: true,
      // The report script posts runs and deployments: GitHub's own would count them twice.
      events: ['push', 'pull_request'],
      config: {
        url: 'https://runway.example.com/api/delivery/webhooks/github',
        content_type: 'json',
        secret: 'hook-secret',
        insecure_ssl: '0',
      },
    });
    const variable = github.requests.find(r =>
      r.path.endsWith('/actions/variables'),
    )!;
    expect(variable.body).toEqual({
      name: 'RUNWAY_URL',
      value: 'https://runway.example.com',
    });
    const secret = github.requests.find(r => r.method === 'PUT')!;
    expect(secret.path).toBe(
      '/repos/acme/invoice-api/actions/secrets/RUNWAY_TOKEN',
    );
    expect(secret.body.key_id).toBe('key-1');
    expect(delivery.issued).toHaveLength(1);
    expect(delivery.issued[0].body).toEqual({
      repository: 'acme/invoice-api',
      provider: 'github',
    });
    // A service token from the scaffolder, addressed to the delivery plugin.
    expect(delivery.issued[0].auth).toMatch(/^Bearer mock-service-token:/);
    expect(delivery.issued[0].auth).toContain('"target":"delivery"');
    expect(delivery.issued[0].auth).toContain('"sub":"plugin:scaffolder"');
    expect(github.open(secret.body.encrypted_value)).toBe(
      delivery.issued[0].token,
    );
    expect(ctx.output).toHaveBeenCalledWith('webhookId', 77);
  });

  it('keeps the issued token out of the logs and the checkpoints, and a retried task does not issue another', async () => {
    // The first attempt fails storing the secret, after the token was issued.
    const github = fakeGithub({ secretFailures: [422] });
    const delivery = fakeDelivery();
    server.use(...github.handlers, delivery.handler);
    const store = checkpointStore();
    const logger = mockServices.logger.mock();
    const run = async () => {
      const ctx = {
        ...createMockActionContext({ input: exampleInput(0), logger }),
        checkpoint: store.checkpoint,
      };
      await createAction().handler(ctx as any);
    };

    await expect(run()).rejects.toThrow(/Validation Failed/);
    await run();

    expect(delivery.issued).toHaveLength(1);
    const stored = github.requests.filter(r => r.method === 'PUT');
    expect(stored).toHaveLength(2);
    expect(github.open(stored[1].body.encrypted_value)).toBe(
      delivery.issued[0].token,
    );
    const { token } = delivery.issued[0];
    expect(JSON.stringify([...store.values.values()])).not.toContain(token);
    const logged = JSON.stringify(
      [logger.info, logger.warn, logger.error, logger.debug].map(
        log => log.mock.calls,
      ),
    );
    expect(logged).toContain('RUNWAY_TOKEN');
    expect(logged).not.toContain(token);
  });

  describe('a repository the catalog already knows', () => {
    it('refuses a user outside its owning team before changing anything, naming the component and its owner', async () => {
      const github = fakeGithub({});
      const delivery = fakeDelivery();
      server.use(...github.handlers, delivery.handler);
      const ctx = createMockActionContext({ input: exampleInput(0) });
      await expect(
        createAction(configData, { entities: catalogEntities }).handler(
          ctx as any,
        ),
      ).rejects.toThrow(
        /^repoUrl: acme\/invoice-api is the repository of component:default\/invoice-api \(owned by group:default\/team-b\), and user:default\/mock is not in an owning team/,
      );
      expect(github.requests).toEqual([]);
      expect(delivery.issued).toEqual([]);
    });

    it.each([
      [
        'a member of its owning team',
        {
          credentials: mockCredentials.user('user:default/bea'),
          tokenCreate: AuthorizeResult.DENY,
        },
      ],
      [
        'a holder of delivery.token.create (a Runway admin)',
        {
          credentials: mockCredentials.user(),
          tokenCreate: AuthorizeResult.ALLOW,
        },
      ],
      [
        'a task started by a service',
        {
          credentials: mockCredentials.service('plugin:catalog'),
          tokenCreate: AuthorizeResult.DENY,
        },
      ],
    ] as const)(
      'connects it for %s',
      async (_who, { credentials, tokenCreate }) => {
        const github = fakeGithub({});
        const delivery = fakeDelivery();
        server.use(...github.handlers, delivery.handler);
        const ctx = {
          ...createMockActionContext({ input: exampleInput(0) }),
          getInitiatorCredentials: async () => credentials,
        };
        await createAction(configData, {
          entities: catalogEntities,
          tokenCreate,
        }).handler(ctx as any);
        expect(delivery.issued).toHaveLength(1);
      },
    );
  });

  it('fails, storing no secret, when the delivery backend refuses to issue a token', async () => {
    const github = fakeGithub({});
    server.use(...github.handlers, fakeDelivery({ status: 403 }).handler);
    const ctx = createMockActionContext({ input: exampleInput(0) });
    await expect(createAction().handler(ctx as any)).rejects.toThrow(/403/);
    expect(github.requests.some(r => r.method === 'PUT')).toBe(false);
  });

  // A hook registered by an earlier version of the action.
  const existingHook = {
    id: 12,
    config: { url: 'https://runway.example.com/api/delivery/webhooks/github' },
    events: [
      'workflow_run',
      'deployment',
      'deployment_status',
      'push',
      'pull_request',
    ],
  };

  it('re-subscribes an existing hook to push and pull_request only, so a re-run fixes a service registered for workflow_run and deployment_status', async () => {
    const github = fakeGithub({
      existingHooks: [existingHook],
      variableExists: true,
    });
    server.use(...github.handlers, fakeDelivery().handler);
    const ctx = createMockActionContext({ input: exampleInput(0) });
    await createAction().handler(ctx as any);

    expect(
      github.requests.some(
        r => r.method === 'POST' && r.path.endsWith('/hooks'),
      ),
    ).toBe(false);
    const update = github.requests.find(
      r => r.method === 'PATCH' && r.path.endsWith('/hooks/12'),
    )!;
    // PATCH's `events` replaces the hook's whole list.
    expect(update.body.events).toEqual(['push', 'pull_request']);
    expect(update.body.active).toBe(true);
    expect(ctx.output).toHaveBeenCalledWith('webhookId', 12);
  });

  it('updates an existing hook and variable instead of duplicating them, with the given token and events, warning that they double-count', async () => {
    const github = fakeGithub({
      existingHooks: [existingHook],
      variableExists: true,
    });
    server.use(...github.handlers, fakeDelivery().handler);
    const input = { ...exampleInput(1), token: 'user-token' };
    const logger = mockServices.logger.mock();
    const ctx = createMockActionContext({ input, logger });
    await createAction().handler(ctx as any);

    const update = github.requests.find(
      r => r.method === 'PATCH' && r.path.endsWith('/hooks/12'),
    )!;
    expect(update.auth).toBe('token user-token');
    expect(update.body.events).toEqual([
      'push',
      'pull_request',
      'workflow_run',
      'deployment_status',
    ]);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /subscribed to workflow_run, deployment_status: .*runway-report\.mjs.*stored twice/,
      ),
    );
    expect(
      github.requests.some(
        r =>
          r.method === 'PATCH' &&
          r.path.endsWith('/actions/variables/RUNWAY_URL'),
      ),
    ).toBe(true);
    expect(
      github.requests.some(
        r => r.method === 'POST' && r.path.endsWith('/actions/variables'),
      ),
    ).toBe(false);
    expect(ctx.output).toHaveBeenCalledWith('webhookId', 12);
  });

  it('does not warn with the default events', async () => {
    const logger = mockServices.logger.mock();
    const ctx = {
      ...createMockActionContext({ input: exampleInput(0), logger }),
      isDryRun: true,
    };
    await createAction().handler(ctx as any);
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it('calls nothing in dry-run and reports what it would do', async () => {
    // msw fails any request without a handler, so a call to GitHub or Runway here fails the test.
    const ctx = {
      ...createMockActionContext({ input: exampleInput(0) }),
      isDryRun: true,
    };
    await createAction().handler(ctx as any);
    expect(ctx.output).toHaveBeenCalledWith(
      'webhookUrl',
      'https://runway.example.com/api/delivery/webhooks/github',
    );
    expect(ctx.output).not.toHaveBeenCalledWith('webhookId', expect.anything());
  });

  it('fails naming delivery.github.webhookSecret when it is not configured, even in dry-run', async () => {
    const ctx = {
      ...createMockActionContext({ input: exampleInput(0) }),
      isDryRun: true,
    };
    await expect(
      createAction({ ...configData, delivery: {} }).handler(ctx as any),
    ).rejects.toThrow('delivery.github.webhookSecret is not configured');
  });

  it('refuses a repository that is not on a GitHub integration', async () => {
    const ctx = createMockActionContext({
      input: { repoUrl: 'gitlab.com?owner=acme&repo=invoice-api' },
    });
    await expect(createAction().handler(ctx as any)).rejects.toThrow(
      /not a configured GitHub integration/,
    );
  });
});
