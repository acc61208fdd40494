/**
 * Why `name` is not a valid git branch name, or undefined when it is one: the rules of
 * `git check-ref-format --branch` (https://git-scm.com/docs/git-check-ref-format), one-level
 * names allowed. isomorphic-git validates refs only inside its branch commands (with a sanitiser,
 * clean-git-ref, that is not a validator) and `git.init({ defaultBranch })` checks nothing.
 */
export function invalidBranchNameReason(name: string): string | undefined {
  if (name === '') {
    return 'is empty';
  }
  if (name === '@') {
    return 'is "@" alone';
  }
  if (name === 'HEAD') {
    return 'is HEAD';
  }
  if (name.startsWith('-')) {
    return 'starts with "-"';
  }
  // Control characters, space, DEL and the characters git reserves for revision syntax.
  const forbidden = [...name].find(
    char => char <= ' ' || char === '\u007f' || '~^:?*[\\'.includes(char),
  );
  if (forbidden !== undefined) {
    return forbidden <= ' ' || forbidden === '\u007f'
      ? `contains a space or control character (U+${forbidden
          .charCodeAt(0)
          .toString(16)
          .toUpperCase()
          .padStart(4, '0')})`
      : `contains "${forbidden}"`;
  }
  if (name.includes('..')) {
    return 'contains ".."';
  }
  if (name.includes('@{')) {
    return 'contains "@{"';
  }
  if (name.startsWith('/') || name.endsWith('/')) {
    return 'starts or ends with "/"';
  }
  if (name.includes('//')) {
    return 'contains "//"';
  }
  if (name.endsWith('.')) {
    return 'ends with "."';
  }
  for (const component of name.split('/')) {
    if (component.startsWith('.')) {
      return `has a component starting with "." (${component})`;
    }
    if (component.endsWith('.lock')) {
      return `has a component ending with ".lock" (${component})`;
    }
  }
  return undefined;
}
