import { PipelineRunEvent } from '@runway/plugin-delivery-common';
import { Knex } from 'knex';
import { ListPipelineRunsRequest } from './DeliveryStore';
import { normalizeRef, orUndefined, PipelineRunRow, toIso } from './rows';

/** Reads of stored events other than DORA's (see DatabaseDoraReader). */
export class DatabaseEventQueries {
  constructor(private readonly db: Knex) {}

  async listEntityRefs(): Promise<string[]> {
    const rows: Array<{ entity_ref: string }> = await this.db
      .select('entity_ref')
      .from('deployments')
      .union(
        this.db.select('entity_ref').from('incidents'),
        this.db.select('entity_ref').from('pipeline_runs'),
      )
      .orderBy('entity_ref');
    return rows.map(row => row.entity_ref);
  }

  async listPipelineRuns(
    request: ListPipelineRunsRequest,
  ): Promise<PipelineRunEvent[]> {
    if (request.entityRefs.length === 0) {
      return [];
    }
    const rows = await this.db<PipelineRunRow>('pipeline_runs')
      .whereIn('entity_ref', request.entityRefs.map(normalizeRef))
      .where('run_at', '>=', request.since)
      .select()
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
