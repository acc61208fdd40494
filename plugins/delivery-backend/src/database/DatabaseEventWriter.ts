import {
  DeliveryEventSource,
  DeliveryEventType,
  DeploymentCommit,
  DeploymentEvent,
  IncidentEvent,
  PipelineRunEvent,
} from '@runway/plugin-delivery-common';
import { ConflictError } from '@backstage/errors';
import { Knex } from 'knex';
import { latestById } from '../dora/analyzeDeployments';
import { DatabaseDoraFacts } from './DatabaseDoraFacts';
import { DatabaseUnmatchedEvents } from './DatabaseUnmatchedEvents';
import {
  DeploymentCommitLookup,
  PushedCommitInput,
  WriteEventsRequest,
  WriteEventsResult,
} from './DeliveryStore';
import {
  chunks,
  CommitRow,
  DeploymentRow,
  eventKey,
  IncidentRow,
  isPostgres,
  normalizeRef,
  normalizeRepository,
  PipelineRunRow,
  TABLE_BY_TYPE,
  toDate,
  unnestRows,
} from './rows';

/** Columns a re-post always replaces; every other column keeps its value when the re-post omits it. */
const REPLACED_COLUMNS: Record<DeliveryEventType, string[]> = {
  deployment: [
    'entity_ref',
    'environment',
    'status',
    'finished_at',
    'source',
    'received_at',
  ],
  incident: ['entity_ref', 'environment', 'opened_at', 'source', 'received_at'],
  pipelineRun: ['entity_ref', 'pipeline', 'status', 'source', 'received_at'],
};

const KEPT_COLUMNS: Record<DeliveryEventType, string[]> = {
  deployment: ['started_at', 'version', 'commit_sha', 'rollback_of', 'labels'],
  incident: ['resolved_at', 'deployment_id', 'severity', 'url'],
  pipelineRun: [
    'branch',
    'attempt',
    'started_at',
    'finished_at',
    'url',
    'commit_sha',
  ],
};

/** `startedAt` -> `started_at`: event fields and their columns. */
function columnOf(field: string): string {
  return field.replace(/[A-Z]/g, letter => `_${letter.toLowerCase()}`);
}

/** How many re-homing ids one ConflictError names. */
const MAX_REPORTED_CONFLICTS = 5;

/**
 * The order of a pipeline run's states: a run never goes back to an earlier one. The
 * finished states share the last rank; among them the later `finished_at` wins.
 */
const RUN_STATUS_RANK = `case ?? when 'queued' then 0 when 'running' then 1 else 2 end`;

/**
 * Writes of events (`deployments`, `incidents`, `pipeline_runs`) with what comes with them:
 * a deployment's commits and where they will come from, pushed commits, and unmatched
 * records. See {@link DeliveryStore.writeEvents} for the rules.
 */
export class DatabaseEventWriter {
  private readonly isPostgres: boolean;

  constructor(
    private readonly db: Knex,
    /** The DORA read model kept up to date with every write, when there is one. */
    private readonly doraFacts?: DatabaseDoraFacts,
  ) {
    this.isPostgres = isPostgres(db);
  }

  async writeEvents(request: WriteEventsRequest): Promise<WriteEventsResult> {
    const {
      source,
      events,
      unmatched = [],
      placeholderFields = {},
      commits = [],
      matchedIds = [],
    } = request;
    const receivedAt = new Date();
    // The last post of an id in a batch wins, as if the events had been posted one by one.
    const deployments = latestById(
      events.filter((e): e is DeploymentEvent => e.type === 'deployment'),
    );
    const incidents = latestById(
      events.filter((e): e is IncidentEvent => e.type === 'incident'),
    );
    const runs = latestById(
      events.filter((e): e is PipelineRunEvent => e.type === 'pipelineRun'),
    );
    const unmatchedKeys = new Set(
      unmatched.map(entry => eventKey(entry.eventType, entry.eventId)),
    );
    const rowsByType = {
      deployment: deployments.map(e =>
        this.deploymentRow(e, source, receivedAt),
      ),
      incident: incidents.map(e => this.incidentRow(e, source, receivedAt)),
      pipelineRun: runs.map(e => this.pipelineRunRow(e, source, receivedAt)),
    };

    return this.db.transaction(async tx => {
      const stored = await this.assertSameHome(tx, rowsByType);
      // Where the stored events were before the write: their old places' facts change too.
      const written = {
        deploymentIds: deployments.map(d => d.id),
        incidentIds: incidents.map(i => i.id),
      };
      const before = await this.doraFacts?.changePoints(tx, {
        deploymentIds: written.deploymentIds.filter(id =>
          stored.deployment.has(id),
        ),
        incidentIds: written.incidentIds.filter(id => stored.incident.has(id)),
      });
      let created = 0;
      for (const type of Object.keys(rowsByType) as DeliveryEventType[]) {
        created += rowsByType[type].filter(
          row => !stored[type].has(row.id),
        ).length;
        await this.upsert(tx, type, rowsByType[type], placeholderFields);
      }
      const applied = await this.writtenAt(
        tx,
        deployments.map(d => d.id),
        receivedAt,
      );
      await this.replaceCommits(
        tx,
        deployments.filter(d => applied.has(d.id)),
      );
      await this.updateCommitLookups(
        tx,
        deployments.filter(d => applied.has(d.id)),
        request.commitLookups ?? [],
      );
      await this.insertPushedCommits(tx, commits, receivedAt);

      const matchedKeys = [...events, ...matchedIds]
        .map(e => eventKey(e.type, e.id))
        .filter(key => !unmatchedKeys.has(key));
      const unmatchedRecords = new DatabaseUnmatchedEvents(tx);
      await unmatchedRecords.delete(matchedKeys);
      await unmatchedRecords.record(unmatched, receivedAt);
      if (before) {
        // Where they are now. On SQLite (one writer at a time) an event stored for the first
        // time is where it was written; on PostgreSQL another writer may have stored the same
        // new id meanwhile, its row merged with this one: read back.
        const known = (type: 'deployment' | 'incident', id: string) =>
          this.isPostgres || stored[type].has(id);
        const after = await this.doraFacts!.changePoints(
          tx,
          {
            deploymentIds: written.deploymentIds.filter(id =>
              known('deployment', id),
            ),
            incidentIds: written.incidentIds.filter(id =>
              known('incident', id),
            ),
          },
          {
            deployments: rowsByType.deployment.filter(
              row => !known('deployment', row.id),
            ),
            incidents: rowsByType.incident.filter(
              row => !known('incident', row.id),
            ),
          },
        );
        await this.doraFacts!.rederive(tx, [...before, ...after]);
      }

      return { created, updated: events.length - created };
    });
  }

  async fillDeploymentCommits(
    entries: Array<{ deploymentId: string; commits: DeploymentCommit[] }>,
  ): Promise<number> {
    return this.db.transaction(async tx => {
      let filled = 0;
      for (const { deploymentId, commits } of entries) {
        const waiting = await tx('deployment_commit_lookups')
          .where('deployment_id', deploymentId)
          .delete();
        if (waiting > 0 && commits.length > 0) {
          await this.replaceCommits(tx, [{ id: deploymentId, commits }]);
          filled += 1;
        }
      }
      if (this.doraFacts && filled > 0) {
        await this.doraFacts.rederive(
          tx,
          await this.doraFacts.changePoints(tx, {
            deploymentIds: entries.map(entry => entry.deploymentId),
            incidentIds: [],
          }),
        );
      }
      return filled;
    });
  }

  /**
   * The stored ids of the batch, by type, once it is certain that none of them would move to
   * another entity or source (a ConflictError naming them otherwise). Stored rows are
   * locked on PostgreSQL so that the check holds until the transaction commits.
   */
  private async assertSameHome(
    tx: Knex.Transaction,
    rowsByType: Record<
      DeliveryEventType,
      Array<{ id: string; entity_ref: string; source: string }>
    >,
  ): Promise<Record<DeliveryEventType, Set<string>>> {
    const stored = {} as Record<DeliveryEventType, Set<string>>;
    const conflicts: string[] = [];
    for (const type of Object.keys(rowsByType) as DeliveryEventType[]) {
      stored[type] = new Set();
      const incoming = new Map(rowsByType[type].map(row => [row.id, row]));
      for (const ids of chunks([...incoming.keys()])) {
        const rows: Array<{ id: string; entity_ref: string; source: string }> =
          await tx(TABLE_BY_TYPE[type])
            .whereIn('id', ids)
            .select('id', 'entity_ref', 'source')
            .modify(query => {
              if (isPostgres(this.db)) {
                query.forUpdate();
              }
            });
        for (const row of rows) {
          stored[type].add(row.id);
          const next = incoming.get(row.id)!;
          if (next.entity_ref !== row.entity_ref) {
            conflicts.push(
              `${type} ${row.id} belongs to ${row.entity_ref}, not ${next.entity_ref}`,
            );
          } else if (next.source !== row.source) {
            conflicts.push(
              `${type} ${row.id} was sent by ${row.source}, not ${next.source}`,
            );
          }
        }
      }
    }
    if (conflicts.length > 0) {
      const shown = conflicts.slice(0, MAX_REPORTED_CONFLICTS);
      const more = conflicts.length - shown.length;
      throw new ConflictError(
        `An event id cannot move to another entity or source; nothing was stored: ${shown.join(
          '; ',
        )}${more > 0 ? `; and ${more} more` : ''}`,
      );
    }
    return stored;
  }

  /** The deployments among `ids` this write stored (not left alone as older than stored). */
  private async writtenAt(
    tx: Knex.Transaction,
    ids: string[],
    receivedAt: Date,
  ): Promise<Set<string>> {
    const written = new Set<string>();
    for (const batch of chunks(ids)) {
      const rows: Array<{ id: string }> = await tx('deployments')
        .whereIn('id', batch)
        .where('received_at', receivedAt)
        .select('id');
      rows.forEach(row => written.add(row.id));
    }
    return written;
  }

  private async updateCommitLookups(
    tx: Knex.Transaction,
    deployments: DeploymentEvent[],
    lookups: DeploymentCommitLookup[],
  ): Promise<void> {
    const written = new Map(deployments.map(d => [d.id, d]));
    const withCommits = deployments
      .filter(d => d.commits?.length)
      .map(d => d.id);
    for (const batch of chunks(withCommits)) {
      await tx('deployment_commit_lookups')
        .whereIn('deployment_id', batch)
        .delete();
    }
    const rows = lookups
      .filter(lookup => {
        const deployment = written.get(lookup.deploymentId);
        return deployment && !deployment.commits?.length;
      })
      .map(lookup => ({
        deployment_id: lookup.deploymentId,
        provider: lookup.provider,
        repository: normalizeRepository(lookup.repository),
        ref: lookup.ref ?? null,
        sha: lookup.sha,
      }));
    for (const batch of chunks(rows)) {
      await tx('deployment_commit_lookups')
        .insert(batch)
        .onConflict('deployment_id')
        .merge();
    }
  }

  /** Upserts rows of one event type, in groups that share the same placeholder fields. */
  private async upsert(
    tx: Knex.Transaction,
    type: DeliveryEventType,
    rows: Array<{ id: string }>,
    placeholderFields: Record<string, string[]>,
  ): Promise<void> {
    const groups = new Map<string, { columns: string[]; rows: typeof rows }>();
    for (const row of rows) {
      const columns = (placeholderFields[eventKey(type, row.id)] ?? [])
        .map(columnOf)
        .sort();
      const signature = columns.join(',');
      const group = groups.get(signature) ?? { columns, rows: [] };
      group.rows.push(row);
      groups.set(signature, group);
    }
    for (const group of groups.values()) {
      await this.upsertGroup(tx, type, group.rows, group.columns);
    }
  }

  /**
   * When an update of a stored event applies: never to an older state (see
   * {@link DeliveryStore.writeEvents}).
   */
  private newerThanStored(
    tx: Knex.Transaction,
    type: DeliveryEventType,
  ): Knex.Raw | undefined {
    const table = TABLE_BY_TYPE[type];
    if (type === 'deployment') {
      return tx.raw('excluded.finished_at >= ??', [`${table}.finished_at`]);
    }
    if (type === 'pipelineRun') {
      const incoming = tx.raw(RUN_STATUS_RANK, ['excluded.status']);
      const stored = tx.raw(RUN_STATUS_RANK, [`${table}.status`]);
      return tx.raw(
        `(?) > (?) or ((?) = (?) and (excluded.finished_at is null or ?? is null or excluded.finished_at >= ??))`,
        [
          incoming,
          stored,
          incoming,
          stored,
          `${table}.finished_at`,
          `${table}.finished_at`,
        ],
      );
    }
    return undefined;
  }

  private async upsertGroup(
    tx: Knex.Transaction,
    type: DeliveryEventType,
    rows: Array<{ id: string }>,
    placeholderColumns: string[],
  ): Promise<void> {
    const table = TABLE_BY_TYPE[type];
    const stored = (column: string) => `${table}.${column}`;
    const merge: Record<string, Knex.Raw> = {};
    for (const column of REPLACED_COLUMNS[type]) {
      merge[column] = tx.raw('excluded.??', [column]);
    }
    for (const column of KEPT_COLUMNS[type]) {
      merge[column] = tx.raw('coalesce(excluded.??, ??)', [
        column,
        stored(column),
      ]);
    }
    if (type === 'pipelineRun') {
      merge.run_at = tx.raw(
        'coalesce(excluded.started_at, excluded.finished_at, ??)',
        [stored('run_at')],
      );
    }
    for (const column of placeholderColumns) {
      if (column in merge) {
        merge[column] = tx.raw('coalesce(??, excluded.??)', [
          stored(column),
          column,
        ]);
      }
    }

    const newer = this.newerThanStored(tx, type);
    // PostgreSQL: every row in one statement, each column bound as one array.
    const batches = this.isPostgres
      ? [(await unnestRows(this.db, table, rows, tx)).raw]
      : [...chunks(rows)];
    for (const batch of batches) {
      const upsert = tx(table).insert(batch).onConflict('id').merge(merge);
      await (newer ? upsert.where(newer) : upsert);
    }
  }

  private async insertPushedCommits(
    tx: Knex.Transaction,
    commits: PushedCommitInput[],
    receivedAt: Date,
  ): Promise<void> {
    const rows = commits.map(commit => ({
      provider: commit.provider,
      repository: normalizeRepository(commit.repository),
      branch: commit.branch,
      sha: commit.sha,
      committed_at: toDate(commit.timestamp),
      received_at: receivedAt,
      paths: commit.paths ? JSON.stringify(commit.paths) : null,
      push_head_sha: commit.pushHead ?? null,
    }));
    for (const batch of chunks(rows)) {
      await tx('pushed_commits')
        .insert(batch)
        .onConflict(['provider', 'repository', 'branch', 'sha'])
        .ignore();
    }
  }

  private async replaceCommits(
    tx: Knex.Transaction,
    deployments: Array<Pick<DeploymentEvent, 'id' | 'commits'>>,
  ): Promise<void> {
    const withCommits = deployments.filter(d => d.commits);
    for (const batch of chunks(withCommits)) {
      await tx('deployment_commits')
        .whereIn(
          'deployment_id',
          batch.map(d => d.id),
        )
        .delete();
    }
    const rows: CommitRow[] = withCommits.flatMap(deployment =>
      [...new Map(deployment.commits!.map(c => [c.sha, c])).values()].map(
        commit => ({
          deployment_id: deployment.id,
          sha: commit.sha,
          committed_at: toDate(commit.timestamp),
        }),
      ),
    );
    if (this.isPostgres && rows.length > 0) {
      await tx('deployment_commits').insert(
        (
          await unnestRows(this.db, 'deployment_commits', rows as any, tx)
        ).raw,
      );
      return;
    }
    for (const batch of chunks(rows)) {
      await tx('deployment_commits').insert(batch);
    }
  }

  private deploymentRow(
    event: DeploymentEvent,
    source: DeliveryEventSource,
    receivedAt: Date,
  ): DeploymentRow {
    return {
      id: event.id,
      entity_ref: normalizeRef(event.entityRef),
      environment: event.environment,
      status: event.status,
      started_at: toDate(event.startedAt),
      finished_at: toDate(event.finishedAt),
      version: event.version ?? null,
      commit_sha: event.commitSha ?? null,
      rollback_of: event.rollbackOf ?? null,
      labels: event.labels ? JSON.stringify(event.labels) : null,
      source,
      received_at: receivedAt,
    };
  }

  private incidentRow(
    event: IncidentEvent,
    source: DeliveryEventSource,
    receivedAt: Date,
  ): IncidentRow {
    return {
      id: event.id,
      entity_ref: normalizeRef(event.entityRef),
      environment: event.environment,
      opened_at: toDate(event.openedAt),
      resolved_at: toDate(event.resolvedAt),
      deployment_id: event.deploymentId ?? null,
      severity: event.severity ?? null,
      url: event.url ?? null,
      source,
      received_at: receivedAt,
    };
  }

  private pipelineRunRow(
    event: PipelineRunEvent,
    source: DeliveryEventSource,
    receivedAt: Date,
  ): PipelineRunRow {
    const startedAt = toDate(event.startedAt);
    const finishedAt = toDate(event.finishedAt);
    return {
      id: event.id,
      entity_ref: normalizeRef(event.entityRef),
      pipeline: event.pipeline,
      branch: event.branch ?? null,
      status: event.status,
      attempt: event.attempt ?? null,
      started_at: startedAt,
      finished_at: finishedAt,
      url: event.url ?? null,
      commit_sha: event.commitSha ?? null,
      run_at: startedAt ?? finishedAt ?? receivedAt,
      source,
      received_at: receivedAt,
    };
  }
}
