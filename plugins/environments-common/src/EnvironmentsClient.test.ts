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
