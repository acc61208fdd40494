import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { ScmIntegrations } from '@backstage/integration';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import sodium from 'libsodium-wrappers';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import yaml from 'yaml';
import { createRegisterDeliveryAction } from './registerDelivery';
import { examples } from './registerDelivery.examples';

const API = 'https://api.github.com/repos/acme/invoice-api';

const configData = {
  backend: { baseUrl: 'https://runway.example.com' },
  delivery: { github: { webhookSecret: 'hook-secret' } },
  scaffolder: { runway: { delivery: { ingestionToken: 'ci-token' } } },
  integrations: { github: [{ host: 'github.com', token: 'gh-token' }] },
};

function createAction(data: JsonObject = configData) {
  const config = new ConfigReader(data);
  return createRegisterDeliveryAction({
    integrations: ScmIntegrations.fromConfig(config),
    config,
  });
}

function exampleInput(index: number) {
  return yaml.parse(examples[index].example).steps[0].input;
}

/** A fake GitHub: records what the action sent, answers like the REST API. */
function fakeGithub(options: {
  existingHooks?: { id: number; config: { url: string } }[];
  variableExists?: boolean;
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
      return new HttpResponse(null, { status: 201 });
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

describe('runway:delivery:register', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  beforeAll(async () => {
    await sodium.ready;
  });

  it('creates the webhook, the RUNWAY_URL variable and the sealed RUNWAY_TOKEN secret', async () => {
    const github = fakeGithub({});
    server.use(...github.handlers);
    const ctx = createMockActionContext({ input: exampleInput(0) });
    await createAction().handler(ctx as any);

    const hook = github.requests.find(
      r => r.method === 'POST' && r.path.endsWith('/hooks'),
    )!;
    expect(hook.auth).toBe('token gh-token');
    expect(hook.body).toEqual({
      name: 'web',
      active: true,
      events: [
        'workflow_run',
        'deployment',
        'deployment_status',
        'push',
        'pull_request',
      ],
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
    expect(github.open(secret.body.encrypted_value)).toBe('ci-token');
    expect(ctx.output).toHaveBeenCalledWith('webhookId', 77);
  });

  it('updates an existing hook and variable instead of duplicating them, with the given token and events', async () => {
    const github = fakeGithub({
      existingHooks: [
        {
          id: 12,
          config: {
            url: 'https://runway.example.com/api/delivery/webhooks/github',
          },
        },
      ],
      variableExists: true,
    });
    server.use(...github.handlers);
    const input = { ...exampleInput(1), token: 'user-token' };
    const ctx = createMockActionContext({ input });
    await createAction().handler(ctx as any);

    expect(
      github.requests.some(
        r => r.method === 'POST' && r.path.endsWith('/hooks'),
      ),
    ).toBe(false);
    const update = github.requests.find(
      r => r.method === 'PATCH' && r.path.endsWith('/hooks/12'),
    )!;
    expect(update.auth).toBe('token user-token');
    expect(update.body.events).toEqual(['workflow_run', 'deployment_status']);
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

  it('calls nothing in dry-run and reports what it would do', async () => {
    // msw fails any request without a handler, so a call to GitHub here fails the test.
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

  it.each([
    ['delivery.github.webhookSecret', { ...configData, delivery: {} }],
    [
      'scaffolder.runway.delivery.ingestionToken',
      { ...configData, scaffolder: {} },
    ],
  ])(
    'fails naming %s when it is not configured, even in dry-run',
    async (key, data) => {
      const ctx = {
        ...createMockActionContext({ input: exampleInput(0) }),
        isDryRun: true,
      };
      await expect(createAction(data).handler(ctx as any)).rejects.toThrow(
        `${key} is not configured`,
      );
    },
  );

  it('refuses a repository that is not on a GitHub integration', async () => {
    const ctx = createMockActionContext({
      input: { repoUrl: 'gitlab.com?owner=acme&repo=invoice-api' },
    });
    await expect(createAction().handler(ctx as any)).rejects.toThrow(
      /not a configured GitHub integration/,
    );
  });
});
