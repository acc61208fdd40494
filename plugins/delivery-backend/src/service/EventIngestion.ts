import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  DeliveryEvent,
  DeliveryEventSource,
  DeploymentEvent,
  EventIngestionResult,
} from '@runway/plugin-delivery-common';
import {
  AdapterResult,
  commitsOfEntity,
  EntityResolver,
  IgnoredItem,
  resolveMappedEvents,
  ResolvedEvent,
} from '../adapters';
import { DeliveryStore, UnmatchedEventInput } from '../database/DeliveryStore';
import { CatalogEntities } from './CatalogEntities';
import { parseEventList } from './parseEvents';

/** What a webhook or CDEvents delivery led to. */
export interface AdapterIngestionResult extends EventIngestionResult {
  /** Parts of the payload that were understood but deliberately not mapped, and why. */
  ignored: IgnoredItem[];
}

/** How many adapter errors one 400 lists. */
const MAX_REPORTED_ERRORS = 5;

/**
 * Turns validated events and adapter results into one committed write: entity resolution,
 * the catalog check that flags unknown entities as unmatched (they are stored anyway), the
 * commits a deployment shipped, then a single store transaction.
 */
export class EventIngestion {
  constructor(
    private readonly options: {
      store: DeliveryStore;
      entities: CatalogEntities;
      resolver: EntityResolver;
      logger: LoggerService;
    },
  ) {}

  /** Events from the native API, already validated. */
  async ingestEvents(
    source: DeliveryEventSource,
    events: DeliveryEvent[],
  ): Promise<EventIngestionResult> {
    const unmatched = await this.unknownEntities(source, events);
    const { created, updated } = await this.options.store.writeEvents({
      source,
      events,
      unmatched,
    });
    return this.report(source, events.length, created, updated, unmatched);
  }

  /**
   * An adapter's mapping of one delivery. Invalid payloads are a 400 naming each field;
   * events whose entity cannot be resolved are recorded as unmatched, with `body` (the
   * delivery, for sources that send one event per delivery) to trace them.
   */
  async ingestAdapterResult(
    source: DeliveryEventSource,
    result: AdapterResult,
    body?: unknown,
  ): Promise<AdapterIngestionResult> {
    if (result.errors.length > 0) {
      const shown = result.errors
        .slice(0, MAX_REPORTED_ERRORS)
        .map(error => `${error.path || 'body'}: ${error.message}`);
      const more = result.errors.length - shown.length;
      throw new InputError(
        more > 0 ? `${shown.join('; ')}; and ${more} more` : shown.join('; '),
      );
    }

    const { resolved, unmatched } = await resolveMappedEvents(
      this.options.resolver,
      result.events,
      lookup => this.options.store.findPushPaths(lookup),
    );
    const events = parseEventList(
      await Promise.all(resolved.map(r => this.withShippedCommits(r))),
      index => `${source} event ${resolved[index].event.id}`,
    );
    const unmatchedEntries: UnmatchedEventInput[] = [
      ...unmatched.map(entry => ({
        source,
        eventType: entry.mapped.event.type,
        eventId: entry.mapped.event.id,
        reason: entry.message,
        payload: {
          event: entry.mapped.event,
          entity: entry.mapped.entity,
          ...(entry.candidates ? { candidates: entry.candidates } : {}),
          ...(body !== undefined ? { body } : {}),
        },
      })),
      ...(await this.unknownEntities(source, events)),
    ];
    const placeholderFields = Object.fromEntries(
      resolved
        .filter(r => r.placeholderFields?.length)
        .map(r => [`${r.event.type}:${r.event.id}`, r.placeholderFields!]),
    );

    const { created, updated } = await this.options.store.writeEvents({
      source,
      events,
      placeholderFields,
      unmatched: unmatchedEntries,
      commits: result.commits,
      changes: result.changes,
      matchedIds: resolved.flatMap(r =>
        r.mappedId ? [{ type: r.event.type, id: r.mappedId }] : [],
      ),
    });
    return {
      ...this.report(
        source,
        result.events.length,
        created,
        updated,
        unmatchedEntries,
      ),
      ignored: result.ignored,
    };
  }

  private async withShippedCommits(
    resolved: ResolvedEvent,
  ): Promise<DeliveryEvent> {
    const { event, commitsLookup } = resolved;
    if (event.type !== 'deployment' || event.commits || !commitsLookup) {
      return event;
    }
    const pushed = await this.options.store.findShippedCommits({
      provider: commitsLookup.provider,
      repository: commitsLookup.repository,
      branch: commitsLookup.ref,
      sha: commitsLookup.sha,
      entityRef: event.entityRef,
      environment: event.environment,
      finishedBefore: new Date(event.finishedAt),
    });
    const commits = (
      await commitsOfEntity(
        this.options.resolver,
        { provider: commitsLookup.provider, slug: commitsLookup.repository },
        event.entityRef,
        pushed,
      )
    ).map(({ sha, timestamp }) => ({ sha, timestamp }));
    return commits.length > 0
      ? ({ ...event, commits } satisfies DeploymentEvent)
      : event;
  }

  private async unknownEntities(
    source: DeliveryEventSource,
    events: DeliveryEvent[],
  ): Promise<UnmatchedEventInput[]> {
    const unknown = await this.options.entities.findUnknown(
      events.map(e => e.entityRef),
    );
    return events
      .filter(event => unknown.has(event.entityRef.toLocaleLowerCase('en-US')))
      .map(event => ({
        source,
        eventType: event.type,
        eventId: event.id,
        entityRef: event.entityRef,
        reason: `No entity ${event.entityRef} in the catalog`,
        payload: event,
      }));
  }

  private report(
    source: DeliveryEventSource,
    accepted: number,
    created: number,
    updated: number,
    unmatched: UnmatchedEventInput[],
  ): EventIngestionResult {
    if (unmatched.length > 0) {
      this.options.logger.info(
        `${unmatched.length} of ${accepted} ${source} events matched no catalog entity; see GET /api/delivery/unmatched`,
      );
    }
    return { accepted, created, updated, unmatched: unmatched.length };
  }
}
