import {
  DefaultGithubCredentialsProvider,
  GithubCredentialsProvider,
  ScmIntegrationRegistry,
} from '@backstage/integration';
import { InputError, ResponseError } from '@backstage/errors';
import { GitOpsChange, GitOpsRepository } from './GitOpsProvisioner';
import { ProvisioningContext, ProvisioningPendingError } from './types';

/** A branch name or path in a URL: slashes stay, each segment is escaped. */
function refPath(name: string): string {
  return name.split('/').map(encodeURIComponent).join('/');
}

interface TreeEntry {
  path: string;
  mode: '100644';
  type: 'blob';
  content?: string;
  sha?: null;
}

/**
 * A GitHub repository changed through pull requests: each change is a branch
 * `runway/<step>-<environment>` with one commit, and a pull request into the base branch
 * that reviewers (or an auto-merge rule) merge for GitOps tooling to apply it. Credentials
 * come from the matching `integrations.github` entry (token or GitHub App).
 *
 * Every step is idempotent: an existing branch or pull request is reused, and a commit
 * whose tree equals the branch's is not made again.
 */
export class GithubPullRequestRepository implements GitOpsRepository {
  static fromIntegrations(options: {
    integrations: ScmIntegrationRegistry;
    repoUrl: string;
    baseBranch: string;
  }): GithubPullRequestRepository {
    const integration = options.integrations.github.byUrl(options.repoUrl);
    if (!integration) {
      throw new InputError(
        `environments.provisioner.gitops.github.repoUrl: no integrations.github entry matches ${options.repoUrl}`,
      );
    }
    return new GithubPullRequestRepository({
      repoUrl: options.repoUrl,
      apiBaseUrl: integration.config.apiBaseUrl ?? 'https://api.github.com',
      baseBranch: options.baseBranch,
      credentials: DefaultGithubCredentialsProvider.fromIntegrations(
        options.integrations,
      ),
    });
  }

  private readonly owner: string;
  private readonly repo: string;

  constructor(
    private readonly options: {
      repoUrl: string;
      apiBaseUrl: string;
      baseBranch: string;
      credentials: GithubCredentialsProvider;
    },
  ) {
    const [owner, repo] = new URL(options.repoUrl).pathname
      .replace(/^\/+|\/+$|\.git$/g, '')
      .split('/');
    if (!owner || !repo) {
      throw new InputError(
        `environments.provisioner.gitops.github.repoUrl: ${options.repoUrl} does not name a repository (https://github.com/OWNER/REPO)`,
      );
    }
    this.owner = owner;
    this.repo = repo;
  }

  async apply(
    change: GitOpsChange,
    context: ProvisioningContext,
  ): Promise<string> {
    const branch = `runway/${change.stepPrefix}-${change.folder
      .split('/')
      .pop()}`;
    await context.checkpoint(`${change.stepPrefix}:branch`, () =>
      this.createBranch(branch),
    );
    await context.checkpoint(`${change.stepPrefix}:commit`, () =>
      this.commit(branch, change),
    );
    const url = await context.checkpoint(
      `${change.stepPrefix}:pull-request`,
      () => this.openPullRequest(branch, change),
    );
    // The change is applied by GitOps tooling once merged: until then the environment is
    // not ready (or not gone). Asked again on every run, so it is never checkpointed.
    await this.requireMerged(url);
    return url;
  }

  private async requireMerged(url: string): Promise<void> {
    const number = Number(url.split('/').pop());
    if (!Number.isInteger(number)) {
      throw new InputError(`${url} is not a pull request URL`);
    }
    let pull: { state: 'open' | 'closed'; merged_at: string | null };
    try {
      pull = await this.call('GET', `/pulls/${number}`);
    } catch (error) {
      // Asked on every run while the review lasts: a GitHub hiccup must not fail an
      // environment whose change is already submitted. Only a missing pull request does.
      if (error instanceof ResponseError && error.statusCode === 404) {
        throw new Error(`${url} no longer exists; retry to open it again`);
      }
      throw new ProvisioningPendingError(
        `could not check ${url} (${
          (error as Error).message
        }); asking again on the next run`,
      );
    }
    if (pull.merged_at) {
      return;
    }
    if (pull.state === 'closed') {
      throw new Error(
        `${url} was closed without being merged; reopen and merge it, then retry`,
      );
    }
    throw new ProvisioningPendingError(`waiting for ${url} to be merged`);
  }

  private async createBranch(branch: string): Promise<string> {
    const base = await this.call<{ object: { sha: string } }>(
      'GET',
      `/git/ref/heads/${refPath(this.options.baseBranch)}`,
    );
    try {
      await this.call('POST', '/git/refs', {
        ref: `refs/heads/${branch}`,
        sha: base.object.sha,
      });
    } catch (error) {
      // 422: the branch exists, from an earlier run of this step.
      if (!(error instanceof ResponseError && error.statusCode === 422)) {
        throw error;
      }
    }
    return branch;
  }

  private async commit(branch: string, change: GitOpsChange): Promise<string> {
    const head = await this.call<{ object: { sha: string } }>(
      'GET',
      `/git/ref/heads/${refPath(branch)}`,
    );
    const headCommit = await this.call<{ tree: { sha: string } }>(
      'GET',
      `/git/commits/${head.object.sha}`,
    );
    const entries = change.files
      ? Object.entries(change.files).map(
          ([path, content]): TreeEntry => ({
            path: `${change.folder}/${path}`,
            mode: '100644',
            type: 'blob',
            content,
          }),
        )
      : (await this.listFolder(change.folder, branch)).map(
          (path): TreeEntry => ({
            path,
            mode: '100644',
            type: 'blob',
            sha: null,
          }),
        );
    if (entries.length === 0) {
      return head.object.sha;
    }
    const tree = await this.call<{ sha: string }>('POST', '/git/trees', {
      base_tree: headCommit.tree.sha,
      tree: entries,
    });
    if (tree.sha === headCommit.tree.sha) {
      return head.object.sha;
    }
    const commit = await this.call<{ sha: string }>('POST', '/git/commits', {
      message: change.message,
      tree: tree.sha,
      parents: [head.object.sha],
    });
    await this.call('PATCH', `/git/refs/heads/${refPath(branch)}`, {
      sha: commit.sha,
    });
    return commit.sha;
  }

  private async listFolder(folder: string, ref: string): Promise<string[]> {
    try {
      const items = await this.call<Array<{ path: string; type: string }>>(
        'GET',
        `/contents/${refPath(folder)}?ref=${encodeURIComponent(ref)}`,
      );
      return items.filter(item => item.type === 'file').map(item => item.path);
    } catch (error) {
      if (error instanceof ResponseError && error.statusCode === 404) {
        return [];
      }
      throw error;
    }
  }

  private async openPullRequest(
    branch: string,
    change: GitOpsChange,
  ): Promise<string> {
    const existing = await this.call<Array<{ html_url: string }>>(
      'GET',
      `/pulls?state=all&head=${encodeURIComponent(`${this.owner}:${branch}`)}`,
    );
    if (existing.length > 0) {
      return existing[0].html_url;
    }
    const created = await this.call<{ html_url: string }>('POST', '/pulls', {
      title: change.message,
      head: branch,
      base: this.options.baseBranch,
      body: `${change.message}.\n\nOpened by Runway's environments plugin; merging it applies the change.`,
    });
    return created.html_url;
  }

  private async call<T = unknown>(
    method: string,
    path: string,
    body?: object,
  ): Promise<T> {
    const { headers } = await this.options.credentials.getCredentials({
      url: this.options.repoUrl,
    });
    const response = await fetch(
      `${this.options.apiBaseUrl}/repos/${this.owner}/${this.repo}${path}`,
      {
        method,
        headers: {
          ...headers,
          Accept: 'application/vnd.github+json',
          ...(body ? { 'Content-Type': 'application/json' } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
      },
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
