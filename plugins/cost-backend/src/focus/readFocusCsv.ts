import { InputError } from '@backstage/errors';
import { CsvError, parse } from 'csv-parse';
import { Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { detectFocusVersion, missingRequiredColumns } from './columns';
import { limitExceeded } from './limits';
import { CostRecord, FocusRowParser, ParsedFocusRow } from './parseFocusRow';

/** The header line's column names. @throws InputError when a required one is missing. */
function readHeader(cells: string[]): string[] {
  const columns = cells.map(column => column.trim());
  const missing = missingRequiredColumns(columns);
  if (missing.length > 0) {
    throw new InputError(
      `Not a FOCUS cost export: the header (line 1) lacks the required column(s) ${missing.join(
        ', ',
      )}`,
    );
  }
  return columns;
}

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

/**
 * Bad rows a reader lists with their reason, per file; all of them are counted. A file of
 * millions of bad rows must cost a counter, not a list.
 */
export const MAX_BAD_ROW_EXAMPLES = 100;

/**
 * Consecutive rows of a file: the valid ones converted, the bad ones counted, and the first
 * bad rows of the file (at most MAX_BAD_ROW_EXAMPLES in all) listed with their reason.
 */
export interface FocusBatch {
  records: CostRecord[];
  badRowCount: number;
  badRows: BadRow[];
}

export function emptyBatch(): FocusBatch {
  return { records: [], badRowCount: 0, badRows: [] };
}

/** Counts a file's bad rows into its batches, listing only the first ones. */
export class BadRowTally {
  private listed = 0;

  add(batch: FocusBatch, badRow: BadRow): void {
    batch.badRowCount += 1;
    if (this.reserve()) {
      batch.badRows.push(badRow);
    }
  }

  /**
   * Adds a parsed row to the batch: its record, or, when it broke a rule, a bad row naming
   * where it was read (a CSV line, or a row number for the readers without lines).
   */
  addParsed(
    batch: FocusBatch,
    parsed: ParsedFocusRow,
    position: number,
    unit: 'line' | 'row',
  ): void {
    if (parsed.ok) {
      batch.records.push(parsed.record);
    } else {
      this.add(
        batch,
        unit === 'line'
          ? { line: position, reason: parsed.reason }
          : { row: position, reason: parsed.reason },
      );
    }
  }

  /** Whether one more bad row may be listed (and counts it as listed). */
  reserve(): boolean {
    if (this.listed >= MAX_BAD_ROW_EXAMPLES) {
      return false;
    }
    this.listed += 1;
    return true;
  }
}

export interface ReadFocusCsvOptions {
  gzipped: boolean;
  /** Rows per batch; the reader holds at most one batch in memory. */
  batchSize: number;
  /** Bytes of CSV, after decompression, past which the file is refused. */
  maxDecompressedBytes?: number;
  onHeader?: (header: FocusHeader) => void;
}

/** Passes bytes through and fails the stream once more than `max` went by. */
function byteLimit(max: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > max) {
        callback(
          limitExceeded('maxDecompressedBytes', 'The CSV (decompressed)', max),
        );
        return;
      }
      callback(null, chunk);
    },
  });
}

/** zlib's errors (Z_DATA_ERROR, Z_BUF_ERROR for a truncated stream...) are the file's fault. */
function isZlibError(error: unknown): boolean {
  return Boolean((error as NodeJS.ErrnoException)?.code?.startsWith('Z_'));
}

/**
 * Inflates a gzip file once without parsing it, counting and discarding the bytes, and
 * refuses it as soon as they pass `max`. A small upload that inflates to gigabytes (a gzip
 * bomb) is then refused in the time zlib takes to inflate `max` bytes (about 1.5 s per GiB on a
 * busy 2-core machine) instead of the minutes csv-parse and the row checks take over the same bytes.
 * The import inflates an accepted file a second time to parse it: cheap next to parsing.
 *
 * @throws InputError naming `cost.import.maxDecompressedMb`, or when the file is not gzip.
 */
export async function checkDecompressedSize(
  input: Readable,
  max: number,
): Promise<void> {
  if (!Number.isFinite(max)) {
    return;
  }
  let seen = 0;
  const counter = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      callback(
        seen > max
          ? limitExceeded('maxDecompressedBytes', 'The CSV (decompressed)', max)
          : null,
      );
    },
  });
  try {
    // 1 MiB output chunks: three times the speed of zlib's 16 KiB default for this pass.
    await pipeline(input, createGunzip({ chunkSize: 1024 ** 2 }), counter);
  } catch (error) {
    if (isZlibError(error)) {
      throw new InputError(
        `Not a valid gzip file: ${(error as Error).message}`,
      );
    }
    throw error;
  }
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
  const tally = new BadRowTally();
  let batch = emptyBatch();
  // Records come as arrays with any number of cells (relax_column_count): a row with the
  // wrong number is a bad row counted here, at the cost of a comparison. csv-parse's own
  // check would build an error (with a stack trace) per row, which a file of a million
  // broken lines turns into minutes of CPU. Any other CSV error (a broken quote) leaves the
  // rest of the file unreadable and fails the import.
  const parser = parse({
    bom: true,
    skip_empty_lines: true,
    info: true,
    relax_column_count: true,
  });
  const decoded = options.gzipped ? input.pipe(createGunzip()) : input;
  const limited = decoded.pipe(
    byteLimit(options.maxDecompressedBytes ?? Infinity),
  );
  input.on('error', error => decoded.destroy(error));
  decoded.on('error', error => limited.destroy(error));
  limited.on('error', error => parser.destroy(error));
  limited.pipe(parser);

  let columns: string[] | undefined;
  try {
    for await (const { record: cells, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      if (!columns) {
        columns = readHeader(cells);
        options.onHeader?.({
          columns,
          focusVersion: detectFocusVersion(columns),
        });
        continue;
      }
      if (cells.length !== columns.length) {
        tally.add(batch, {
          line: info.lines,
          reason: `Invalid Record Length: columns length is ${columns.length}, got ${cells.length} on line ${info.lines}`,
        });
      } else {
        // No prototype: a column named `__proto__` is a cell like any other.
        const record: Record<string, string> = Object.create(null);
        for (let index = 0; index < cells.length; index++) {
          record[columns[index]] = cells[index];
        }
        tally.addParsed(batch, rowParser.parse(record), info.lines, 'line');
      }
      if (batch.records.length + batch.badRowCount >= options.batchSize) {
        yield batch;
        batch = emptyBatch();
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
    if (isZlibError(error)) {
      throw new InputError(
        `Not a valid gzip file: ${(error as Error).message}`,
      );
    }
    throw error;
  }
  if (batch.records.length + batch.badRowCount > 0) {
    yield batch;
  }
}
