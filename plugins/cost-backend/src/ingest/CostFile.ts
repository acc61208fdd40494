import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** How a FOCUS export is encoded, told by its first bytes. */
export type CostFileFormat = 'csv' | 'csv-gzip' | 'parquet';

/**
 * A FOCUS export to import. `contentHash` identifies the content: the SHA-256 of the bytes,
 * or, for objects whose bytes are not read before importing (object storage), of a stable
 * version identity such as key, ETag and size.
 */
export interface CostFile {
  name: string;
  contentHash: string;
  byteLength: number;
  /** The whole content, streamed (CSV). */
  open(): Readable;
  /**
   * True when `open()` reads a copy at hand (an upload in memory, a file on disk), so that
   * reading the content twice costs little: a compressed one is then inflated once to check
   * its size before it is parsed. Object storage leaves it unset (a second download).
   */
  local?: boolean;
  /**
   * Bytes `[start, end)`. Parquet is read by ranges, footer first and then one row group
   * at a time, so a large file is never held in memory whole.
   */
  readRange(start: number, end: number): Promise<Uint8Array>;
}

const GZIP_MAGIC = [0x1f, 0x8b];
const PARQUET_MAGIC = 'PAR1';

export async function detectCostFileFormat(
  file: CostFile,
): Promise<CostFileFormat> {
  const magic = await file.readRange(0, Math.min(4, file.byteLength));
  if (magic[0] === GZIP_MAGIC[0] && magic[1] === GZIP_MAGIC[1]) {
    return 'csv-gzip';
  }
  if (Buffer.from(magic).toString('latin1') === PARQUET_MAGIC) {
    return 'parquet';
  }
  return 'csv';
}

/** An uploaded file, already in memory (the upload size limit bounds it). */
export function costFileFromBuffer(name: string, content: Buffer): CostFile {
  return {
    name,
    contentHash: createHash('sha256').update(content).digest('hex'),
    byteLength: content.length,
    open: () => Readable.from([content]),
    local: true,
    readRange: async (start, end) => content.subarray(start, end),
  };
}

/** A file on disk: hashed in one streaming pass, read in another when imported. */
export async function costFileFromPath(path: string): Promise<CostFile> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  const { size } = await stat(path);
  return {
    name: basename(path),
    contentHash: hash.digest('hex'),
    byteLength: size,
    open: () => createReadStream(path),
    local: true,
    readRange: async (start, end) => {
      const handle = await open(path, 'r');
      try {
        const bytes = Buffer.alloc(Math.max(0, end - start));
        const { bytesRead } = await handle.read(bytes, 0, bytes.length, start);
        return bytes.subarray(0, bytesRead);
      } finally {
        await handle.close();
      }
    },
  };
}
