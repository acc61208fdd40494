import { EnvironmentsClient } from './EnvironmentsClient';

describe('EnvironmentsClient', () => {
  const discoveryApi = {
    getBaseUrl: async (pluginId: string) => `http://backend/api/${pluginId}`,
  };

  function clientAnswering(body: unknown, status = 200) {
    const fetchMock = jest.fn(async () => Response.json(body, { status }));
    const client = new EnvironmentsClient({
      discoveryApi,
      fetchApi: { fetch: fetchMock },
    });
    const call = (index = 0) =>
      fetchMock.mock.calls[index] as unknown as [string, RequestInit];
    return { client, call };
  }

  it('lists requests with the view, the service and repeated states', async () => {
    const { client, call } = clientAnswering({ items: [] });
    await client.listRequests(
      {
        view: 'team',
        entityRef: 'component:default/payments',
        states: ['ready', 'expiring'],
      },
      { token: 't' },
    );
    const [url, init] = call();
    expect(url).toBe(
      'http://backend/api/environments/requests?view=team&entityRef=component%3Adefault%2Fpayments&state=ready&state=expiring',
    );
    expect(new Headers(init.headers).get('Authorization')).toBe('Bearer t');
  });

  it('posts actions as JSON to the request path', async () => {
    const { client, call } = clientAnswering({ id: 'a/b' });
    await client.reject('a/b', { reason: 'too big' });
    const [url, init] = call();
    expect(url).toBe('http://backend/api/environments/requests/a%2Fb/reject');
    expect(init.method).toBe('POST');
    expect(new Headers(init.headers).get('Content-Type')).toBe(
      'application/json',
    );
    expect(JSON.parse(init.body as string)).toEqual({ reason: 'too big' });
  });

  it('reads a request and retries it by its escaped id, without a body', async () => {
    const { client, call } = clientAnswering({ id: 'a/b' });
    await expect(client.getRequest('a/b')).resolves.toEqual({ id: 'a/b' });
    await client.retry('a/b', { token: 't' });
    const [getUrl, getInit] = call(0);
    expect(getUrl).toBe('http://backend/api/environments/requests/a%2Fb');
    expect(getInit.method).toBe('GET');
    const [retryUrl, retryInit] = call(1);
    expect(retryUrl).toBe(
      'http://backend/api/environments/requests/a%2Fb/retry',
    );
    expect(retryInit.method).toBe('POST');
    expect(retryInit.body).toBeUndefined();
    expect(new Headers(retryInit.headers).get('Authorization')).toBe(
      'Bearer t',
    );
  });

  it('sends an empty JSON body for an approval without a reason', async () => {
    const { client, call } = clientAnswering({ id: 'r1' });
    await client.approve('r1');
    const [url, init] = call();
    expect(url).toBe('http://backend/api/environments/requests/r1/approve');
    expect(new Headers(init.headers).get('Content-Type')).toBe(
      'application/json',
    );
    expect(JSON.parse(init.body as string)).toEqual({});
  });

  it('posts new requests and estimates as JSON', async () => {
    const { client, call } = clientAnswering({}, 201);
    const input = {
      entityRef: 'component:default/payments',
      type: 'preview',
      size: 'small',
      branch: 'main',
      purpose: 'demo',
    };
    await client.createRequest(input);
    await client.estimate({ type: 'preview', size: 'small' });
    const [createUrl, createInit] = call(0);
    expect(createUrl).toBe('http://backend/api/environments/requests');
    expect(createInit.method).toBe('POST');
    expect(JSON.parse(createInit.body as string)).toEqual(input);
    const [estimateUrl, estimateInit] = call(1);
    expect(estimateUrl).toBe('http://backend/api/environments/estimate');
    expect(JSON.parse(estimateInit.body as string)).toEqual({
      type: 'preview',
      size: 'small',
    });
  });

  it('lists without a query string when nothing is filtered', async () => {
    const { client, call } = clientAnswering({ items: [] });
    await client.listRequests({ states: [] });
    expect(call()[0]).toBe('http://backend/api/environments/requests');
  });

  it('throws the server error message', async () => {
    const { client } = clientAnswering(
      {
        error: { name: 'InputError', message: 'ttlHours: must be at most 72' },
        response: { statusCode: 400 },
      },
      400,
    );
    await expect(
      client.estimate({ type: 'preview', size: 'small', ttlHours: 100 }),
    ).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 400,
      body: { error: { message: 'ttlHours: must be at most 72' } },
    });
  });
});
