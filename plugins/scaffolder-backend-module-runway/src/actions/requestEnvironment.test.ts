import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'yaml';
// eslint-disable-next-line @backstage/no-mixed-plugin-imports -- test only: the action calls the real environments backend
import environmentsPlugin from '@runway/plugin-environments-backend';
import { createRequestEnvironmentAction } from './requestEnvironment';
import { examples } from './requestEnvironment.examples';

jest.setTimeout(60_000);

describe('runway:environment:request', () => {
  let dir: string;
  let baseUrl: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'environments-action-'));
    // The real environments backend, which the action calls over HTTP as the user.
    const { server } = await startTestBackend({
      features: [
        environmentsPlugin,
        mockServices.rootConfig.factory({
          data: {
            environments: {
              builtInTypes: true,
              lifecycle: { startOnChange: false },
              provisioner: {
                gitops: { mode: 'local', local: { directory: dir } },
              },
            },
          },
        }),
        catalogServiceMock.factory({
          entities: [
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Component',
              metadata: { name: 'payments', namespace: 'default' },
              spec: { type: 'service', owner: 'team-a' },
              relations: [
                { type: 'ownedBy', targetRef: 'group:default/team-a' },
              ],
            },
          ],
        }),
        createServiceFactory({
          service: notificationService,
          deps: {},
          factory: () => ({ send: async () => {} }),
        }),
      ],
    });
    baseUrl = `http://localhost:${
      (server.address() as AddressInfo).port
    }/api/environments`;
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  function run(index: number, options: { isDryRun?: boolean } = {}) {
    const action = createRequestEnvironmentAction({
      auth: mockServices.auth(),
      discovery: {
        getBaseUrl: async () => baseUrl,
        getExternalBaseUrl: async () => baseUrl,
      },
    });
    // createMockActionContext takes neither of these from its options.
    const ctx = {
      ...createMockActionContext({
        input: yaml.parse(examples[index].example).steps[0].input,
      }),
      isDryRun: options.isDryRun,
      getInitiatorCredentials: async () =>
        mockCredentials.user('user:default/alice'),
    };
    return action.handler(ctx as any).then(() => ctx);
  }

  it('requests the preview of the first example as the user, approved automatically', async () => {
    const ctx = await run(0);
    expect(ctx.output).toHaveBeenCalledWith('estimate', 4.8);
    expect(ctx.output).toHaveBeenCalledWith('currency', 'USD');
    expect(ctx.output).toHaveBeenCalledWith('state', 'approved');
    expect(ctx.output).toHaveBeenCalledWith(
      'name',
      expect.stringMatching(/^payments-preview-[0-9a-f]{6}$/),
    );
  });

  it('sends the staging request of the second example for approval', async () => {
    const ctx = await run(1);
    expect(ctx.output).toHaveBeenCalledWith('state', 'pending_approval');
    const mine = await fetch(`${baseUrl}/requests?view=mine`, {
      headers: {
        Authorization: mockCredentials.user.header('user:default/alice'),
      },
    }).then(response => response.json());
    expect(
      mine.items.map((item: { type: string }) => item.type).sort(),
    ).toEqual(['preview', 'staging']);
    expect(ctx.output).toHaveBeenCalledWith('estimate', 33.6);
  });

  it('only prices the request in a dry run', async () => {
    const ctx = await run(0, { isDryRun: true });
    expect(ctx.output).toHaveBeenCalledWith('estimate', 4.8);
    expect(ctx.output).not.toHaveBeenCalledWith('state', expect.anything());
  });
});
