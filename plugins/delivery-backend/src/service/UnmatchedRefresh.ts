import { AuthService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createHash } from 'node:crypto';
import { UnmatchedResolution } from './EventIngestion';

const FINGERPRINT_PAGE_SIZE = 1000;

/**
 * A digest of every catalog entity's uid and etag: it changes when an entity is added,
 * removed or edited (a new component, a new `github.com/project-slug`), which is when stored
 * unmatched events may start to match. The catalog announces no changes to other plugins, so
 * this is asked of it instead; only uids and etags travel.
 */
export async function catalogFingerprint(
  catalog: CatalogService,
  auth: Pick<AuthService, 'getOwnServiceCredentials'>,
): Promise<string> {
  const credentials = await auth.getOwnServiceCredentials();
  const entries: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await catalog.queryEntities(
      cursor
        ? { cursor, limit: FINGERPRINT_PAGE_SIZE }
        : {
            fields: ['metadata.uid', 'metadata.etag'],
            limit: FINGERPRINT_PAGE_SIZE,
            orderFields: { field: 'metadata.uid', order: 'asc' },
          },
      { credentials },
    );
    for (const entity of page.items) {
      entries.push(`${entity.metadata.uid}:${entity.metadata.etag}`);
    }
    cursor = page.pageInfo.nextCursor;
  } while (cursor);
  entries.sort();
  return createHash('sha256').update(entries.join('\n')).digest('hex');
}

/**
 * When stored unmatched events are re-resolved: soon after the catalog changes (checked on
 * every tick, one minute apart in the plugin), once more a little later (the resolvers cache
 * "no such entity" for a short while), and at least every `fullIntervalMs` regardless (that
 * run also fills in deployments still waiting for their push). Between full runs nothing is
 * asked of the catalog while nothing is unmatched. State is per replica: two replicas may both run, and re-resolving is
 * idempotent.
 */
export class UnmatchedRefresh {
  private lastFingerprint?: string;
  private lastRunAt = Number.NEGATIVE_INFINITY;
  private followUpAfter?: number;

  constructor(
    private readonly options: {
      hasUnmatched: () => Promise<boolean>;
      fingerprint: () => Promise<string>;
      resolve: () => Promise<UnmatchedResolution>;
      /** The longest a cached "no such entity" lives (the resolvers' cache TTL). */
      cacheTtlMs: number;
      fullIntervalMs: number;
    },
  ) {}

  /** One tick: the resolution when one ran, undefined when there was nothing to do. */
  async tick(now: number): Promise<UnmatchedResolution | undefined> {
    const fullDue = now - this.lastRunAt >= this.options.fullIntervalMs;
    if (!fullDue) {
      if (!(await this.options.hasUnmatched())) {
        return undefined;
      }
      const fingerprint = await this.options.fingerprint();
      const changed =
        this.lastFingerprint !== undefined &&
        fingerprint !== this.lastFingerprint;
      const followUpDue =
        this.followUpAfter !== undefined && now >= this.followUpAfter;
      this.lastFingerprint = fingerprint;
      if (!changed && !followUpDue) {
        return undefined;
      }
      this.followUpAfter = changed ? now + this.options.cacheTtlMs : undefined;
    } else {
      this.followUpAfter = undefined;
    }
    this.lastRunAt = now;
    return this.options.resolve();
  }
}
