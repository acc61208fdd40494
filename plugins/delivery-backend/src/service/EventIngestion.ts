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
  attributeChange,
  CommitRecord,
  commitsOfEntity,
  EntityResolver,
  IgnoredItem,
  PushPathsLookup,
  resolveMappedEvents,
  ResolvedEvent,
} from '../adapters';
import {
  DeliveryStore,
  MergedChangeInput,
  UnmatchedEventInput,
  WriteEventsRequest,
} from '../database/DeliveryStore';
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

    // The files of pushes: those stored, and those of this very delivery.
    const pushPaths = this.pushPathsWith(result.commits);
    const { resolved, unmatched } = await resolveMappedEvents(
      this.options.resolver,
      result.events,
      pushPaths,
    );
    const changes: MergedChangeInput[] = await Promise.all(
      result.changes.map(async ({ entity, ...change }) => ({
        ...change,
        entityRefs: await attributeChange(
          this.options.resolver,
          { entity, ...change },
          pushPaths,
        ),
      })),
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
      changes,
      changeAttributions: await this.attributeStoredChanges(
        result.commits,
        changes,
        pushPaths,
      ),
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

  /** {@link DeliveryStore.findPushPaths}, also finding the pushes of this delivery. */
  private pushPathsWith(commits: CommitRecord[]): PushPathsLookup {
    return async lookup => {
      const repository = lookup.repository.toLocaleLowerCase('en-US');
      const inDelivery = commits.filter(
        commit =>
          commit.provider === lookup.provider &&
          commit.repository.toLocaleLowerCase('en-US') === repository &&
          commit.pushHead === lookup.headSha,
      );
      const stored = await this.options.store.findPushPaths(lookup);
      const paths = new Set([
        ...(stored ?? []),
        ...inDelivery.flatMap(commit => commit.paths ?? []),
      ]);
      return paths.size > 0 ? [...paths] : undefined;
    };
  }

  /**
   * Merged changes stored before the push that carried them (webhooks arrive in any order):
   * a push ending at a change's merge or head commit attributes it now.
   */
  private async attributeStoredChanges(
    commits: CommitRecord[],
    inDelivery: MergedChangeInput[],
    pushPaths: PushPathsLookup,
  ): Promise<NonNullable<WriteEventsRequest['changeAttributions']>> {
    const pushes = new Map<
      string,
      {
        provider: CommitRecord['provider'];
        repository: string;
        heads: string[];
      }
    >();
    for (const commit of commits) {
      const key = `${commit.provider} ${commit.repository.toLocaleLowerCase(
        'en-US',
      )}`;
      const push = pushes.get(key) ?? {
        provider: commit.provider,
        repository: commit.repository,
        heads: [],
      };
      if (!push.heads.includes(commit.pushHead)) {
        push.heads.push(commit.pushHead);
      }
      pushes.set(key, push);
    }
    const written = new Set(inDelivery.map(c => `${c.source} ${c.id}`));
    const attributions = await Promise.all(
      [...pushes.values()].map(async push => {
        const stored = await this.options.store.findMergedChanges({
          repository: push.repository,
          shas: push.heads,
        });
        return Promise.all(
          stored
            .filter(change => !written.has(`${change.source} ${change.id}`))
            .map(async change => ({
              source: change.source,
              id: change.id,
              entityRefs: await attributeChange(
                this.options.resolver,
                {
                  entity: {
                    kind: 'repository',
                    provider: push.provider,
                    slug: change.repository,
                  },
                  headSha: change.headSha,
                  mergeCommitSha: change.mergeCommitSha,
                },
                pushPaths,
              ),
            })),
        );
      }),
    );
    return attributions
      .flat()
      .flatMap(({ entityRefs, ...change }) =>
        entityRefs ? [{ ...change, entityRefs }] : [],
      );
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
