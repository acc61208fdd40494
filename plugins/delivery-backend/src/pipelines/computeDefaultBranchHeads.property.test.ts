import { PipelineRunEvent } from '@runway/plugin-delivery-common';
import fc from 'fast-check';
import {
  computeDefaultBranchHeads,
  computePipelineState,
} from './computePipelineState';

const BASE_MS = Date.UTC(2024, 5, 1);
const HOUR_MS = 3_600_000;

// Few values for each field, so that runs share ids (re-posted runs), times (ties broken by
// attempt, then id), branches and pipelines, which is where the two could part ways.
const instant = fc.option(
  fc.integer({ min: 0, max: 6 }).map(h => new Date(BASE_MS + h * HOUR_MS)),
  { nil: undefined },
);

const pipelineRun: fc.Arbitrary<PipelineRunEvent> = fc
  .record({
    id: fc.constantFrom('r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8'),
    entityRef: fc.constantFrom(
      'component:default/payments',
      'component:default/checkout',
    ),
    pipeline: fc.constantFrom('ci', 'deploy'),
    branch: fc.option(fc.constantFrom('main', 'master', 'feat/a', 'feat/b'), {
      nil: undefined,
    }),
    status: fc.constantFrom(
      'succeeded',
      'failed',
      'running',
      'queued',
      'cancelled',
    ),
    attempt: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
    startedAt: instant,
    finishedAt: instant,
    url: fc.option(fc.constant('https://ci.example.com/run'), {
      nil: undefined,
    }),
  })
  .map(
    ({ startedAt, finishedAt, ...run }): PipelineRunEvent => ({
      type: 'pipelineRun',
      ...run,
      startedAt: startedAt?.toISOString(),
      finishedAt: finishedAt?.toISOString(),
    }),
  );

describe('computeDefaultBranchHeads', () => {
  it("is the full pipeline state's default branch status and latest run, per pipeline", () => {
    fc.assert(
      fc.property(
        fc.array(pipelineRun, { maxLength: 40 }),
        fc.option(fc.constantFrom('main', 'feat/a', 'release'), {
          nil: undefined,
        }),
        (runs, defaultBranch) => {
          const full = computePipelineState({
            runs,
            defaultBranch,
            now: new Date(BASE_MS + 24 * HOUR_MS).toISOString(),
          });
          expect(computeDefaultBranchHeads({ runs, defaultBranch })).toEqual(
            full.pipelines.map(state => ({
              entityRef: state.entityRef,
              pipeline: state.pipeline,
              defaultBranch: state.defaultBranch && {
                branch: state.defaultBranch.branch,
                status: state.defaultBranch.status,
                latestRun: state.defaultBranch.latestRun,
              },
            })),
          );
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('takes the retry over the attempt it retried when both have the same time', () => {
    const at = new Date(BASE_MS).toISOString();
    const [head] = computeDefaultBranchHeads({
      runs: [
        {
          type: 'pipelineRun',
          id: 'b-retry',
          entityRef: 'component:default/payments',
          pipeline: 'ci',
          branch: 'main',
          status: 'succeeded',
          attempt: 2,
          startedAt: at,
        },
        {
          type: 'pipelineRun',
          id: 'a-first',
          entityRef: 'component:default/payments',
          pipeline: 'ci',
          branch: 'main',
          status: 'failed',
          attempt: 1,
          startedAt: at,
        },
      ],
    });
    expect(head.defaultBranch).toMatchObject({
      branch: 'main',
      status: 'succeeded',
      latestRun: { id: 'b-retry' },
    });
  });
});
