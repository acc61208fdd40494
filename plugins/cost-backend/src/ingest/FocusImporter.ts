import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { CostImportResult } from '@runway/plugin-cost-common';
import { AsyncBuffer } from 'hyparquet';
import { CostImportStore } from '../database/CostImportStore';
import { ImportLimits, limitExceeded, UNLIMITED } from '../focus/limits';
import { readFocusParquet } from '../focus/readFocusParquet';
import {
  BadRow,
  checkDecompressedSize,
  FocusBatch,
  FocusHeader,
  MAX_BAD_ROW_EXAMPLES,
  readFocusCsv,
} from '../focus/readFocusCsv';
import { CostFile, detectCostFileFormat } from './CostFile';

/** How often an import in progress says it is alive (`heartbeat_at`), by a timer. */
export const IMPORT_HEARTBEAT_MS = 20_000;
/**
 * An import still `running` whose heartbeat is older than this was interrupted (its process
 * was killed or lost its database): any replica may fail it and drop its staged rows.
 */
export const STALE_IMPORT_MS = 2 * 60_000;

/**
 * Imports FOCUS files (and rows from cost APIs) into the store. Rows are staged batch by
 * batch while the file streams in, then each billing period replaces the same source's rows
 * of that period in one transaction: re-importing a re-exported period never doubles it, and a file that fails
 * midway changes nothing. A file whose content was imported before is skipped.
 */
export class FocusImporter {
  private readonly store: CostImportStore;
  private readonly logger: LoggerService;
  private readonly batchSize: number;
  private readonly limits: ImportLimits;
  private readonly onImported: () => void;

  constructor(options: {
    store: CostImportStore;
    logger: LoggerService;
    batchSize: number;
    /** What one file may cost to read; no limit when absent. */
    limits?: ImportLimits;
    /** Called after an import changed cost rows. */
    onImported?: () => void;
  }) {
    this.store = options.store;
    this.logger = options.logger;
    this.batchSize = options.batchSize;
    this.limits = options.limits ?? UNLIMITED;
    this.onImported = options.onImported ?? (() => {});
  }

  /**
   * Fails the imports whose process stopped mid-way (heartbeat older than STALE_IMPORT_MS)
   * and drops staged rows no running import owns. Imports other replicas are running keep
   * their heartbeat fresh and are left alone, so every replica may call this at any time.
   */
  async recoverInterrupted(now = new Date()): Promise<number> {
    const recovered = await this.store.failStaleImports({
      heartbeatBefore: new Date(now.getTime() - STALE_IMPORT_MS).toISOString(),
      error:
        'Interrupted: the backend stopped while importing; import the file again',
    });
    if (recovered.length > 0) {
      this.logger.warn(
        `Failed ${
          recovered.length
        } interrupted cost import(s): ${recovered.join(', ')}`,
      );
    }
    return recovered.length;
  }

  /**
   * Imports one FOCUS file: CSV, gzip-compressed CSV or Parquet, told by its first bytes.
   *
   * @throws InputError when the file is not a readable FOCUS export; the failed import is
   * recorded with the same reason.
   */
  async import(file: CostFile, source: string): Promise<CostImportResult> {
    const previous = await this.store.findImportedContent(
      file.contentHash,
      source,
    );
    if (previous) {
      return { skipped: true, import: previous };
    }
    let focusVersion: string | undefined;
    const onHeader = (header: FocusHeader) => {
      focusVersion = header.focusVersion;
    };
    return this.importBatches({
      source,
      name: file.name,
      contentHash: file.contentHash,
      focusVersion: () => focusVersion,
      read: async function* read(batchSize, limits) {
        const format = await detectCostFileFormat(file);
        if (format === 'parquet') {
          yield* readFocusParquet(asyncBufferOf(file), {
            batchSize,
            onHeader,
            maxPageBytes: limits.maxParquetPageBytes,
            maxRowGroupBytes: limits.maxParquetRowGroupBytes,
          });
        } else {
          if (format === 'csv-gzip' && file.local) {
            // Refuses a gzip bomb before a byte of it is parsed (see checkDecompressedSize).
            // Uploads are where one can come from; a bucket is the platform team's own.
            await checkDecompressedSize(
              file.open(),
              limits.maxDecompressedBytes,
            );
          }
          yield* readFocusCsv(file.open(), {
            gzipped: format === 'csv-gzip',
            batchSize,
            onHeader,
            maxDecompressedBytes: limits.maxDecompressedBytes,
          });
        }
        if (!focusVersion) {
          throw new InputError(
            'The file is empty: it has no FOCUS header line',
          );
        }
      },
    });
  }

  /**
   * Imports rows that do not come from a file (an API such as OpenCost's) through the same
   * staging and per-period replacement. Every period `periods` returns once the batches are
   * read is replaced, including those the batches had no rows for: a period that no longer
   * has cost ends up empty. An error thrown while reading the batches fails the import.
   */
  async importRecords(request: {
    source: string;
    name: string;
    contentHash: string;
    periods: () => string[];
    batches: AsyncIterable<FocusBatch>;
  }): Promise<CostImportResult> {
    const previous = await this.store.findImportedContent(
      request.contentHash,
      request.source,
    );
    if (previous) {
      return { skipped: true, import: previous };
    }
    return this.importBatches({
      ...request,
      focusVersion: () => undefined,
      read: () => request.batches,
    });
  }

  private async importBatches(request: {
    source: string;
    name: string;
    contentHash: string;
    periods?: () => string[];
    focusVersion: () => string | undefined;
    read: (
      batchSize: number,
      limits: ImportLimits,
    ) => AsyncIterable<FocusBatch>;
  }): Promise<CostImportResult> {
    const { source } = request;
    const record = await this.store.createImport({
      source,
      fileName: request.name,
      contentHash: request.contentHash,
    });
    let rowsRead = 0;
    let rowsImported = 0;
    const badRows: BadRow[] = [];
    let badRowCount = 0;
    const billingPeriods: string[] = [];
    let staging: Promise<void> | undefined;
    // A timer, not the batches: a long commit must not look like a dead import.
    const heartbeat = setInterval(() => {
      this.store
        .touchImport(record.id)
        .catch(error =>
          this.logger.warn(
            `Cost import ${record.id}: heartbeat failed: ${error.message}`,
          ),
        );
    }, IMPORT_HEARTBEAT_MS);
    heartbeat.unref();
    /** Records how the import ended, with what it read and committed up to then. */
    const finish = (status: 'succeeded' | 'failed', error?: string) =>
      this.store.finishImport(record.id, {
        status,
        focusVersion: request.focusVersion(),
        rowsRead,
        rowsImported,
        badRowCount,
        badRows,
        billingPeriods,
        error,
      });
    try {
      for await (const batch of request.read(this.batchSize, this.limits)) {
        rowsRead += batch.records.length + batch.badRowCount;
        badRowCount += batch.badRowCount;
        for (const badRow of batch.badRows) {
          if (badRows.length < MAX_BAD_ROW_EXAMPLES) {
            badRows.push(badRow);
          }
        }
        if (rowsRead > this.limits.maxRowsPerFile) {
          throw limitExceeded(
            'maxRowsPerFile',
            "The file's row count",
            this.limits.maxRowsPerFile,
          );
        }
        // One batch is written while the next one is read: at most two in memory.
        await staging;
        if (batch.records.length > 0) {
          staging = this.store.stageRows(record, batch.records);
        }
      }
      await staging;
      if (badRowCount > 0 && badRowCount === rowsRead) {
        throw new InputError(
          `None of the ${rowsRead} rows can be imported; the first: ${describeBadRow(
            badRows[0],
          )}`,
        );
      }
      const periods = new Set([
        ...(await this.store.listStagedPeriods(record.id)),
        ...(request.periods?.() ?? []),
      ]);
      for (const period of [...periods].sort()) {
        rowsImported += await this.store.commitPeriod(record, period);
        billingPeriods.push(period);
      }
    } catch (error) {
      clearInterval(heartbeat);
      await staging?.catch(() => undefined);
      await this.store.discardStaged(record.id);
      const failed = await finish('failed', (error as Error).message);
      if (billingPeriods.length > 0) {
        this.onImported();
      }
      this.logger.warn(
        `Cost import ${failed.id} of ${request.name} (source ${source}) failed: ${failed.error}`,
      );
      throw error;
    }
    clearInterval(heartbeat);
    const imported = await finish('succeeded');
    this.onImported();
    this.logger.info(
      `Imported ${rowsImported} cost rows from ${
        request.name
      } (source ${source}${
        request.focusVersion() ? `, FOCUS ${request.focusVersion()}` : ''
      }); ${badRowCount} bad rows`,
    );
    return { skipped: false, import: imported };
  }
}

function describeBadRow(badRow: BadRow | undefined): string {
  if (!badRow) {
    return 'none listed';
  }
  return `${badRow.line ? `line ${badRow.line}` : `row ${badRow.row}`}: ${
    badRow.reason
  }`;
}

/** A file as hyparquet reads it: by byte ranges. */
function asyncBufferOf(file: CostFile): AsyncBuffer {
  return {
    byteLength: file.byteLength,
    slice: async (start, end) => {
      const bytes = await file.readRange(start, end ?? file.byteLength);
      return bytes.buffer.slice(
        bytes.byteOffset,
        bytes.byteOffset + bytes.byteLength,
      ) as ArrayBuffer;
    },
  };
}
