import picomatch from 'picomatch';

/**
 * Bounds on `runway.dev/source-paths`. picomatch compiles globs to backtracking regular
 * expressions: three wildcards that can match the same text (`*a*a*b`, `**\/a/**\/a/**\/b`)
 * already take hundreds of milliseconds against a path of a thousand characters, on the event
 * loop every webhook shares. Within these bounds, matching one path takes about a millisecond.
 */
export const SOURCE_PATH_LIMITS = {
  /** Globs in one annotation. */
  maxPatterns: 20,
  /** Characters in one glob. */
  maxPatternLength: 256,
  /** Wildcards (`*`, `**`, `?`) in one glob. */
  maxWildcards: 6,
  /** `**` segments in one glob: each can match any number of segments. */
  maxGlobstars: 2,
  /** `*` and `?` within one path segment of a glob. */
  maxWildcardsPerSegment: 2,
  /** Characters in a changed path; a longer one is claimed by no glob. */
  maxPathLength: 512,
} as const;

/** A glob of the annotation that was not compiled, and why. */
export interface IgnoredSourcePath {
  pattern: string;
  reason: string;
}

export interface CompiledSourcePaths {
  /** Undefined when the annotation holds no usable glob. */
  matches?: (path: string) => boolean;
  ignored: IgnoredSourcePath[];
}

/** Why a glob is over the limits, or undefined when it is within them. */
function overLimit(pattern: string): string | undefined {
  const limits = SOURCE_PATH_LIMITS;
  if (pattern.length > limits.maxPatternLength) {
    return `longer than ${limits.maxPatternLength} characters`;
  }
  const segments = pattern.split('/');
  const globstars = segments.filter(segment => segment === '**').length;
  const perSegment = segments.map(segment =>
    segment === '**' ? 0 : (segment.match(/\*+|\?/g) ?? []).length,
  );
  const wildcards = globstars + perSegment.reduce((sum, n) => sum + n, 0);
  if (wildcards > limits.maxWildcards) {
    return `more than ${limits.maxWildcards} wildcards`;
  }
  if (globstars > limits.maxGlobstars) {
    return `more than ${limits.maxGlobstars} ** segments`;
  }
  if (perSegment.some(n => n > limits.maxWildcardsPerSegment)) {
    return `more than ${limits.maxWildcardsPerSegment} wildcards in one path segment`;
  }
  return undefined;
}

/**
 * Compiles the comma-separated globs of a `runway.dev/source-paths` annotation. Globs over
 * {@link SOURCE_PATH_LIMITS} are left out and reported in `ignored`; the others still apply.
 * Extglobs (`+(a|b)`) are not supported: they are read as plain characters.
 */
export function compileSourcePaths(annotation: string): CompiledSourcePaths {
  const patterns = annotation
    .split(',')
    .map(glob => glob.trim())
    .filter(glob => glob.length > 0);
  const ignored: IgnoredSourcePath[] = patterns
    .slice(SOURCE_PATH_LIMITS.maxPatterns)
    .map(pattern => ({
      pattern,
      reason: `beyond the first ${SOURCE_PATH_LIMITS.maxPatterns} globs`,
    }));
  const accepted: string[] = [];
  for (const pattern of patterns.slice(0, SOURCE_PATH_LIMITS.maxPatterns)) {
    const reason = overLimit(pattern);
    if (reason) {
      ignored.push({ pattern, reason });
    } else {
      accepted.push(pattern);
    }
  }
  if (accepted.length === 0) {
    return { ignored };
  }
  const matcher = picomatch(accepted, { dot: true, noextglob: true });
  return {
    matches: path =>
      path.length <= SOURCE_PATH_LIMITS.maxPathLength && matcher(path),
    ignored,
  };
}
