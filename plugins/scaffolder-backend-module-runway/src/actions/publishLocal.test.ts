import { createMockDirectory } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import git from 'isomorphic-git';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import yaml from 'yaml';
import { createPublishLocalAction } from './publishLocal';
import { examples } from './publishLocal.examples';
import { readLocalPublishSettings } from './localPublishSettings';

const workspaceFiles = {
  'catalog-info.yaml': 'kind: Component\n',
  'src/index.ts': 'export {};\n',
  'docs/index.md': '# invoice-api\n',
  '.gitignore': 'node_modules/\n',
  'node_modules/left-pad/index.js': 'ignored\n',
  // A workspace that is a checkout itself: its history must not be published.
  '.git/HEAD': 'ref: refs/heads/other\n',
};

/** Every file of `ref` in the repository, with its content. */
async function committedFiles(dir: string, ref: string) {
  const files: Record<string, string> = {};
  const oid = await git.resolveRef({ fs, dir, ref });
  for (const filepath of await git.listFiles({ fs, dir, ref })) {
    const { blob } = await git.readBlob({ fs, dir, oid, filepath });
    files[filepath] = Buffer.from(blob).toString('utf8');
  }
  return files;
}

describe('runway:publish:local', () => {
  const workspace = createMockDirectory();
  const target = createMockDirectory();
  const enabledConfig = () =>
    new ConfigReader({
      scaffolder: {
        runway: {
          localPublish: { enabled: true, directory: target.path },
        },
      },
    });

  beforeEach(() => {
    workspace.setContent(workspaceFiles);
    target.clear();
  });

  const run = async (
    index: number,
    options: {
      config?: ConfigReader;
      overrides?: Record<string, unknown>;
      isDryRun?: boolean;
      logs?: string[];
    } = {},
  ) => {
    const action = createPublishLocalAction({
      config: options.config ?? enabledConfig(),
    });
    const input = {
      ...yaml.parse(examples[index].example).steps[0].input,
      ...options.overrides,
    };
    const ctx = createMockActionContext({
      workspacePath: workspace.path,
      input,
      user: {
        ref: 'user:default/jane',
        entity: {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'User',
          metadata: { name: 'jane' },
          spec: {
            profile: { displayName: 'Jane Doe', email: 'jane@example.com' },
          },
        },
      },
    });
    // createMockActionContext does not pass isDryRun through.
    ctx.isDryRun = options.isDryRun;
    jest
      .spyOn(ctx.logger, 'info')
      .mockImplementation((message: any) => options.logs?.push(message) as any);
    await action.handler(ctx as any);
    const outputs = Object.fromEntries(
      (ctx.output as jest.Mock).mock.calls.map(([k, v]) => [k, v]),
    );
    return { ctx, input, outputs };
  };

  it('commits the workspace to a new repository and outputs its file: URLs', async () => {
    const { outputs } = await run(0);
    const repo = path.join(target.path, 'invoice-api');
    expect(outputs.repoPath).toBe(repo);
    expect(outputs.remoteUrl).toBe(pathToFileURL(repo).href);
    expect(outputs.repoContentsUrl).toBe(outputs.remoteUrl);

    const log = await git.log({ fs, dir: repo, ref: 'main' });
    expect(log).toHaveLength(1);
    expect(log[0].oid).toBe(outputs.commitHash);
    expect(log[0].commit.message).toBe('Initial commit\n');
    expect(log[0].commit.author).toMatchObject({
      name: 'Jane Doe',
      email: 'jane@example.com',
    });
    // The generated .gitignore applies; the workspace's own .git is not copied.
    expect(await committedFiles(repo, 'main')).toEqual({
      '.gitignore': 'node_modules/\n',
      'catalog-info.yaml': 'kind: Component\n',
      'docs/index.md': '# invoice-api\n',
      'src/index.ts': 'export {};\n',
    });
    expect(await git.currentBranch({ fs, dir: repo })).toBe('main');
    expect(
      await git.statusMatrix({ fs, dir: repo, filepaths: ['src'] }),
    ).toEqual([['src/index.ts', 1, 1, 1]]);
  });

  it('publishes a sub-directory on a chosen branch with a chosen author', async () => {
    const { outputs } = await run(1);
    const repo = path.join(target.path, 'invoice-api-docs');
    const log = await git.log({ fs, dir: repo, ref: 'trunk' });
    expect(log[0].oid).toBe(outputs.commitHash);
    expect(log[0].commit.message).toBe('Add the service documentation\n');
    expect(log[0].commit.author).toMatchObject({
      name: 'Platform Team',
      email: 'platform@example.com',
    });
    expect(await committedFiles(repo, 'trunk')).toEqual({
      'index.md': '# invoice-api\n',
    });
  });

  it('only reports what it would do in a dry-run', async () => {
    const logs: string[] = [];
    const { outputs } = await run(0, { isDryRun: true, logs });
    expect(outputs.remoteUrl).toBe(
      pathToFileURL(path.join(target.path, 'invoice-api')).href,
    );
    expect(outputs.commitHash).toBeUndefined();
    expect(fs.readdirSync(target.path)).toEqual([]);
    expect(logs).toEqual([
      expect.stringContaining(
        `Dry run: would commit the workspace to ${path.join(
          target.path,
          'invoice-api',
        )} (branch main) as Jane Doe <jane@example.com>`,
      ),
    ]);
  });

  it('refuses when local publishing is not enabled, also in a dry-run', async () => {
    const disabled = new ConfigReader({
      scaffolder: { runway: { localPublish: { directory: target.path } } },
    });
    for (const isDryRun of [false, true]) {
      await expect(run(0, { config: disabled, isDryRun })).rejects.toThrow(
        'set scaffolder.runway.localPublish.enabled: true',
      );
    }
    expect(fs.readdirSync(target.path)).toEqual([]);
  });

  it('refuses a name that is taken and leaves that repository alone', async () => {
    await run(0);
    const first = await git.resolveRef({
      fs,
      dir: path.join(target.path, 'invoice-api'),
      ref: 'main',
    });
    await expect(run(0)).rejects.toThrow(
      `repoName: invoice-api already exists in ${target.path}`,
    );
    expect(
      await git.resolveRef({
        fs,
        dir: path.join(target.path, 'invoice-api'),
        ref: 'main',
      }),
    ).toBe(first);
  });

  it.each(['../escape', 'a/b', '.hidden', ''])(
    'refuses the repository name %j',
    async repoName => {
      await expect(run(0, { overrides: { repoName } })).rejects.toThrow(
        /repoName: .* must be letters, digits/,
      );
      expect(fs.readdirSync(target.path)).toEqual([]);
    },
  );

  it.each([
    ['main..dev', 'contains ".."'],
    ['main.lock', 'has a component ending with ".lock" (main.lock)'],
    ['-main', 'starts with "-"'],
    ['feature//x', 'contains "//"'],
    ['main@{1}', 'contains "@{"'],
    ['a b', 'contains a space or control character (U+0020)'],
    ['@', 'is "@" alone'],
  ])(
    'refuses the branch %j with a 400 naming defaultBranch, also in a dry-run',
    async (defaultBranch, reason) => {
      for (const isDryRun of [false, true]) {
        const attempt = run(0, { overrides: { defaultBranch }, isDryRun });
        await expect(attempt).rejects.toMatchObject({
          name: 'InputError',
          message: `defaultBranch: ${JSON.stringify(
            defaultBranch,
          )} is not a valid git branch name: it ${reason}`,
        });
      }
      expect(fs.readdirSync(target.path)).toEqual([]);
    },
  );

  it('commits to a nested branch name git accepts', async () => {
    await run(0, { overrides: { defaultBranch: 'release/2026.12' } });
    const dir = path.join(target.path, 'invoice-api');
    expect(await git.currentBranch({ fs, dir })).toBe('release/2026.12');
  });

  it('removes a half-written repository when committing fails', async () => {
    const spy = jest
      .spyOn(git, 'commit')
      .mockRejectedValueOnce(new Error('disk full'));
    try {
      await expect(run(0)).rejects.toThrow('disk full');
    } finally {
      spy.mockRestore();
    }
    expect(fs.existsSync(path.join(target.path, 'invoice-api'))).toBe(false);
  });
});

describe('readLocalPublishSettings', () => {
  it('is off by default and keeps repositories next to the SQLite files', () => {
    expect(
      readLocalPublishSettings(
        new ConfigReader({
          backend: { database: { connection: { directory: '/data/runway' } } },
        }),
      ),
    ).toEqual({
      enabled: false,
      directory: '/data/runway/local-repositories',
    });
  });

  it('falls back to the temp directory without a data directory', () => {
    expect(
      readLocalPublishSettings(
        new ConfigReader({
          backend: { database: { connection: ':memory:' } },
          scaffolder: { runway: { localPublish: { enabled: true } } },
        }),
      ),
    ).toEqual({
      enabled: true,
      directory: path.join(os.tmpdir(), 'runway-local-repositories'),
    });
  });

  it('resolves a configured relative directory against the working directory', () => {
    expect(
      readLocalPublishSettings(
        new ConfigReader({
          scaffolder: { runway: { localPublish: { directory: 'repos' } } },
        }),
      ).directory,
    ).toBe(path.resolve('repos'));
  });
});
