import fc from 'fast-check';
import { pipelineRunArbitrary } from '../__testUtils__/pipelineRuns';
import {
  computeDefaultBranchHeads,
  computePipelineState,
} from './computePipelineState';

const BASE_MS = Date.UTC(2024, 5, 1);
const HOUR_MS = 3_600_000;

const pipelineRun = pipelineRunArbitrary({
  baseMs: BASE_MS,
  ids: 8,
  entityRefs: ['component:default/payments', 'component:default/checkout'],
});

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
