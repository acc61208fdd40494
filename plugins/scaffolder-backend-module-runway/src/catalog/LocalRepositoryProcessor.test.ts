import { createMockDirectory } from '@backstage/backend-test-utils';
import {
  CatalogProcessorParser,
  CatalogProcessorResult,
  parseEntityYaml,
} from '@backstage/plugin-catalog-node';
import {
  LOCAL_REPOSITORY_LOCATION_TYPE,
  LocalRepositoryProcessor,
} from './LocalRepositoryProcessor';

const catalogInfo = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: invoice-api
spec:
  type: service
  owner: team-payments
  lifecycle: experimental
`;

// The catalog's own YAML parsing, as its default parser does.
const parser: CatalogProcessorParser = async function* parse({
  data,
  location,
}) {
  yield* parseEntityYaml(data, location);
};

describe('LocalRepositoryProcessor', () => {
  const root = createMockDirectory();
  const repos = root.resolve('repos');
  const processor = new LocalRepositoryProcessor(repos);

  beforeEach(() => {
    root.setContent({
      'repos/invoice-api/catalog-info.yaml': catalogInfo,
      'secret.yaml': catalogInfo,
    });
  });

  const read = async (
    target: string,
    type = LOCAL_REPOSITORY_LOCATION_TYPE,
  ) => {
    const results: CatalogProcessorResult[] = [];
    const handled = await processor.readLocation(
      { type, target },
      false,
      result => results.push(result),
      parser,
    );
    return { handled, results };
  };

  it('reads a catalog file inside the local publish directory as a file location', async () => {
    const target = root.resolve('repos/invoice-api/catalog-info.yaml');
    const { handled, results } = await read(target);
    expect(handled).toBe(true);
    expect(results).toEqual([
      {
        type: 'entity',
        entity: expect.objectContaining({
          kind: 'Component',
          metadata: { name: 'invoice-api' },
        }),
        location: { type: 'file', target },
      },
    ]);
  });

  it('refuses files outside the directory, also through ..', async () => {
    for (const target of [
      root.resolve('secret.yaml'),
      root.resolve('repos/../secret.yaml'),
      repos,
    ]) {
      const { handled, results } = await read(target);
      expect(handled).toBe(true);
      expect(results).toEqual([
        expect.objectContaining({
          type: 'error',
          error: expect.objectContaining({
            message: expect.stringContaining(
              'is outside the local publish directory',
            ),
          }),
        }),
      ]);
    }
  });

  it('refuses a symbolic link inside the directory that leads out of it', async () => {
    root.addContent({
      'repos/linked-file/catalog-info.yaml': ctx =>
        ctx.symlink(root.resolve('secret.yaml')),
      'repos/linked-repo': ctx => ctx.symlink(root.path),
    });
    for (const target of [
      root.resolve('repos/linked-file/catalog-info.yaml'),
      root.resolve('repos/linked-repo/secret.yaml'),
    ]) {
      const { handled, results } = await read(target);
      expect(handled).toBe(true);
      expect(results).toEqual([
        expect.objectContaining({
          type: 'error',
          error: expect.objectContaining({
            name: 'InputError',
            message: expect.stringContaining(
              'is outside the local publish directory',
            ),
          }),
        }),
      ]);
    }
  });

  it('judges the directory by its real path when it is itself a link', async () => {
    root.addContent({ 'repos-link': ctx => ctx.symlink(repos) });
    const linked = new LocalRepositoryProcessor(root.resolve('repos-link'));
    const results: CatalogProcessorResult[] = [];
    await linked.readLocation(
      {
        type: LOCAL_REPOSITORY_LOCATION_TYPE,
        target: root.resolve('repos-link/invoice-api/catalog-info.yaml'),
      },
      false,
      result => results.push(result),
      parser,
    );
    expect(results).toEqual([expect.objectContaining({ type: 'entity' })]);
  });

  it('reports a missing file as not found', async () => {
    const { results } = await read(
      root.resolve('repos/gone/catalog-info.yaml'),
    );
    expect(results).toEqual([
      expect.objectContaining({
        type: 'error',
        error: expect.objectContaining({ name: 'NotFoundError' }),
      }),
    ]);
  });

  it('leaves other location types to other processors', async () => {
    const { handled, results } = await read(
      root.resolve('secret.yaml'),
      'file',
    );
    expect(handled).toBe(false);
    expect(results).toEqual([]);
  });
});
