import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { JsonObject } from '@backstage/types';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import githubScaffolderModule from '@backstage/plugin-scaffolder-backend-module-github';
import gitlabScaffolderModule from '@backstage/plugin-scaffolder-backend-module-gitlab';
import fs from 'node:fs/promises';
import path from 'node:path';
import request from 'supertest';
import { parse } from 'yaml';
import { scaffolderModuleRunway } from '../module';

export const TEMPLATES_DIR = path.resolve(__dirname, '../../../../templates');

/** Configuration the real actions read; the secrets are test values, not credentials. */
export const TEST_CONFIG = {
  backend: { baseUrl: 'http://localhost:7150' },
  delivery: { github: { webhookSecret: 'test-webhook-secret' } },
  integrations: {
    github: [{ host: 'github.com', token: 'test-github-token' }],
    gitlab: [{ host: 'gitlab.com', token: 'test-gitlab-token' }],
  },
};

export interface DryRunResult {
  status: number;
  body: {
    log?: { body: { message: string; stepId?: string; status?: string } }[];
    steps?: { id: string; action: string }[];
    output?: Record<string, unknown>;
    directoryContents?: { path: string; base64Content: string }[];
    errors?: unknown[];
    error?: { message: string };
  };
  /** The generated repository: path -> text. */
  files: Map<string, string>;
}

async function listFiles(root: string, relative = ''): Promise<string[]> {
  const entries = await fs.readdir(path.join(root, relative), {
    withFileTypes: true,
  });
  const files: string[] = [];
  for (const entry of entries) {
    const child = path.posix.join(relative, entry.name);
    if (entry.isDirectory()) {
      files.push(...(await listFiles(root, child)));
    } else {
      files.push(child);
    }
  }
  return files;
}

/** A template folder as the dry-run endpoint takes it; `mutate` edits it (e.g. removes a file). */
export async function loadTemplate(
  templateName: string,
  mutate?: (files: Map<string, Buffer>) => void,
) {
  const root = path.join(TEMPLATES_DIR, templateName);
  const files = new Map<string, Buffer>();
  for (const file of await listFiles(root)) {
    files.set(file, await fs.readFile(path.join(root, file)));
  }
  mutate?.(files);
  const template = parse(files.get('template.yaml')!.toString('utf8'));
  return {
    template,
    directoryContents: [...files].map(([filePath, content]) => ({
      path: filePath,
      base64Content: content.toString('base64'),
    })),
  };
}

/**
 * Runs a template through Backstage's own scaffolder backend (POST /v2/dry-run) with Runway's
 * actions and GitHub's, in a test backend. Steps whose actions do not support dry-run (publish,
 * catalog:register) are skipped by the scaffolder itself, exactly as in the portal's editor.
 */
export async function dryRunTemplate(options: {
  templateName: string;
  values: Record<string, unknown>;
  mutate?: (files: Map<string, Buffer>) => void;
  /** Replaces TEST_CONFIG. */
  config?: JsonObject;
}): Promise<DryRunResult> {
  const { template, directoryContents } = await loadTemplate(
    options.templateName,
    options.mutate,
  );
  const backend = await startTestBackend({
    features: [
      scaffolderPlugin,
      githubScaffolderModule,
      gitlabScaffolderModule,
      scaffolderModuleRunway,
      catalogServiceMock.factory({ entities: [] }),
      mockServices.rootConfig.factory({
        data: options.config ?? TEST_CONFIG,
      }),
    ],
  });
  try {
    const response = await request(backend.server)
      .post('/api/scaffolder/v2/dry-run')
      .send({ template, values: options.values, directoryContents });
    const files = new Map<string, string>(
      (response.body.directoryContents ?? []).map(
        (file: { path: string; base64Content: string }) => [
          file.path,
          Buffer.from(file.base64Content, 'base64').toString('utf8'),
        ],
      ),
    );
    return { status: response.status, body: response.body, files };
  } finally {
    await backend.stop();
  }
}

/** dryRunTemplate for tests that need the generated files: fails with the scaffolder's answer. */
export async function renderTemplate(
  options: Parameters<typeof dryRunTemplate>[0],
): Promise<DryRunResult> {
  const result = await dryRunTemplate(options);
  if (result.status !== 200) {
    throw new Error(`dry-run failed: ${JSON.stringify(result.body, null, 2)}`);
  }
  return result;
}

export async function writeFiles(dir: string, files: Map<string, string>) {
  for (const [filePath, content] of files) {
    const target = path.join(dir, filePath);
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(target, content);
  }
}
