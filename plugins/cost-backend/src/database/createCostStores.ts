import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { CostImportStore } from './CostImportStore';
import { CostReportStore } from './CostReportStore';
import { DatabaseCostImportStore } from './DatabaseCostImportStore';
import { DatabaseCostReportStore } from './DatabaseCostReportStore';

const migrationsDir = resolvePackagePath(
  '@runway/plugin-cost-backend',
  'migrations',
);

/** The cost plugin's data, by concern: the imports write it, the reports read it. */
export interface CostStores {
  imports: CostImportStore;
  reports: CostReportStore;
}

/**
 * The stores on the plugin's database, migrated first (unless the backend skips migrations):
 * both work on the same tables, so the schema is brought up to date once for the two.
 */
export async function createCostStores(options: {
  database: DatabaseService;
}): Promise<CostStores> {
  const { database } = options;
  const client = await database.getClient();
  if (!database.migrations?.skip) {
    await client.migrate.latest({ directory: migrationsDir });
  }
  return {
    imports: new DatabaseCostImportStore(client),
    reports: new DatabaseCostReportStore(client),
  };
}
