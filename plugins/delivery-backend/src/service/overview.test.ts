import { DeliveryOverviewItem } from '@runway/plugin-delivery-common';
import { overallLevel, sortOverview } from './overview';

function item(
  entityRef: string,
  level: DeliveryOverviewItem['level'],
  leadTimeSeconds: number | null,
): DeliveryOverviewItem {
  return {
    entityRef,
    owners: [],
    systems: [],
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
});
