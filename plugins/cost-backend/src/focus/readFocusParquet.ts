import { InputError } from '@backstage/errors';
import {
  AsyncBuffer,
  FileMetaData,
  parquetMetadataAsync,
  parquetRead,
  parquetSchema,
} from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import {
  detectFocusVersion,
  missingRequiredColumns,
  OPTIONAL_COLUMNS,
  REQUIRED_COLUMNS,
} from './columns';
import { FocusRowParser } from './parseFocusRow';
import { FocusBatch, FocusHeader } from './readFocusCsv';

/**
 * Rows decoded per read of a large row group that has a page (offset) index: only the pages
 * holding them are fetched. A smaller row group, or one without an index, is one read.
 */
const ROWS_PER_READ = 100_000;

export interface ReadFocusParquetOptions {
  /** Rows per batch handed to the caller. */
  batchSize: number;
  /** Rows decoded per read of a row group with a page index (default 100,000). */
  rowsPerRead?: number;
  onHeader?: (header: FocusHeader) => void;
}

/** A Parquet value as the CSV cell the row rules read: Parquet types map to FOCUS text. */
function toCell(value: unknown): string | undefined {
  if (value === null || value === undefined) {
    return undefined;
  }
  if (typeof value === 'string') {
    return value;
  }
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? 'invalid date' : value.toISOString();
  }
  if (typeof value === 'object') {
    // Tags as a Parquet MAP or JSON column: the rules expect the JSON object text.
    const object = value instanceof Map ? Object.fromEntries(value) : value;
    return JSON.stringify(object, (_key, inner) =>
      typeof inner === 'bigint' ? String(inner) : inner,
    );
  }
  return String(value);
}

function hasPageIndex(
  metadata: FileMetaData,
  groupIndex: number,
  columns: string[],
): boolean {
  return metadata.row_groups[groupIndex].columns.every(
    chunk =>
      !columns.includes(chunk.meta_data?.path_in_schema[0] ?? '') ||
      Boolean(chunk.offset_index_offset && chunk.offset_index_length),
  );
}

/**
 * The values of rows `[rowStart, rowEnd)`, column by column. Columns stay as hyparquet decodes
 * them (dictionary-encoded text shares its strings), and row records are only built batch by
 * batch, so a read costs little more than the compressed pages it decodes.
 */
async function readColumns(
  file: AsyncBuffer,
  metadata: FileMetaData,
  columns: string[],
  rowStart: number,
  rowEnd: number,
): Promise<Map<string, unknown[]>> {
  const values = new Map(
    columns.map(column => [column, new Array<unknown>(rowEnd - rowStart)]),
  );
  await parquetRead({
    file,
    metadata,
    columns,
    rowStart,
    rowEnd,
    compressors,
    useOffsetIndex: true,
    onChunk: chunk => {
      const target = values.get(chunk.columnName);
      // A chunk holds whole pages, which may reach beyond the rows asked for.
      for (let index = 0; target && index < chunk.columnData.length; index++) {
        const row = chunk.rowStart + index;
        if (row >= rowStart && row < rowEnd) {
          target[row - rowStart] = chunk.columnData[index];
        }
      }
    },
  });
  return values;
}

/**
 * Streams a FOCUS export in Parquet as batches of rows, through hyparquet. Only the FOCUS
 * columns Runway stores are decoded, one row group at a time (100,000 rows at a time of a
 * larger one with a page index), so memory stays bounded by the row group size. Bad rows are
 * reported with their 1-based row number in the file; the same row rules as CSV apply.
 */
export async function* readFocusParquet(
  file: AsyncBuffer,
  options: ReadFocusParquetOptions,
): AsyncGenerator<FocusBatch> {
  let metadata: FileMetaData;
  try {
    metadata = await parquetMetadataAsync(file);
  } catch (error) {
    throw new InputError(
      `Not a valid Parquet file: ${(error as Error).message}`,
    );
  }
  const available = parquetSchema(metadata).children.map(
    child => child.element.name,
  );
  const missing = missingRequiredColumns(available);
  if (missing.length > 0) {
    throw new InputError(
      `Not a FOCUS cost export: the Parquet schema lacks the required column(s) ${missing.join(
        ', ',
      )}`,
    );
  }
  options.onHeader?.({
    columns: available,
    focusVersion: detectFocusVersion(available),
  });
  const columns = [...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS].filter(column =>
    available.includes(column),
  );

  const rowParser = new FocusRowParser();
  let batch: FocusBatch = { records: [], badRows: [] };
  let groupStart = 0;
  for (const [groupIndex, group] of metadata.row_groups.entries()) {
    const groupEnd = groupStart + Number(group.num_rows);
    const rowsPerRead = hasPageIndex(metadata, groupIndex, columns)
      ? options.rowsPerRead ?? ROWS_PER_READ
      : groupEnd - groupStart;
    for (let rowStart = groupStart; rowStart < groupEnd; ) {
      const rowEnd = Math.min(groupEnd, rowStart + rowsPerRead);
      let values: Map<string, unknown[]>;
      try {
        values = await readColumns(file, metadata, columns, rowStart, rowEnd);
      } catch (error) {
        throw new InputError(
          `Cannot read Parquet rows ${rowStart + 1} to ${rowEnd} (row group ${
            groupIndex + 1
          }): ${(error as Error).message}`,
        );
      }
      const columnValues = columns.map(
        column => [column, values.get(column)!] as const,
      );
      for (let offset = 0; offset < rowEnd - rowStart; offset++) {
        const record: Record<string, string | undefined> = {};
        for (const [column, cells] of columnValues) {
          record[column] = toCell(cells[offset]);
        }
        const parsed = rowParser.parse(record);
        if (parsed.ok) {
          batch.records.push(parsed.record);
        } else {
          batch.badRows.push({
            row: rowStart + offset + 1,
            reason: parsed.reason,
          });
        }
        if (batch.records.length + batch.badRows.length >= options.batchSize) {
          yield batch;
          batch = { records: [], badRows: [] };
        }
      }
      rowStart = rowEnd;
    }
    groupStart = groupEnd;
  }
  if (batch.records.length + batch.badRows.length > 0) {
    yield batch;
  }
}
