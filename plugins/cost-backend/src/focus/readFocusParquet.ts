import { InputError } from '@backstage/errors';
import {
  AsyncBuffer,
  ColumnMetaData,
  FileMetaData,
  PageHeader,
  parquetMetadataAsync,
  parquetRead,
  parquetSchema,
  ParquetParsers,
  SchemaTree,
} from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
// hyparquet's page decoder: exported through the package's `./src/*.js` entry, outside its
// main API, so a hyparquet upgrade must keep readFocusParquet.test.ts passing.
import { parquetHeader, readPage } from 'hyparquet/src/column.js';
import { convert, DEFAULT_PARSERS } from 'hyparquet/src/convert.js';
import { isFlatColumn } from 'hyparquet/src/schema.js';
import {
  detectFocusVersion,
  missingRequiredColumns,
  OPTIONAL_COLUMNS,
  REQUIRED_COLUMNS,
} from './columns';
import { FocusRowParser } from './parseFocusRow';
import { limitExceeded } from './limits';
import {
  BadRowTally,
  emptyBatch,
  FocusBatch,
  FocusHeader,
} from './readFocusCsv';

/**
 * Bytes of a column chunk fetched per read: pages are read from this window one at a time, so
 * neither a whole row group nor a whole column chunk is held in memory (a page larger than the
 * window is fetched whole).
 */
const READ_WINDOW_BYTES = 1 << 20;

export interface ReadFocusParquetOptions {
  /** Rows per batch handed to the caller. */
  batchSize: number;
  /** Bytes of a column chunk fetched per read (default 1 MiB). */
  readWindowBytes?: number;
  /** Uncompressed bytes of one page past which the file is refused. */
  maxPageBytes?: number;
  /** Uncompressed bytes of one row group past which the file is refused. */
  maxRowGroupBytes?: number;
  onHeader?: (header: FocusHeader) => void;
}

type ColumnDecoder = Parameters<typeof readPage>[2];
type DecodedArray = NonNullable<Parameters<typeof readPage>[3]>;

/** An instant as the row rules read it; an invalid one becomes a cell they reject. */
function isoInstant(millis: number): string {
  const date = new Date(millis);
  return Number.isNaN(date.getTime()) ? 'invalid date' : date.toISOString();
}

/**
 * Timestamps decoded straight to ISO-8601 text: a dictionary-encoded column converts each
 * distinct instant once instead of building a Date per value and formatting it per row.
 */
const PARSERS: ParquetParsers = {
  ...DEFAULT_PARSERS,
  timestampFromMilliseconds: millis => isoInstant(Number(millis)),
  timestampFromMicroseconds: micros => isoInstant(Number(micros / 1000n)),
  timestampFromNanoseconds: nanos => isoInstant(Number(nanos / 1000000n)),
  dateFromDays: days => isoInstant(days * 86_400_000),
};

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

/** Values of rows `[start, start + values.length)` of a row group (relative to its start). */
interface ColumnPage {
  start: number;
  values: DecodedArray;
}

/** The values of one column of a row group, page after page in row order. */
interface ColumnValues {
  /** The next page, or undefined after the last one. */
  next(): Promise<ColumnPage | undefined>;
}

/**
 * A flat column chunk read page by page: the compressed bytes are fetched a window at a time
 * and a data page is decoded only once the rows before it are done, so memory is one decoded
 * page and one window per column, whatever the row group size.
 */
class PageReader implements ColumnValues {
  private readonly file: AsyncBuffer;
  private readonly decoder: ColumnDecoder;
  private readonly windowBytes: number;
  private readonly maxPageBytes: number;
  private readonly groupRows: number;
  private readonly end: number;
  /** File offset of the next page header. */
  private offset: number;
  private window: { start: number; view: DataView } | undefined;
  private dictionary: DecodedArray | undefined;
  private rows = 0;

  constructor(options: {
    file: AsyncBuffer;
    decoder: ColumnDecoder;
    meta: ColumnMetaData;
    windowBytes: number;
    maxPageBytes: number;
    groupRows: number;
  }) {
    this.file = options.file;
    this.groupRows = options.groupRows;
    this.decoder = options.decoder;
    this.windowBytes = options.windowBytes;
    this.maxPageBytes = options.maxPageBytes;
    this.offset = Number(
      options.meta.dictionary_page_offset || options.meta.data_page_offset,
    );
    this.end = this.offset + Number(options.meta.total_compressed_size);
  }

  async next(): Promise<ColumnPage | undefined> {
    while (this.offset < this.end) {
      const { header, length } = await this.header();
      // Checked before the page is fetched or decompressed: its header says how large it is.
      const pageBytes = Math.max(
        header.uncompressed_page_size,
        header.compressed_page_size,
      );
      if (pageBytes > this.maxPageBytes) {
        throw limitExceeded(
          'maxParquetPageBytes',
          `A Parquet page (column ${this.decoder.pathInSchema.join(
            '.',
          )}) of ${pageBytes} bytes`,
          this.maxPageBytes,
        );
      }
      this.checkHeader(header);
      const reader = await this.bytes(length + header.compressed_page_size);
      reader.offset += length;
      const { data } = readPage(
        reader,
        header,
        this.decoder,
        this.dictionary,
        undefined,
        0,
      );
      this.offset += length + header.compressed_page_size;
      if (header.type === 'DICTIONARY_PAGE') {
        this.dictionary = data && convert(data, this.decoder);
      } else if (data && data.length > 0) {
        const page = { start: this.rows, values: data };
        this.rows += data.length;
        return page;
      }
    }
    return undefined;
  }

  /**
   * hyparquet decodes a page into as many values as its header says, trusting every field:
   * a corrupt header (a missing count, billions of values in a few bytes) would have it loop
   * or allocate without end. A flat column has one value per row, a dictionary entry takes
   * at least a bit.
   */
  private checkHeader(header: PageHeader): void {
    const count = (value: unknown) =>
      typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
    const sizesValid =
      count(header.compressed_page_size) &&
      count(header.uncompressed_page_size);
    let valid: boolean;
    if (header.type === 'DATA_PAGE') {
      const page = header.data_page_header;
      valid =
        typeof page === 'object' &&
        count(page.num_values) &&
        page.num_values <= this.groupRows - this.rows;
    } else if (header.type === 'DATA_PAGE_V2') {
      const page = header.data_page_header_v2;
      valid =
        typeof page === 'object' &&
        count(page.num_values) &&
        count(page.num_rows) &&
        count(page.num_nulls) &&
        count(page.definition_levels_byte_length) &&
        count(page.repetition_levels_byte_length) &&
        page.num_values <= this.groupRows - this.rows;
    } else if (header.type === 'DICTIONARY_PAGE') {
      const page = header.dictionary_page_header;
      valid =
        typeof page === 'object' &&
        count(page.num_values) &&
        page.num_values <= header.uncompressed_page_size * 8;
    } else {
      valid = header.type === 'INDEX_PAGE';
    }
    if (!sizesValid || !valid) {
      throw new InputError(
        `A Parquet page header (column ${this.decoder.pathInSchema.join(
          '.',
        )}) is corrupt: its sizes or value counts do not fit its row group`,
      );
    }
  }

  /** The page header at `offset` and its length, widening the window until it holds it all. */
  private async header() {
    for (let want = 4096; ; want *= 4) {
      const reader = await this.bytes(want);
      const before = reader.offset;
      try {
        const header = parquetHeader(reader);
        return { header, length: reader.offset - before };
      } catch (error) {
        if (!(error instanceof RangeError) || this.offset + want >= this.end) {
          throw error;
        }
      }
    }
  }

  /** A reader positioned at `offset` over (up to the chunk's end) `length` bytes or more. */
  private async bytes(length: number) {
    const end = Math.min(this.end, this.offset + length);
    if (
      !this.window ||
      this.offset < this.window.start ||
      end > this.window.start + this.window.view.byteLength
    ) {
      const windowEnd = Math.min(
        this.end,
        Math.max(end, this.offset + this.windowBytes),
      );
      const buffer = await this.file.slice(this.offset, windowEnd);
      this.window = { start: this.offset, view: new DataView(buffer) };
    }
    return { view: this.window.view, offset: this.offset - this.window.start };
  }
}

/**
 * A nested column (such as Tags as a Parquet MAP) assembled by hyparquet for the whole row
 * group: its pages cannot be cut into rows apart from the structure's other leaf columns.
 */
class GroupColumnReader implements ColumnValues {
  private read = false;

  constructor(
    private readonly options: {
      file: AsyncBuffer;
      metadata: FileMetaData;
      column: string;
      groupStart: number;
      groupEnd: number;
    },
  ) {}

  async next(): Promise<ColumnPage | undefined> {
    if (this.read) {
      return undefined;
    }
    this.read = true;
    const { file, metadata, column, groupStart, groupEnd } = this.options;
    const values: unknown[] = [];
    await parquetRead({
      file,
      metadata,
      columns: [column],
      rowStart: groupStart,
      rowEnd: groupEnd,
      compressors,
      parsers: PARSERS,
      onChunk: chunk => {
        for (let index = 0; index < chunk.columnData.length; index++) {
          values[chunk.rowStart - groupStart + index] = chunk.columnData[index];
        }
      },
    });
    return { start: 0, values };
  }
}

/** Readers of the columns of one row group, in the order of `columns`. */
function columnReaders(options: {
  file: AsyncBuffer;
  metadata: FileMetaData;
  schema: SchemaTree;
  columns: string[];
  groupIndex: number;
  groupStart: number;
  windowBytes: number;
  maxPageBytes: number;
}): ColumnValues[] {
  const { metadata, schema, groupIndex } = options;
  const group = metadata.row_groups[groupIndex];
  return options.columns.map(column => {
    const node = schema.children.find(child => child.element.name === column)!;
    const chunk = group.columns.find(
      candidate => candidate.meta_data?.path_in_schema[0] === column,
    );
    if (!chunk?.meta_data || chunk.file_path) {
      throw new Error(`column ${column} has no readable column chunk`);
    }
    const schemaPath = [schema, node];
    if (!isFlatColumn(schemaPath)) {
      return new GroupColumnReader({
        file: options.file,
        metadata,
        column,
        groupStart: options.groupStart,
        groupEnd: options.groupStart + Number(group.num_rows),
      });
    }
    return new PageReader({
      file: options.file,
      meta: chunk.meta_data,
      windowBytes: options.windowBytes,
      maxPageBytes: options.maxPageBytes,
      groupRows: Number(group.num_rows),
      decoder: {
        pathInSchema: chunk.meta_data.path_in_schema,
        type: chunk.meta_data.type,
        element: node.element,
        schemaPath,
        codec: chunk.meta_data.codec,
        parsers: PARSERS,
        compressors,
      },
    });
  });
}

/**
 * A failure to decode, naming the (1-based) row and row group it happened at; a limit the
 * file exceeds is passed on as it is, naming its config key.
 */
function readError(row: number, groupIndex: number, error: unknown) {
  if (error instanceof InputError) {
    return error;
  }
  return new InputError(
    `Cannot read Parquet row ${row + 1} (row group ${groupIndex + 1}): ${
      (error as Error).message
    }`,
  );
}

/**
 * Streams a FOCUS export in Parquet as batches of rows, through hyparquet. Only the FOCUS
 * columns Runway stores are decoded, a page at a time per column (see `PageReader`), so memory
 * stays bounded by the page size rather than the row group or file size. Bad rows are
 * reported with their 1-based row number in the file; the same row rules as CSV apply.
 */
export async function* readFocusParquet(
  file: AsyncBuffer,
  options: ReadFocusParquetOptions,
): AsyncGenerator<FocusBatch> {
  let metadata: FileMetaData;
  let schema: SchemaTree;
  let available: string[];
  try {
    metadata = await parquetMetadataAsync(file);
    // A damaged footer can decode into metadata that does not add up, e.g. a schema element
    // whose child count runs past the end of the list: hyparquet then fails with a TypeError,
    // which must be a 400 like any other broken file, not a 500.
    schema = parquetSchema(metadata);
    available = schema.children.map(child => String(child.element.name));
    if (!Array.isArray(metadata.row_groups)) {
      throw new Error('the footer lists no row groups');
    }
  } catch (error) {
    throw new InputError(
      `Not a valid Parquet file: ${(error as Error).message}`,
    );
  }
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

  const maxRowGroupBytes = options.maxRowGroupBytes ?? Infinity;
  for (const [groupIndex, group] of metadata.row_groups.entries()) {
    if (Number(group.total_byte_size) > maxRowGroupBytes) {
      throw limitExceeded(
        'maxParquetRowGroupBytes',
        `Parquet row group ${groupIndex + 1} (${group.total_byte_size} bytes)`,
        maxRowGroupBytes,
      );
    }
  }

  const rowParser = new FocusRowParser();
  const tally = new BadRowTally();
  let batch = emptyBatch();
  let groupStart = 0;
  for (const [groupIndex, group] of metadata.row_groups.entries()) {
    const groupRows = Number(group.num_rows);
    let readers: ColumnValues[];
    try {
      readers = columnReaders({
        file,
        metadata,
        schema,
        columns,
        groupIndex,
        groupStart,
        windowBytes: options.readWindowBytes ?? READ_WINDOW_BYTES,
        maxPageBytes: options.maxPageBytes ?? Infinity,
      });
    } catch (error) {
      throw readError(groupStart, groupIndex, error);
    }
    const pages: (ColumnPage | undefined)[] = columns.map(() => undefined);
    for (let row = 0; row < groupRows; ) {
      // Every column's page must hold `row`; rows up to the first page end are then at hand.
      let until = groupRows;
      for (const [index, column] of columns.entries()) {
        let page = pages[index];
        try {
          while (!page || row >= page.start + page.values.length) {
            page = await readers[index].next();
            if (!page) {
              throw new Error(`column ${column} ends before the row group`);
            }
          }
        } catch (error) {
          throw readError(groupStart + row, groupIndex, error);
        }
        pages[index] = page;
        until = Math.min(until, page.start + page.values.length);
      }
      for (; row < until; row++) {
        const record: Record<string, string | undefined> = {};
        for (let index = 0; index < columns.length; index++) {
          const page = pages[index]!;
          record[columns[index]] = toCell(page.values[row - page.start]);
        }
        tally.addParsed(
          batch,
          rowParser.parse(record),
          groupStart + row + 1,
          'row',
        );
        if (batch.records.length + batch.badRowCount >= options.batchSize) {
          yield batch;
          batch = emptyBatch();
        }
      }
    }
    groupStart += groupRows;
  }
  if (batch.records.length + batch.badRowCount > 0) {
    yield batch;
  }
}
