import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { DateTime } from 'luxon';
import { costFileFromBuffer } from '../ingest/CostFile';
import { FocusImporter } from '../ingest/FocusImporter';
import { generateDemoFocus } from './generateDemoFocus';

/** Source name of the demo rows: a new day's file replaces the demo's billing periods. */
export const DEMO_SOURCE = 'runway-demo';

/** How often the catalog's components are read again while it is still taking them in. */
const SETTLE_POLL_MS = 3_000;
/** How long a run waits for the catalog to have components that stay the same. */
const SETTLE_MAX_MS = 120_000;

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
      /** Waits between readings of the catalog (tests). */
      sleep?: (ms: number) => Promise<void>;
    },
  ) {}

  private async componentNames(): Promise<string[]> {
    const { catalog, auth } = this.options;
    const { items } = await catalog.getEntities(
      { filter: { kind: 'Component' }, fields: ['metadata.name'] },
      { credentials: await auth.getOwnServiceCredentials() },
    );
    return [...new Set(items.map(item => item.metadata.name))].sort();
  }

  /**
   * The catalog's components once it has some and two readings 3 s apart agree: right after
   * a fresh start the catalog is still taking in the demo entities, and cost generated for
   * the first few would leave the rest without any until the next run (10 minutes later),
   * their health cards saying "No cost yet" meanwhile. Gives up after 2 minutes of an empty
   * catalog (empty list); a catalog still changing then is taken as it is.
   */
  private async settledComponentNames(): Promise<string[]> {
    const sleep =
      this.options.sleep ??
      ((ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms)));
    let services = await this.componentNames();
    for (let waited = 0; waited < SETTLE_MAX_MS; waited += SETTLE_POLL_MS) {
      await sleep(SETTLE_POLL_MS);
      const again = await this.componentNames();
      if (again.length > 0 && again.join('\n') === services.join('\n')) {
        return again;
      }
      services = again;
    }
    return services;
  }

  async run(): Promise<void> {
    const { importer, logger } = this.options;
    const services = await this.settledComponentNames();
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
