import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import fs from 'node:fs/promises';
import path from 'node:path';
import yaml from 'yaml';
import { createRecordTemplateAction } from './recordTemplate';
import { examples } from './recordTemplate.examples';

const catalogInfo = `# Owned by payments
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: invoice-api
  annotations:
    github.com/project-slug: acme/invoice-api # the repository
spec:
  type: service
  owner: team-payments
  lifecycle: experimental
`;

describe('runway:template:record', () => {
  const workspace = createMockDirectory();
  const action = createRecordTemplateAction();

  const templateInfo = {
    entityRef: 'template:default/dry-run',
    entity: {
      metadata: {
        name: 'typescript-service',
        annotations: { 'runway.dev/template-version': '1.4.0' },
      },
    },
  };

  beforeEach(() => {
    workspace.setContent({
      'catalog-info.yaml': catalogInfo,
      'service/catalog-info.yaml': catalogInfo,
    });
  });

  const runExample = async (
    index: number,
    overrides: Record<string, unknown> = {},
  ) => {
    const input = yaml.parse(examples[index].example).steps[0].input;
    const ctx = createMockActionContext({
      workspacePath: workspace.path,
      templateInfo,
      input: { ...input, ...overrides },
    });
    await action.handler(ctx as any);
    return { ctx, input };
  };

  it('records the running template and its own version, keeping comments', async () => {
    const { ctx } = await runExample(0);
    const text = await fs.readFile(
      path.join(workspace.path, 'catalog-info.yaml'),
      'utf8',
    );
    expect(yaml.parse(text).metadata.annotations).toEqual({
      'github.com/project-slug': 'acme/invoice-api',
      'runway.dev/template': 'template:default/typescript-service',
      'runway.dev/template-version': '1.4.0',
    });
    expect(text).toContain('# Owned by payments');
    expect(text).toContain('# the repository');
    expect(ctx.output).toHaveBeenCalledWith('templateVersion', '1.4.0');
    expect(ctx.output).toHaveBeenCalledWith(
      'templateRef',
      'template:default/typescript-service',
    );
  });

  it('records an explicit version in a sub-directory', async () => {
    await runExample(1);
    const text = await fs.readFile(
      path.join(workspace.path, 'service/catalog-info.yaml'),
      'utf8',
    );
    expect(
      yaml.parse(text).metadata.annotations['runway.dev/template-version'],
    ).toBe('2.1.0');
  });

  it('refuses a template without a version', async () => {
    const ctx = createMockActionContext({
      workspacePath: workspace.path,
      templateInfo: {
        entityRef: 'template:default/x',
        entity: { metadata: { name: 'bare' } },
      },
      input: { catalogInfoPath: 'catalog-info.yaml' },
    });
    await expect(action.handler(ctx as any)).rejects.toThrow(
      'template:default/bare has no runway.dev/template-version annotation',
    );
  });

  it('names a catalog file that does not exist', async () => {
    await expect(
      runExample(0, { catalogInfoPath: 'nope/catalog-info.yaml' }),
    ).rejects.toThrow(
      'catalogInfoPath: nope/catalog-info.yaml does not exist in the workspace',
    );
  });

  it('refuses paths outside the workspace', async () => {
    await expect(
      runExample(0, { catalogInfoPath: '../outside.yaml' }),
    ).rejects.toThrow(/outside/i);
  });
});
