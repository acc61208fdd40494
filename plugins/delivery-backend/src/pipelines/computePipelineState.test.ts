import { InputError } from '@backstage/errors';
import { PipelineRunEvent } from '@runway/plugin-delivery-common';
import { computePipelineState } from './computePipelineState';

const PAYMENTS = 'component:default/payments';
const NOW = '2024-06-30T12:00:00Z';

/** A run that started on `day` June 2024 (0 = 31 May) at `hour` and took `minutes`. */
function run(
  id: string,
  day: number,
  fields: Partial<PipelineRunEvent> & { hour?: number; minutes?: number } = {},
): PipelineRunEvent {
  const { hour = 10, minutes = 10, ...rest } = fields;
  const startedAt = new Date(Date.UTC(2024, 5, day, hour));
  return {
    type: 'pipelineRun',
    id,
    entityRef: PAYMENTS,
    pipeline: 'ci',
    branch: 'main',
    status: 'succeeded',
    startedAt: startedAt.toISOString(),
    finishedAt: new Date(startedAt.getTime() + minutes * 60_000).toISOString(),
    ...rest,
  };
}

function state(runs: PipelineRunEvent[], defaultBranch?: string) {
  return computePipelineState({ runs, now: NOW, defaultBranch });
}

describe('computePipelineState', () => {
  it('is empty without runs', () => {
    expect(state([])).toEqual({
      now: '2024-06-30T12:00:00.000Z',
      windowDays: 30,
      pipelines: [],
      flakyPipelines: [],
    });
  });

  it('rejects an invalid now', () => {
    expect(() => computePipelineState({ runs: [], now: 'soon' })).toThrow(
      InputError,
    );
  });

  it('keeps the latest run of every branch, newest first', () => {
    const [pipeline] = state([
      run('main-1', 1),
      run('feat-1', 2, { branch: 'feature/x', status: 'failed' }),
      run('main-2', 3),
      run('untracked', 4, { branch: undefined }),
    ]).pipelines;
    expect(pipeline.branches.map(b => [b.branch, b.latestRun.id])).toEqual([
      [null, 'untracked'],
      ['main', 'main-2'],
      ['feature/x', 'feat-1'],
    ]);
  });

  it('treats a queued run without timestamps as the newest', () => {
    const [pipeline] = state([
      run('queued', 1, {
        status: 'queued',
        startedAt: undefined,
        finishedAt: undefined,
      }),
      run('done', 2),
    ]).pipelines;
    expect(pipeline.defaultBranch).toMatchObject({
      status: 'queued',
      latestRun: { id: 'queued' },
    });
  });

  it('counts a re-posted run once, the last version winning', () => {
    const started = run('r1', 5, { status: 'running', finishedAt: undefined });
    const [pipeline] = state([
      started,
      { ...started, status: 'failed', finishedAt: run('r1', 5).finishedAt },
    ]).pipelines;
    expect(pipeline.recentRuns.map(r => [r.id, r.status])).toEqual([
      ['r1', 'failed'],
    ]);
    expect(pipeline.last30Days).toMatchObject({ failed: 1, succeeded: 0 });
  });

  describe('default branch', () => {
    it.each([
      [['develop', 'main', 'master'], undefined, 'main'],
      [['develop', 'master'], undefined, 'master'],
      [['develop', 'develop', 'trunk'], undefined, 'develop'],
      [['a', 'b'], undefined, 'a'],
      [['develop', 'main'], 'develop', 'develop'],
    ])('among %j (given %s) is %s', (branches, given, expected) => {
      const runs = branches.map((branch, i) => run(`r${i}`, i + 1, { branch }));
      expect(state(runs, given).pipelines[0].defaultBranch?.branch).toBe(
        expected,
      );
    });

    it('is absent when the given default branch never ran', () => {
      expect(
        state([run('r1', 1)], 'trunk').pipelines[0].defaultBranch,
      ).toBeNull();
    });

    it('reports the status and the first failure of the current streak', () => {
      const [pipeline] = state([
        run('ok', 1),
        run('fail-1', 2, { status: 'failed' }),
        run('feature-ok', 3, { branch: 'feature/x' }),
        run('fail-2', 4, { status: 'failed' }),
        run('cancelled', 5, { status: 'cancelled' }),
        run('running', 6, { status: 'running', finishedAt: undefined }),
      ]).pipelines;
      expect(pipeline.defaultBranch).toMatchObject({
        branch: 'main',
        status: 'running',
        latestRun: { id: 'running' },
        failingSince: '2024-06-02T10:10:00.000Z',
        failingSinceRunId: 'fail-1',
        consecutiveFailures: 2,
      });
    });

    it('is not failing once a run succeeds again', () => {
      const [pipeline] = state([
        run('fail', 1, { status: 'failed' }),
        run('ok', 2),
      ]).pipelines;
      expect(pipeline.defaultBranch).toMatchObject({
        status: 'succeeded',
        failingSince: null,
        failingSinceRunId: null,
        consecutiveFailures: 0,
      });
    });

    it('has been failing since its first run when it never succeeded', () => {
      const [pipeline] = state([
        run('fail-1', 1, { status: 'failed' }),
        run('fail-2', 2, { status: 'failed' }),
      ]).pipelines;
      expect(pipeline.defaultBranch).toMatchObject({
        failingSinceRunId: 'fail-1',
        consecutiveFailures: 2,
      });
    });
  });

  describe('last 30 days', () => {
    it('rates success over finished runs, leaving cancelled runs out', () => {
      const [pipeline] = state([
        run('too-old', 0, { hour: 11, minutes: 59 }),
        run('first-in', 0, { hour: 11, minutes: 60, status: 'failed' }),
        run('ok', 10, { minutes: 20 }),
        run('feature', 11, { branch: 'feature/x', minutes: 30 }),
        run('cancelled', 12, { status: 'cancelled', minutes: 1 }),
        run('running', 13, { status: 'running', finishedAt: undefined }),
        run('after-now', 30, { hour: 11, minutes: 60 }),
      ]).pipelines;
      expect(pipeline.last30Days).toEqual({
        succeeded: 2,
        failed: 1,
        cancelled: 1,
        successRate: 2 / 3,
        medianDurationSeconds: 30 * 60,
      });
      expect(pipeline.defaultBranch?.last30Days).toEqual({
        succeeded: 1,
        failed: 1,
        cancelled: 1,
        successRate: 0.5,
        medianDurationSeconds: 40 * 60,
      });
    });

    it('has no success rate or duration without finished runs', () => {
      const [pipeline] = state([
        run('cancelled', 10, { status: 'cancelled' }),
        run('old', 0, { hour: 0 }),
      ]).pipelines;
      expect(pipeline.last30Days).toEqual({
        succeeded: 0,
        failed: 0,
        cancelled: 1,
        successRate: null,
        medianDurationSeconds: null,
      });
    });
  });

  it('lists the 20 newest runs, newest first', () => {
    const runs = Array.from({ length: 25 }, (_, i) => run(`r${i + 1}`, i + 1));
    const [pipeline] = state(runs.reverse()).pipelines;
    expect(pipeline.recentRuns.map(r => r.id)).toEqual(
      Array.from({ length: 20 }, (_, i) => `r${25 - i}`),
    );
    expect(pipeline.recentRuns[0]).toEqual({
      id: 'r25',
      branch: 'main',
      status: 'succeeded',
      attempt: null,
      startedAt: '2024-06-25T10:00:00.000Z',
      finishedAt: '2024-06-25T10:10:00.000Z',
      durationSeconds: 600,
      commitSha: null,
      url: null,
    });
  });

  describe('flaky pipelines', () => {
    it('counts commits whose failed attempt was retried to success', () => {
      const result = state([
        run('x-1', 10, { commitSha: 'x', attempt: 1, status: 'failed' }),
        run('x-2', 10, { commitSha: 'x', attempt: 2, hour: 11 }),
        run('y-1', 12, { commitSha: 'y', status: 'failed' }),
        run('y-2', 12, {
          commitSha: 'y',
          status: 'failed',
          attempt: 2,
          hour: 11,
        }),
        run('z-1', 14, { commitSha: 'z' }),
        run('z-2', 14, {
          commitSha: 'z',
          status: 'failed',
          attempt: 2,
          hour: 11,
        }),
        run('w-1', 16, {
          commitSha: 'w',
          status: 'failed',
          branch: 'feature/w',
        }),
        run('w-2', 16, {
          commitSha: 'w',
          status: 'cancelled',
          hour: 11,
          branch: 'feature/w',
        }),
        run('w-3', 16, { commitSha: 'w', hour: 12, branch: 'feature/w' }),
        run('old-1', 0, { commitSha: 'old', status: 'failed', hour: 0 }),
        run('old-2', 0, { commitSha: 'old', hour: 1 }),
      ]);
      expect(result.pipelines[0].flaky).toEqual({
        count: 2,
        latest: {
          commitSha: 'w',
          failedRunId: 'w-1',
          succeededRunId: 'w-3',
          at: '2024-06-16T12:10:00.000Z',
        },
      });
      expect(result.flakyPipelines).toEqual([
        { entityRef: PAYMENTS, pipeline: 'ci', ...result.pipelines[0].flaky },
      ]);
    });

    it('does not call a later failure of a commit that already passed flaky', () => {
      const result = state([
        run('a-1', 10, { commitSha: 'a', status: 'failed' }),
        run('a-2', 10, {
          commitSha: 'a',
          hour: 11,
          finishedAt: undefined,
          status: 'running',
        }),
      ]);
      expect(result.pipelines[0].flaky).toEqual({ count: 0, latest: null });
      expect(result.flakyPipelines).toEqual([]);
    });
  });

  it('keeps pipelines of different entities apart and orders them', () => {
    const result = state([
      run('b', 1, { entityRef: 'component:default/zeta', pipeline: 'ci' }),
      run('a', 1, { pipeline: 'release' }),
      run('c', 1),
    ]);
    expect(result.pipelines.map(p => [p.entityRef, p.pipeline])).toEqual([
      [PAYMENTS, 'ci'],
      [PAYMENTS, 'release'],
      ['component:default/zeta', 'ci'],
    ]);
  });
});
