import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import {
  createServer,
  IncomingMessage,
  Server,
  ServerResponse,
} from 'node:http';
import { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { createCostStores } from '../database/createCostStores';
import { focusCsv, focusParquet } from '../focus/__testUtils__/testFiles';
import { FocusImporter } from './FocusImporter';
import { S3Source } from './S3Source';

jest.setTimeout(60_000);

const BUCKET = 'cost-exports';
/** Keys per ListObjectsV2 page: small, so that every listing has several pages. */
const PAGE_SIZE = 2;

function xmlEscape(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/**
 * An in-process stand-in for an S3-compatible store, path-style: ListObjectsV2 (with
 * continuation tokens) and GetObject (with Range and If-Match), the two calls the source
 * makes. Requests are recorded so tests can tell which objects were downloaded.
 */
class FakeS3 {
  readonly objects = new Map<string, Buffer>();
  readonly requests: Array<{ key?: string; range?: string }> = [];
  private server?: Server;

  etag(key: string): string {
    return `"${createHash('md5')
      .update(this.objects.get(key)!)
      .digest('hex')}"`;
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => this.handle(req, res));
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.close();
    if (this.server) {
      await once(this.server, 'close');
    }
  }

  private handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url!, 'http://localhost');
    const [, bucket, ...keyParts] = url.pathname.split('/');
    if (bucket !== BUCKET) {
      this.error(res, 404, 'NoSuchBucket');
      return;
    }
    if (keyParts.length === 0 || keyParts.join('/') === '') {
      this.requests.push({});
      this.list(url, res);
      return;
    }
    const key = decodeURIComponent(keyParts.join('/'));
    const range = req.headers.range;
    this.requests.push({ key, range });
    const content = this.objects.get(key);
    if (!content) {
      this.error(res, 404, 'NoSuchKey');
      return;
    }
    if (req.headers['if-match'] && req.headers['if-match'] !== this.etag(key)) {
      this.error(res, 412, 'PreconditionFailed');
      return;
    }
    const match = range?.match(/^bytes=(\d+)-(\d+)$/);
    const start = match ? Number(match[1]) : 0;
    const end = match
      ? Math.min(Number(match[2]), content.length - 1)
      : content.length - 1;
    res.writeHead(match ? 206 : 200, {
      'Content-Length': end - start + 1,
      ETag: this.etag(key),
      ...(match
        ? { 'Content-Range': `bytes ${start}-${end}/${content.length}` }
        : {}),
    });
    res.end(content.subarray(start, end + 1));
  }

  private list(url: URL, res: ServerResponse) {
    const prefix = url.searchParams.get('prefix') ?? '';
    const keys = [...this.objects.keys()]
      .filter(key => key.startsWith(prefix))
      .sort();
    const start = Number(url.searchParams.get('continuation-token') ?? 0);
    const page = keys.slice(start, start + PAGE_SIZE);
    const truncated = start + PAGE_SIZE < keys.length;
    const contents = page
      .map(
        key =>
          `<Contents><Key>${xmlEscape(
            key,
          )}</Key><LastModified>2024-10-01T00:00:00.000Z</LastModified><ETag>${xmlEscape(
            this.etag(key),
          )}</ETag><Size>${
            this.objects.get(key)!.length
          }</Size><StorageClass>STANDARD</StorageClass></Contents>`,
      )
      .join('');
    res.writeHead(200, { 'Content-Type': 'application/xml' });
    res.end(
      `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${BUCKET}</Name><Prefix>${xmlEscape(
        prefix,
      )}</Prefix><KeyCount>${
        page.length
      }</KeyCount><MaxKeys>${PAGE_SIZE}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${
        truncated
          ? `<NextContinuationToken>${
              start + PAGE_SIZE
            }</NextContinuationToken>`
          : ''
      }${contents}</ListBucketResult>`,
    );
  }

  private error(res: ServerResponse, status: number, code: string) {
    res.writeHead(status, { 'Content-Type': 'application/xml' });
    res.end(
      `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${code}</Message></Error>`,
    );
  }
}

const databases = TestDatabases.create();

describe.each(databases.eachSupportedId())('S3Source (%s)', databaseId => {
  const s3 = new FakeS3();
  let endpoint: string;

  beforeAll(async () => {
    endpoint = await s3.start();
  });
  afterAll(() => s3.stop());
  beforeEach(() => {
    s3.objects.clear();
    s3.requests.length = 0;
  });

  async function setup() {
    const knex = await databases.init(databaseId);
    const stores = await createCostStores({
      database: mockServices.database({ knex }),
    });
    const importer = new FocusImporter({
      store: stores.imports,
      logger: mockServices.logger.mock(),
      batchSize: 2,
    });
    const source = new S3Source({
      settings: {
        name: 'aws',
        bucket: BUCKET,
        prefix: 'focus/',
        region: 'us-east-1',
        endpoint,
        forcePathStyle: true,
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      },
      importer,
      logger: mockServices.logger.mock(),
    });
    const total = async () =>
      stores.reports.sumByCurrency({
        from: '2000-01-01T00:00:00.000Z',
        to: '2100-01-01T00:00:00.000Z',
        metric: 'EffectiveCost',
      });
    return { stores, source, total };
  }

  const downloads = () => s3.requests.filter(request => request.key);

  it('imports CSV, gzip and Parquet objects under the prefix once, and a changed object again', async () => {
    const { source, total, stores } = await setup();
    s3.objects.set(
      'focus/2024-08/export.csv',
      Buffer.from(focusCsv([{ cost: '1', day: '2024-08-01' }])),
    );
    s3.objects.set(
      'focus/2024-09/export.csv.gz',
      gzipSync(focusCsv([{ cost: '2', day: '2024-09-01' }])),
    );
    s3.objects.set(
      'focus/2024-10/export.parquet',
      focusParquet([
        { cost: '4', day: '2024-10-01' },
        { cost: 'NULL', day: '2024-10-02' },
      ]),
    );
    s3.objects.set('focus/2024-10/manifest.json', Buffer.from('{}'));
    s3.objects.set(
      'elsewhere/export.csv',
      Buffer.from(focusCsv([{ cost: '1000' }])),
    );

    expect(await source.run()).toEqual({ imported: 3, skipped: 0, failed: 0 });
    expect(await total()).toEqual([{ currency: 'USD', amount: 7 }]);
    expect(downloads().map(request => request.key)).not.toContain(
      'focus/2024-10/manifest.json',
    );
    // Parquet is read by byte ranges (footer, then row groups), never downloaded whole.
    const parquetReads = downloads().filter(
      request => request.key === 'focus/2024-10/export.parquet',
    );
    expect(parquetReads.length).toBeGreaterThan(1);
    expect(parquetReads.every(request => request.range)).toBe(true);
    const { items } = await stores.imports.listImports({
      limit: 10,
      offset: 0,
    });
    expect(
      items.find(item => item.fileName.endsWith('.parquet')),
    ).toMatchObject({
      badRowCount: 1,
      badRows: [{ row: 2, reason: 'BilledCost: missing' }],
    });

    // Nothing changed: nothing is downloaded again.
    s3.requests.length = 0;
    expect(await source.run()).toEqual({ imported: 0, skipped: 3, failed: 0 });
    expect(downloads()).toEqual([]);

    // September re-exported with corrected figures: replaces September, never doubles it.
    s3.objects.set(
      'focus/2024-09/export.csv.gz',
      gzipSync(focusCsv([{ cost: '20', day: '2024-09-01' }])),
    );
    expect(await source.run()).toEqual({ imported: 1, skipped: 2, failed: 0 });
    expect(await total()).toEqual([{ currency: 'USD', amount: 25 }]);
  });

  it('counts a broken object as failed and imports the others', async () => {
    const { source, total } = await setup();
    s3.objects.set('focus/a.csv', Buffer.from('not,a,focus,file\n'));
    s3.objects.set('focus/b.parquet', Buffer.from('PAR1 truncated'));
    s3.objects.set('focus/c.csv', Buffer.from(focusCsv([{ cost: '3' }])));
    expect(await source.run()).toEqual({ imported: 1, skipped: 0, failed: 2 });
    expect(await total()).toEqual([{ currency: 'USD', amount: 3 }]);
  });

  it('fails the run when the bucket cannot be listed', async () => {
    const knex = await databases.init(databaseId);
    const stores = await createCostStores({
      database: mockServices.database({ knex }),
    });
    const source = new S3Source({
      settings: {
        name: 'aws',
        bucket: 'no-such-bucket',
        region: 'us-east-1',
        endpoint,
        forcePathStyle: true,
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      },
      importer: new FocusImporter({
        store: stores.imports,
        logger: mockServices.logger.mock(),
        batchSize: 10,
      }),
      logger: mockServices.logger.mock(),
    });
    await expect(source.run()).rejects.toThrow(/NoSuchBucket/);
  });
});
