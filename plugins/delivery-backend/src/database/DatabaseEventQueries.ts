import { PipelineRunEvent } from '@runway/plugin-delivery-common';
import { Knex } from 'knex';
import { ListPipelineRunsRequest } from './DeliveryStore';
import {
  entityRefTable,
  normalizeRef,
  orUndefined,
  PipelineRunRow,
  pipelineRunColumns,
  toIso,
} from './rows';

/** Reads of stored events other than DORA's (see DatabaseDoraReader). */
export class DatabaseEventQueries {
  constructor(private readonly db: Knex) {}

  /**
   * The entities with any stored event, in order. Each table is walked through the index
   * its entity_ref leads, one probe per entity (a recursive "skip scan"), so the cost grows
   * with the number of entities, not with their history: a union of the tables' rows read
   * every event ever stored (1.6 s at 1M events on PostgreSQL).
   */
  async listEntityRefs(among?: readonly string[]): Promise<string[]> {
    if (among) {
      return this.entityRefsWithEvents(among);
    }
    const walk = (table: string, name: string) =>
      `${name}(ref) as (
         select (select entity_ref from ${table} order by entity_ref limit 1)
         union all
         select (select entity_ref from ${table} where entity_ref > ${name}.ref
                 order by entity_ref limit 1)
         from ${name} where ${name}.ref is not null)`;
    const result = await this.db.raw(
      `with recursive ${walk('deployments', 'd')}, ${walk('incidents', 'i')},
         ${walk('pipeline_runs', 'p')}
       select ref as entity_ref from d where ref is not null
       union select ref from i where ref is not null
       union select ref from p where ref is not null
       order by entity_ref`,
    );
    // PostgreSQL answers a result object, SQLite the rows.
    const rows: Array<{ entity_ref: string }> = Array.isArray(result)
      ? result
      : result.rows;
    return rows.map(row => row.entity_ref);
  }

  /**
   * Which of `entityRefs` have any stored event, in order: one index probe per table and
   * entity asked about, however many entities the store holds (the service health card and
   * the catalog list's health columns ask about one entity, or a page of them).
   */
  private async entityRefsWithEvents(
    entityRefs: readonly string[],
  ): Promise<string[]> {
    const refs = [...new Set(entityRefs.map(normalizeRef))];
    if (refs.length === 0) {
      return [];
    }
    const hasRows = (table: string) =>
      this.db.raw(
        `exists (select 1 from ${table} where ${table}.entity_ref = asked.entity_ref)`,
      );
    const rows: Array<{ entity_ref: string }> = await this.db
      .select('asked.entity_ref')
      .from(entityRefTable(this.db, refs, 'asked'))
      .where(hasRows('deployments'))
      .orWhere(hasRows('incidents'))
      .orWhere(hasRows('pipeline_runs'))
      .orderBy('asked.entity_ref');
    return rows.map(row => row.entity_ref);
  }

  async listPipelineRuns(
    request: ListPipelineRunsRequest,
  ): Promise<PipelineRunEvent[]> {
    if (request.entityRefs.length === 0) {
      return [];
    }
    // The instants as epoch milliseconds: parsing timestamps in the driver was most of the
    // cost of reading a service's 90 days of runs, which every Overview does.
    const rows: PipelineRunRow[] = await this.db('pipeline_runs')
      .whereIn('entity_ref', request.entityRefs.map(normalizeRef))
      .where('run_at', '>=', request.since)
      .select(pipelineRunColumns(this.db, 'pipeline_runs'))
      .orderBy([
        { column: 'run_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ]);
    return rows.map(row => ({
      type: 'pipelineRun',
      id: row.id,
      entityRef: row.entity_ref,
      pipeline: row.pipeline,
      branch: orUndefined(row.branch),
      status: row.status as PipelineRunEvent['status'],
      attempt: orUndefined(row.attempt),
      startedAt: toIso(row.started_at),
      finishedAt: toIso(row.finished_at),
      url: orUndefined(row.url),
      commitSha: orUndefined(row.commit_sha),
    }));
  }
}
