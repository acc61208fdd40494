import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { DateTime } from 'luxon';
import { costFileFromBuffer } from '../ingest/CostFile';
import { FocusImporter } from '../ingest/FocusImporter';
import { generateDemoFocus } from './generateDemoFocus';

/** Source name of the demo rows: a new day's file replaces the demo's billing periods. */
export const DEMO_SOURCE = 'runway-demo';

/**
 * Demo cost for the catalog's components, generated as a FOCUS file and imported through the
 * normal import path (so it is listed by `GET /imports` like any other file). Only runs when
 * `cost.demo.enabled` is set.
 */
export class DemoDataSource {
  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: Pick<AuthService, 'getOwnServiceCredentials'>;
      importer: FocusImporter;
      logger: LoggerService;
      now?: () => DateTime;
    },
  ) {}

  async run(): Promise<void> {
    const { catalog, auth, importer, logger } = this.options;
    const { items } = await catalog.getEntities(
      { filter: { kind: 'Component' }, fields: ['metadata.name'] },
      { credentials: await auth.getOwnServiceCredentials() },
    );
    const services = [...new Set(items.map(item => item.metadata.name))].sort();
    if (services.length === 0) {
      logger.info('Cost demo data: no components in the catalog yet');
      return;
    }
    const until = (this.options.now?.() ?? DateTime.utc()).startOf('day');
    const file = costFileFromBuffer(
      `runway-demo-focus-${until.toISODate()}.csv`,
      Buffer.from(generateDemoFocus({ services, until })),
    );
    const result = await importer.import(file, DEMO_SOURCE);
    if (!result.skipped) {
      logger.info(
        `Cost demo data: imported ${result.import.rowsImported} generated rows for ${services.length} components`,
      );
    }
  }
}
