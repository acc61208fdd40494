import {
  SHARE_FOR_MS,
  SharedListEnvironmentsClient,
} from './SharedListEnvironmentsClient';

describe('SharedListEnvironmentsClient', () => {
  const discoveryApi = {
    getBaseUrl: async (pluginId: string) => `http://backend/api/${pluginId}`,
  };
  const query = {
    view: 'all' as const,
    entityRef: 'component:default/payments',
    states: ['ready' as const, 'failed' as const],
  };

  function client(status = 200) {
    let now = 1_000_000;
    let answered = 0;
    const fetchMock = jest.fn(async (url: string) =>
      url.endsWith('/requests') || url.includes('/requests?')
        ? Response.json({ items: [{ id: String(++answered) }] }, { status })
        : Response.json({ id: 'x' }, { status }),
    );
    const shared = new SharedListEnvironmentsClient({
      discoveryApi,
      fetchApi: { fetch: fetchMock as unknown as typeof fetch },
      now: () => now,
    });
    const lists = () =>
      fetchMock.mock.calls.filter(([url]) => url.includes('/requests?')).length;
    return {
      shared,
      lists,
      advance: (ms: number) => {
        now += ms;
      },
    };
  }

  it('answers the next identical ask from the last answer, once', async () => {
    const { shared, lists } = client();
    const first = await shared.listRequests(query);
    // The same query with its fields and states in another order.
    const second = await shared.listRequests({
      states: ['failed', 'ready'],
      entityRef: 'component:default/payments',
      view: 'all',
    });
    expect(second).toBe(first);
    expect(lists()).toBe(1);
    // A refresh after that is a new request: an answer is shared once only.
    const third = await shared.listRequests(query);
    expect(lists()).toBe(2);
    expect(third.items[0].id).toBe('2');
  });

  it('joins an identical ask while the first is on its way', async () => {
    const { shared, lists } = client();
    const [a, b] = await Promise.all([
      shared.listRequests(query),
      shared.listRequests(query),
    ]);
    expect(a).toBe(b);
    expect(lists()).toBe(1);
  });

  it('asks again after the sharing window, for another query, or with a token', async () => {
    const { shared, lists, advance } = client();
    await shared.listRequests(query);
    advance(SHARE_FOR_MS + 1);
    await shared.listRequests(query);
    expect(lists()).toBe(2);
    await shared.listRequests({ ...query, states: ['ready'] });
    expect(lists()).toBe(3);
    await shared.listRequests(query);
    await shared.listRequests(query, { token: 'someone-else' });
    expect(lists()).toBe(4);
  });

  it.each([
    [
      'createRequest',
      (c: SharedListEnvironmentsClient) => c.createRequest({} as never),
    ],
    ['approve', (c: SharedListEnvironmentsClient) => c.approve('a')],
    [
      'reject',
      (c: SharedListEnvironmentsClient) => c.reject('a', { reason: 'no' }),
    ],
    [
      'extend',
      (c: SharedListEnvironmentsClient) =>
        c.extend('a', { ttlHours: 2 } as never),
    ],
    ['destroy', (c: SharedListEnvironmentsClient) => c.destroy('a')],
    ['retry', (c: SharedListEnvironmentsClient) => c.retry('a')],
  ])('forgets kept answers when %s changes something', async (_, change) => {
    const { shared, lists } = client();
    await shared.listRequests(query);
    await change(shared);
    await shared.listRequests(query);
    expect(lists()).toBe(2);
  });

  it('lets go of answers nobody asked for again in time', async () => {
    const { shared, advance } = client();
    for (const name of ['a', 'b', 'c']) {
      await shared.listRequests({
        ...query,
        entityRef: `component:default/${name}`,
      });
    }
    expect(shared.keptAnswers).toBe(3);
    advance(SHARE_FOR_MS + 1);
    await shared.listRequests(query);
    expect(shared.keptAnswers).toBe(1);
  });

  it('does not keep a failed answer', async () => {
    const { shared, lists } = client(503);
    await expect(shared.listRequests(query)).rejects.toThrow();
    await expect(shared.listRequests(query)).rejects.toThrow();
    expect(lists()).toBe(2);
  });
});
