import { UnmatchedEvent } from '@runway/plugin-delivery-common';
import { Knex } from 'knex';
import {
  ListUnmatchedByKeyRequest,
  ListUnmatchedRequest,
  UnmatchedEventInput,
} from './DeliveryStore';
import { chunks, eventKey, toUnmatchedEvent, UnmatchedRow } from './rows';

/**
 * Events that matched no catalog entity (`unmatched_events`), keyed by `type:id`: recorded
 * and cleared in the transaction that writes events (construct it with that transaction),
 * listed, and removed once they match.
 */
export class DatabaseUnmatchedEvents {
  constructor(private readonly db: Knex) {}

  /** Records entries; a key recorded again keeps when it was first received. */
  async record(
    entries: UnmatchedEventInput[],
    receivedAt: Date,
  ): Promise<void> {
    const rows = [
      ...new Map(
        entries.map(entry => {
          const row: UnmatchedRow = {
            key: eventKey(entry.eventType, entry.eventId),
            source: entry.source,
            event_type: entry.eventType,
            event_id: entry.eventId,
            entity_ref: entry.entityRef ?? null,
            reason: entry.reason,
            payload: JSON.stringify(entry.payload ?? null),
            received_at: receivedAt,
          };
          return [row.key, row] as const;
        }),
      ).values(),
    ];
    for (const batch of chunks(rows)) {
      // Listed by when it was first received, however often it is delivered or re-resolved.
      await this.db('unmatched_events')
        .insert(batch)
        .onConflict('key')
        .merge([
          'source',
          'event_type',
          'event_id',
          'entity_ref',
          'reason',
          'payload',
        ]);
    }
  }

  async delete(keys: string[]): Promise<void> {
    for (const batch of chunks(keys)) {
      await this.db('unmatched_events').whereIn('key', batch).delete();
    }
  }

  async listByKey(
    request: ListUnmatchedByKeyRequest,
  ): Promise<UnmatchedEvent[]> {
    const rows: UnmatchedRow[] = await this.db<UnmatchedRow>('unmatched_events')
      .modify(query => {
        if (request.afterKey !== undefined) {
          query.where('key', '>', request.afterKey);
        }
      })
      .orderBy('key', 'asc')
      .limit(request.limit)
      .select();
    return rows.map(toUnmatchedEvent);
  }

  async list(
    request: ListUnmatchedRequest,
  ): Promise<{ items: UnmatchedEvent[]; totalCount: number }> {
    const filtered = () => {
      const query = this.db<UnmatchedRow>('unmatched_events');
      return request.source ? query.where('source', request.source) : query;
    };
    const [rows, [{ count }]] = await Promise.all([
      filtered()
        .select()
        .orderBy([
          { column: 'received_at', order: 'desc' },
          { column: 'key', order: 'asc' },
        ])
        .limit(request.limit)
        .offset(request.offset),
      filtered().count<{ count: number | string }[]>({ count: '*' }),
    ]);
    return {
      items: rows.map(toUnmatchedEvent),
      totalCount: Number(count),
    };
  }
}
