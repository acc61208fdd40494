import { CostMetric } from '@runway/plugin-cost-common';
import { Knex } from 'knex';
import {
  AllocationKey,
  AllocationKeySum,
  CostDimension,
  CostQuery,
  CostReportStore,
  CurrencySum,
  DailySum,
  DimensionSum,
  ResourceSum,
} from './CostReportStore';

/** An instant at midnight UTC, as `toISOString` writes it. */
const MIDNIGHT_UTC = /^(\d{4}-\d{2}-\d{2})T00:00:00(\.000)?Z$/;

const METRIC_COLUMNS: Record<CostMetric, string> = {
  EffectiveCost: 'effective_cost',
  BilledCost: 'billed_cost',
  ListCost: 'list_cost',
};

const DIMENSION_COLUMNS: Record<
  CostDimension,
  { key: string; name: string | null }
> = {
  serviceCategory: { key: 'service_category', name: null },
  serviceName: { key: 'service_name', name: null },
  region: { key: 'region_id', name: 'region_name' },
  account: { key: 'sub_account_id', name: 'sub_account_name' },
};

/** A sum per currency as the drivers return it (PostgreSQL sends numerics as strings). */
interface SumRow {
  billing_currency: string;
  amount: number | string;
}

/** Cost sums read from the plugin's database (SQLite or PostgreSQL). */
export class DatabaseCostReportStore implements CostReportStore {
  /** On a migrated database: see createCostStores. */
  constructor(private readonly db: Knex) {}

  async listAllocationKeys(afterId = 0): Promise<AllocationKey[]> {
    const rows = await this.db('cost_allocation_keys')
      .where('id', '>', afterId)
      .orderBy('id')
      .select('id', 'sub_account_id', 'tags');
    return rows.map(row => ({
      id: Number(row.id),
      subAccountId: row.sub_account_id,
      tags: row.tags ? JSON.parse(row.tags) : null,
    }));
  }

  /**
   * The cost of a window: from the daily sums when it starts and ends at midnight UTC (rows
   * count on the day of their ChargePeriodStart, so whole days select the same rows), from
   * the exported rows otherwise.
   */
  private costRows(
    query: Omit<CostQuery, 'metric'>,
    options: { exportedRows?: boolean } = {},
  ): Knex.QueryBuilder {
    const fromDay = MIDNIGHT_UTC.exec(query.from)?.[1];
    const toDay = MIDNIGHT_UTC.exec(query.to)?.[1];
    const rows =
      fromDay && toDay && !options.exportedRows
        ? this.db('cost_daily')
            .where('usage_date', '>=', fromDay)
            .andWhere('usage_date', '<', toDay)
        : this.db('cost_rows')
            .where('charge_period_start', '>=', query.from)
            .andWhere('charge_period_start', '<', query.to);
    return query.allocationKeyIds
      ? this.whereKeyIn(rows, query.allocationKeyIds)
      : rows;
  }

  /**
   * `allocation_key_id in (ids)` with one bound parameter however many ids: a group of a
   * large organisation has thousands of keys, and a breakdown names them once per dimension,
   * past what a statement may bind (SQLite 32,766, PostgreSQL 65,535), which failed as a 500.
   */
  private whereKeyIn(
    rows: Knex.QueryBuilder,
    ids: number[],
  ): Knex.QueryBuilder {
    const list = ids.map(id => Math.trunc(id)).join(',');
    return this.db.client.config.client === 'pg'
      ? rows.whereRaw("?? = any(string_to_array(?, ',')::integer[])", [
          'allocation_key_id',
          list,
        ])
      : rows.whereRaw('?? in (select value from json_each(?))', [
          'allocation_key_id',
          `[${list}]`,
        ]);
  }

  private amount(query: CostQuery): Knex.Raw {
    return this.db.raw('sum(??) as amount', [METRIC_COLUMNS[query.metric]]);
  }

  async sumByCurrency(query: CostQuery): Promise<CurrencySum[]> {
    if (query.allocationKeyIds?.length === 0) {
      return [];
    }
    const rows: Array<SumRow> = await this.costRows(query)
      .select('billing_currency', this.amount(query))
      .groupBy('billing_currency')
      .orderBy('billing_currency');
    return rows.map(row => ({
      currency: row.billing_currency,
      amount: Number(row.amount),
    }));
  }

  async sumByDay(query: CostQuery): Promise<DailySum[]> {
    if (query.allocationKeyIds?.length === 0) {
      return [];
    }
    const rows: Array<SumRow & { usage_date: string }> = await this.costRows(
      query,
    )
      .select('usage_date', 'billing_currency', this.amount(query))
      .groupBy('usage_date', 'billing_currency')
      .orderBy(['usage_date', 'billing_currency']);
    return rows.map(row => ({
      date: row.usage_date,
      currency: row.billing_currency,
      amount: Number(row.amount),
    }));
  }

  async latestUsageDate(
    query: Omit<CostQuery, 'metric'>,
  ): Promise<string | undefined> {
    if (query.allocationKeyIds?.length === 0) {
      return undefined;
    }
    const [row]: Array<{ date: string | null }> = await this.costRows(
      query,
    ).max({ date: 'usage_date' });
    return row?.date ?? undefined;
  }

  async sumByAllocationKey(query: CostQuery): Promise<AllocationKeySum[]> {
    if (query.allocationKeyIds?.length === 0) {
      return [];
    }
    const rows: Array<SumRow & { allocation_key_id: number | string }> =
      await this.costRows(query)
        .select('allocation_key_id', 'billing_currency', this.amount(query))
        .groupBy('allocation_key_id', 'billing_currency');
    return rows.map(row => ({
      allocationKeyId: Number(row.allocation_key_id),
      currency: row.billing_currency,
      amount: Number(row.amount),
    }));
  }

  /**
   * One statement (a `union all` of one `group by` per dimension): an entity's breakdowns
   * are read in a single round trip, and each branch sums exactly as its own query would.
   */
  async sumByDimensions(
    query: CostQuery,
    dimensions: CostDimension[],
  ): Promise<Record<CostDimension, DimensionSum[]>> {
    const result = Object.fromEntries(
      dimensions.map(dimension => [dimension, [] as DimensionSum[]]),
    ) as Record<CostDimension, DimensionSum[]>;
    if (query.allocationKeyIds?.length === 0 || dimensions.length === 0) {
      return result;
    }
    const branch = (dimension: CostDimension) => {
      const { key, name } = DIMENSION_COLUMNS[dimension];
      return this.costRows(query)
        .select(
          this.db.raw('? as dimension', [dimension]),
          { key },
          name
            ? this.db.raw('max(??) as name', [name])
            : this.db.raw('cast(null as text) as name'),
          'billing_currency',
          this.amount(query),
        )
        .groupBy(key, 'billing_currency');
    };
    // Joined by hand: knex moves the first branch's `group by` after the unions.
    const branches = dimensions.map(dimension => branch(dimension).toSQL());
    const answer = await this.db.raw(
      branches.map(compiled => compiled.sql).join(' union all '),
      branches.flatMap(compiled => compiled.bindings) as Knex.Value[],
    );
    const rows: Array<
      SumRow & { dimension: string; key: string | null; name: string | null }
    > = Array.isArray(answer) ? answer : answer.rows;
    for (const row of rows) {
      result[row.dimension as CostDimension].push({
        key: row.key,
        name: row.name ?? null,
        currency: row.billing_currency,
        amount: Number(row.amount),
      });
    }
    for (const sums of Object.values(result)) {
      sums.sort((a, b) => b.amount - a.amount);
    }
    return result;
  }

  async topResources(query: CostQuery, limit: number): Promise<ResourceSum[]> {
    if (query.allocationKeyIds?.length === 0) {
      return [];
    }
    const rows: Array<
      SumRow & {
        resource_id: string | null;
        resource_name: string | null;
        sub_account_id: string | null;
        sub_account_name: string | null;
        provider_name: string | null;
        service_name: string | null;
      }
    > = await this.costRows(query, { exportedRows: true })
      .select(
        'resource_id',
        'sub_account_id',
        'billing_currency',
        this.db.raw('max(resource_name) as resource_name'),
        this.db.raw('max(sub_account_name) as sub_account_name'),
        this.db.raw('max(provider_name) as provider_name'),
        this.db.raw('max(service_name) as service_name'),
        this.amount(query),
      )
      .groupBy('resource_id', 'sub_account_id', 'billing_currency')
      .orderBy('amount', 'desc')
      .limit(limit);
    return rows.map(row => ({
      resourceId: row.resource_id,
      resourceName: row.resource_name,
      subAccountId: row.sub_account_id,
      subAccountName: row.sub_account_name,
      providerName: row.provider_name,
      serviceName: row.service_name,
      currency: row.billing_currency,
      amount: Number(row.amount),
    }));
  }
}
