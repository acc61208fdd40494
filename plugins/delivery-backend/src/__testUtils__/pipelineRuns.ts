import { PipelineRunEvent } from '@runway/plugin-delivery-common';
import fc from 'fast-check';

/**
 * Pipeline runs for property tests, with few values for each field, so that runs share ids
 * (re-posted runs), times (ties broken by attempt, then id), branches, pipelines and commits:
 * where two ways of computing a pipeline's state could part ways. Instants fall on the hours
 * 0 to 6 after `baseMs`, or are missing.
 */
export function pipelineRunArbitrary(options: {
  baseMs: number;
  ids: number;
  entityRefs: string[];
  commitShas?: string[];
}): fc.Arbitrary<PipelineRunEvent> {
  const instant = fc.option(
    fc
      .integer({ min: 0, max: 6 })
      .map(h => new Date(options.baseMs + h * 3_600_000)),
    { nil: undefined },
  );
  return fc
    .record({
      id: fc.integer({ min: 1, max: options.ids }).map(n => `r${n}`),
      entityRef: fc.constantFrom(...options.entityRefs),
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
      commitSha: options.commitShas
        ? fc.option(fc.constantFrom(...options.commitShas), { nil: undefined })
        : fc.constant(undefined),
    })
    .map(
      ({ startedAt, finishedAt, ...run }): PipelineRunEvent => ({
        type: 'pipelineRun',
        ...run,
        startedAt: startedAt?.toISOString(),
        finishedAt: finishedAt?.toISOString(),
      }),
    );
}
