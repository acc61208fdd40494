import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { checkConformance, filesFromMap } from '../conformance';
import {
  DryRunResult,
  TEMPLATES_DIR,
  writeFiles, renderTemplate } from '../__testUtils__/dryRunTemplate';
import { runActionlint } from '../__testUtils__/validators';

const LANGUAGES = ['typescript', 'python', 'go'];

const values = {
  // Replace: these dry-runs have no repository to read (the keep cases below mock one).
  existingFiles: 'replace',
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
    result = await renderTemplate({
      templateName: 'retrofit',
      values: { ...values, language },
    });
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

/** A repository's files as the tar.gz archive GitHub's and GitLab's APIs serve. */
async function tarball(files: Record<string, string>): Promise<Buffer> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'runway-existing-'));
  try {
    // Both archives put the files under one top folder, which the URL readers strip.
    const top = 'legacy-billing-0123abc';
    for (const [file, content] of Object.entries(files)) {
      await fs.mkdir(path.dirname(path.join(dir, top, file)), {
        recursive: true,
      });
      await fs.writeFile(path.join(dir, top, file), content);
    }
    await promisify(execFile)('tar', ['-czf', 'repo.tar.gz', top], {
      cwd: dir,
    });
    return await fs.readFile(path.join(dir, 'repo.tar.gz'));
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** The API calls Backstage's URL reader makes to read a repository's default branch. */
function fakeRepositoryApi(host: 'github.com' | 'gitlab.com', archive: Buffer) {
  const requests: string[] = [];
  const gzip = () =>
    new HttpResponse(archive, {
      headers: { 'content-type': 'application/x-gzip' },
    });
  if (host === 'github.com') {
    const api = 'https://api.github.com/repos/Runway-Demo/legacy-billing';
    return {
      requests,
      handlers: [
        http.get(api, () => {
          requests.push('repository');
          return HttpResponse.json({ default_branch: 'main' });
        }),
        http.get(`${api}/commits/main/status`, () =>
          HttpResponse.json({
            sha: '0123abc',
            repository: {
              archive_url: `${api}/{archive_format}{/ref}`,
              trees_url: `${api}/git/trees{/sha}`,
            },
          }),
        ),
        http.get(`${api}/tarball/0123abc`, () => {
          requests.push('archive');
          return gzip();
        }),
      ],
    };
  }
  return {
    requests,
    handlers: [
      http.get('https://gitlab.com/api/v4/projects/*', ({ request }) => {
        const url = new URL(request.url);
        const project = 'Runway-Demo%2Flegacy-billing';
        if (url.pathname === `/api/v4/projects/${project}`) {
          requests.push('repository');
          return HttpResponse.json({ default_branch: 'main' });
        }
        if (url.pathname.endsWith('/repository/commits')) {
          return HttpResponse.json([{ id: '0123abc' }]);
        }
        if (url.pathname.endsWith('/repository/archive')) {
          requests.push('archive');
          return gzip();
        }
        return new HttpResponse(null, { status: 404 });
      }),
    ],
  };
}

interface ExistingRepository {
  host: 'github.com' | 'gitlab.com';
  ci: string;
  language: string;
  /** The repository before the retrofit: path -> content. */
  files: Record<string, string>;
  kept: string[];
  added: string[];
  replaced: string;
  publishStep: string;
  /** The form's choice; undefined leaves it out of the request. */
  existingFiles?: string;
}

const EXISTING_REPOSITORIES: ExistingRepository[] = [
  {
    host: 'github.com',
    ci: 'github-actions',
    language: 'typescript',
    files: {
      CODEOWNERS: '* @Runway-Demo/billing-team\n',
      '.github/SECURITY.md': '# Report to security@runway-demo.example\n',
      Dockerfile: 'FROM node:22\nCOPY . .\nCMD ["node", "server.js"]\n',
      'docs/index.md': '# Legacy billing\n\nOur own documentation.\n',
      '.github/workflows/ci.yml': 'name: old ci\non: push\n',
      'catalog-info.yaml':
        'apiVersion: backstage.io/v1alpha1\nkind: Component\n',
      'src/server.ts': 'export {};\n',
    },
    // Theirs: never in the pull request (SECURITY.md: theirs is in .github/).
    kept: ['CODEOWNERS', 'SECURITY.md', 'Dockerfile', 'docs/index.md'],
    // The CI reads the Node version from .nvmrc.
    added: [
      '.nvmrc',
      '.dockerignore',
      'mkdocs.yml',
      'docs/runbook.md',
      'docs/operations.md',
    ],
    replaced: '.github/workflows/ci.yml',
    publishStep: 'pull-request',
    existingFiles: 'keep',
  },
  {
    host: 'gitlab.com',
    ci: 'gitlab-ci',
    language: 'go',
    files: {
      // GitLab reads a root CODEOWNERS first: one added there would shadow this one.
      '.gitlab/CODEOWNERS': '* @runway-demo/billing\n',
      'SECURITY.md': '# Report to security@runway-demo.example\n',
      Dockerfile: 'FROM golang:1.23\nCOPY . .\nRUN go build ./cmd/server\n',
      '.golangci.yml': 'linters:\n  enable: [gosec]\n',
      'mkdocs.yml': 'site_name: legacy-billing\n',
      'docs/index.md': '# Legacy billing\n',
      '.gitlab-ci.yml': 'test:\n  script: [go test ./...]\n',
      'cmd/server/main.go': 'package main\n\nfunc main() {}\n',
    },
    kept: [
      'CODEOWNERS',
      'SECURITY.md',
      'Dockerfile',
      '.golangci.yml',
      'mkdocs.yml',
      'docs/index.md',
    ],
    added: ['.dockerignore', 'docs/runbook.md', 'docs/operations.md'],
    replaced: '.gitlab-ci.yml',
    publishStep: 'merge-request',
    // Left out, as an API caller may: an omitted choice must keep the team's files too.
    existingFiles: undefined,
  },
];

describe.each(EXISTING_REPOSITORIES)(
  'retrofit ($host, $language) over a repository with its own CODEOWNERS, Dockerfile and docs',
  repository => {
    const server = setupServer();
    // The dry-run's own requests to the test backend go through untouched.
    beforeAll(() => server.listen({ onUnhandledRequest: 'bypass' }));
    afterAll(() => server.close());

    let result: DryRunResult;
    let requests: string[];

    beforeAll(async () => {
      const api = fakeRepositoryApi(
        repository.host,
        await tarball(repository.files),
      );
      requests = api.requests;
      server.use(...api.handlers);
      result = await renderTemplate({
        templateName: 'retrofit',
        values: {
          ...values,
          repoUrl: `${repository.host}?owner=Runway-Demo&repo=legacy-billing`,
          ci: repository.ci,
          language: repository.language,
          existingFiles: repository.existingFiles,
        },
      });
    }, 120_000);

    it('reads the repository through the SCM integration', () => {
      expect(requests).toEqual(['repository', 'archive']);
    });

    it("leaves the repository's own files out of the pull request", () => {
      for (const file of repository.kept) {
        expect({ file, inPullRequest: result.files.has(file) }).toEqual({
          file,
          inPullRequest: false,
        });
      }
    });

    it('adds those it lacks, as the service templates have them', async () => {
      for (const file of repository.added) {
        expect({ file, added: result.files.has(file) }).toEqual({
          file,
          added: true,
        });
      }
      // .nvmrc is TypeScript's (its CI reads the Node version from it), the skeleton's own.
      const nvmrc =
        repository.language === 'typescript'
          ? await fs.readFile(
              path.join(TEMPLATES_DIR, 'typescript-service/skeleton/.nvmrc'),
              'utf8',
            )
          : undefined;
      expect(result.files.get('.nvmrc')).toBe(nvmrc);
    });

    it('replaces the wiring (CI, catalog-info.yaml) and carries nothing else of the repository', () => {
      const existing = repository.files;
      expect(result.files.get(repository.replaced)).toBeDefined();
      expect(result.files.get(repository.replaced)).not.toBe(
        existing[repository.replaced],
      );
      expect(result.files.get('catalog-info.yaml')).toContain(
        'runway.dev/template: template:default/retrofit',
      );
      expect(result.files.has('deploy/base/kustomization.yaml')).toBe(true);
      const paths = [...result.files.keys()];
      const untouched = Object.keys(existing).filter(
        file => file !== repository.replaced && file !== 'catalog-info.yaml',
      );
      expect(paths.filter(p => untouched.includes(p))).toEqual([]);
      expect(paths.filter(p => p.startsWith('.runway-merged'))).toEqual([]);
    });

    it('checks conformance of the repository as merged, and reports rather than fails on its own files', () => {
      // The task runs to the end (GitLab's merge request action has no dry-run: skipped).
      expect(stepStatuses(result, 'conformance')).toContain('completed');
      expect(stepStatuses(result, repository.publishStep)).not.toContain(
        'failed',
      );
      const report = JSON.stringify(result.body.output);
      // The repository's Dockerfile (base image not pinned by digest) is what the report flags...
      expect(report).toMatch(/container-image \| FAIL/);
      // ...while its CODEOWNERS, wherever it lives, counts.
      expect(report).not.toMatch(/CODEOWNERS is missing/);
    });
  },
);

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
    // The service's own files (kept when the repository has them) are under own/.
    const own = path.join(TEMPLATES_DIR, 'retrofit/own');
    for (const [folder, file] of [
      [own, 'SECURITY.md'],
      [own, 'CODEOWNERS'],
      [own, 'mkdocs.yml'],
      [own, 'docs/runbook.md'],
      [own, 'docs/operations.md'],
      [common, 'monitoring/dashboard.json'],
      [common, 'monitoring/kustomization.yaml'],
    ]) {
      expect({
        file,
        content: await fs.readFile(path.join(folder, file), 'utf8'),
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
