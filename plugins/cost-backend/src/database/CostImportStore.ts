import { CostImport } from '@runway/plugin-cost-common';
import { CostRecord } from '../focus/parseFocusRow';
import { BadRow } from '../focus/readFocusCsv';

export interface FinishImportRequest {
  status: 'succeeded' | 'failed';
  focusVersion?: string;
  rowsRead: number;
  rowsImported: number;
  badRowCount: number;
  badRows: BadRow[];
  billingPeriods: string[];
  error?: string;
}

/**
 * The import side of the cost plugin's data: the import records and their lifecycle, and the
 * writing of cost rows (staged per import, then committed per billing period). What is read
 * for reports is in CostReportStore.
 */
export interface CostImportStore {
  createImport(request: {
    source: string;
    fileName: string;
    contentHash: string;
  }): Promise<CostImport>;
  /**
   * The latest successful import of a file with this content into this source, if any: the
   * same file imported into another source is another import.
   */
  findImportedContent(
    contentHash: string,
    source: string,
  ): Promise<CostImport | undefined>;
  /** Records that an import in progress is alive (see STALE_IMPORT_MS). */
  touchImport(id: string): Promise<void>;
  /**
   * Fails the `running` imports whose heartbeat is older than `heartbeatBefore` and deletes
   * the staged rows of every import that is not running. Returns the failed imports' ids.
   */
  failStaleImports(request: {
    heartbeatBefore: string;
    error: string;
  }): Promise<string[]>;
  /**
   * In one transaction, deletes an import and the cost rows it brought (and their daily
   * sums). Returns false when there is no such import.
   *
   * @throws ConflictError when the import is still running.
   */
  deleteImport(id: string): Promise<boolean>;
  /** Adds rows to an import in progress; they stay invisible until committed. */
  stageRows(
    importRecord: Pick<CostImport, 'id' | 'source'>,
    records: CostRecord[],
  ): Promise<void>;
  /** BillingPeriodStart of every period staged by an import, ascending. */
  listStagedPeriods(importId: string): Promise<string[]>;
  /**
   * In one transaction, replaces the rows of the import's source and this billing period
   * with the staged ones. Returns the number of rows now in the period.
   */
  commitPeriod(
    importRecord: Pick<CostImport, 'id' | 'source'>,
    billingPeriodStart: string,
  ): Promise<number>;
  discardStaged(importId: string): Promise<void>;
  finishImport(id: string, request: FinishImportRequest): Promise<CostImport>;
  getImport(id: string): Promise<CostImport | undefined>;
  listImports(request: {
    source?: string;
    limit: number;
    offset: number;
  }): Promise<{ items: CostImport[]; totalItems: number }>;
}
