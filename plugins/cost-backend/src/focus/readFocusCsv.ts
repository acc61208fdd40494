import { InputError } from '@backstage/errors';
import { CsvError, parse } from 'csv-parse';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { detectFocusVersion, missingRequiredColumns } from './columns';
import { CostRecord, FocusRowParser } from './parseFocusRow';

const RECOVERABLE_ERRORS = [
  'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH',
  'CSV_RECORD_INCONSISTENT_COLUMNS',
];

/**
 * A row that was not imported and why: CSV rows by their physical line (the header is line
 * 1), Parquet rows by their 1-based row number.
 */
export type BadRow =
  | { line: number; row?: undefined; reason: string }
  | { row: number; line?: undefined; reason: string };

/** What the first line (CSV) or the schema (Parquet) of a FOCUS export says. */
export interface FocusHeader {
  columns: string[];
  focusVersion: string;
}

/** Consecutive rows of a file: the valid ones converted, the others with the reason. */
export interface FocusBatch {
  records: CostRecord[];
  badRows: BadRow[];
}

export interface ReadFocusCsvOptions {
  gzipped: boolean;
  /** Rows per batch; the reader holds at most one batch in memory. */
  batchSize: number;
  onHeader?: (header: FocusHeader) => void;
}

/**
 * Streams a FOCUS CSV export (optionally gzip-compressed) as batches of rows, through
 * csv-parse. A file whose header lacks a required column, or whose CSV structure breaks
 * (an unclosed quote), is rejected with an InputError naming the column or line; a row that
 * breaks the FOCUS rules is reported as a bad row and reading goes on.
 */
export async function* readFocusCsv(
  input: Readable,
  options: ReadFocusCsvOptions,
): AsyncGenerator<FocusBatch> {
  const rowParser = new FocusRowParser();
  let batch: FocusBatch = { records: [], badRows: [] };
  // Rows csv-parse skipped: a wrong number of cells is one bad row; any other CSV error
  // (a broken quote) leaves the rest of the file unreadable and fails the import.
  const skipped: Array<{ line: number; reason: string }> = [];
  let malformed: CsvError | undefined;
  const parser = parse({
    bom: true,
    skip_empty_lines: true,
    info: true,
    skip_records_with_error: true,
    on_skip: (error: CsvError | undefined) => {
      if (error && RECOVERABLE_ERRORS.includes(error.code)) {
        skipped.push({ line: Number(error.lines), reason: error.message });
      } else if (error) {
        malformed ??= error;
      }
      return undefined;
    },
    columns: (header: string[]) => {
      const columns = header.map(column => column.trim());
      const missing = missingRequiredColumns(columns);
      if (missing.length > 0) {
        throw new InputError(
          `Not a FOCUS cost export: the header (line 1) lacks the required column(s) ${missing.join(
            ', ',
          )}`,
        );
      }
      options.onHeader?.({
        columns,
        focusVersion: detectFocusVersion(columns),
      });
      return columns;
    },
  });
  const source = options.gzipped ? input.pipe(createGunzip()) : input;
  input.on('error', error => source.destroy(error));
  source.on('error', error => parser.destroy(error));
  source.pipe(parser);

  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: Record<string, string>;
      info: { lines: number };
    }>) {
      while (skipped.length > 0 && skipped[0].line < info.lines) {
        batch.badRows.push(skipped.shift()!);
      }
      const parsed = rowParser.parse(record);
      if (parsed.ok) {
        batch.records.push(parsed.record);
      } else {
        batch.badRows.push({ line: info.lines, reason: parsed.reason });
      }
      if (batch.records.length + batch.badRows.length >= options.batchSize) {
        if (malformed) {
          break;
        }
        yield batch;
        batch = { records: [], badRows: [] };
      }
    }
  } catch (error) {
    if (error instanceof InputError) {
      throw error;
    }
    if (error instanceof CsvError) {
      throw new InputError(
        `Malformed CSV at line ${Number(error.lines)}: ${error.message}`,
      );
    }
    if ((error as NodeJS.ErrnoException).code === 'Z_DATA_ERROR') {
      throw new InputError(
        `Not a valid gzip file: ${(error as Error).message}`,
      );
    }
    throw error;
  }
  if (malformed) {
    throw new InputError(
      `Malformed CSV at line ${Number(malformed.lines)}: ${malformed.message}`,
    );
  }
  batch.badRows.push(...skipped.splice(0));
  if (batch.records.length + batch.badRows.length > 0) {
    yield batch;
  }
}
