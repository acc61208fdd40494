import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { checkConformance, filesFromMap } from '../conformance';
import {
  DryRunResult,
  TEMPLATES_DIR,
  dryRunTemplate,
  writeFiles,
} from '../__testUtils__/dryRunTemplate';
import { runActionlint } from '../__testUtils__/validators';

const LANGUAGES = ['typescript', 'python', 'go'];

const values = {
  repoUrl: 'github.com?owner=runway-demo&repo=legacy-billing',
  ci: 'github-actions',
  name: 'legacy-billing',
  description: 'The billing service from before the golden path.',
  owner: 'group:default/team-payments',
  system: 'system:default/payments-platform',
  lifecycle: 'production',
  tier: 'tier-2',
};

function stepStatuses(result: DryRunResult, stepId: string): string[] {
  return (result.body.log ?? [])
    .filter(entry => entry.body.stepId === stepId && entry.body.status)
    .map(entry => entry.body.status!);
}

async function readTree(
  root: string,
  relative = '',
): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await fs.readdir(path.join(root, relative), {
    withFileTypes: true,
  })) {
    const child = path.posix.join(relative, entry.name);
    if (entry.isDirectory()) {
      for (const [file, content] of await readTree(root, child)) {
        files.set(file, content);
      }
    } else {
      files.set(child, await fs.readFile(path.join(root, child), 'utf8'));
    }
  }
  return files;
}

describe.each(LANGUAGES)('retrofit template for %s, dry-run', language => {
  let result: DryRunResult;

  beforeAll(async () => {
    result = await dryRunTemplate({
      templateName: 'retrofit',
      values: { ...values, language },
    });
    if (result.status !== 200) {
      throw new Error(
        `dry-run failed: ${JSON.stringify(result.body, null, 2)}`,
      );
    }
  }, 120_000);

  it('adds conformant golden-path wiring and opens a pull request instead of a new repository', async () => {
    expect(stepStatuses(result, 'conformance')).toContain('completed');
    expect(stepStatuses(result, 'pull-request')).toEqual([
      'processing',
      'completed',
    ]);
    expect(stepStatuses(result, 'merge-request')).toContain('skipped');
    const report = await checkConformance(filesFromMap(result.files), {
      ci: 'github-actions',
    });
    expect(report.passed).toBe(true);
    expect(result.files.get('catalog-info.yaml')).toContain(
      'runway.dev/template: template:default/retrofit',
    );
    expect(result.files.get('docs/index.md')).toContain(
      'What the added wiring expects from the service',
    );
  });

  it('adds workflows that pass actionlint', async () => {
    const dir = await fs.mkdtemp(
      path.join(os.tmpdir(), `runway-retrofit-${language}-`),
    );
    try {
      await writeFiles(dir, result.files);
      const lint = await runActionlint(dir);
      expect(lint).toEqual(expect.objectContaining({ ok: true }));
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('retrofit template copies', () => {
  // The retrofit carries its own copies (a template can only fetch from its own folder);
  // these must not drift from the service templates they come from.
  it.each(LANGUAGES)(
    'has the same %s CI, GitLab CI and Dockerfile as the service template',
    async language => {
      const retrofit = path.join(TEMPLATES_DIR, 'retrofit/languages', language);
      const service = path.join(TEMPLATES_DIR, `${language}-service`);
      expect(await readTree(path.join(retrofit, 'ci-github'))).toEqual(
        await readTree(path.join(service, 'ci-github')),
      );
      expect(await readTree(path.join(retrofit, 'ci-gitlab'))).toEqual(
        await readTree(path.join(service, 'ci-gitlab')),
      );
      for (const [file, content] of await readTree(
        path.join(retrofit, 'files'),
      )) {
        expect({ file, content }).toEqual({
          file,
          content: await fs.readFile(
            path.join(service, 'skeleton', file),
            'utf8',
          ),
        });
      }
    },
  );

  it('has the same deploy manifests, monitoring, runbook and report script as the service templates', async () => {
    const common = path.join(TEMPLATES_DIR, 'retrofit/common');
    const skeleton = path.join(TEMPLATES_DIR, 'typescript-service/skeleton');
    for (const dir of ['deploy', 'scripts']) {
      expect(await readTree(path.join(common, dir))).toEqual(
        await readTree(path.join(skeleton, dir)),
      );
    }
    for (const file of [
      'SECURITY.md',
      'CODEOWNERS',
      'mkdocs.yml',
      'docs/runbook.md',
      'docs/operations.md',
      'monitoring/dashboard.json',
    ]) {
      expect({
        file,
        content: await fs.readFile(path.join(common, file), 'utf8'),
      }).toEqual({
        file,
        content: await fs.readFile(path.join(skeleton, file), 'utf8'),
      });
    }
    const withoutComments = (text: string) => text.replace(/^#.*$/gm, '');
    expect(
      withoutComments(
        await fs.readFile(path.join(common, 'monitoring/alerts.yaml'), 'utf8'),
      ),
    ).toEqual(
      withoutComments(
        await fs.readFile(
          path.join(skeleton, 'monitoring/alerts.yaml'),
          'utf8',
        ),
      ),
    );
  });
});
