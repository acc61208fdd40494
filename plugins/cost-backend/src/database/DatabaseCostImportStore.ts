import { CostImport } from '@runway/plugin-cost-common';
import { ConflictError } from '@backstage/errors';
import { Knex } from 'knex';
import { LRUCache } from 'lru-cache';
import { createHash, randomUUID } from 'node:crypto';
import { CostRecord } from '../focus/parseFocusRow';
import { MAX_BAD_ROW_EXAMPLES } from '../focus/readFocusCsv';
import { CostImportStore, FinishImportRequest } from './CostImportStore';

/**
 * Rows per multi-row statement: under SQLite's limit of 500 compound selects (knex inserts
 * many rows as `select ... union all`) and both databases' bind-parameter limits.
 */
const ROWS_PER_STATEMENT = 500;

/** Columns shared by cost_rows and cost_staged_rows, with their PostgreSQL types. */
const COST_COLUMN_TYPES = {
  import_id: 'text',
  source: 'text',
  billing_period_start: 'text',
  charge_period_start: 'text',
  charge_period_end: 'text',
  usage_date: 'text',
  billing_currency: 'text',
  effective_cost: 'numeric',
  billed_cost: 'numeric',
  list_cost: 'numeric',
  charge_category: 'text',
  provider_name: 'text',
  service_category: 'text',
  service_name: 'text',
  region_id: 'text',
  region_name: 'text',
  sub_account_id: 'text',
  sub_account_name: 'text',
  resource_id: 'text',
  resource_name: 'text',
  tags: 'text',
  allocation_key_id: 'integer',
};
const COST_COLUMNS = Object.keys(COST_COLUMN_TYPES);

/** What cost_daily groups cost_rows by (see migrations/20261123_daily_cost.js). */
const DAILY_GRAIN = [
  'source',
  'billing_period_start',
  'usage_date',
  'allocation_key_id',
  'billing_currency',
  'service_category',
  'service_name',
  'region_id',
  'region_name',
  'sub_account_id',
  'sub_account_name',
].join(', ');

interface ImportRow {
  id: string;
  source: string;
  file_name: string;
  content_hash: string;
  status: string;
  focus_version: string | null;
  started_at: string;
  heartbeat_at: string | null;
  finished_at: string | null;
  rows_read: number | string;
  rows_imported: number | string;
  bad_row_count: number | string;
  bad_rows: string | null;
  billing_periods: string | null;
  error: string | null;
}

/** Tags with sorted keys: the same tag set always serializes the same way. */
function canonicalTags(tags: Record<string, unknown>): string {
  return JSON.stringify(
    Object.fromEntries(
      Object.keys(tags)
        .sort()
        .map(key => [key, tags[key]]),
    ),
  );
}

function toImport(row: ImportRow): CostImport {
  return {
    id: row.id,
    source: row.source,
    fileName: row.file_name,
    contentHash: row.content_hash,
    status: row.status as CostImport['status'],
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    rowsRead: Number(row.rows_read),
    rowsImported: Number(row.rows_imported),
    badRowCount: Number(row.bad_row_count),
    badRows: row.bad_rows ? JSON.parse(row.bad_rows) : [],
    billingPeriods: row.billing_periods ? JSON.parse(row.billing_periods) : [],
    error: row.error,
  };
}

/**
 * Serializes the transactions that rewrite one source's billing period (an import's commit,
 * a deletion) on PostgreSQL: two of them must not both delete the old rows and then both
 * insert. SQLite runs one write transaction at a time anyway.
 */
async function lockPeriod(
  tx: Knex.Transaction,
  source: string,
  billingPeriodStart: string,
): Promise<void> {
  if (tx.client.config.client === 'pg') {
    await tx.raw('select pg_advisory_xact_lock(hashtext(?))', [
      `cost:${source}:${billingPeriodStart}`,
    ]);
  }
}

/** Rewrites the daily sums of one source's billing period from its cost rows. */
async function replaceDailySums(
  tx: Knex.Transaction,
  source: string,
  billingPeriodStart: string,
): Promise<void> {
  await tx('cost_daily')
    .where({ source, billing_period_start: billingPeriodStart })
    .delete();
  await tx.raw(
    `insert into cost_daily (${DAILY_GRAIN}, effective_cost, billed_cost, list_cost, row_count)
     select ${DAILY_GRAIN}, sum(effective_cost), sum(billed_cost), sum(list_cost), count(*)
     from cost_rows where source = ? and billing_period_start = ?
     group by ${DAILY_GRAIN}`,
    [source, billingPeriodStart],
  );
}

/** The import records and cost rows on the plugin's database (SQLite or PostgreSQL). */
export class DatabaseCostImportStore implements CostImportStore {
  /** Allocation key ids by `[subAccountId, tags]` JSON: most rows repeat a known pair. */
  private readonly keyIds = new LRUCache<string, number>({ max: 100_000 });
  private readonly serializedTags = new WeakMap<object, string>();

  /** On a migrated database: see createCostStores. */
  constructor(private readonly db: Knex) {}

  async createImport(request: {
    source: string;
    fileName: string;
    contentHash: string;
  }): Promise<CostImport> {
    const startedAt = new Date().toISOString();
    const row: ImportRow = {
      id: randomUUID(),
      source: request.source,
      file_name: request.fileName,
      content_hash: request.contentHash,
      status: 'running',
      focus_version: null,
      started_at: startedAt,
      heartbeat_at: startedAt,
      finished_at: null,
      rows_read: 0,
      rows_imported: 0,
      bad_row_count: 0,
      bad_rows: null,
      billing_periods: null,
      error: null,
    };
    await this.db('cost_imports').insert(row);
    return toImport(row);
  }

  async findImportedContent(
    contentHash: string,
    source: string,
  ): Promise<CostImport | undefined> {
    const row = await this.db<ImportRow>('cost_imports')
      .where({ content_hash: contentHash, status: 'succeeded', source })
      .orderBy('started_at', 'desc')
      .first();
    return row ? toImport(row) : undefined;
  }

  async touchImport(id: string): Promise<void> {
    await this.db('cost_imports')
      .where({ id, status: 'running' })
      .update({ heartbeat_at: new Date().toISOString() });
  }

  async failStaleImports(request: {
    heartbeatBefore: string;
    error: string;
  }): Promise<string[]> {
    const stale: Array<{ id: string }> = await this.db('cost_imports')
      .where({ status: 'running' })
      .andWhere('heartbeat_at', '<', request.heartbeatBefore)
      .select('id');
    const failed: string[] = [];
    for (const { id } of stale) {
      // Conditional on the heartbeat still being stale: a replica that recovers at the same
      // time, or an import that came back to life, is not overwritten.
      const updated = await this.db('cost_imports')
        .where({ id, status: 'running' })
        .andWhere('heartbeat_at', '<', request.heartbeatBefore)
        .update({
          status: 'failed',
          finished_at: new Date().toISOString(),
          error: request.error,
        });
      if (updated > 0) {
        failed.push(id);
      }
    }
    await this.db('cost_staged_rows')
      .whereNotIn(
        'import_id',
        this.db('cost_imports').where({ status: 'running' }).select('id'),
      )
      .delete();
    return failed;
  }

  async deleteImport(id: string): Promise<boolean> {
    return this.db.transaction(async tx => {
      const row = await tx<ImportRow>('cost_imports')
        .where({ id })
        .forUpdate()
        .first();
      if (!row) {
        return false;
      }
      if (row.status === 'running') {
        throw new ConflictError(
          `Cost import ${id} is still running; delete it once it has finished`,
        );
      }
      const periods: string[] = row.billing_periods
        ? JSON.parse(row.billing_periods)
        : [];
      for (const period of periods) {
        await lockPeriod(tx, row.source, period);
        // A later import of the same source may have replaced the period: its rows stay.
        const deleted = await tx('cost_rows')
          .where({
            source: row.source,
            billing_period_start: period,
            import_id: id,
          })
          .delete();
        if (deleted > 0) {
          await replaceDailySums(tx, row.source, period);
        }
      }
      await tx('cost_staged_rows').where({ import_id: id }).delete();
      await tx('cost_imports').where({ id }).delete();
      return true;
    });
  }

  async stageRows(
    importRecord: Pick<CostImport, 'id' | 'source'>,
    records: CostRecord[],
  ): Promise<void> {
    const tags = records.map(record => this.canonicalTags(record.tags));
    const keyIds = await this.allocationKeyIds(
      records.map((record, index) => ({
        subAccountId: record.subAccountId,
        tags: tags[index],
      })),
    );
    const rows = records.map((record, index) => ({
      import_id: importRecord.id,
      source: importRecord.source,
      billing_period_start: record.billingPeriodStart,
      charge_period_start: record.chargePeriodStart,
      charge_period_end: record.chargePeriodEnd,
      usage_date: record.usageDate,
      billing_currency: record.currency,
      effective_cost: record.effectiveCost,
      billed_cost: record.billedCost,
      list_cost: record.listCost,
      charge_category: record.chargeCategory,
      provider_name: record.providerName,
      service_category: record.serviceCategory,
      service_name: record.serviceName,
      region_id: record.regionId,
      region_name: record.regionName,
      sub_account_id: record.subAccountId,
      sub_account_name: record.subAccountName,
      resource_id: record.resourceId,
      resource_name: record.resourceName,
      tags: tags[index],
      allocation_key_id: keyIds[index],
    }));
    if (this.db.client.config.client === 'pg') {
      // One array per column instead of one parameter per cell: PostgreSQL takes a batch in
      // one statement with 22 parameters, several times faster than a multi-row insert.
      const columns = Object.keys(COST_COLUMN_TYPES) as Array<
        keyof (typeof rows)[number]
      >;
      await this.db.raw(
        `insert into cost_staged_rows (${columns.join(
          ', ',
        )}) select * from unnest(${columns
          .map(column => `?::${COST_COLUMN_TYPES[column]}[]`)
          .join(', ')})`,
        columns.map(column => rows.map(row => row[column])) as Knex.Value[],
      );
      return;
    }
    for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
      await this.db('cost_staged_rows').insert(
        rows.slice(i, i + ROWS_PER_STATEMENT),
      );
    }
  }

  /** The parser hands out one object per distinct tag set, so serializing is memoized on it. */
  private canonicalTags(tags: Record<string, unknown> | null): string | null {
    if (!tags) {
      return null;
    }
    let canonical = this.serializedTags.get(tags);
    if (canonical === undefined) {
      canonical = canonicalTags(tags);
      this.serializedTags.set(tags, canonical);
    }
    return canonical;
  }

  /** Ids of the (sub-account, tags) pairs, creating the missing ones. */
  private async allocationKeyIds(
    keys: Array<{ subAccountId: string | null; tags: string | null }>,
  ): Promise<number[]> {
    const cacheKeys = keys.map(key =>
      JSON.stringify([key.subAccountId, key.tags]),
    );
    const missing = new Map<
      string,
      { subAccountId: string | null; tags: string | null }
    >();
    cacheKeys.forEach((cacheKey, index) => {
      if (!this.keyIds.has(cacheKey)) {
        missing.set(cacheKey, keys[index]);
      }
    });
    const entries = [...missing.entries()].map(([cacheKey, key]) => ({
      cacheKey,
      hash: createHash('sha256').update(cacheKey).digest('hex'),
      key,
    }));
    for (let i = 0; i < entries.length; i += ROWS_PER_STATEMENT) {
      const chunk = entries.slice(i, i + ROWS_PER_STATEMENT);
      await this.db('cost_allocation_keys')
        .insert(
          chunk.map(({ hash, key }) => ({
            key_hash: hash,
            sub_account_id: key.subAccountId,
            tags: key.tags,
          })),
        )
        .onConflict('key_hash')
        .ignore();
      const rows: Array<{ id: number | string; key_hash: string }> =
        await this.db('cost_allocation_keys')
          .whereIn(
            'key_hash',
            chunk.map(({ hash }) => hash),
          )
          .select('id', 'key_hash');
      const ids = new Map(rows.map(row => [row.key_hash, Number(row.id)]));
      for (const { cacheKey, hash } of chunk) {
        this.keyIds.set(cacheKey, ids.get(hash)!);
      }
    }
    return cacheKeys.map(cacheKey => this.keyIds.get(cacheKey)!);
  }

  async listStagedPeriods(importId: string): Promise<string[]> {
    const rows = await this.db('cost_staged_rows')
      .where({ import_id: importId })
      .distinct('billing_period_start')
      .orderBy('billing_period_start');
    return rows.map(row => row.billing_period_start);
  }

  async commitPeriod(
    importRecord: Pick<CostImport, 'id' | 'source'>,
    billingPeriodStart: string,
  ): Promise<number> {
    const columns = COST_COLUMNS.join(', ');
    const period = {
      source: importRecord.source,
      billing_period_start: billingPeriodStart,
    };
    const staged = {
      import_id: importRecord.id,
      billing_period_start: billingPeriodStart,
    };
    return this.db.transaction(async tx => {
      await lockPeriod(tx, importRecord.source, billingPeriodStart);
      await tx('cost_rows').where(period).delete();
      await tx.raw(
        `insert into cost_rows (${columns}) select ${columns} from cost_staged_rows where import_id = ? and billing_period_start = ?`,
        [importRecord.id, billingPeriodStart],
      );
      await replaceDailySums(tx, importRecord.source, billingPeriodStart);
      const [{ count }] = await tx('cost_rows')
        .where(period)
        .count({ count: '*' });
      await tx('cost_staged_rows').where(staged).delete();
      return Number(count);
    });
  }

  async discardStaged(importId: string): Promise<void> {
    await this.db('cost_staged_rows').where({ import_id: importId }).delete();
  }

  async finishImport(
    id: string,
    request: FinishImportRequest,
  ): Promise<CostImport> {
    await this.db('cost_imports')
      .where({ id })
      .update({
        status: request.status,
        focus_version: request.focusVersion ?? null,
        finished_at: new Date().toISOString(),
        rows_read: request.rowsRead,
        rows_imported: request.rowsImported,
        bad_row_count: request.badRowCount,
        bad_rows: JSON.stringify(
          request.badRows.slice(0, MAX_BAD_ROW_EXAMPLES),
        ),
        billing_periods: JSON.stringify(request.billingPeriods),
        error: request.error ?? null,
      });
    return (await this.getImport(id))!;
  }

  async getImport(id: string): Promise<CostImport | undefined> {
    const row = await this.db<ImportRow>('cost_imports').where({ id }).first();
    return row ? toImport(row) : undefined;
  }

  async listImports(request: {
    source?: string;
    limit: number;
    offset: number;
  }): Promise<{ items: CostImport[]; totalItems: number }> {
    const filtered = () => {
      const query = this.db<ImportRow>('cost_imports');
      return request.source ? query.where({ source: request.source }) : query;
    };
    const [rows, [{ count }]] = await Promise.all([
      filtered()
        .select('*')
        .orderBy([
          { column: 'started_at', order: 'desc' },
          { column: 'id', order: 'desc' },
        ])
        .limit(request.limit)
        .offset(request.offset),
      filtered().count({ count: '*' }),
    ]);
    return { items: rows.map(toImport), totalItems: Number(count) };
  }
}
