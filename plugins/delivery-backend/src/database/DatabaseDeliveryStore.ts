import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import {
  DeploymentCommit,
  PipelineRunEvent,
  UnmatchedEvent,
} from '@runway/plugin-delivery-common';
import { Knex } from 'knex';
import { loadDoraEvents } from '../dora/loadDoraEvents';
import { DatabaseDoraReader } from './DatabaseDoraReader';
import { DatabaseEventQueries } from './DatabaseEventQueries';
import { DatabaseEventWriter } from './DatabaseEventWriter';
import { DatabasePushQueries } from './DatabasePushQueries';
import { DatabaseUnmatchedEvents } from './DatabaseUnmatchedEvents';
import {
  DeliveryStore,
  DeploymentAwaitingCommits,
  DoraEvents,
  FindPushPathsRequest,
  FindShippedCommitsRequest,
  ListDeploymentsAwaitingCommitsRequest,
  ListDoraEventsRequest,
  ListPipelineRunsRequest,
  ListUnmatchedByKeyRequest,
  ListUnmatchedRequest,
  ShippedCommit,
  WriteEventsRequest,
  WriteEventsResult,
} from './DeliveryStore';
import { normalizeRef } from './rows';

const migrationsDir = resolvePackagePath(
  '@runway/plugin-delivery-backend',
  'migrations',
);

/**
 * Delivery events in the plugin's database (SQLite or PostgreSQL), through knex: the
 * {@link DeliveryStore} the plugin uses, one part per concern (writes, pushes, unmatched
 * records, reads, DORA's reads).
 */
export class DatabaseDeliveryStore implements DeliveryStore {
  private readonly writer: DatabaseEventWriter;
  private readonly pushes: DatabasePushQueries;
  private readonly unmatched: DatabaseUnmatchedEvents;
  private readonly events: DatabaseEventQueries;
  private readonly dora: DatabaseDoraReader;

  private constructor(db: Knex) {
    this.writer = new DatabaseEventWriter(db);
    this.pushes = new DatabasePushQueries(db);
    this.unmatched = new DatabaseUnmatchedEvents(db);
    this.events = new DatabaseEventQueries(db);
    this.dora = new DatabaseDoraReader(db);
  }

  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseDeliveryStore> {
    const { database } = options;
    const client = await database.getClient();
    if (!database.migrations?.skip) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseDeliveryStore(client);
  }

  writeEvents(request: WriteEventsRequest): Promise<WriteEventsResult> {
    return this.writer.writeEvents(request);
  }

  fillDeploymentCommits(
    entries: Array<{ deploymentId: string; commits: DeploymentCommit[] }>,
  ): Promise<number> {
    return this.writer.fillDeploymentCommits(entries);
  }

  findShippedCommits(
    request: FindShippedCommitsRequest,
  ): Promise<ShippedCommit[]> {
    return this.pushes.findShippedCommits(request);
  }

  findPushPaths(request: FindPushPathsRequest): Promise<string[] | undefined> {
    return this.pushes.findPushPaths(request);
  }

  listDeploymentsAwaitingCommits(
    request: ListDeploymentsAwaitingCommitsRequest,
  ): Promise<DeploymentAwaitingCommits[]> {
    return this.pushes.listDeploymentsAwaitingCommits(request);
  }

  listUnmatchedByKey(
    request: ListUnmatchedByKeyRequest,
  ): Promise<UnmatchedEvent[]> {
    return this.unmatched.listByKey(request);
  }

  deleteUnmatched(keys: string[]): Promise<void> {
    return this.unmatched.delete(keys);
  }

  listUnmatched(
    request: ListUnmatchedRequest,
  ): Promise<{ items: UnmatchedEvent[]; totalCount: number }> {
    return this.unmatched.list(request);
  }

  listEntityRefs(): Promise<string[]> {
    return this.events.listEntityRefs();
  }

  listPipelineRuns(
    request: ListPipelineRunsRequest,
  ): Promise<PipelineRunEvent[]> {
    return this.events.listPipelineRuns(request);
  }

  listDoraEvents(request: ListDoraEventsRequest): Promise<DoraEvents> {
    return loadDoraEvents(this.dora, {
      ...request,
      entityRefs: request.entityRefs.map(normalizeRef),
    });
  }
}
