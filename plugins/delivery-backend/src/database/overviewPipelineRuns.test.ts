import { mockServices } from '@backstage/backend-test-utils';
import { PipelineRunEvent } from '@runway/plugin-delivery-common';
import fc from 'fast-check';
import { pipelineRunArbitrary } from '../__testUtils__/pipelineRuns';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { computeDefaultBranchHeads } from '../pipelines';
import { deploymentRun } from '../service/overview';
import { DatabaseDeliveryStore } from './DatabaseDeliveryStore';

jest.setTimeout(120_000);

const databases = createTestDatabases();

const BASE_MS = Date.UTC(2026, 5, 1);
const HOUR_MS = 3_600_000;
const ENTITIES = ['component:default/payments', 'component:default/checkout'];
const SHAS = ['abc', 'def', 'fed'];

// Runs that share times, branches, pipelines and commits, some before the window.
const pipelineRun = pipelineRunArbitrary({
  baseMs: BASE_MS,
  ids: 30,
  entityRefs: ENTITIES,
  commitShas: SHAS,
});

describe.each(databases.eachSupportedId())(
  'listOverviewPipelineRuns (%s)',
  id => {
    it('gives the overview the same pipeline heads and deployment runs as every run does', async () => {
      const knex = await databases.init(id);
      const store = await DatabaseDeliveryStore.create({
        database: mockServices.database({ knex }),
      });
      const since = new Date(BASE_MS + 2 * HOUR_MS);
      await fc.assert(
        fc.asyncProperty(
          fc.array(pipelineRun, { minLength: 1, maxLength: 30 }),
          fc.subarray(SHAS),
          async (runs, commitShas) => {
            await knex('pipeline_runs').delete();
            await store.writeEvents({ source: 'api', events: runs });
            const request = { entityRefs: ENTITIES, since };
            const every = await store.listPipelineRuns(request);
            const { runs: picked, branches } =
              await store.listOverviewPipelineRuns({ ...request, commitShas });

            // Fewer rows, and the same answer from them.
            expect(picked.length).toBeLessThanOrEqual(every.length);
            expect(
              computeDefaultBranchHeads({ runs: picked, branchRuns: branches }),
            ).toEqual(computeDefaultBranchHeads({ runs: every }));
            for (const entityRef of ENTITIES) {
              const own = (list: PipelineRunEvent[]) =>
                list.filter(run => run.entityRef === entityRef);
              for (const sha of commitShas) {
                expect(deploymentRun(sha, own(picked))).toEqual(
                  deploymentRun(sha, own(every)),
                );
              }
            }
          },
        ),
        { numRuns: id === 'SQLITE_3' ? 150 : 40 },
      );
    });

    it('reads one run per pipeline and branch from a long history', async () => {
      const knex = await databases.init(id);
      const store = await DatabaseDeliveryStore.create({
        database: mockServices.database({ knex }),
      });
      const runs: PipelineRunEvent[] = Array.from({ length: 300 }, (_, i) => ({
        type: 'pipelineRun',
        id: `run-${i}`,
        entityRef: 'component:default/payments',
        pipeline: i % 2 ? 'ci' : 'deploy',
        branch: i % 3 ? 'main' : `feature-${i % 5}`,
        status: i % 7 ? 'succeeded' : 'failed',
        attempt: 1,
        startedAt: new Date(BASE_MS + i * 60_000).toISOString(),
        commitSha: `sha-${i}`,
      }));
      await store.writeEvents({ source: 'api', events: runs });
      const { runs: picked, branches } = await store.listOverviewPipelineRuns({
        entityRefs: ['component:default/payments'],
        since: new Date(BASE_MS),
        commitShas: ['sha-10'],
      });
      // main and feature-0..4 for each of two pipelines (not every pair occurs), plus sha-10.
      expect(branches.reduce((sum, b) => sum + b.runs, 0)).toBe(300);
      expect(picked.length).toBe(branches.length + 1);
      expect(picked.map(run => run.id)).toContain('run-10');
      const heads = computeDefaultBranchHeads({
        runs: picked,
        branchRuns: branches,
      });
      expect(
        heads.map(h => [h.pipeline, h.defaultBranch?.latestRun.id]),
      ).toEqual([
        ['ci', 'run-299'],
        ['deploy', 'run-298'],
      ]);
    });
  },
);
