import type { EntityResolver } from './entityResolver';
import type { PushPathsLookup } from './resolveEvents';
import type { EntityHint } from './types';

/** What attributing a merged change needs of it. */
export interface ChangeToAttribute {
  entity: EntityHint;
  /** Last commit of the change's branch. */
  headSha?: string;
  /** Commit the merge (or squash) created on the target branch. */
  mergeCommitSha?: string;
}

/**
 * The components a merged pull request, merge request or CDEvents change belongs to, or
 * `null` while that is unknown.
 *
 * Neither GitHub's `pull_request` nor GitLab's Merge Request Hook lists the files a change
 * touches, so in a monorepo (a repository several components use) they come from the pushes
 * that carried the change: the push of the merge to the target branch (its last commit is
 * `mergeCommitSha`; for a fast-forward merge `headSha`) and the last push to the change's
 * branch (ending at `headSha`). The change belongs to the components those files resolve to
 * (`runway.dev/source-paths`, then the repository's components without globs); `[]` when
 * they resolve to none. Until one of those pushes is seen it is `null`; the push attributes
 * it when it arrives (see EventIngestion).
 */
export async function attributeChange(
  resolver: EntityResolver,
  change: ChangeToAttribute,
  pushPaths: PushPathsLookup,
): Promise<string[] | null> {
  const normalized = (refs: string[]) =>
    [...new Set(refs.map(ref => ref.toLocaleLowerCase('en-US')))].sort();
  const first = await resolver.resolve(change.entity);
  if (!first.matched) {
    return null;
  }
  const hint = change.entity;
  if (
    first.entityRefs.length === 1 ||
    hint.kind !== 'repository' ||
    hint.paths
  ) {
    return normalized(first.entityRefs);
  }
  if (!hint.provider) {
    // A CDEvents change naming a repository of an unknown host: its pushes cannot be found.
    return null;
  }
  const heads = [
    ...new Set(
      [change.mergeCommitSha, change.headSha].filter(
        (sha): sha is string => !!sha,
      ),
    ),
  ];
  const paths = new Set<string>();
  for (const headSha of heads) {
    const found = await pushPaths({
      provider: hint.provider,
      repository: hint.slug,
      headSha,
    });
    found?.forEach(path => paths.add(path));
  }
  if (paths.size === 0) {
    return null;
  }
  const resolution = await resolver.resolve({ ...hint, paths: [...paths] });
  if (resolution.matched) {
    return normalized(resolution.entityRefs);
  }
  return resolution.reason === 'no-path-match' ? [] : null;
}
