import { PipelineRunEvent } from '@runway/plugin-delivery-common';
import { Knex } from 'knex';
import {
  ListPipelineRunsRequest,
  OverviewPipelineRuns,
  PipelineBranchRuns,
} from './DeliveryStore';
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
    return rows.map(toPipelineRun);
  }

  /**
   * A pipeline's default branch is chosen by its runs per branch, and its state is its latest
   * run there: the database counts the runs and picks each branch's latest, so a page of the
   * overview reads a few rows per pipeline, not a service's 90 days of runs (hundreds to
   * thousands each). Latest as the pipeline state orders runs: by start, else finish; runs
   * with neither are queued and newer than any. Every run at the latest instant is returned
   * (the attempt and id that break a tie are compared by the caller), as are the runs of
   * `commitShas` (the last deployments', which the overview links to their runs).
   */
  async listOverviewPipelineRuns(
    request: ListPipelineRunsRequest & { commitShas: string[] },
  ): Promise<OverviewPipelineRuns> {
    if (request.entityRefs.length === 0) {
      return { branches: [], runs: [] };
    }
    // One pass over the entities' runs in the window (the index on entity_ref and run_at):
    // each run with its branch's count and latest instant, of which only the latest, the
    // queued and the asked-for commits' runs leave the database. Every branch has at least
    // one of those (its latest, or its queued runs when none has an instant), so the counts
    // arrive with them.
    const branch =
      'partition by pipeline_runs.entity_ref, pipeline_runs.pipeline, pipeline_runs.branch';
    const runAt =
      'coalesce(pipeline_runs.started_at, pipeline_runs.finished_at)';
    const window = this.db('pipeline_runs')
      .whereIn('pipeline_runs.entity_ref', [
        ...new Set(request.entityRefs.map(normalizeRef)),
      ])
      .where('pipeline_runs.run_at', '>=', request.since)
      .select(pipelineRunColumns(this.db, 'pipeline_runs'))
      .select(
        this.db.raw(`count(*) over (${branch}) as branch_runs`),
        this.db.raw(`max(${runAt}) over (${branch}) as branch_latest`),
        this.db.raw(`${runAt} as run_time`),
        'pipeline_runs.run_at',
      )
      .as('runs');
    const shas = [...new Set(request.commitShas)];
    const rows: Array<PipelineRunRow & { branch_runs: number | string }> =
      await this.db
        .from(window)
        .where(candidate => {
          candidate
            .whereRaw('runs.run_time = runs.branch_latest')
            .orWhereNull('runs.run_time');
          if (shas.length > 0) candidate.orWhereIn('runs.commit_sha', shas);
        })
        .select('runs.*')
        // As listPipelineRuns orders them: where the overview's choices tie, the later wins.
        .orderBy([
          { column: 'runs.run_at', order: 'asc' },
          { column: 'runs.id', order: 'asc' },
        ]);
    const branches = new Map<string, PipelineBranchRuns>();
    for (const row of rows) {
      const key = JSON.stringify([row.entity_ref, row.pipeline, row.branch]);
      branches.set(key, {
        entityRef: row.entity_ref,
        pipeline: row.pipeline,
        branch: row.branch,
        runs: Number(row.branch_runs),
      });
    }
    return { branches: [...branches.values()], runs: rows.map(toPipelineRun) };
  }
}

function toPipelineRun(row: PipelineRunRow): PipelineRunEvent {
  return {
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
  };
}
