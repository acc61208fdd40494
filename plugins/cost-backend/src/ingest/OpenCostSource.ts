import { LoggerService } from '@backstage/backend-plugin-api';
import { DateTime } from 'luxon';
import { createHash } from 'node:crypto';
import { FocusRowParser } from '../focus/parseFocusRow';
import { BadRowTally, emptyBatch, FocusBatch } from '../focus/readFocusCsv';
import { allocationRows } from '../opencost/allocationRows';
import { FocusImporter } from './FocusImporter';
import { SourceRunSummary } from './LocalDirectorySource';

/** An OpenCost instance whose allocations are pulled on the schedule. */
export interface OpenCostSourceSettings {
  /** Source name: a pulled day replaces that source's rows of the day. */
  name: string;
  /** Where OpenCost's API answers, e.g. `http://opencost.opencost:9003`. */
  baseUrl: string;
  /** Sent as `Authorization: Bearer <token>` when set (OpenCost behind an auth proxy). */
  token?: string;
  /** Complete UTC days pulled per run, ending with yesterday. */
  windowDays: number;
  /** OpenCost `aggregate`, e.g. `namespace` or `namespace,label:app`. */
  aggregate: string;
  /** The currency OpenCost is configured to report in. */
  currency: string;
}

const REQUEST_TIMEOUT_MS = 60_000;
const BATCH_SIZE = 1000;

/**
 * Pulls Kubernetes cost from OpenCost's allocation API (`/allocation/compute`), one
 * allocation set per UTC day (`step=1d`) over the last `windowDays` complete days, and imports
 * it as cost rows of its own source: every pulled day replaces that day's rows, so the
 * overlapping windows of successive runs never double anything. A response identical to an
 * earlier import is skipped.
 */
export class OpenCostSource {
  private readonly fetch: typeof fetch;

  constructor(
    private readonly options: {
      settings: OpenCostSourceSettings;
      importer: FocusImporter;
      logger: LoggerService;
      now?: () => DateTime;
      fetch?: typeof fetch;
    },
  ) {
    this.fetch = options.fetch ?? fetch;
  }

  get name(): string {
    return this.options.settings.name;
  }

  /** The allocation request of a run: whole UTC days, one set per day. */
  requestUrl(now: DateTime): { url: URL; days: string[] } {
    const { baseUrl, windowDays, aggregate } = this.options.settings;
    const to = now.toUTC().startOf('day');
    const from = to.minus({ days: windowDays });
    const days = Array.from(
      { length: windowDays },
      (_, index) => from.plus({ days: index }).toISO()!,
    );
    const url = new URL(
      'allocation/compute',
      baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`,
    );
    const instant = (time: DateTime) =>
      time.toISO({ suppressMilliseconds: true });
    url.searchParams.set('window', `${instant(from)},${instant(to)}`);
    url.searchParams.set('aggregate', aggregate);
    url.searchParams.set('step', '1d');
    url.searchParams.set('accumulate', 'false');
    return { url, days };
  }

  async run(): Promise<SourceRunSummary> {
    const { settings, importer, logger } = this.options;
    const { url, days } = this.requestUrl(
      this.options.now?.() ?? DateTime.utc(),
    );
    try {
      const response = await this.fetch(url, {
        headers: {
          Accept: 'application/json',
          ...(settings.token
            ? { Authorization: `Bearer ${settings.token}` }
            : {}),
        },
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      if (!response.ok) {
        throw new Error(
          `OpenCost answered ${response.status} ${response.statusText}`,
        );
      }
      const body = await response.text();
      let periods: string[] = [];
      const result = await importer.importRecords({
        source: settings.name,
        name: url.toString(),
        contentHash: createHash('sha256')
          .update(JSON.stringify([settings.name, url.toString(), body]))
          .digest('hex'),
        periods: () => [...days, ...periods],
        batches: (async function* read(): AsyncGenerator<FocusBatch> {
          let parsed: unknown;
          try {
            parsed = JSON.parse(body);
          } catch (error) {
            throw new Error(
              `OpenCost's answer is not JSON: ${(error as Error).message}`,
            );
          }
          const mapped = allocationRows(parsed, settings);
          periods = mapped.periods;
          const parser = new FocusRowParser();
          const tally = new BadRowTally();
          for (let first = 0; first < mapped.rows.length; first += BATCH_SIZE) {
            const batch = emptyBatch();
            mapped.rows
              .slice(first, first + BATCH_SIZE)
              .forEach((cells, index) =>
                tally.addParsed(
                  batch,
                  parser.parse(cells),
                  first + index + 1,
                  'row',
                ),
              );
            yield batch;
          }
        })(),
      });
      return result.skipped
        ? { imported: 0, skipped: 1, failed: 0 }
        : { imported: 1, skipped: 0, failed: 0 };
    } catch (error) {
      logger.warn(
        `Could not pull OpenCost allocations from ${url}: ${
          (error as Error).message
        }`,
      );
      return { imported: 0, skipped: 0, failed: 1 };
    }
  }
}
