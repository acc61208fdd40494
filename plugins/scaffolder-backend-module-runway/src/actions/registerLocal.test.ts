import { createMockDirectory } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { JsonObject } from '@backstage/types';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import yaml from 'yaml';
import { createRegisterLocalAction } from './registerLocal';
import { examples } from './registerLocal.examples';

describe('runway:catalog:register-local', () => {
  const repos = createMockDirectory();
  const elsewhere = createMockDirectory();
  const addLocation = jest.fn();
  const catalog = { addLocation } as unknown as CatalogService;
  const config = (enabled: boolean) =>
    new ConfigReader({
      scaffolder: {
        runway: { localPublish: { enabled, directory: repos.path } },
      },
    });

  beforeEach(() => {
    repos.setContent({
      'invoice-api/catalog-info.yaml': 'kind: Component\n',
      'invoice-api/docs/catalog-info.yaml': 'kind: Component\n',
    });
    elsewhere.setContent({ 'catalog-info.yaml': 'kind: Component\n' });
    addLocation.mockReset();
    addLocation.mockImplementation(async (request: { dryRun?: boolean }) => ({
      location: { id: 'l1', type: 'runway-local-repository', target: 'x' },
      entities: request.dryRun
        ? [
            {
              kind: 'Location',
              metadata: { name: 'generated-abc', namespace: 'default' },
            },
            {
              kind: 'Component',
              metadata: { name: 'invoice-api', namespace: 'default' },
            },
          ]
        : [],
    }));
  });

  const run = async (
    input: JsonObject,
    enabled = true,
  ): Promise<Record<string, unknown>> => {
    const ctx = createMockActionContext({ input });
    await createRegisterLocalAction({
      config: config(enabled),
      catalog,
    }).handler(ctx as any);
    return Object.fromEntries(
      (ctx.output as jest.Mock).mock.calls.map(([k, v]) => [k, v]),
    );
  };

  const exampleInput = (repoContentsUrl: string) => ({
    ...yaml.parse(examples[0].example).steps[0].input,
    repoContentsUrl,
  });

  it('registers the repository catalog file as a runway-local-repository location with the initiator credentials', async () => {
    const repoUrl = pathToFileURL(repos.resolve('invoice-api')).href;
    const outputs = await run(exampleInput(repoUrl));
    const target = repos.resolve('invoice-api/catalog-info.yaml');
    expect(addLocation).toHaveBeenNthCalledWith(
      1,
      { type: 'runway-local-repository', target },
      {
        credentials: expect.objectContaining({ principal: expect.anything() }),
      },
    );
    expect(addLocation).toHaveBeenNthCalledWith(
      2,
      { type: 'runway-local-repository', target, dryRun: true },
      expect.anything(),
    );
    expect(outputs).toEqual({
      entityRef: 'component:default/invoice-api',
      catalogInfoUrl: pathToFileURL(target).href,
    });
  });

  it('takes a catalog file in a sub-folder', async () => {
    const repoUrl = pathToFileURL(repos.resolve('invoice-api')).href;
    await run({
      repoContentsUrl: repoUrl,
      catalogInfoPath: 'docs/catalog-info.yaml',
    });
    expect(addLocation.mock.calls[0][0].target).toBe(
      repos.resolve('invoice-api/docs/catalog-info.yaml'),
    );
  });

  it('refuses when local publishing is not enabled', async () => {
    const repoUrl = pathToFileURL(repos.resolve('invoice-api')).href;
    await expect(run(exampleInput(repoUrl), false)).rejects.toThrow(
      'local publishing is disabled in this portal',
    );
    expect(addLocation).not.toHaveBeenCalled();
  });

  it('refuses files outside the local publish directory', async () => {
    await expect(
      run(exampleInput(pathToFileURL(elsewhere.path).href)),
    ).rejects.toThrow(/is outside the local publish directory/);
    await expect(
      run({
        repoContentsUrl: pathToFileURL(repos.resolve('invoice-api')).href,
        catalogInfoPath: `../../${path.basename(
          elsewhere.path,
        )}/catalog-info.yaml`,
      }),
    ).rejects.toThrow(/is outside the local publish directory/);
    expect(addLocation).not.toHaveBeenCalled();
  });

  it('refuses a symbolic link inside the directory that leads out of it', async () => {
    // A published workspace may carry links; fs.cp copies them as links.
    repos.addContent({
      'linked-file/catalog-info.yaml': ctx =>
        ctx.symlink(elsewhere.resolve('catalog-info.yaml')),
      'linked-repo': ctx => ctx.symlink(elsewhere.path),
    });
    await expect(
      run(exampleInput(pathToFileURL(repos.resolve('linked-file')).href)),
    ).rejects.toThrow(
      /^catalogInfoPath: \/catalog-info.yaml in .* leads through a symbolic link outside the local publish directory/,
    );
    await expect(
      run(exampleInput(pathToFileURL(repos.resolve('linked-repo')).href)),
    ).rejects.toThrow(/leads through a symbolic link outside/);
    expect(addLocation).not.toHaveBeenCalled();
  });

  it('follows a symbolic link that stays inside the directory', async () => {
    repos.addContent({
      alias: ctx => ctx.symlink(repos.resolve('invoice-api')),
    });
    await expect(
      run(exampleInput(pathToFileURL(repos.resolve('alias')).href)),
    ).resolves.toMatchObject({ entityRef: 'component:default/invoice-api' });
  });

  it('refuses URLs that are not file: URLs and missing files', async () => {
    await expect(
      run(exampleInput('https://github.com/acme/invoice-api/blob/main/')),
    ).rejects.toThrow(/is not a file: URL/);
    await expect(
      run(exampleInput(pathToFileURL(repos.resolve('nope')).href)),
    ).rejects.toThrow(/catalogInfoPath: \/catalog-info.yaml does not exist/);
    expect(addLocation).not.toHaveBeenCalled();
  });

  it('fails on a catalog error unless optional', async () => {
    addLocation.mockRejectedValue(new Error('Location already exists'));
    const repoUrl = pathToFileURL(repos.resolve('invoice-api')).href;
    await expect(run(exampleInput(repoUrl))).rejects.toThrow(
      'Location already exists',
    );
    const outputs = await run({ ...exampleInput(repoUrl), optional: true });
    expect(outputs).toEqual({
      catalogInfoUrl: pathToFileURL(
        repos.resolve('invoice-api/catalog-info.yaml'),
      ).href,
    });
  });
});
