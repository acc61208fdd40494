import { DeliveryClient } from './DeliveryClient';
import { DeploymentEvent } from './events';

const discoveryApi = {
  getBaseUrl: async (pluginId: string) =>
    `http://localhost:7007/api/${pluginId}`,
};

function clientAnswering(status: number, body: unknown) {
  const fetch = jest.fn(
    async (_input: RequestInfo | URL, _init?: RequestInit) =>
      new Response(JSON.stringify(body), {
        status,
        headers: { 'Content-Type': 'application/json' },
      }),
  );
  return {
    fetch,
    client: new DeliveryClient({ discoveryApi, fetchApi: { fetch } }),
  };
}

const deployment: DeploymentEvent = {
  type: 'deployment',
  id: 'd1',
  entityRef: 'component:default/payments',
  environment: 'production',
  status: 'succeeded',
  finishedAt: '2026-01-05T10:00:00Z',
};

describe('DeliveryClient', () => {
  it('posts one event as is and several as a batch, with an optional token', async () => {
    const result = { accepted: 1, created: 1, updated: 0, unmatched: 0 };
    const { client, fetch } = clientAnswering(200, result);

    await expect(client.postEvents(deployment)).resolves.toEqual(result);
    await client.postEvents([deployment, deployment], { token: 'ci-token' });

    const [[firstUrl, first], [, second]] = fetch.mock.calls;
    expect(firstUrl).toBe('http://localhost:7007/api/delivery/events');
    expect(first?.method).toBe('POST');
    expect(JSON.parse(first?.body as string)).toEqual(deployment);
    expect(JSON.parse(second?.body as string)).toEqual({
      events: [deployment, deployment],
    });
    expect(new Headers(second?.headers).get('Authorization')).toBe(
      'Bearer ci-token',
    );
  });

  it('reads DORA metrics, pipelines and unmatched events with query parameters', async () => {
    const { client, fetch } = clientAnswering(200, {});
    await client.getDora({
      entityRef: 'group:default/team-a',
      from: '2026-01-01T00:00:00Z',
      to: '2026-02-01T00:00:00Z',
    });
    await client.getDoraSeries({
      entityRef: 'component:default/payments',
      from: '2026-01-01T00:00:00Z',
      to: '2026-02-01T00:00:00Z',
      bucket: 'week',
      tz: 'Europe/Berlin',
    });
    await client.getDoraSummary({
      entityRef: 'component:default/payments',
      from: '2026-01-01T00:00:00Z',
      to: '2026-02-01T00:00:00Z',
      environment: 'staging',
      bucket: 'day',
    });
    await client.getDoraDeployments({
      entityRef: 'component:default/payments',
      from: '2026-01-01T00:00:00Z',
      to: '2026-02-01T00:00:00Z',
    });
    await client.getPipelines({ entityRef: 'component:default/payments' });
    await client.getOverview({
      owner: 'group:default/team-a',
      search: 'pay ments',
      limit: 5,
    });
    await client.getUnmatched({ limit: 10, source: 'github' });
    await client.getUnmatched();

    expect(fetch.mock.calls.map(([url]) => url)).toEqual([
      'http://localhost:7007/api/delivery/dora?entityRef=group%3Adefault%2Fteam-a&from=2026-01-01T00%3A00%3A00Z&to=2026-02-01T00%3A00%3A00Z',
      'http://localhost:7007/api/delivery/dora/series?entityRef=component%3Adefault%2Fpayments&from=2026-01-01T00%3A00%3A00Z&to=2026-02-01T00%3A00%3A00Z&bucket=week&tz=Europe%2FBerlin',
      'http://localhost:7007/api/delivery/dora/summary?entityRef=component%3Adefault%2Fpayments&from=2026-01-01T00%3A00%3A00Z&to=2026-02-01T00%3A00%3A00Z&environment=staging&bucket=day',
      'http://localhost:7007/api/delivery/dora/deployments?entityRef=component%3Adefault%2Fpayments&from=2026-01-01T00%3A00%3A00Z&to=2026-02-01T00%3A00%3A00Z',
      'http://localhost:7007/api/delivery/pipelines?entityRef=component%3Adefault%2Fpayments',
      'http://localhost:7007/api/delivery/overview?owner=group%3Adefault%2Fteam-a&search=pay+ments&limit=5',
      'http://localhost:7007/api/delivery/unmatched?limit=10&source=github',
      'http://localhost:7007/api/delivery/unmatched',
    ]);
  });

  it('turns an error response into a ResponseError carrying the server message', async () => {
    const { client } = clientAnswering(400, {
      error: {
        name: 'InputError',
        message: 'events[3].finishedAt: must be an ISO-8601 instant',
      },
      request: { method: 'POST', url: '/api/delivery/events' },
      response: { statusCode: 400 },
    });
    await expect(client.postEvents(deployment)).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 400,
      body: {
        error: {
          message: 'events[3].finishedAt: must be an ISO-8601 instant',
        },
      },
    });
  });
});
