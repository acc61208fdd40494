import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { DriftStatus, EntityDrift } from '@runway/plugin-golden-paths-common';
import { Knex } from 'knex';
import { DriftFilter, DriftStore } from './DriftStore';

const migrationsDir = resolvePackagePath(
  '@runway/plugin-golden-paths-backend',
  'migrations',
);

const TABLE = 'golden_paths_drift';
/** Rows per insert: far below both databases' bind-parameter limits (11 columns a row). */
const ROWS_PER_STATEMENT = 200;

interface DriftRow {
  entity_ref: string;
  entity_title: string | null;
  owner_ref: string | null;
  template_ref: string;
  template_title: string | null;
  recorded_version: string | null;
  current_version: string | null;
  status: string;
  changes: string;
  changelog_error: string | null;
  checked_at: string;
}

function toRow(drift: EntityDrift): DriftRow {
  return {
    entity_ref: drift.entityRef,
    entity_title: drift.entityTitle ?? null,
    owner_ref: drift.ownerRef ?? null,
    template_ref: drift.templateRef,
    template_title: drift.templateTitle ?? null,
    recorded_version: drift.recordedVersion ?? null,
    current_version: drift.currentVersion ?? null,
    status: drift.status,
    changes: JSON.stringify(drift.changes),
    changelog_error: drift.changelogError ?? null,
    checked_at: drift.checkedAt,
  };
}

function fromRow(row: DriftRow): EntityDrift {
  const drift: EntityDrift = {
    entityRef: row.entity_ref,
    templateRef: row.template_ref,
    status: row.status as DriftStatus,
    changes: JSON.parse(row.changes),
    checkedAt: row.checked_at,
  };
  const optional = {
    entityTitle: row.entity_title,
    ownerRef: row.owner_ref,
    templateTitle: row.template_title,
    recordedVersion: row.recorded_version,
    currentVersion: row.current_version,
    changelogError: row.changelog_error,
  };
  for (const [key, value] of Object.entries(optional)) {
    if (value !== null) {
      (drift as unknown as Record<string, string>)[key] = value;
    }
  }
  return drift;
}

/** {@link DriftStore} on the plugin's database (SQLite or PostgreSQL). */
export class DatabaseDriftStore implements DriftStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseDriftStore> {
    const knex = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await knex.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseDriftStore(knex);
  }

  private constructor(private readonly knex: Knex) {}

  async replaceAll(drifts: EntityDrift[], checkedSince: Date): Promise<void> {
    await this.knex.transaction(async tx => {
      for (let i = 0; i < drifts.length; i += ROWS_PER_STATEMENT) {
        await tx(TABLE)
          .insert(drifts.slice(i, i + ROWS_PER_STATEMENT).map(toRow))
          .onConflict('entity_ref')
          .merge();
      }
      await tx(TABLE)
        .where('checked_at', '<', checkedSince.toISOString())
        .delete();
    });
  }

  async upsert(drift: EntityDrift): Promise<void> {
    await this.knex(TABLE)
      .insert(toRow(drift))
      .onConflict('entity_ref')
      .merge();
  }

  async get(entityRef: string): Promise<EntityDrift | undefined> {
    const row = await this.knex<DriftRow>(TABLE)
      .where('entity_ref', entityRef)
      .first();
    return row ? fromRow(row) : undefined;
  }

  async list(filter: DriftFilter = {}): Promise<EntityDrift[]> {
    let query = this.knex<DriftRow>(TABLE).select().orderBy('entity_ref');
    if (filter.status?.length) {
      query = query.whereIn('status', filter.status);
    }
    if (filter.ownerRef) {
      query = query.where('owner_ref', filter.ownerRef);
    }
    return (await query).map(fromRow);
  }
}
