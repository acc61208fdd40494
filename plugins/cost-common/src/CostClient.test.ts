import { CostClient } from './CostClient';

describe('CostClient', () => {
  const discoveryApi = {
    getBaseUrl: async () => 'http://backend/api/cost',
  };

  it('sends the query parameters that are set and the token', async () => {
    const fetchMock = jest.fn(async () => Response.json({ items: [] }));
    const client = new CostClient({
      discoveryApi,
      fetchApi: { fetch: fetchMock },
    });
    await client.getOverview({ kind: 'group', limit: 10 }, { token: 't' });
    const [url, init] = fetchMock.mock.calls[0] as unknown as [
      string,
      RequestInit,
    ];
    expect(url).toBe('http://backend/api/cost/overview?kind=group&limit=10');
    expect(new Headers(init.headers).get('Authorization')).toBe('Bearer t');
  });

  it('repeats entityRef for each entity of an overview request', async () => {
    const fetchMock = jest.fn(async () => Response.json({ items: [] }));
    const client = new CostClient({
      discoveryApi,
      fetchApi: { fetch: fetchMock },
    });
    await client.getOverview({
      entityRefs: ['component:default/a', 'component:default/b'],
      limit: 2,
    });
    const [url] = fetchMock.mock.calls[0] as unknown as [string];
    expect(url).toBe(
      'http://backend/api/cost/overview?limit=2&entityRef=component%3Adefault%2Fa&entityRef=component%3Adefault%2Fb',
    );
  });

  it('asks for an entity cost summary at its own path, with the window', async () => {
    const fetchMock = jest.fn(async () => Response.json({ totals: [] }));
    const client = new CostClient({
      discoveryApi,
      fetchApi: { fetch: fetchMock },
    });
    await client.getEntityCostSummary({
      entityRef: 'component:default/a',
      from: '2024-09-01',
      to: '2024-10-01',
    });
    const [url] = fetchMock.mock.calls[0] as unknown as [string];
    expect(url).toBe(
      'http://backend/api/cost/entity-cost/summary?entityRef=component%3Adefault%2Fa&from=2024-09-01&to=2024-10-01',
    );
  });

  it('uploads gzip files with the gzip content type', async () => {
    const fetchMock = jest.fn(async () =>
      Response.json({ skipped: false, import: {} }),
    );
    const client = new CostClient({
      discoveryApi,
      fetchApi: { fetch: fetchMock },
    });
    await client.uploadFile({
      body: new Uint8Array([0x1f, 0x8b]),
      fileName: 'aws-2024-09.csv.gz',
      source: 'aws',
    });
    const [url, init] = fetchMock.mock.calls[0] as unknown as [
      string,
      RequestInit,
    ];
    expect(url).toBe(
      'http://backend/api/cost/imports?fileName=aws-2024-09.csv.gz&source=aws',
    );
    expect(init.method).toBe('POST');
    expect(new Headers(init.headers).get('Content-Type')).toBe(
      'application/gzip',
    );
    expect(init.body).toEqual(new Uint8Array([0x1f, 0x8b]));
  });

  it('reads and deletes an import by its escaped id', async () => {
    const fetchMock = jest.fn(async (_url: string, init?: RequestInit) =>
      init?.method === 'DELETE'
        ? new Response(null, { status: 204 })
        : Response.json({ id: 'a/b' }),
    );
    const client = new CostClient({
      discoveryApi,
      fetchApi: { fetch: fetchMock as typeof fetch },
    });
    await expect(client.getImport('a/b')).resolves.toEqual({ id: 'a/b' });
    await expect(
      client.deleteImport('a/b', { token: 't' }),
    ).resolves.toBeUndefined();
    const [getUrl, getInit] = fetchMock.mock.calls[0];
    const [deleteUrl, deleteInit] = fetchMock.mock.calls[1];
    expect(getUrl).toBe('http://backend/api/cost/imports/a%2Fb');
    expect(getInit?.method).toBe('GET');
    expect(deleteUrl).toBe('http://backend/api/cost/imports/a%2Fb');
    expect(deleteInit?.method).toBe('DELETE');
    expect(new Headers(deleteInit?.headers).get('Authorization')).toBe(
      'Bearer t',
    );
  });

  it.each([
    ['export.csv', 'text/csv'],
    ['export.parquet', 'application/vnd.apache.parquet'],
    ['EXPORT.snappy.PARQUET', 'application/vnd.apache.parquet'],
  ])('uploads %s as %s', async (fileName, contentType) => {
    const fetchMock = jest.fn(async () =>
      Response.json({ skipped: false, import: {} }),
    );
    const client = new CostClient({
      discoveryApi,
      fetchApi: { fetch: fetchMock },
    });
    await client.uploadFile({ body: new Uint8Array([1]), fileName });
    const [, init] = fetchMock.mock.calls[0] as unknown as [
      string,
      RequestInit,
    ];
    expect(new Headers(init.headers).get('Content-Type')).toBe(contentType);
  });

  it('turns error responses into ResponseError with the server message', async () => {
    const fetchMock = jest.fn(async () =>
      Response.json(
        {
          error: { name: 'InputError', message: 'from: must be a date' },
          response: { statusCode: 400 },
        },
        { status: 400, statusText: 'Bad Request' },
      ),
    );
    const client = new CostClient({
      discoveryApi,
      fetchApi: { fetch: fetchMock },
    });
    await expect(
      client.getEntityCost({ entityRef: 'component:default/a', from: 'x' }),
    ).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 400,
      body: { error: { message: 'from: must be a date' } },
    });
  });
});
