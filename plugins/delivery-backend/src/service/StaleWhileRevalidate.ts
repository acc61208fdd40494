import { LRUCache } from 'lru-cache';

interface Entry<V> {
  value: V;
  /** When `value` was loaded (the clock's milliseconds). */
  loadedAt: number;
}

/**
 * A cache that answers from what it holds and refreshes in the background: only the first
 * request for a key waits for the loader. Once a value is older than `ttlMs`, the next
 * request for it still gets it at once and starts one refresh (single-flight: requests
 * arriving while it runs start no other). A refresh that fails keeps the last good value,
 * except when `isFatal` says the failure means the value no longer holds (an entity removed,
 * access revoked): then the key is forgotten and the next request loads it anew and sees
 * the error.
 */
export class StaleWhileRevalidate<V> {
  private readonly entries: LRUCache<string, Entry<V>>;
  /** First loads under way, shared by concurrent requests for the same key. */
  private readonly loading = new Map<string, Promise<V>>();
  /** Keys whose background refresh is under way. */
  private readonly refreshing = new Set<string>();
  private readonly ttlMs: number;
  private readonly now: () => number;
  private readonly isFatal: (error: unknown) => boolean;
  private readonly onRefreshError: (key: string, error: unknown) => void;

  constructor(options: {
    ttlMs: number;
    /** Most keys held; the least recently used go first. */
    max: number;
    now?: () => number;
    isFatal?: (error: unknown) => boolean;
    onRefreshError?: (key: string, error: unknown) => void;
  }) {
    this.ttlMs = options.ttlMs;
    this.now = options.now ?? Date.now;
    this.isFatal = options.isFatal ?? (() => false);
    this.onRefreshError = options.onRefreshError ?? (() => {});
    this.entries = new LRUCache({ max: options.max });
  }

  /** The value of `key`; waits for `load` only when nothing is held for it yet. */
  async get(key: string, load: () => Promise<V>): Promise<V> {
    const entry = this.entries.get(key);
    if (entry) {
      this.refreshIfStale(key, entry, load);
      return entry.value;
    }
    return this.loadOnce(key, load);
  }

  /**
   * The values of many keys; `loadMany` answers for the keys it is given (a key it leaves
   * out is held as `missing`). Keys held already are answered at once (stale ones refreshed
   * together in one background call); only the keys never loaded are waited for, in one
   * call.
   */
  async getMany(
    keys: readonly string[],
    loadMany: (keys: string[]) => Promise<Map<string, V>>,
    missing: V,
  ): Promise<Map<string, V>> {
    const result = new Map<string, V>();
    const stale: string[] = [];
    const absent: string[] = [];
    const pending: Array<[string, Promise<V>]> = [];
    for (const key of new Set(keys)) {
      const entry = this.entries.get(key);
      if (entry) {
        result.set(key, entry.value);
        if (this.isStale(entry) && !this.refreshing.has(key)) {
          stale.push(key);
        }
      } else {
        const loading = this.loading.get(key);
        if (loading) {
          pending.push([key, loading]);
        } else {
          absent.push(key);
        }
      }
    }
    if (stale.length > 0) {
      stale.forEach(key => this.refreshing.add(key));
      void this.refresh(stale, async () => {
        const loaded = await loadMany(stale);
        const now = this.now();
        for (const key of stale) {
          this.entries.set(key, {
            value: loaded.has(key) ? loaded.get(key)! : missing,
            loadedAt: now,
          });
        }
      });
    }
    if (absent.length > 0) {
      const batch = loadMany(absent).then(loaded => {
        const now = this.now();
        for (const key of absent) {
          this.entries.set(key, {
            value: loaded.has(key) ? loaded.get(key)! : missing,
            loadedAt: now,
          });
        }
        return loaded;
      });
      absent.forEach(key => {
        const one = batch.then(loaded =>
          loaded.has(key) ? loaded.get(key)! : missing,
        );
        // The batch's failure reaches the caller through `await batch` below.
        one.catch(() => {});
        this.loading.set(key, one);
      });
      try {
        const loaded = await batch;
        absent.forEach(key =>
          result.set(key, loaded.has(key) ? loaded.get(key)! : missing),
        );
      } finally {
        absent.forEach(key => this.loading.delete(key));
      }
    }
    for (const [key, loading] of pending) {
      result.set(key, await loading);
    }
    return result;
  }

  /** The number of keys held (for tests and metrics). */
  get size(): number {
    return this.entries.size;
  }

  private isStale(entry: Entry<V>): boolean {
    return this.now() - entry.loadedAt >= this.ttlMs;
  }

  private async loadOnce(key: string, load: () => Promise<V>): Promise<V> {
    let loading = this.loading.get(key);
    if (!loading) {
      loading = load().then(value => {
        this.entries.set(key, { value, loadedAt: this.now() });
        return value;
      });
      this.loading.set(key, loading);
      const forget = () => this.loading.delete(key);
      loading.then(forget, forget);
    }
    return loading;
  }

  private refreshIfStale(key: string, entry: Entry<V>, load: () => Promise<V>) {
    if (!this.isStale(entry) || this.refreshing.has(key)) {
      return;
    }
    this.refreshing.add(key);
    void this.refresh([key], async () => {
      const value = await load();
      this.entries.set(key, { value, loadedAt: this.now() });
    });
  }

  /** Runs a background refresh of `keys`; never rejects. */
  private async refresh(keys: string[], run: () => Promise<void>) {
    try {
      await run();
    } catch (error) {
      if (this.isFatal(error)) {
        keys.forEach(key => this.entries.delete(key));
      }
      keys.forEach(key => this.onRefreshError(key, error));
    } finally {
      keys.forEach(key => this.refreshing.delete(key));
    }
  }
}
