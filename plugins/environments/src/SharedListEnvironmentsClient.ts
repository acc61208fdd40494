import {
  EnvironmentRequestList,
  EnvironmentsClient,
  EnvironmentsRequestOptions,
  ListEnvironmentRequestsRequest,
} from '@runway/plugin-environments-common';

/** How long a list answer may be handed to one more identical ask. */
export const SHARE_FOR_MS = 10_000;

interface SharedAnswer {
  answer: Promise<EnvironmentRequestList>;
  askedAt: number;
}

/** The same key for the same query, whatever the order of its fields and states. */
function queryKey(request: ListEnvironmentRequestsRequest): string {
  const { states, ...rest } = request;
  return JSON.stringify([
    Object.entries(rest)
      .filter(([, value]) => value !== undefined)
      .sort(([a], [b]) => a.localeCompare(b)),
    states ? [...states].sort() : null,
  ]);
}

/**
 * The frontend's environments client: as {@link EnvironmentsClient}, except that a list
 * answer is handed to the next identical ask, once, if that comes within
 * {@link SHARE_FOR_MS}. Two parts of one page that want the same list (the service health
 * card, which asks early, and the Environments card) then cost one request. Refreshes are
 * not served stale: an answer is shared once only, and any change made through this client
 * (a new request, an approval, …) forgets every kept answer. A failed answer is not kept, nor
 * is one asked with a token of its own.
 */
export class SharedListEnvironmentsClient extends EnvironmentsClient {
  private readonly kept = new Map<string, SharedAnswer>();

  /** How many answers are kept (tests). */
  get keptAnswers(): number {
    return this.kept.size;
  }
  private readonly now: () => number;

  constructor(
    options: ConstructorParameters<typeof EnvironmentsClient>[0] & {
      /** For tests. */
      now?: () => number;
    },
  ) {
    super(options);
    this.now = options.now ?? Date.now;
  }

  override listRequests(
    request: ListEnvironmentRequestsRequest = {},
    options?: EnvironmentsRequestOptions,
  ): Promise<EnvironmentRequestList> {
    // A token of the caller's own asks as someone else, possibly: not shared.
    if (options?.token) return super.listRequests(request, options);
    const key = queryKey(request);
    const kept = this.kept.get(key);
    this.kept.delete(key);
    if (kept && this.now() - kept.askedAt <= SHARE_FOR_MS) return kept.answer;
    // Answers nobody asked for again in time go: a long session visits many services.
    for (const [other, { askedAt }] of this.kept) {
      if (this.now() - askedAt > SHARE_FOR_MS) this.kept.delete(other);
    }
    const entry: SharedAnswer = {
      answer: super.listRequests(request, options),
      askedAt: this.now(),
    };
    this.kept.set(key, entry);
    entry.answer.catch(() => {
      if (this.kept.get(key) === entry) this.kept.delete(key);
    });
    return entry.answer;
  }

  private changed<T>(result: Promise<T>): Promise<T> {
    this.kept.clear();
    // And again once it is done: a list asked while the change was on its way may not show it.
    return result.finally(() => this.kept.clear());
  }

  override createRequest(
    ...args: Parameters<EnvironmentsClient['createRequest']>
  ) {
    return this.changed(super.createRequest(...args));
  }

  override approve(...args: Parameters<EnvironmentsClient['approve']>) {
    return this.changed(super.approve(...args));
  }

  override reject(...args: Parameters<EnvironmentsClient['reject']>) {
    return this.changed(super.reject(...args));
  }

  override extend(...args: Parameters<EnvironmentsClient['extend']>) {
    return this.changed(super.extend(...args));
  }

  override destroy(...args: Parameters<EnvironmentsClient['destroy']>) {
    return this.changed(super.destroy(...args));
  }

  override retry(...args: Parameters<EnvironmentsClient['retry']>) {
    return this.changed(super.retry(...args));
  }
}
