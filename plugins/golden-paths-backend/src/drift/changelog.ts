import { ChangelogEntry } from '@runway/plugin-golden-paths-common';
import semver from 'semver';

const SECTION_HEADING = /^##\s+(.*)$/;
const FENCE = /^\s*(```|~~~)/;

/**
 * The version a `## ...` heading names: `## 1.2.0`, `## v1.2.0`, `## [1.2.0] - 2026-11-01`
 * (Keep a Changelog). Undefined for other headings (`## Unreleased`).
 */
function headingVersion(heading: string): string | undefined {
  const token = heading
    .trim()
    .split(/\s+/)[0]
    ?.replace(/^\[(.*)\]$/, '$1');
  return (token && semver.clean(token)) ?? undefined;
}

/**
 * The versioned sections of a CHANGELOG.md, in file order. A section runs from its `## x.y.z`
 * heading to the next level-1 or level-2 heading outside a code fence; text before the first
 * section and sections whose heading is not a version are left out.
 */
export function parseChangelog(markdown: string): ChangelogEntry[] {
  const entries: ChangelogEntry[] = [];
  let current: { version: string; lines: string[] } | undefined;
  let inFence = false;
  const close = () => {
    if (current) {
      entries.push({
        version: current.version,
        body: current.lines.join('\n').trim(),
      });
    }
    current = undefined;
  };
  for (const line of markdown.split(/\r?\n/)) {
    if (FENCE.test(line)) {
      inFence = !inFence;
    }
    const isSectionBoundary = !inFence && /^#{1,2}\s/.test(line);
    if (isSectionBoundary) {
      close();
      const version = headingVersion(SECTION_HEADING.exec(line)?.[1] ?? '');
      if (version) {
        current = { version, lines: [] };
      }
      continue;
    }
    current?.lines.push(line);
  }
  close();
  return entries;
}

/**
 * The entries of versions after `from` up to and including `to`, newest first: what a service
 * created from `from` has not got yet.
 */
export function changesBetween(
  entries: ChangelogEntry[],
  from: string,
  to: string,
): ChangelogEntry[] {
  return entries
    .filter(
      entry => semver.gt(entry.version, from) && semver.lte(entry.version, to),
    )
    .sort((a, b) => semver.rcompare(a.version, b.version));
}
