import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { ScmIntegrations } from '@backstage/integration';
import { ChangelogReader } from './ChangelogReader';

function template(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: { name: 'typescript-service', annotations },
    spec: {},
  };
}

const CHANGELOG = '# Changelog\n\n## 1.1.0\n\n- PDB\n\n## 1.0.0\n\n- First\n';

describe('ChangelogReader', () => {
  const dir = createMockDirectory();
  const urlReader = mockServices.urlReader.mock();
  const reader = new ChangelogReader({
    urlReader,
    integrations: ScmIntegrations.fromConfig(new ConfigReader({})),
  });

  beforeEach(() => {
    dir.clear();
    jest.resetAllMocks();
  });

  it('reads CHANGELOG.md next to a template from a file location', async () => {
    dir.setContent({
      'templates/ts/template.yaml': 'kind: Template',
      'templates/ts/CHANGELOG.md': CHANGELOG,
    });
    const result = await reader.read(
      template({
        'backstage.io/managed-by-location': `file:${dir.resolve(
          'templates/ts/template.yaml',
        )}`,
        'backstage.io/managed-by-origin-location': `file:${dir.resolve(
          'all.yaml',
        )}`,
      }),
    );
    expect(result).toEqual({
      entries: [
        { version: '1.1.0', body: '- PDB' },
        { version: '1.0.0', body: '- First' },
      ],
    });
  });

  it('says which file is missing instead of failing', async () => {
    dir.setContent({ 'templates/ts/template.yaml': 'kind: Template' });
    const changelog = dir.resolve('templates/ts/CHANGELOG.md');
    expect(
      await reader.read(
        template({
          'backstage.io/managed-by-origin-location': `file:${dir.resolve(
            'templates/ts/template.yaml',
          )}`,
        }),
      ),
    ).toEqual({
      entries: [],
      error: `could not read file:${changelog}: no such file`,
    });
  });

  it('reads a url location through the UrlReader', async () => {
    urlReader.readUrl.mockResolvedValue({
      buffer: async () => Buffer.from(CHANGELOG),
    } as any);
    const result = await reader.read(
      template({
        'backstage.io/managed-by-location':
          'url:https://github.com/acme/templates/blob/main/ts/template.yaml',
      }),
    );
    // Resolved the way the catalog resolves relative locations (GitHub: a tree URL, which
    // the GitHub UrlReader reads like a blob URL).
    expect(urlReader.readUrl).toHaveBeenCalledWith(
      'https://github.com/acme/templates/tree/main/ts/CHANGELOG.md',
    );
    expect(result.entries.map(e => e.version)).toEqual(['1.1.0', '1.0.0']);
  });

  it('reports an unreadable URL, a location type it cannot follow, and no location', async () => {
    urlReader.readUrl.mockRejectedValue(new NotFoundError('404 Not Found'));
    expect(
      await reader.read(
        template({
          'backstage.io/managed-by-location':
            'url:https://example.com/t/template.yaml',
        }),
      ),
    ).toEqual({
      entries: [],
      error: 'could not read https://example.com/t/CHANGELOG.md: 404 Not Found',
    });
    expect(
      (
        await reader.read(
          template({ 'backstage.io/managed-by-location': 'inline:x' }),
        )
      ).error,
    ).toMatch(/location of type inline/);
    expect((await reader.read(template({}))).error).toMatch(
      /no backstage.io\/managed-by-location/,
    );
  });
});
