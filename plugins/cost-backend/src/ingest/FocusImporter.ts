import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { CostImportResult } from '@runway/plugin-cost-common';
import { CostStore } from '../database/CostStore';
import { MAX_STORED_BAD_ROWS } from '../database/DatabaseCostStore';
import { BadRow, readFocusCsv } from '../focus/readFocusCsv';
import { CostFile } from './CostFile';

/**
 * Imports FOCUS files into the store. Rows are staged batch by batch while the file streams
 * in, then each billing period replaces the same source's rows of that period in one
 * transaction: re-importing a re-exported period never doubles it, and a file that fails
 * midway changes nothing. A file whose content was imported before is skipped.
 */
export class FocusImporter {
  private readonly store: CostStore;
  private readonly logger: LoggerService;
  private readonly batchSize: number;
  private readonly onImported: () => void;

  constructor(options: {
    store: CostStore;
    logger: LoggerService;
    batchSize: number;
    /** Called after an import changed cost rows. */
    onImported?: () => void;
  }) {
    this.store = options.store;
    this.logger = options.logger;
    this.batchSize = options.batchSize;
    this.onImported = options.onImported ?? (() => {});
  }

  /**
   * @throws InputError when the file is not a readable FOCUS export; the failed import is
   * recorded with the same reason.
   */
  async import(file: CostFile, source: string): Promise<CostImportResult> {
    const previous = await this.store.findImportedContent(file.contentHash);
    if (previous) {
      return { skipped: true, import: previous };
    }
    const record = await this.store.createImport({
      source,
      fileName: file.name,
      contentHash: file.contentHash,
    });
    let focusVersion: string | undefined;
    let rowsRead = 0;
    let rowsImported = 0;
    const badRows: BadRow[] = [];
    let badRowCount = 0;
    const billingPeriods: string[] = [];
    let staging: Promise<void> | undefined;
    try {
      const batches = readFocusCsv(file.open(), {
        gzipped: file.gzipped,
        batchSize: this.batchSize,
        onHeader: header => {
          focusVersion = header.focusVersion;
        },
      });
      for await (const batch of batches) {
        rowsRead += batch.records.length + batch.badRows.length;
        badRowCount += batch.badRows.length;
        badRows.push(
          ...batch.badRows.slice(0, MAX_STORED_BAD_ROWS - badRows.length),
        );
        // One batch is written while the next one is parsed: at most two in memory.
        await staging;
        if (batch.records.length > 0) {
          staging = this.store.stageRows(record, batch.records);
        }
      }
      await staging;
      if (!focusVersion) {
        throw new InputError('The file is empty: it has no FOCUS header line');
      }
      for (const period of await this.store.listStagedPeriods(record.id)) {
        rowsImported += await this.store.commitPeriod(record, period);
        billingPeriods.push(period);
      }
    } catch (error) {
      await staging?.catch(() => undefined);
      await this.store.discardStaged(record.id);
      const failed = await this.store.finishImport(record.id, {
        status: 'failed',
        focusVersion,
        rowsRead,
        rowsImported,
        badRowCount,
        badRows,
        billingPeriods,
        error: (error as Error).message,
      });
      if (billingPeriods.length > 0) {
        this.onImported();
      }
      this.logger.warn(
        `Cost import ${failed.id} of ${file.name} (source ${source}) failed: ${failed.error}`,
      );
      throw error;
    }
    const imported = await this.store.finishImport(record.id, {
      status: 'succeeded',
      focusVersion,
      rowsRead,
      rowsImported,
      badRowCount,
      badRows,
      billingPeriods,
    });
    this.onImported();
    this.logger.info(
      `Imported ${rowsImported} cost rows from ${file.name} (source ${source}, FOCUS ${focusVersion}); ${badRowCount} bad rows`,
    );
    return { skipped: false, import: imported };
  }
}
