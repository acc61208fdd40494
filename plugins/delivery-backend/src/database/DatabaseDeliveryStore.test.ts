import { mockServices } from '@backstage/backend-test-utils';
import {
  DeploymentEvent,
  IncidentEvent,
  PipelineRunEvent,
} from '@runway/plugin-delivery-common';
import { DatabaseDeliveryStore } from './DatabaseDeliveryStore';
import { createTestDatabases } from '../__testUtils__/testDatabases';

jest.setTimeout(60_000);

const databases = createTestDatabases();

function deployment(overrides: Partial<DeploymentEvent> = {}): DeploymentEvent {
  return {
    type: 'deployment',
    id: 'd1',
    entityRef: 'component:default/payments',
    environment: 'production',
    status: 'succeeded',
    startedAt: '2026-01-05T09:50:00.000Z',
    finishedAt: '2026-01-05T10:00:00.000Z',
    version: '1.2.3',
    commitSha: 'abc',
    commits: [
      { sha: 'abc', timestamp: '2026-01-04T10:00:00.000Z' },
      { sha: 'def', timestamp: '2026-01-03T10:00:00.000Z' },
    ],
    labels: { team: 'payments' },
    ...overrides,
  };
}

function incident(overrides: Partial<IncidentEvent> = {}): IncidentEvent {
  return {
    type: 'incident',
    id: 'i1',
    entityRef: 'component:default/payments',
    environment: 'production',
    openedAt: '2026-01-05T11:00:00.000Z',
    resolvedAt: null,
    deploymentId: 'd1',
    severity: 'sev2',
    ...overrides,
  };
}

function run(overrides: Partial<PipelineRunEvent> = {}): PipelineRunEvent {
  return {
    type: 'pipelineRun',
    id: 'r1',
    entityRef: 'component:default/payments',
    pipeline: 'ci',
    branch: 'main',
    status: 'running',
    attempt: 1,
    startedAt: '2026-01-05T09:00:00.000Z',
    commitSha: 'abc',
    ...overrides,
  };
}

describe.each(databases.eachSupportedId())('DatabaseDeliveryStore (%s)', id => {
  async function createStore() {
    const knex = await databases.init(id);
    const store = await DatabaseDeliveryStore.create({
      database: mockServices.database({ knex }),
    });
    return { knex, store };
  }

  /**
   * What the store holds for payments in production, through the DORA read path: a window
   * from the epoch holds every successful deployment and every incident.
   */
  const window = {
    entityRefs: ['component:default/payments'],
    environment: 'production',
    from: new Date(0),
    to: new Date('2027-01-01T00:00:00Z'),
  };
  const stored = async (
    store: DatabaseDeliveryStore,
    request: Partial<typeof window> = {},
  ) => store.listDoraEvents({ ...window, ...request });

  it('stores deployments with their commits and reads them back', async () => {
    const { store } = await createStore();
    await expect(
      store.writeEvents({ source: 'api', events: [deployment()] }),
    ).resolves.toEqual({ created: 1, updated: 0 });

    expect((await stored(store)).deployments).toEqual([
      {
        ...deployment(),
        commits: [
          { sha: 'def', timestamp: '2026-01-03T10:00:00.000Z' },
          { sha: 'abc', timestamp: '2026-01-04T10:00:00.000Z' },
        ],
      },
    ]);
  });

  it('updates on re-post instead of duplicating, keeping fields the re-post omits', async () => {
    const { store, knex } = await createStore();
    await store.writeEvents({
      source: 'api',
      events: [
        deployment(),
        incident(),
        run({ status: 'queued', startedAt: undefined }),
      ],
    });
    await expect(
      store.writeEvents({
        source: 'api',
        events: [
          deployment({
            status: 'failed',
            version: undefined,
            commits: [{ sha: 'xyz', timestamp: '2026-01-05T08:00:00.000Z' }],
          }),
          incident({
            resolvedAt: '2026-01-05T12:30:00+01:00',
            deploymentId: undefined,
          }),
          run({ status: 'succeeded', finishedAt: '2026-01-05T09:10:00Z' }),
        ],
      }),
    ).resolves.toEqual({ created: 0, updated: 3 });

    // No read path returns a failed deployment: read the row.
    expect(await knex('deployments').select('id', 'status', 'version')).toEqual(
      [{ id: 'd1', status: 'failed', version: '1.2.3' }],
    );
    expect(
      await knex('deployment_commits').select('deployment_id', 'sha'),
    ).toEqual([{ deployment_id: 'd1', sha: 'xyz' }]);
    expect((await stored(store)).incidents).toEqual([
      incident({ resolvedAt: '2026-01-05T11:30:00.000Z' }),
    ]);
    await expect(
      store.listPipelineRuns({
        entityRefs: window.entityRefs,
        since: new Date('2026-01-05T00:00:00Z'),
      }),
    ).resolves.toEqual([
      run({
        status: 'succeeded',
        startedAt: '2026-01-05T09:00:00.000Z',
        finishedAt: '2026-01-05T09:10:00.000Z',
      }),
    ]);
    const [{ n }] = await knex('deployments').count({ n: '*' });
    expect(Number(n)).toBe(1);
  });

  it('counts a repeated id within one batch as an update of the first', async () => {
    const { store, knex } = await createStore();
    await expect(
      store.writeEvents({
        source: 'api',
        events: [deployment(), deployment({ status: 'failed' })],
      }),
    ).resolves.toEqual({ created: 1, updated: 1 });
    expect(await knex('deployments').select('id', 'status')).toEqual([
      { id: 'd1', status: 'failed' },
    ]);
  });

  it('writes a large batch in one transaction and rolls it all back on failure', async () => {
    const { store } = await createStore();
    const many = Array.from({ length: 1000 }, (_, i) =>
      deployment({
        id: `d${i}`,
        finishedAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
        commits: Array.from({ length: 5 }, (__, c) => ({
          sha: `sha-${i}-${c}`,
          timestamp: '2025-12-31T00:00:00.000Z',
        })),
      }),
    );
    await expect(
      store.writeEvents({ source: 'api', events: many }),
    ).resolves.toEqual({ created: 1000, updated: 0 });
    const { deployments } = await stored(store);
    expect(deployments).toHaveLength(1000);
    expect(deployments[999].commits).toHaveLength(5);

    const broken = [
      deployment({ id: 'new-1' }),
      // violates NOT NULL on finished_at: the whole batch must roll back
      deployment({ id: 'new-2', finishedAt: undefined as unknown as string }),
    ];
    const failure = await store
      .writeEvents({ source: 'api', events: broken })
      .then(
        () => 'committed',
        (error: unknown) => String(error),
      );
    expect(failure).toMatch(/not[ -]null/i);
    expect((await stored(store)).deployments).toHaveLength(1000);
  });

  it('filters deployments by entity, environment and window, case-insensitively', async () => {
    const { store } = await createStore();
    await store.writeEvents({
      source: 'api',
      events: [
        deployment({ id: 'a', finishedAt: '2026-01-01T00:00:00Z' }),
        deployment({ id: 'b', finishedAt: '2026-02-01T00:00:00Z' }),
        deployment({ id: 'c', finishedAt: '2026-03-01T00:00:00Z' }),
        deployment({ id: 'staging', environment: 'staging' }),
        deployment({ id: 'other', entityRef: 'component:default/Orders' }),
      ],
    });
    const ids = async (request: Partial<typeof window>) =>
      (await stored(store, request)).deployments.map(d => d.id);

    expect(await ids({})).toEqual(['a', 'b', 'c']);
    // The window's deployment, and the last one before it (it was live when the window
    // started: see loadDoraEvents).
    expect(
      await ids({
        from: new Date('2026-02-01T00:00:00Z'),
        to: new Date('2026-03-01T00:00:00Z'),
      }),
    ).toEqual(['a', 'b']);
    expect(
      await ids({
        entityRefs: ['Component:default/orders', 'component:default/payments'],
      }),
    ).toEqual(['a', 'other', 'b', 'c']);
    expect(await ids({ entityRefs: [] })).toEqual([]);
    await store.writeEvents({
      source: 'api',
      events: [
        run({ entityRef: 'component:default/zeta' }),
        run({ id: 'r2', entityRef: 'component:default/zeta' }),
        // Entities known only by an incident or only by a run, before, between and after
        // the others: the walk of each table must reach every one of them.
        incident({
          entityRef: 'component:default/alpha',
          deploymentId: undefined,
        }),
        incident({ id: 'i2', entityRef: 'component:default/pay' }),
        run({ id: 'r3', entityRef: 'component:default/zz-last' }),
      ],
    });
    expect(await store.listEntityRefs()).toEqual([
      'component:default/alpha',
      'component:default/orders',
      'component:default/pay',
      'component:default/payments',
      'component:default/zeta',
      'component:default/zz-last',
    ]);
    // Asked about some: those of them with an event of any kind, whatever their case, once.
    expect(
      await store.listEntityRefs([
        'component:default/ZZ-last',
        'component:default/nobody',
        'component:default/orders',
        'component:default/alpha',
        'component:default/pay',
        'component:default/zz-last',
      ]),
    ).toEqual([
      'component:default/alpha',
      'component:default/orders',
      'component:default/pay',
      'component:default/zz-last',
    ]);
    expect(await store.listEntityRefs([])).toEqual([]);
  });

  it('reads incidents opened before an instant and runs since an instant', async () => {
    const { store } = await createStore();
    await store.writeEvents({
      source: 'github',
      events: [
        incident({ id: 'early', openedAt: '2025-12-01T00:00:00Z' }),
        incident({ id: 'late', openedAt: '2026-02-01T00:00:00Z' }),
        run({ id: 'old', startedAt: '2025-11-01T00:00:00Z' }),
        run({ id: 'queued', startedAt: undefined, status: 'queued' }),
      ],
    });
    const { incidents } = await stored(store, {
      to: new Date('2026-01-01T00:00:00Z'),
    });
    expect(incidents.map(i => i.id)).toEqual(['early']);
    const runs = await store.listPipelineRuns({
      entityRefs: window.entityRefs,
      since: new Date('2026-01-01T00:00:00Z'),
    });
    expect(runs.map(r => r.id)).toEqual(['queued']);
  });

  it('records unmatched events with the stored events and clears them once matched', async () => {
    const { store } = await createStore();
    const orphan = deployment({
      id: 'orphan',
      entityRef: 'component:default/ghost',
    });
    await store.writeEvents({
      source: 'api',
      events: [orphan],
      unmatched: [
        {
          source: 'api',
          eventType: 'deployment',
          eventId: 'orphan',
          entityRef: orphan.entityRef,
          reason: 'no catalog entity component:default/ghost',
          payload: orphan,
        },
      ],
    });
    const unresolved = {
      source: 'github' as const,
      eventType: 'pipelineRun' as const,
      eventId: 'github:workflow_run:1:1',
      reason: 'no entity for repo acme/x',
      payload: { a: 1 },
    };
    await store.writeEvents({
      source: 'github',
      events: [],
      unmatched: [unresolved, unresolved],
    });

    const all = await store.listUnmatched({ limit: 10, offset: 0 });
    expect(all.totalCount).toBe(2);
    expect(all.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          key: 'deployment:orphan',
          source: 'api',
          eventType: 'deployment',
          eventId: 'orphan',
          payload: orphan,
        }),
        expect.objectContaining({ source: 'github', payload: { a: 1 } }),
      ]),
    );
    expect(
      (await store.listUnmatched({ limit: 10, offset: 0, source: 'github' }))
        .totalCount,
    ).toBe(1);
    expect(
      (await store.listUnmatched({ limit: 1, offset: 1 })).items,
    ).toHaveLength(1);
    expect(
      (await stored(store, { entityRefs: [orphan.entityRef] })).deployments,
    ).toHaveLength(1);

    await store.writeEvents({ source: 'api', events: [orphan] });
    expect(
      (await store.listUnmatched({ limit: 10, offset: 0, source: 'api' }))
        .totalCount,
    ).toBe(0);
  });

  it('lets stored values win over placeholder fields of a re-post', async () => {
    const { store } = await createStore();
    await store.writeEvents({ source: 'cdevents', events: [incident()] });
    await store.writeEvents({
      source: 'cdevents',
      events: [
        incident({
          openedAt: '2026-01-05T12:00:00.000Z',
          resolvedAt: '2026-01-05T12:00:00.000Z',
        }),
        incident({
          id: 'first-seen-resolved',
          openedAt: '2026-01-06T00:00:00Z',
        }),
      ],
      placeholderFields: {
        'incident:i1': ['openedAt'],
        'incident:first-seen-resolved': ['openedAt'],
      },
    });
    const { incidents } = await stored(store);
    expect(incidents.map(i => [i.id, i.openedAt, i.resolvedAt])).toEqual([
      ['i1', '2026-01-05T11:00:00.000Z', '2026-01-05T12:00:00.000Z'],
      ['first-seen-resolved', '2026-01-06T00:00:00.000Z', null],
    ]);
  });

  it('finds the commits a deployment shipped from pushes since the previous deployment', async () => {
    const { store } = await createStore();
    const push = (shas: string[]) =>
      shas.map((sha, i) => ({
        provider: 'github',
        repository: 'Acme/Payments',
        branch: 'main',
        sha,
        timestamp: new Date(Date.UTC(2026, 0, 1, i)).toISOString(),
      }));
    await store.writeEvents({
      source: 'github',
      events: [],
      commits: push(['a', 'b']),
    });
    await store.writeEvents({
      source: 'github',
      events: [],
      commits: [...push(['b']), ...push(['c', 'd', 'e'])],
    });

    const lookup = {
      provider: 'github',
      repository: 'acme/payments',
      branch: 'main',
      entityRef: 'component:default/payments',
      environment: 'production',
      finishedBefore: new Date('2026-02-01T00:00:00Z'),
    };
    const shas = async (sha: string) =>
      (await store.findShippedCommits({ ...lookup, sha })).map(c => c.sha);

    expect(await shas('b')).toEqual(['a', 'b']);
    expect(await shas('unknown')).toEqual([]);
    expect(
      (
        await store.findShippedCommits({
          ...lookup,
          branch: undefined,
          sha: 'b',
        })
      ).map(c => c.sha),
    ).toEqual(['a', 'b']);

    await store.writeEvents({
      source: 'github',
      events: [
        deployment({ id: 'first', commitSha: 'b', commits: [] }),
        deployment({
          id: 'failed',
          commitSha: 'd',
          status: 'failed',
          commits: [],
        }),
        deployment({
          id: 'staging',
          commitSha: 'd',
          environment: 'staging',
          commits: [],
        }),
      ],
    });
    expect(await shas('e')).toEqual(['c', 'd', 'e']);
    expect(
      (await store.findShippedCommits({ ...lookup, sha: 'e' }))[0],
    ).toEqual({ sha: 'c', timestamp: '2026-01-01T00:00:00.000Z' });
  });

  it('refuses, with a 409 and nothing stored, a write that would move an id to another entity or source', async () => {
    const { knex, store } = await createStore();
    await store.writeEvents({ source: 'api', events: [deployment()] });

    const moved = store.writeEvents({
      source: 'api',
      events: [
        deployment({ id: 'other' }),
        deployment({ entityRef: 'component:default/checkout' }),
        run(),
      ],
    });
    await expect(moved).rejects.toMatchObject({
      name: 'ConflictError',
      message: expect.stringContaining(
        'deployment d1 belongs to component:default/payments, not component:default/checkout',
      ),
    });
    await expect(
      store.writeEvents({ source: 'cdevents', events: [deployment()] }),
    ).rejects.toMatchObject({
      name: 'ConflictError',
      message: expect.stringContaining('deployment d1 was sent by api'),
    });

    expect(await knex('deployments').select('id', 'entity_ref')).toEqual([
      { id: 'd1', entity_ref: 'component:default/payments' },
    ]);
    expect(Number((await knex('pipeline_runs').count({ n: '*' }))[0].n)).toBe(
      0,
    );
  });

  it('never moves a run or a deployment back to an older state', async () => {
    const { store } = await createStore();
    const since = { entityRefs: window.entityRefs, since: new Date(0) };
    const finished = run({
      status: 'failed',
      finishedAt: '2026-01-05T09:10:00.000Z',
    });
    await store.writeEvents({ source: 'gitlab', events: [finished] });
    // A late `running` and a late `queued` change nothing.
    await store.writeEvents({ source: 'gitlab', events: [run()] });
    await store.writeEvents({
      source: 'gitlab',
      events: [run({ status: 'queued', startedAt: undefined })],
    });
    expect(await store.listPipelineRuns(since)).toEqual([
      expect.objectContaining({
        status: 'failed',
        finishedAt: '2026-01-05T09:10:00.000Z',
      }),
    ]);
    // A retry of the same pipeline that finished later wins; the older outcome, redelivered, does not.
    const retried = run({
      status: 'succeeded',
      finishedAt: '2026-01-05T09:30:00.000Z',
    });
    await store.writeEvents({ source: 'gitlab', events: [retried] });
    await store.writeEvents({ source: 'gitlab', events: [finished] });
    expect(await store.listPipelineRuns(since)).toEqual([
      expect.objectContaining({
        status: 'succeeded',
        finishedAt: '2026-01-05T09:30:00.000Z',
      }),
    ]);

    const succeeded = deployment({
      finishedAt: '2026-01-05T10:30:00.000Z',
      commits: [{ sha: 'abc', timestamp: '2026-01-04T10:00:00.000Z' }],
    });
    await store.writeEvents({ source: 'github', events: [succeeded] });
    await store.writeEvents({
      source: 'github',
      events: [deployment({ status: 'failed', commits: [] })],
    });
    expect((await stored(store)).deployments).toEqual([succeeded]);
  });

  it('keeps where a deployment waits for its commits until they are filled in, once', async () => {
    const { store } = await createStore();
    const waiting = deployment({ commits: undefined });
    const lookup = {
      deploymentId: 'd1',
      provider: 'github',
      repository: 'Acme/Shop',
      ref: 'main',
      sha: 'abc',
    };
    await store.writeEvents({
      source: 'github',
      events: [waiting],
      commitLookups: [lookup],
    });
    const awaiting = (pushed?: string[]) =>
      store.listDeploymentsAwaitingCommits({
        limit: 10,
        ...(pushed
          ? {
              pushed: {
                provider: 'github',
                repository: 'acme/shop',
                shas: pushed,
              },
            }
          : {}),
      });
    // Not before its sha was pushed.
    expect(await awaiting()).toEqual([]);
    await store.writeEvents({
      source: 'github',
      events: [],
      commits: [
        {
          provider: 'github',
          repository: 'acme/shop',
          branch: 'main',
          sha: 'abc',
          timestamp: '2026-01-04T10:00:00.000Z',
        },
      ],
    });
    const expected = [
      {
        id: 'd1',
        entityRef: 'component:default/payments',
        environment: 'production',
        finishedAt: waiting.finishedAt,
        lookup: { ...lookup, repository: 'acme/shop' },
      },
    ];
    expect(await awaiting()).toEqual(expected);
    expect(await awaiting(['abc'])).toEqual(expected);
    expect(await awaiting(['other'])).toEqual([]);

    const commits = [{ sha: 'abc', timestamp: '2026-01-04T10:00:00.000Z' }];
    await expect(
      store.fillDeploymentCommits([{ deploymentId: 'd1', commits }]),
    ).resolves.toBe(1);
    await expect(
      store.fillDeploymentCommits([{ deploymentId: 'd1', commits: [] }]),
    ).resolves.toBe(0);
    expect(await awaiting()).toEqual([]);
    expect((await stored(store)).deployments[0].commits).toEqual(commits);
  });
});
