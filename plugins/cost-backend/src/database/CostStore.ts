import { CostImport, CostMetric } from '@runway/plugin-cost-common';
import { CostRecord } from '../focus/parseFocusRow';
import { BadRow } from '../focus/readFocusCsv';

/** A distinct (sub-account, tags) pair of cost rows: the unit attribution works on. */
export interface AllocationKey {
  id: number;
  subAccountId: string | null;
  tags: Record<string, unknown> | null;
}

/** A window of ChargePeriodStart instants (ISO-8601, `to` exclusive) and the cost column. */
export interface CostQuery {
  from: string;
  to: string;
  metric: CostMetric;
  /** Only rows with these allocation keys; all rows when undefined. */
  allocationKeyIds?: number[];
}

export interface CurrencySum {
  currency: string;
  amount: number;
}

export interface DailySum extends CurrencySum {
  date: string;
}

export interface AllocationKeySum extends CurrencySum {
  allocationKeyId: number;
}

export type CostDimension =
  | 'serviceCategory'
  | 'serviceName'
  | 'region'
  | 'account';

export interface DimensionSum extends CurrencySum {
  key: string | null;
  name: string | null;
}

export interface ResourceSum extends CurrencySum {
  resourceId: string | null;
  resourceName: string | null;
  subAccountId: string | null;
  subAccountName: string | null;
  providerName: string | null;
  serviceName: string | null;
}

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

/** The cost plugin's data: imports, cost rows and their allocation keys. */
export interface CostStore {
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

  /** Allocation keys with an id above `afterId` (all of them without). */
  listAllocationKeys(afterId?: number): Promise<AllocationKey[]>;
  sumByCurrency(query: CostQuery): Promise<CurrencySum[]>;
  sumByDay(query: CostQuery): Promise<DailySum[]>;
  /** The last day (`YYYY-MM-DD`) with cost rows, if any. */
  latestUsageDate(
    query: Omit<CostQuery, 'metric'>,
  ): Promise<string | undefined>;
  sumByAllocationKey(query: CostQuery): Promise<AllocationKeySum[]>;
  /** Sums of the window by each of the dimensions, largest first within each. */
  sumByDimensions(
    query: CostQuery,
    dimensions: CostDimension[],
  ): Promise<Record<CostDimension, DimensionSum[]>>;
  /** The costliest resources, largest first. */
  topResources(query: CostQuery, limit: number): Promise<ResourceSum[]>;
}
