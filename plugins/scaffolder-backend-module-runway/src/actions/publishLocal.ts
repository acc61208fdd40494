import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  createTemplateAction,
  getRepoSourceDirectory,
} from '@backstage/plugin-scaffolder-node';
import git from 'isomorphic-git';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { invalidBranchNameReason } from './gitRefName';
import { examples } from './publishLocal.examples';
import {
  assertLocalPublishEnabled,
  readLocalPublishSettings,
} from './localPublishSettings';

export const PUBLISH_LOCAL_ACTION_ID = 'runway:publish:local';

const REPO_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const DEFAULT_AUTHOR = {
  name: 'Scaffolder',
  email: 'scaffolder@runway.invalid',
};

/**
 * `runway:publish:local`: commits the workspace into a new git repository on the backend's
 * disk, for demo and evaluation portals with no GitHub or GitLab to publish to. Outputs
 * `remoteUrl` and `repoContentsUrl` (file: URLs) in the places publish:github does, so the
 * template's later steps read them the same way.
 */
export function createPublishLocalAction(options: { config: Config }) {
  const settings = readLocalPublishSettings(options.config);
  return createTemplateAction({
    id: PUBLISH_LOCAL_ACTION_ID,
    description:
      'Commits the workspace into a new local git repository under scaffolder.runway.localPublish.directory (demo and evaluation portals; off unless scaffolder.runway.localPublish.enabled).',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        repoName: z =>
          z
            .string({
              description:
                'Folder name of the new repository under the configured directory',
            })
            .regex(
              REPO_NAME,
              'letters, digits, ".", "_" and "-", starting with a letter or digit',
            ),
        sourcePath: z =>
          z
            .string({
              description:
                'Sub-directory of the workspace to publish; default: the whole workspace',
            })
            .optional(),
        defaultBranch: z =>
          z
            .string({
              description:
                'Branch to commit to; a valid git branch name (git check-ref-format --branch)',
            })
            .default('main'),
        gitCommitMessage: z =>
          z
            .string({ description: 'Message of the first commit' })
            .default('Initial commit'),
        gitAuthorName: z =>
          z
            .string({
              description:
                "Commit author; default: the task user's display name, else Scaffolder",
            })
            .optional(),
        gitAuthorEmail: z =>
          z
            .string({
              description:
                "Commit author's e-mail; default: the task user's, else scaffolder@runway.invalid",
            })
            .optional(),
      },
      output: {
        remoteUrl: z =>
          z.string({
            description: 'file: URL of the repository (git clone takes it)',
          }),
        repoContentsUrl: z =>
          z.string({
            description: 'file: URL of the repository root (working tree)',
          }),
        repoPath: z =>
          z.string({ description: 'Absolute path of the repository' }),
        commitHash: z =>
          z
            .string({
              description: 'The commit created (not set in dry-run)',
            })
            .optional(),
      },
    },
    async handler(ctx) {
      const {
        repoName,
        sourcePath,
        defaultBranch = 'main',
        gitCommitMessage = 'Initial commit',
      } = ctx.input;
      assertLocalPublishEnabled(settings, PUBLISH_LOCAL_ACTION_ID);
      // Also checked here, not only by the schema: the name becomes a path, and "/" or ".."
      // would leave the configured directory.
      if (!REPO_NAME.test(repoName)) {
        throw new InputError(
          `repoName: "${repoName}" must be letters, digits, ".", "_" and "-", starting with a letter or digit`,
        );
      }
      const branchProblem = invalidBranchNameReason(defaultBranch);
      if (branchProblem) {
        throw new InputError(
          `defaultBranch: ${JSON.stringify(
            defaultBranch,
          )} is not a valid git branch name: it ${branchProblem}`,
        );
      }
      const repoPath = path.join(settings.directory, repoName);
      if (fs.existsSync(repoPath)) {
        throw new InputError(
          `repoName: ${repoName} already exists in ${settings.directory}; choose another name or remove that folder`,
        );
      }
      const source = getRepoSourceDirectory(ctx.workspacePath, sourcePath);
      const remoteUrl = pathToFileURL(repoPath).href;
      const profile = ctx.user?.entity?.spec?.profile;
      const author = {
        name:
          ctx.input.gitAuthorName ??
          profile?.displayName ??
          DEFAULT_AUTHOR.name,
        email:
          ctx.input.gitAuthorEmail ?? profile?.email ?? DEFAULT_AUTHOR.email,
      };

      ctx.output('remoteUrl', remoteUrl);
      ctx.output('repoContentsUrl', remoteUrl);
      ctx.output('repoPath', repoPath);
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would commit ${
            sourcePath ?? 'the workspace'
          } to ${repoPath} (branch ${defaultBranch}) as ${author.name} <${
            author.email
          }>`,
        );
        return;
      }

      await fs.promises.mkdir(settings.directory, { recursive: true });
      try {
        // Not recursive: fails with EEXIST when another task took the name since the check above.
        await fs.promises.mkdir(repoPath);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
          throw new InputError(
            `repoName: ${repoName} already exists in ${settings.directory}`,
          );
        }
        throw error;
      }
      try {
        await fs.promises.cp(source, repoPath, {
          recursive: true,
          // A workspace that is itself a checkout must not bring its own history along.
          filter: file => path.relative(source, file) !== '.git',
        });
        await git.init({ fs, dir: repoPath, defaultBranch });
        // Honours the generated .gitignore, as `git add .` would.
        await git.add({ fs, dir: repoPath, filepath: '.' });
        const commitHash = await git.commit({
          fs,
          dir: repoPath,
          message: gitCommitMessage,
          author,
          committer: author,
        });
        ctx.logger.info(
          `Committed ${commitHash.slice(
            0,
            7,
          )} to ${defaultBranch} of ${repoPath}; clone it with: git clone ${remoteUrl}`,
        );
        ctx.output('commitHash', commitHash);
      } catch (error) {
        // A half-written repository would block a retry with the same name.
        await fs.promises.rm(repoPath, { recursive: true, force: true });
        throw error;
      }
    },
  });
}
