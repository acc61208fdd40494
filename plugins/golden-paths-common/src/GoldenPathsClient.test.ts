import { ResponseError } from '@backstage/errors';
import { GoldenPathsClient } from './GoldenPathsClient';

function clientAnswering(status: number, body: unknown) {
  const fetchMock = jest.fn(
    async (_input: RequestInfo | URL, _init?: RequestInit) =>
      new Response(JSON.stringify(body), {
        status,
        headers: { 'Content-Type': 'application/json' },
      }),
  );
  const client = new GoldenPathsClient({
    discoveryApi: { getBaseUrl: async id => `http://backend/api/${id}` },
    fetchApi: { fetch: fetchMock as typeof fetch },
  });
  return { client, fetchMock };
}

describe('GoldenPathsClient', () => {
  it('asks for one entity by ref, with the token', async () => {
    const { client, fetchMock } = clientAnswering(200, { status: 'current' });
    await expect(
      client.getEntityDrift(
        { entityRef: 'component:default/checkout' },
        { token: 't0k' },
      ),
    ).resolves.toEqual({ status: 'current' });
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe(
      'http://backend/api/golden-paths/drift?entityRef=component%3Adefault%2Fcheckout',
    );
    expect(new Headers(init?.headers).get('Authorization')).toBe('Bearer t0k');
  });

  it('sends every overview filter, statuses repeated', async () => {
    const { client, fetchMock } = clientAnswering(200, { items: [] });
    await client.getDriftOverview({
      status: ['upgrade-available', 'ahead'],
      owner: 'group:default/team-a',
      offset: 20,
      limit: 10,
    });
    await client.getDriftOverview();
    expect(fetchMock.mock.calls.map(([url]) => url)).toEqual([
      'http://backend/api/golden-paths/drift/overview?status=upgrade-available&status=ahead&owner=group%3Adefault%2Fteam-a&offset=20&limit=10',
      'http://backend/api/golden-paths/drift/overview',
    ]);
  });

  it('throws a ResponseError carrying the backend message', async () => {
    const { client } = clientAnswering(404, {
      error: { name: 'NotFoundError', message: 'no such entity' },
      request: { method: 'GET', url: '/drift' },
      response: { statusCode: 404 },
    });
    const error = await client
      .getEntityDrift({ entityRef: 'component:default/nope' })
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.response.status).toBe(404);
    expect(error.cause.message).toBe('no such entity');
  });
});
