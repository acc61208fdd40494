import { z } from 'zod';
import { instantSchema } from './payload';
import { toUtcInstant } from './time';
import type { AdapterResult, EntityHint, RepositoryProvider } from './types';

/**
 * A commit of a GitHub or GitLab push payload: both providers write the same fields (files
 * listed per change kind).
 */
export const pushCommitSchema = z.object({
  id: z.string().min(1),
  timestamp: instantSchema,
  added: z.array(z.string()).nullish(),
  modified: z.array(z.string()).nullish(),
  removed: z.array(z.string()).nullish(),
});

/** The entity of a provider's repository, for the catalog's project-slug annotations. */
export function repositoryHint(
  provider: RepositoryProvider,
  slug: string,
  paths?: string[],
): EntityHint {
  return paths
    ? { kind: 'repository', provider, slug, paths }
    : { kind: 'repository', provider, slug };
}

/** What a push says, in the words both providers share. */
export interface PushInput {
  provider: RepositoryProvider;
  /** `owner/name` or `group/project`. */
  repository: string;
  /** The full ref pushed to, e.g. `refs/heads/main`. */
  ref: string;
  /** The last commit of the push. */
  after: string;
  commits: ReadonlyArray<z.infer<typeof pushCommitSchema>>;
  /**
   * The payload field that says the push deleted the branch (the providers say it
   * differently), when it says so.
   */
  deletedBy?: string;
}

/**
 * Records the commits of a push to a branch, each with the files it changed (which
 * components of a monorepo it belongs to). A push to a tag, one that deletes the branch or
 * one without new commits is ignored, saying why.
 *
 * @returns whether the commits were recorded.
 */
export function mapPush(push: PushInput, result: AdapterResult): boolean {
  if (!push.ref.startsWith('refs/heads/')) {
    result.ignored.push({
      path: 'ref',
      reason: `push to "${push.ref}" is not to a branch`,
    });
    return false;
  }
  if (push.deletedBy) {
    result.ignored.push({
      path: push.deletedBy,
      reason: 'push deleted the branch',
    });
    return false;
  }
  if (push.commits.length === 0) {
    result.ignored.push({
      path: 'commits',
      reason: 'push carries no new commits',
    });
    return false;
  }
  const branch = push.ref.slice('refs/heads/'.length);
  push.commits.forEach((commit, order) => {
    const paths = [
      ...(commit.added ?? []),
      ...(commit.modified ?? []),
      ...(commit.removed ?? []),
    ];
    result.commits.push({
      provider: push.provider,
      repository: push.repository,
      branch,
      sha: commit.id,
      timestamp: toUtcInstant(commit.timestamp)!,
      order,
      pushHead: push.after,
      paths,
      entity: repositoryHint(push.provider, push.repository, paths),
    });
  });
  return true;
}
