import {
  GetObjectCommand,
  paginateListObjectsV2,
  S3Client,
  _Object,
} from '@aws-sdk/client-s3';
import { LoggerService } from '@backstage/backend-plugin-api';
import { createHash } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import { CostFile } from './CostFile';
import { FocusImporter } from './FocusImporter';
import { SourceRunSummary } from './LocalDirectorySource';

/** An S3 (or S3-compatible) bucket of FOCUS exports. */
export interface S3SourceSettings {
  /** Source name: a re-exported billing period replaces that source's rows. */
  name: string;
  bucket: string;
  /** Only keys starting with this prefix; all keys when empty. */
  prefix?: string;
  region?: string;
  /** Endpoint of an S3-compatible store (MinIO, Ceph, R2...); AWS when absent. */
  endpoint?: string;
  /** `bucket` in the path instead of the host name, as most S3-compatible stores need. */
  forcePathStyle?: boolean;
  /** Static credentials; the AWS SDK's default provider chain when absent. */
  credentials?: {
    accessKeyId: string;
    secretAccessKey: string;
    sessionToken?: string;
  };
}

/** Object keys of FOCUS exports: CSV, gzip-compressed CSV and Parquet. Manifests are not. */
const EXPORT_KEY = /\.(csv|csv\.gz|parquet)$/i;

export function createS3Client(settings: S3SourceSettings): S3Client {
  return new S3Client({
    region: settings.region,
    endpoint: settings.endpoint,
    forcePathStyle: settings.forcePathStyle,
    credentials: settings.credentials,
  });
}

/**
 * One object as a cost file. Its identity is the key with the ETag and size the listing
 * gave, so an object already imported is recognised without downloading it; any change
 * (a re-export) changes the ETag and imports it again. Reads pin that ETag (`If-Match`), so
 * an object replaced while it is being read fails the import instead of mixing versions.
 */
function s3CostFile(
  client: S3Client,
  bucket: string,
  object: Required<Pick<_Object, 'Key' | 'ETag' | 'Size'>>,
): CostFile {
  const get = (range?: string) =>
    client.send(
      new GetObjectCommand({
        Bucket: bucket,
        Key: object.Key,
        IfMatch: object.ETag,
        Range: range,
      }),
    );
  return {
    name: object.Key,
    contentHash: createHash('sha256')
      .update(
        JSON.stringify(['s3', bucket, object.Key, object.ETag, object.Size]),
      )
      .digest('hex'),
    byteLength: object.Size,
    open: () => {
      const out = new PassThrough();
      get().then(
        response => {
          const body = response.Body as Readable;
          body.on('error', error => out.destroy(error));
          body.pipe(out);
        },
        error => out.destroy(error),
      );
      return out;
    },
    readRange: async (start, end) => {
      if (end <= start) {
        return new Uint8Array(0);
      }
      const response = await get(`bytes=${start}-${end - 1}`);
      return response.Body!.transformToByteArray();
    },
  };
}

/**
 * FOCUS exports in an S3-compatible bucket: every run lists the objects under the prefix and
 * imports, in key order, those not imported yet (same key, ETag and size), streaming CSV and
 * reading Parquet by byte ranges. One broken object does not stop the others.
 */
export class S3Source {
  private readonly client: S3Client;

  constructor(
    private readonly options: {
      settings: S3SourceSettings;
      importer: FocusImporter;
      logger: LoggerService;
      client?: S3Client;
    },
  ) {
    this.client = options.client ?? createS3Client(options.settings);
  }

  get name(): string {
    return this.options.settings.name;
  }

  async run(): Promise<SourceRunSummary> {
    const { importer, logger, settings } = this.options;
    const summary: SourceRunSummary = { imported: 0, skipped: 0, failed: 0 };
    const pages = paginateListObjectsV2(
      { client: this.client },
      { Bucket: settings.bucket, Prefix: settings.prefix || undefined },
    );
    for await (const page of pages) {
      for (const object of page.Contents ?? []) {
        const { Key, ETag, Size } = object;
        if (!Key || !EXPORT_KEY.test(Key) || Size === undefined) {
          continue;
        }
        try {
          const result = await importer.import(
            s3CostFile(this.client, settings.bucket, {
              Key,
              ETag: ETag ?? '',
              Size,
            }),
            settings.name,
          );
          summary[result.skipped ? 'skipped' : 'imported'] += 1;
        } catch (error) {
          summary.failed += 1;
          logger.warn(
            `Could not import s3://${settings.bucket}/${Key}: ${
              (error as Error).message
            }`,
          );
        }
      }
    }
    return summary;
  }
}
