import { UrlReaderService } from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
  parseLocationRef,
} from '@backstage/catalog-model';
import { isError } from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';
import { ChangelogEntry } from '@runway/plugin-golden-paths-common';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseChangelog } from '../drift/changelog';

/** The file next to a template's template.yaml that lists what changed, per version. */
export const CHANGELOG_FILE = 'CHANGELOG.md';

/** A template's changelog, or why it could not be read. */
export interface ChangelogResult {
  entries: ChangelogEntry[];
  error?: string;
}

/**
 * Reads the CHANGELOG.md next to a template's template.yaml, found through the location the
 * catalog read the template from: a `file` location from disk, a `url` location through the
 * UrlReader (so the integrations' credentials apply).
 */
export class ChangelogReader {
  constructor(
    private readonly options: {
      urlReader: UrlReaderService;
      integrations: ScmIntegrationRegistry;
    },
  ) {}

  async read(template: Entity): Promise<ChangelogResult> {
    const annotations = template.metadata.annotations ?? {};
    // The template's own file first: the origin location may be a Location entity (all.yaml)
    // that merely points at it.
    const location =
      annotations[ANNOTATION_LOCATION] ??
      annotations[ANNOTATION_ORIGIN_LOCATION];
    if (!location) {
      return {
        entries: [],
        error: `the template has no ${ANNOTATION_LOCATION} annotation`,
      };
    }
    let source: string;
    try {
      source = this.changelogSource(location);
    } catch (error) {
      return { entries: [], error: describe(error) };
    }
    try {
      return { entries: parseChangelog(await this.readText(source)) };
    } catch (error) {
      return {
        entries: [],
        error: `could not read ${source}: ${describe(error)}`,
      };
    }
  }

  /** `file:<path>` or the URL of the changelog next to the template at `location`. */
  private changelogSource(location: string): string {
    const { type, target } = parseLocationRef(location);
    if (type === 'file') {
      return `file:${path.join(path.dirname(target), CHANGELOG_FILE)}`;
    }
    if (type === 'url') {
      return this.options.integrations.resolveUrl({
        url: `./${CHANGELOG_FILE}`,
        base: target,
      });
    }
    throw new Error(
      `cannot read a changelog next to a location of type ${type} (${location})`,
    );
  }

  private async readText(source: string): Promise<string> {
    if (source.startsWith('file:')) {
      return readFile(source.slice('file:'.length), 'utf8');
    }
    const response = await this.options.urlReader.readUrl(source);
    return (await response.buffer()).toString('utf8');
  }
}

function describe(error: unknown): string {
  if (isError(error)) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT'
      ? 'no such file'
      : error.message;
  }
  return String(error);
}
