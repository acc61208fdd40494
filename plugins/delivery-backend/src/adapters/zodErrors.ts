import type { AdapterError } from './types';

interface ZodLikeIssue {
  path: PropertyKey[];
  message: string;
}

/** Zod issue paths `['commits', 0, 'sha']` -> `commits[0].sha`. */
export function zodIssuesToErrors(issues: ZodLikeIssue[]): AdapterError[] {
  return issues.map(issue => ({
    path: issue.path.reduce<string>((path, segment) => {
      if (typeof segment === 'number') {
        return `${path}[${segment}]`;
      }
      return path ? `${path}.${String(segment)}` : String(segment);
    }, ''),
    message: issue.message,
  }));
}
