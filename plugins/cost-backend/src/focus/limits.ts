import { InputError } from '@backstage/errors';

/**
 * What one file may cost to read, whatever its source (upload, directory, S3): hostile or
 * broken files (a gzip bomb, a Parquet page or row group announced as gigabytes) are refused
 * before they can exhaust memory. The defaults and config keys are in config.d.ts and
 * src/service/settings.ts.
 */
export interface ImportLimits {
  /** Bytes of CSV after decompression (`cost.import.maxDecompressedMb`). */
  maxDecompressedBytes: number;
  /** Data rows per file, bad ones included (`cost.import.maxRowsPerFile`). */
  maxRowsPerFile: number;
  /** Uncompressed bytes of one Parquet page (`cost.import.maxParquetPageMb`). */
  maxParquetPageBytes: number;
  /** Uncompressed bytes of one Parquet row group (`cost.import.maxParquetRowGroupMb`). */
  maxParquetRowGroupBytes: number;
}

/** The config key that sets each limit, named in the error a file above it gets. */
export const LIMIT_CONFIG_KEYS: Record<keyof ImportLimits, string> = {
  maxDecompressedBytes: 'cost.import.maxDecompressedMb',
  maxRowsPerFile: 'cost.import.maxRowsPerFile',
  maxParquetPageBytes: 'cost.import.maxParquetPageMb',
  maxParquetRowGroupBytes: 'cost.import.maxParquetRowGroupMb',
};

/** No limit: for callers (tests, the benchmark) that read trusted files. */
export const UNLIMITED: ImportLimits = {
  maxDecompressedBytes: Infinity,
  maxRowsPerFile: Infinity,
  maxParquetPageBytes: Infinity,
  maxParquetRowGroupBytes: Infinity,
};

/** A file above one of the limits: a 400 naming what was too large and the config key. */
export function limitExceeded(
  limit: keyof ImportLimits,
  what: string,
  value: number,
): InputError {
  const unit = limit === 'maxRowsPerFile' ? 'rows' : 'bytes';
  return new InputError(
    `${what} exceeds the limit of ${value} ${unit} (${LIMIT_CONFIG_KEYS[limit]})`,
  );
}
