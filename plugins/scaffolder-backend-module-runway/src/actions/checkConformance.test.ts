import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import yaml from 'yaml';
import { createCheckConformanceAction } from './checkConformance';
import { examples } from './checkConformance.examples';

describe('runway:conformance:check', () => {
  const workspace = createMockDirectory();
  const action = createCheckConformanceAction();

  beforeEach(() => {
    // A repository with a Dockerfile and little else: most checks fail.
    const dockerfile =
      'FROM node:22@sha256:abc AS build\nFROM gcr.io/distroless/nodejs22@sha256:def\nUSER 65532\n';
    workspace.setContent({
      Dockerfile: dockerfile,
      'service/Dockerfile': dockerfile,
    });
  });

  const contextFor = (index: number) =>
    createMockActionContext({
      workspacePath: workspace.path,
      input: yaml.parse(examples[index].example).steps[0].input,
    });

  it('fails the task with a report naming what is missing', async () => {
    const ctx = contextFor(0);
    const failure = action.handler(ctx as any);
    await expect(failure).rejects.toThrow(/7 of 8 checks fail/);
    await expect(failure).rejects.toThrow(/catalog-info.yaml is missing/);
    await expect(failure).rejects.toThrow(/\| container-image \| pass \|/);
    expect(ctx.output).toHaveBeenCalledWith('passed', false);
  });

  it('only reports when failOnViolation is false, in the given sub-directory', async () => {
    const ctx = contextFor(1);
    await action.handler(ctx as any);
    expect(ctx.output).toHaveBeenCalledWith('passed', false);
    expect(ctx.output).toHaveBeenCalledWith(
      'report',
      expect.stringMatching(/\.gitlab-ci\.yml is missing/),
    );
  });
});
