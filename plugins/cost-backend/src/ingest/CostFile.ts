import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** A FOCUS export to import, identified by the SHA-256 of its bytes. */
export interface CostFile {
  name: string;
  contentHash: string;
  gzipped: boolean;
  open(): Readable;
}

const GZIP_MAGIC = [0x1f, 0x8b];

function isGzip(bytes: Uint8Array): boolean {
  return bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1];
}

/** An uploaded file, already in memory (the upload size limit bounds it). */
export function costFileFromBuffer(name: string, content: Buffer): CostFile {
  return {
    name,
    contentHash: createHash('sha256').update(content).digest('hex'),
    gzipped: isGzip(content),
    open: () => Readable.from([content]),
  };
}

/** A file on disk: hashed in one streaming pass, read in another when imported. */
export async function costFileFromPath(path: string): Promise<CostFile> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  const handle = await open(path, 'r');
  const magic = Buffer.alloc(2);
  try {
    await handle.read(magic, 0, 2, 0);
  } finally {
    await handle.close();
  }
  return {
    name: basename(path),
    contentHash: hash.digest('hex'),
    gzipped: isGzip(magic),
    open: () => createReadStream(path),
  };
}
