import {
  DeliveryOverviewItem,
  DeploymentEvent,
  PipelineRunEvent,
} from '@runway/plugin-delivery-common';
import {
  defaultBranchRun,
  deploymentRun,
  lastDeployment,
  matchesSearch,
  overallLevel,
  sortOverview,
  worstPipelineStatus,
} from './overview';

function item(
  entityRef: string,
  level: DeliveryOverviewItem['level'],
  leadTimeSeconds: number | null,
): DeliveryOverviewItem {
  return {
    entityRef,
    owners: [],
    systems: [],
    lastDeployment: null,
    pipelineStatus: null,
    defaultBranchRun: null,
    level,
    deploymentFrequency: { deployments: 1, perWeek: 1, level: 'high' },
    leadTime: {
      medianSeconds: leadTimeSeconds,
      p90Seconds: leadTimeSeconds,
      samples: leadTimeSeconds === null ? 0 : 1,
      level: null,
    },
    changeFailureRate: {
      failedDeployments: 0,
      deployments: 1,
      rate: 0,
      level: 'elite',
    },
    recoveryTime: {
      medianSeconds: null,
      p90Seconds: null,
      samples: 0,
      openIncidents: 0,
      level: null,
    },
    reworkRate: { reworkDeployments: 0, deployments: 1, rate: 0 },
    previous: {
      level,
      deploymentFrequency: { deployments: 0, perWeek: 0, level: 'low' },
      leadTime: {
        medianSeconds: null,
        p90Seconds: null,
        samples: 0,
        level: null,
      },
      changeFailureRate: {
        failedDeployments: 0,
        deployments: 0,
        rate: null,
        level: null,
      },
      recoveryTime: {
        medianSeconds: null,
        p90Seconds: null,
        samples: 0,
        openIncidents: 0,
        level: null,
      },
      reworkRate: { reworkDeployments: 0, deployments: 0, rate: null },
    },
  };
}

describe('overview', () => {
  it('grades an entity by its worst graded metric, ignoring metrics without samples', () => {
    expect(overallLevel(item('a', 'elite', null))).toBe('high');
  });

  it('sorts worst first by default and puts missing values last in both directions', () => {
    const items = [
      item('c', 'elite', 10),
      item('a', 'low', null),
      item('b', 'low', 30),
    ];
    const refs = (sorted: DeliveryOverviewItem[]) =>
      sorted.map(i => i.entityRef);
    expect(refs(sortOverview(items, 'level', 'asc'))).toEqual(['a', 'b', 'c']);
    expect(refs(sortOverview(items, 'leadTime', 'asc'))).toEqual([
      'c',
      'b',
      'a',
    ]);
    expect(refs(sortOverview(items, 'leadTime', 'desc'))).toEqual([
      'b',
      'c',
      'a',
    ]);
  });

  it('searches ref and title without regard to case', () => {
    const entity = {
      entityRef: 'component:default/catalog-search',
      title: 'Catalog Search',
    };
    expect(matchesSearch(entity, 'SEARCH')).toBe(true);
    expect(matchesSearch(entity, ' catalog s')).toBe(true);
    expect(matchesSearch(entity, 'ledger')).toBe(false);
    expect(matchesSearch({ entityRef: 'component:default/x' }, undefined)).toBe(
      true,
    );
  });

  it('finds the latest deployment of any status', () => {
    const deployment = (id: string, finishedAt: string): DeploymentEvent => ({
      type: 'deployment',
      id,
      entityRef: 'component:default/a',
      environment: 'production',
      status: 'succeeded',
      finishedAt,
    });
    expect(lastDeployment([])).toBeNull();
    expect(
      lastDeployment([
        deployment('old', '2026-01-01T00:00:00Z'),
        { ...deployment('new', '2026-01-03T00:00:00+01:00'), status: 'failed' },
        deployment('mid', '2026-01-02T00:00:00Z'),
      ]),
    ).toEqual({
      id: 'new',
      status: 'failed',
      finishedAt: '2026-01-02T23:00:00.000Z',
      version: null,
      pipelineRun: null,
    });
  });

  it('links a deployment to the newest run of its commit', () => {
    const run = (
      id: string,
      commitSha: string | undefined,
      finishedAt: string,
    ): PipelineRunEvent => ({
      type: 'pipelineRun',
      id,
      entityRef: 'component:default/a',
      pipeline: 'deploy',
      status: 'succeeded',
      finishedAt,
      commitSha,
    });
    const runs = [
      run('other', 'b', '2026-01-05T00:00:00Z'),
      run('first', 'a', '2026-01-01T00:00:00Z'),
      run('retry', 'a', '2026-01-02T00:00:00Z'),
      run('none', undefined, '2026-01-06T00:00:00Z'),
    ];
    expect(deploymentRun('a', runs)).toEqual({
      id: 'retry',
      pipeline: 'deploy',
      branch: null,
      status: 'succeeded',
      startedAt: null,
      finishedAt: '2026-01-02T00:00:00.000Z',
      url: null,
    });
    expect(deploymentRun(undefined, runs)).toBeNull();
    expect(deploymentRun('c', runs)).toBeNull();
    expect(
      lastDeployment(
        [
          {
            type: 'deployment',
            id: 'd',
            entityRef: 'component:default/a',
            environment: 'production',
            status: 'succeeded',
            finishedAt: '2026-01-03T00:00:00Z',
            commitSha: 'b',
          },
        ],
        runs,
      )?.pipelineRun?.id,
    ).toBe('other');
  });

  it('picks the latest run of the pipeline whose default branch gives the status', () => {
    const pipeline = (
      name: string,
      status: 'succeeded' | 'failed',
      finishedAt: string,
    ) => ({
      pipeline: name,
      defaultBranch: {
        status,
        latestRun: {
          id: `${name}-run`,
          branch: 'main',
          status,
          startedAt: null,
          finishedAt,
          url: `https://ci.example.com/${name}`,
        },
      } as never,
    });
    expect(defaultBranchRun([])).toBeNull();
    expect(
      defaultBranchRun([
        pipeline('fresh-green', 'succeeded', '2026-01-09T00:00:00.000Z'),
        pipeline('old-red', 'failed', '2026-01-01T00:00:00.000Z'),
        pipeline('red', 'failed', '2026-01-02T00:00:00.000Z'),
      ]),
    ).toEqual({
      id: 'red-run',
      pipeline: 'red',
      branch: 'main',
      status: 'failed',
      startedAt: null,
      finishedAt: '2026-01-02T00:00:00.000Z',
      url: 'https://ci.example.com/red',
    });
    expect(
      defaultBranchRun([
        pipeline('a', 'succeeded', '2026-01-01T00:00:00.000Z'),
        pipeline('b', 'succeeded', '2026-01-03T00:00:00.000Z'),
      ])?.id,
    ).toBe('b-run');
  });

  it('reports the most alarming default-branch status', () => {
    const pipeline = (status: 'succeeded' | 'failed' | 'running' | null) => ({
      defaultBranch: status === null ? null : ({ status } as never),
    });
    expect(worstPipelineStatus([])).toBeNull();
    expect(worstPipelineStatus([pipeline(null)])).toBeNull();
    expect(
      worstPipelineStatus([pipeline('succeeded'), pipeline('running')]),
    ).toBe('running');
    expect(
      worstPipelineStatus([
        pipeline('running'),
        pipeline('failed'),
        pipeline('succeeded'),
      ]),
    ).toBe('failed');
  });
});
