/** The CI system whose files a golden-path repository must carry. */
export type CiSystem = 'github-actions' | 'gitlab-ci';

/** A generated repository as the checks see it: paths relative to its root, text contents. */
export interface RepositoryFiles {
  paths(): string[];
  read(path: string): string | undefined;
}

export interface CheckResult {
  id: string;
  title: string;
  problems: string[];
}

export interface ConformanceReport {
  passed: boolean;
  results: CheckResult[];
  /** Markdown: one table row per check, then the problems of the failing ones. */
  markdown: string;
}
