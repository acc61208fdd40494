import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import runwayScaffolderFeatures, { scaffolderModuleRunway } from './index';

jest.setTimeout(120_000);

// A portal that installs plugins dynamically (Red Hat Developer Hub) installs only a package's
// default export, so everything this package offers must come in through it.
describe('the default export', () => {
  let directory: string;

  beforeAll(async () => {
    directory = await fs.mkdtemp(path.join(os.tmpdir(), 'runway-default-'));
  });

  afterAll(async () => {
    await fs.rm(directory, { recursive: true, force: true });
  });

  it('adds every Runway scaffolder action, runway:environment:request included', async () => {
    const { server } = await startTestBackend({
      features: [
        scaffolderPlugin,
        runwayScaffolderFeatures,
        catalogServiceMock.factory(),
        mockServices.rootConfig.factory({
          data: { backend: { baseUrl: 'http://localhost:7150' } },
        }),
      ],
    });

    const res = await request(server).get('/api/scaffolder/v2/actions');

    expect(res.status).toBe(200);
    const ids = (res.body as { id: string }[]).map(a => a.id);
    expect(ids.filter(id => id.startsWith('runway:')).sort()).toEqual([
      'runway:catalog:register-local',
      'runway:conformance:check',
      'runway:delivery:register',
      'runway:environment:request',
      'runway:publish:local',
      'runway:template:record',
    ]);
  });

  it('adds the catalog module, which accepts local repositories when local publishing is on', async () => {
    const repository = path.join(directory, 'payments');
    await fs.mkdir(repository);
    await fs.writeFile(
      path.join(repository, 'catalog-info.yaml'),
      'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: payments\nspec:\n  type: service\n  lifecycle: experimental\n  owner: group:default/team-a\n',
    );
    const { server } = await startTestBackend({
      features: [
        catalogPlugin,
        scaffolderPlugin,
        runwayScaffolderFeatures,
        mockServices.rootConfig.factory({
          data: {
            backend: { baseUrl: 'http://localhost:7150' },
            scaffolder: {
              runway: { localPublish: { enabled: true, directory } },
            },
          },
        }),
      ],
    });

    const res = await request(server)
      .post('/api/catalog/locations?dryRun=true')
      .send({
        type: 'runway-local-repository',
        target: `${repository}/catalog-info.yaml`,
      });

    // Without the module the catalog refuses the location type with a 400.
    expect(res.status).toBe(201);
    const components = (
      res.body.entities as { kind: string; metadata: { name: string } }[]
    ).filter(e => e.kind === 'Component');
    expect(components.map(e => e.metadata.name)).toEqual(['payments']);
  });

  // The guide says to add the default export or the named modules, not both: this is why.
  it('refuses a module added twice, so a guide that said both would stop the backend', async () => {
    await expect(
      startTestBackend({
        features: [
          scaffolderPlugin,
          runwayScaffolderFeatures,
          scaffolderModuleRunway,
          catalogServiceMock.factory(),
        ],
      }),
    ).rejects.toThrow(
      "Module 'runway' for plugin 'scaffolder' is already registered",
    );
  });
});
