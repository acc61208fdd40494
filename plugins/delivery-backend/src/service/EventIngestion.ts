import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, InputError, isError } from '@backstage/errors';
import {
  DeliveryEvent,
  DeliveryEventSource,
  DeploymentCommit,
  DeploymentEvent,
  EventIngestionResult,
} from '@runway/plugin-delivery-common';
import {
  AdapterResult,
  CommitRecord,
  CommitsLookup,
  commitsOfEntity,
  EntityResolver,
  IgnoredItem,
  MappedEvent,
  PushPathsLookup,
  resolveMappedEvents,
  ResolvedEvent,
} from '../adapters';
import { withWebAddressesOnly } from '../adapters/payload';
import { emptyAdapterResult } from '../adapters/types';
import {
  DeliveryStore,
  DeploymentCommitLookup,
  ListDeploymentsAwaitingCommitsRequest,
  UnmatchedEventInput,
} from '../database/DeliveryStore';
import { CatalogEntities } from './CatalogEntities';
import { assertApiOwnsIds } from './eventIds';
import { parseEventList } from './parseEvents';

/** What a webhook or CDEvents delivery led to. */
export interface AdapterIngestionResult extends EventIngestionResult {
  /** Parts of the payload that were understood but deliberately not mapped, and why. */
  ignored: IgnoredItem[];
}

/** How many adapter errors one 400 lists. */
const MAX_REPORTED_ERRORS = 5;

/** Unmatched records read per page by {@link EventIngestion.resolveUnmatched}. */
const UNMATCHED_PAGE_SIZE = 200;

/** Deployments given their late commits per round. */
const AWAITING_COMMITS_PAGE_SIZE = 200;

/**
 * What an adapter event that matched no entity is kept as: the normalized event and what
 * resolving it again needs, never the webhook body (commit messages, e-mail addresses).
 */
export type UnmatchedMappedEvent = Omit<MappedEvent, 'source'> & {
  candidates?: string[];
};

/** What {@link EventIngestion.resolveUnmatched} did. */
export interface UnmatchedResolution {
  /** Unmatched records now stored under their entity. */
  resolved: number;
  /** Records still unmatched. */
  unmatched: number;
  /** Deployments given the commits of a push that arrived after them. */
  commitsFilled: number;
}

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
    if (source === 'api') {
      assertApiOwnsIds(events);
    }
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
   * events whose entity cannot be resolved are recorded as unmatched (the normalized event,
   * see {@link UnmatchedMappedEvent}). The delivery's body is accepted for the router's
   * sake and never stored.
   */
  async ingestAdapterResult(
    source: DeliveryEventSource,
    result: AdapterResult,
    _body?: unknown,
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
    const safe = withWebAddressesOnly(result);
    const { created, updated, unmatched } = await this.write(source, safe);
    await this.fillAwaitingCommits(safe.commits);
    return {
      ...this.report(source, safe.events.length, created, updated, unmatched),
      ignored: safe.ignored,
    };
  }

  /**
   * Resolves stored unmatched events again, for entities or annotations that appeared
   * since: adapter events that matched no entity are stored under the entity they match
   * now, and events stored under an entity the catalog did not know leave the list once it
   * does. Also gives deployments the commits of pushes that arrived after them. Idempotent:
   * running it twice, or on two replicas, stores each event once.
   */
  async resolveUnmatched(): Promise<UnmatchedResolution> {
    const outcome: UnmatchedResolution = {
      resolved: 0,
      unmatched: 0,
      commitsFilled: 0,
    };
    let afterKey: string | undefined;
    for (;;) {
      const page = await this.options.store.listUnmatchedByKey({
        afterKey,
        limit: UNMATCHED_PAGE_SIZE,
      });
      if (page.length === 0) {
        break;
      }
      afterKey = page[page.length - 1].key;

      const stored = page.filter(record => record.entityRef);
      const unknown = await this.options.entities.findUnknown(
        stored.map(record => record.entityRef!),
      );
      const known = stored
        .filter(record => !unknown.has(record.entityRef!))
        .map(record => record.key);
      await this.options.store.deleteUnmatched(known);
      outcome.resolved += known.length;
      outcome.unmatched += stored.length - known.length;

      for (const record of page.filter(r => !r.entityRef)) {
        const mapped = asMappedEvent(record.source, record.payload);
        if (!mapped) {
          outcome.unmatched += 1;
          continue;
        }
        try {
          const { unmatched } = await this.write(record.source, {
            ...emptyAdapterResult(),
            events: [mapped],
          });
          outcome[unmatched.length > 0 ? 'unmatched' : 'resolved'] += 1;
        } catch (error) {
          if (!(isError(error) && error.name === ConflictError.name)) {
            throw error;
          }
          this.options.logger.warn(
            `Unmatched ${record.key} stays unmatched: ${error.message}`,
          );
          outcome.unmatched += 1;
        }
      }
    }
    outcome.commitsFilled = await this.fillAwaitingCommits();
    return outcome;
  }

  /** Resolves, checks and stores one adapter result in one transaction. */
  private async write(
    source: DeliveryEventSource,
    result: AdapterResult,
  ): Promise<{
    created: number;
    updated: number;
    unmatched: UnmatchedEventInput[];
  }> {
    // The files of pushes: those stored, and those of this very delivery.
    const pushPaths = this.pushPathsWith(result.commits);
    const { resolved, unmatched } = await resolveMappedEvents(
      this.options.resolver,
      result.events,
      pushPaths,
    );
    const shipped = await Promise.all(
      resolved.map(r => this.withShippedCommits(r)),
    );
    const events = parseEventList(
      shipped.map(s => s.event),
      index => `${source} event ${resolved[index].event.id}`,
    );
    const unmatchedEntries: UnmatchedEventInput[] = [
      ...unmatched.map(entry => {
        const { source: _source, ...mapped } = entry.mapped;
        const payload: UnmatchedMappedEvent = {
          ...mapped,
          ...(entry.candidates ? { candidates: entry.candidates } : {}),
        };
        return {
          source,
          eventType: entry.mapped.event.type,
          eventId: entry.mapped.event.id,
          reason: entry.message,
          payload,
        };
      }),
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
      matchedIds: resolved.flatMap(r =>
        r.mappedId ? [{ type: r.event.type, id: r.mappedId }] : [],
      ),
      commitLookups: shipped.flatMap(s => (s.lookup ? [s.lookup] : [])),
    });
    return { created, updated, unmatched: unmatchedEntries };
  }

  /**
   * Deployments stored before the push that carried their sha (webhooks arrive in any
   * order) get their commits once it is stored: those of `pushed`, or all of them.
   * Returns how many were filled in.
   */
  private async fillAwaitingCommits(pushed?: CommitRecord[]): Promise<number> {
    const requests: ListDeploymentsAwaitingCommitsRequest[] = [];
    if (!pushed) {
      requests.push({ limit: AWAITING_COMMITS_PAGE_SIZE });
    } else {
      const byRepository = new Map<string, CommitRecord[]>();
      for (const commit of pushed) {
        const key = `${commit.provider} ${commit.repository.toLocaleLowerCase(
          'en-US',
        )}`;
        byRepository.set(key, [...(byRepository.get(key) ?? []), commit]);
      }
      for (const commits of byRepository.values()) {
        requests.push({
          pushed: {
            provider: commits[0].provider,
            repository: commits[0].repository,
            shas: [...new Set(commits.map(c => c.sha))],
          },
          limit: AWAITING_COMMITS_PAGE_SIZE,
        });
      }
    }
    let filled = 0;
    for (const request of requests) {
      for (;;) {
        const awaiting =
          await this.options.store.listDeploymentsAwaitingCommits(request);
        const entries = await Promise.all(
          awaiting.map(async deployment => ({
            deploymentId: deployment.id,
            commits: await this.shippedCommits(deployment.lookup, deployment),
          })),
        );
        filled += await this.options.store.fillDeploymentCommits(entries);
        if (awaiting.length < request.limit) {
          break;
        }
      }
    }
    return filled;
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
   * A deployment with the commits it shipped, from the pushes seen so far; without them,
   * where they will come from once its push arrives.
   */
  private async withShippedCommits(
    resolved: ResolvedEvent,
  ): Promise<{ event: DeliveryEvent; lookup?: DeploymentCommitLookup }> {
    const { event, commitsLookup } = resolved;
    if (event.type !== 'deployment' || event.commits || !commitsLookup) {
      return { event };
    }
    const lookup = { deploymentId: event.id, ...commitsLookup };
    const commits = await this.shippedCommits(lookup, event);
    return commits.length > 0
      ? { event: { ...event, commits } satisfies DeploymentEvent }
      : { event, lookup };
  }

  private async shippedCommits(
    lookup: DeploymentCommitLookup,
    deployment: Pick<
      DeploymentEvent,
      'entityRef' | 'environment' | 'finishedAt'
    >,
  ): Promise<DeploymentCommit[]> {
    const provider = lookup.provider as CommitsLookup['provider'];
    const pushed = await this.options.store.findShippedCommits({
      provider,
      repository: lookup.repository,
      branch: lookup.ref,
      sha: lookup.sha,
      entityRef: deployment.entityRef,
      environment: deployment.environment,
      finishedBefore: new Date(deployment.finishedAt),
    });
    return (
      await commitsOfEntity(
        this.options.resolver,
        { provider, slug: lookup.repository },
        deployment.entityRef,
        pushed,
      )
    ).map(({ sha, timestamp }) => ({ sha, timestamp }));
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

/** The adapter event an unmatched record keeps, if it keeps one (see {@link UnmatchedMappedEvent}). */
function asMappedEvent(
  source: DeliveryEventSource,
  payload: unknown,
): MappedEvent | undefined {
  const kept = payload as Partial<UnmatchedMappedEvent> | null;
  if (!kept?.event || !kept.entity) {
    return undefined;
  }
  const { candidates: _candidates, ...mapped } = kept as UnmatchedMappedEvent;
  return { ...mapped, source };
}
