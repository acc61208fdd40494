import { InputError } from '@backstage/errors';
import { computeDora, listDoraDeployments } from './computeDora';
import { isHotfix } from './analyzeDeployments';
import { DoraInput } from './types';
import {
  DAY,
  deployment,
  HOUR,
  incident,
  LEDGER,
  PAYMENTS,
} from './testEvents';

const WINDOW = {
  from: '2024-01-01T00:00:00Z',
  to: '2024-01-08T00:00:00Z',
  environment: 'production',
};

function dora(fields: Partial<DoraInput>) {
  return computeDora({ ...WINDOW, deployments: [], incidents: [], ...fields });
}

function details(fields: Partial<DoraInput>) {
  return listDoraDeployments({
    ...WINDOW,
    deployments: [],
    incidents: [],
    ...fields,
  });
}

describe('computeDora', () => {
  describe('input', () => {
    it('returns null (never 0) for every metric without samples', () => {
      expect(dora({})).toEqual({
        from: '2024-01-01T00:00:00.000Z',
        to: '2024-01-08T00:00:00.000Z',
        environment: 'production',
        benchmark: '2024',
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
      });
    });

    it.each([
      [{ from: 'yesterday' }, /'from' must be an ISO-8601 instant/],
      [{ to: '2024-13-01T00:00:00Z' }, /'to' must be an ISO-8601 instant/],
      [{ to: WINDOW.from }, /'from' .* must be before 'to'/],
      [{ environment: '' }, /'environment'/],
      [
        { incidentAttributionWindowHours: -1 },
        /'incidentAttributionWindowHours'/,
      ],
      [{ benchmark: '1999' }, /Unknown benchmark '1999'/],
    ])('rejects %j with an InputError', (fields, message) => {
      expect(() => dora(fields)).toThrow(InputError);
      expect(() => dora(fields)).toThrow(message);
    });
  });

  describe('deployment frequency', () => {
    it('counts successful deployments to the environment finished in [from, to)', () => {
      const result = dora({
        deployments: [
          deployment('before', '2023-12-31T23:59:59.999Z'),
          deployment('at-from', '2024-01-01T00:00:00Z'),
          deployment('last-ms', '2024-01-07T23:59:59.999Z'),
          deployment('at-to', '2024-01-08T00:00:00Z'),
          deployment('failed-attempt', '2024-01-03T00:00:00Z', {
            status: 'failed',
          }),
          deployment('staging', '2024-01-03T00:00:00Z', {
            environment: 'staging',
          }),
        ],
      });
      expect(result.deploymentFrequency).toEqual({
        deployments: 2,
        perWeek: 2,
        level: 'high',
      });
    });

    it('measures per week over the real window length', () => {
      const deployments = Array.from({ length: 3 }, (_, i) =>
        deployment(`d${i}`, `2024-01-01T0${i}:00:00Z`),
      );
      const result = dora({ deployments, to: '2024-01-02T00:00:00Z' });
      expect(result.deploymentFrequency).toEqual({
        deployments: 3,
        perWeek: 21,
        level: 'elite',
      });
    });

    it('counts a re-posted deployment once, the last version winning', () => {
      const result = details({
        deployments: [
          deployment('d1', '2024-01-02T00:00:00Z', { version: '1.0.0' }),
          deployment('d1', '2024-01-03T00:00:00Z', { version: '1.0.1' }),
        ],
      });
      expect(result).toHaveLength(1);
      expect(result[0]).toMatchObject({
        finishedAt: '2024-01-03T00:00:00Z',
        version: '1.0.1',
      });
    });

    it('drops a deployment that became a failed attempt when re-posted', () => {
      const result = dora({
        deployments: [
          deployment('d1', '2024-01-02T00:00:00Z'),
          deployment('d1', '2024-01-02T00:00:00Z', { status: 'failed' }),
        ],
      });
      expect(result.deploymentFrequency.deployments).toBe(0);
    });
  });

  describe('lead time', () => {
    it('takes one sample per commit at its first deployment to the environment', () => {
      const result = details({
        deployments: [
          deployment('old', '2023-12-30T00:00:00Z', {
            commits: [{ sha: 'a', timestamp: '2023-12-29T00:00:00Z' }],
          }),
          deployment('d1', '2024-01-02T00:00:00Z', {
            commits: [
              { sha: 'a', timestamp: '2023-12-29T00:00:00Z' },
              { sha: 'b', timestamp: '2024-01-01T22:00:00Z' },
            ],
          }),
          deployment('d2', '2024-01-03T00:00:00Z', {
            commits: [
              { sha: 'b', timestamp: '2024-01-01T22:00:00Z' },
              { sha: 'c', timestamp: '2024-01-02T23:00:00Z' },
            ],
          }),
          deployment('staging-first', '2023-12-01T00:00:00Z', {
            environment: 'staging',
            commits: [{ sha: 'c', timestamp: '2023-11-30T00:00:00Z' }],
          }),
        ],
      });
      expect(
        result.map(d =>
          d.commits.map(c => [c.sha, c.leadTimeSeconds, c.firstDeploymentId]),
        ),
      ).toEqual([
        [
          ['a', null, 'old'],
          ['b', 2 * HOUR, 'd1'],
        ],
        [
          ['b', null, 'd1'],
          ['c', HOUR, 'd2'],
        ],
      ]);
    });

    it('counts a commit shipped by two deployments in the window once, at the first', () => {
      const commits = [{ sha: 'a', timestamp: '2024-01-02T00:00:00Z' }];
      const result = dora({
        deployments: [
          deployment('second', '2024-01-02T05:00:00Z', { commits }),
          deployment('first', '2024-01-02T03:00:00Z', { commits }),
        ],
      });
      expect(result.leadTime).toMatchObject({
        samples: 1,
        medianSeconds: 3 * HOUR,
      });
    });

    it('counts the first deployment ever, whose commits have no earlier deployment', () => {
      const result = dora({
        deployments: [
          deployment('first-ever', '2024-01-02T00:00:00Z', {
            commits: [{ sha: 'a', timestamp: '2024-01-01T00:00:00Z' }],
          }),
        ],
      });
      expect(result.leadTime).toEqual({
        medianSeconds: DAY,
        p90Seconds: DAY,
        samples: 1,
        level: 'high',
      });
    });

    it('ignores failed deployment attempts when finding the first deployment', () => {
      const commits = [{ sha: 'a', timestamp: '2024-01-02T00:00:00Z' }];
      const result = dora({
        deployments: [
          deployment('attempt', '2024-01-02T01:00:00Z', {
            commits,
            status: 'failed',
          }),
          deployment('real', '2024-01-02T04:00:00Z', { commits }),
        ],
      });
      expect(result.leadTime.medianSeconds).toBe(4 * HOUR);
    });

    it('drops negative spans and keeps zero', () => {
      const result = details({
        deployments: [
          deployment('d1', '2024-01-02T00:00:00Z', {
            commits: [
              { sha: 'future', timestamp: '2024-01-02T00:00:01Z' },
              { sha: 'same-instant', timestamp: '2024-01-02T00:00:00Z' },
            ],
          }),
        ],
      });
      expect(result[0].commits).toEqual([
        expect.objectContaining({
          sha: 'future',
          leadTimeSeconds: null,
          negativeLeadTime: true,
        }),
        expect.objectContaining({ sha: 'same-instant', leadTimeSeconds: 0 }),
      ]);
      expect(result[0].leadTimeSamples).toBe(1);
    });

    it('counts a deployment without commits but takes no lead time from it', () => {
      const result = dora({
        deployments: [
          deployment('config-only', '2024-01-02T00:00:00Z', {
            commitSha: 'abc',
          }),
        ],
      });
      expect(result.deploymentFrequency.deployments).toBe(1);
      expect(result.leadTime).toEqual({
        medianSeconds: null,
        p90Seconds: null,
        samples: 0,
        level: null,
      });
    });

    it('interpolates the median and p90 (type 7) over an even number of samples', () => {
      const result = dora({
        deployments: [
          deployment('d1', '2024-01-03T00:00:00Z', {
            commits: [1, 2, 3, 10].map(hours => ({
              sha: `c${hours}`,
              timestamp: new Date(
                Date.parse('2024-01-03T00:00:00Z') - hours * HOUR * 1000,
              ).toISOString(),
            })),
          }),
        ],
      });
      expect(result.leadTime).toEqual({
        medianSeconds: 2.5 * HOUR,
        p90Seconds: 7.9 * HOUR,
        samples: 4,
        level: 'elite',
      });
    });

    it('keeps the shortest span when a deployment lists a commit twice', () => {
      const result = dora({
        deployments: [
          deployment('d1', '2024-01-02T00:00:00Z', {
            commits: [
              { sha: 'a', timestamp: '2024-01-01T12:00:00Z' },
              { sha: 'a', timestamp: '2024-01-01T00:00:00Z' },
            ],
          }),
        ],
      });
      expect(result.leadTime).toMatchObject({ samples: 1, medianSeconds: DAY });
    });
  });

  describe('change failure rate', () => {
    it('fails a deployment named by an incident', () => {
      const result = details({
        deployments: [
          deployment('d1', '2024-01-02T00:00:00Z'),
          deployment('d2', '2024-01-03T00:00:00Z'),
        ],
        incidents: [
          incident('i1', '2024-01-05T00:00:00Z', null, { deploymentId: 'd1' }),
        ],
      });
      expect(
        result.map(d => [d.id, d.failed, d.failureReasons, d.incidentIds]),
      ).toEqual([
        ['d1', true, ['incident'], ['i1']],
        ['d2', false, [], []],
      ]);
    });

    it('fails a deployment that a later successful deployment rolls back', () => {
      const result = dora({
        deployments: [
          deployment('bad', '2024-01-02T00:00:00Z'),
          deployment('rollback', '2024-01-02T00:30:00Z', { rollbackOf: 'bad' }),
        ],
      });
      expect(result.changeFailureRate).toEqual({
        failedDeployments: 1,
        deployments: 2,
        rate: 0.5,
        level: 'low',
      });
    });

    it('does not fail a deployment on a failed rollback attempt', () => {
      const result = dora({
        deployments: [
          deployment('d1', '2024-01-02T00:00:00Z'),
          deployment('attempt', '2024-01-02T00:30:00Z', {
            rollbackOf: 'd1',
            status: 'failed',
          }),
        ],
      });
      expect(result.changeFailureRate.failedDeployments).toBe(0);
    });

    it('blames an incident naming no deployment on the live deployment of its entity', () => {
      const result = details({
        deployments: [
          deployment('d1', '2024-01-02T00:00:00Z'),
          deployment('d2', '2024-01-02T06:00:00Z'),
        ],
        incidents: [
          incident('after-d1', '2024-01-02T05:59:59.999Z', null),
          incident('after-d2', '2024-01-02T06:00:00Z', null),
        ],
      });
      expect(result.map(d => [d.id, d.failureReasons, d.incidentIds])).toEqual([
        ['d1', ['incidentInWindow'], ['after-d1']],
        ['d2', ['incidentInWindow'], ['after-d2']],
      ]);
    });

    it('blames nobody for an incident opened at or after the attribution window', () => {
      const deployments = [deployment('d1', '2024-01-02T00:00:00Z')];
      const justInside = incident('i1', '2024-01-02T23:59:59.999Z', null);
      const atBoundary = incident('i1', '2024-01-03T00:00:00Z', null);
      expect(
        dora({ deployments, incidents: [justInside] }).changeFailureRate
          .failedDeployments,
      ).toBe(1);
      expect(
        dora({ deployments, incidents: [atBoundary] }).changeFailureRate
          .failedDeployments,
      ).toBe(0);
      expect(
        dora({
          deployments,
          incidents: [atBoundary],
          incidentAttributionWindowHours: 48,
        }).changeFailureRate.failedDeployments,
      ).toBe(1);
    });

    it('blames nobody for an incident opened before any deployment', () => {
      const result = dora({
        deployments: [deployment('d1', '2024-01-02T00:00:00Z')],
        incidents: [incident('i1', '2024-01-01T23:00:00Z', null)],
      });
      expect(result.changeFailureRate.failedDeployments).toBe(0);
    });

    it('never re-attributes an incident that names a deployment Runway does not count', () => {
      const result = dora({
        deployments: [
          deployment('d1', '2024-01-02T00:00:00Z'),
          deployment('attempt', '2024-01-02T01:00:00Z', { status: 'failed' }),
        ],
        incidents: [
          incident('i1', '2024-01-02T02:00:00Z', null, {
            deploymentId: 'attempt',
          }),
          incident('i2', '2024-01-02T02:00:00Z', null, {
            deploymentId: 'unknown',
          }),
        ],
      });
      expect(result.changeFailureRate.failedDeployments).toBe(0);
    });

    it('ignores incidents of other environments', () => {
      const result = dora({
        deployments: [deployment('d1', '2024-01-02T00:00:00Z')],
        incidents: [
          incident('i1', '2024-01-02T01:00:00Z', null, {
            environment: 'staging',
          }),
          incident('i2', '2024-01-02T01:00:00Z', null, {
            environment: 'staging',
            deploymentId: 'd1',
          }),
        ],
      });
      expect(result.changeFailureRate.failedDeployments).toBe(0);
    });

    it('counts a deployment with several incidents and a rollback once', () => {
      const result = dora({
        deployments: [
          deployment('bad', '2024-01-02T00:00:00Z'),
          deployment('rollback', '2024-01-02T02:00:00Z', { rollbackOf: 'bad' }),
          deployment('d3', '2024-01-04T00:00:00Z'),
          deployment('d4', '2024-01-05T00:00:00Z'),
        ],
        incidents: [
          incident('i1', '2024-01-02T00:10:00Z', '2024-01-02T01:00:00Z', {
            deploymentId: 'bad',
          }),
          incident('i2', '2024-01-02T00:20:00Z', '2024-01-02T03:00:00Z', {
            deploymentId: 'bad',
          }),
          incident('i3', '2024-01-02T01:00:00Z', '2024-01-02T01:30:00Z'),
        ],
      });
      expect(result.changeFailureRate).toEqual({
        failedDeployments: 1,
        deployments: 4,
        rate: 0.25,
        level: 'medium',
      });
    });

    it('counts failures of deployments in the window, wherever their incidents fall', () => {
      const result = details({
        deployments: [
          deployment('before', '2023-12-31T23:00:00Z'),
          deployment('last', '2024-01-07T23:00:00Z'),
        ],
        incidents: [
          incident(
            'blames-before',
            '2024-01-01T01:00:00Z',
            '2024-01-01T02:00:00Z',
          ),
          incident(
            'after-window',
            '2024-01-08T05:00:00Z',
            '2024-01-08T06:00:00Z',
          ),
        ],
      });
      expect(result.map(d => [d.id, d.incidentIds, d.recoverySeconds])).toEqual(
        [['last', ['after-window'], HOUR]],
      );
    });
  });

  describe('events after the window', () => {
    it('settle rollbacks and late incidents of deployments inside it', () => {
      const result = details({
        deployments: [
          deployment('rolled-back', '2024-01-07T20:00:00Z'),
          deployment('superseded', '2024-01-07T22:00:00Z'),
          deployment('rollback', '2024-01-08T01:00:00Z', {
            rollbackOf: 'rolled-back',
          }),
        ],
        incidents: [incident('late', '2024-01-08T02:00:00Z', null)],
      });
      expect(result.map(d => [d.id, d.failureReasons, d.incidentIds])).toEqual([
        ['rolled-back', ['rolledBack'], []],
        ['superseded', [], []],
      ]);
      expect(result[0].recoverySeconds).toBe(5 * HOUR);
    });
  });

  describe('recovery time', () => {
    it('spans the earliest opening to the latest resolution of all incidents', () => {
      const result = dora({
        deployments: [deployment('bad', '2024-01-02T00:00:00Z')],
        incidents: [
          incident('i1', '2024-01-02T01:00:00Z', '2024-01-02T01:30:00Z', {
            deploymentId: 'bad',
          }),
          incident('i2', '2024-01-02T00:30:00Z', '2024-01-02T01:10:00Z', {
            deploymentId: 'bad',
          }),
        ],
      });
      expect(result.recoveryTime).toEqual({
        medianSeconds: HOUR,
        p90Seconds: HOUR,
        samples: 1,
        openIncidents: 0,
        level: 'high',
      });
    });

    it('reports open incidents instead of a sample (never zero)', () => {
      const result = dora({
        deployments: [deployment('bad', '2024-01-02T00:00:00Z')],
        incidents: [
          incident('resolved', '2024-01-02T01:00:00Z', '2024-01-02T01:30:00Z', {
            deploymentId: 'bad',
          }),
          incident('open', '2024-01-02T01:00:00Z', null, {
            deploymentId: 'bad',
          }),
        ],
      });
      expect(result.recoveryTime).toEqual({
        medianSeconds: null,
        p90Seconds: null,
        samples: 0,
        openIncidents: 1,
        level: null,
      });
      expect(result.changeFailureRate.failedDeployments).toBe(1);
    });

    it('takes a sample once a re-posted incident is resolved', () => {
      const opened = incident('i1', '2024-01-02T01:00:00Z', null, {
        deploymentId: 'bad',
      });
      const result = dora({
        deployments: [deployment('bad', '2024-01-02T00:00:00Z')],
        incidents: [opened, { ...opened, resolvedAt: '2024-01-02T01:20:00Z' }],
      });
      expect(result.recoveryTime).toMatchObject({
        medianSeconds: 20 * 60,
        samples: 1,
        openIncidents: 0,
        level: 'elite',
      });
      expect(result.changeFailureRate.failedDeployments).toBe(1);
    });

    it('measures a rollback without incident from the failed finish to the rollback finish', () => {
      const result = details({
        deployments: [
          deployment('bad', '2024-01-02T00:00:00Z'),
          deployment('first-rollback', '2024-01-02T00:45:00Z', {
            rollbackOf: 'bad',
          }),
          deployment('second-rollback', '2024-01-02T02:00:00Z', {
            rollbackOf: 'bad',
          }),
        ],
      });
      expect(result[0]).toMatchObject({
        id: 'bad',
        failed: true,
        failureReasons: ['rolledBack'],
        rolledBackBy: 'first-rollback',
        recoverySeconds: 45 * 60,
      });
    });

    it('prefers the incidents over the rollback when a rolled back deployment has both', () => {
      const result = details({
        deployments: [
          deployment('bad', '2024-01-02T00:00:00Z'),
          deployment('rollback', '2024-01-02T00:30:00Z', { rollbackOf: 'bad' }),
        ],
        incidents: [
          incident('i1', '2024-01-02T00:10:00Z', '2024-01-02T03:10:00Z', {
            deploymentId: 'bad',
          }),
        ],
      });
      expect(result[0].recoverySeconds).toBe(3 * HOUR);
    });

    it('ignores a rollback that finished before the deployment it names', () => {
      const result = dora({
        deployments: [
          deployment('rollback', '2024-01-02T00:00:00Z', {
            rollbackOf: 'later',
          }),
          deployment('later', '2024-01-02T01:00:00Z'),
        ],
      });
      expect(result.changeFailureRate.failedDeployments).toBe(0);
    });

    it('interpolates median and p90 over several failed deployments', () => {
      const deployments = [1, 2, 3].map(day =>
        deployment(`bad${day}`, `2024-01-0${day}T00:00:00Z`),
      );
      const incidents = [1, 2, 3].map(day =>
        incident(
          `i${day}`,
          `2024-01-0${day}T01:00:00Z`,
          `2024-01-0${day}T0${1 + day}:00:00Z`,
          {
            deploymentId: `bad${day}`,
          },
        ),
      );
      expect(dora({ deployments, incidents }).recoveryTime).toEqual({
        medianSeconds: 2 * HOUR,
        p90Seconds: 2.8 * HOUR,
        samples: 3,
        openIncidents: 0,
        level: 'high',
      });
    });
  });

  describe('rework rate', () => {
    it('counts rollbacks, hotfixes and deployments made while an earlier one is failing', () => {
      const result = details({
        deployments: [
          deployment('bad', '2024-01-02T00:00:00Z'),
          deployment('during', '2024-01-02T02:00:00Z'),
          deployment('rollback', '2024-01-02T03:00:00Z', { rollbackOf: 'bad' }),
          deployment('after', '2024-01-02T05:00:00Z'),
          deployment('hotfix', '2024-01-03T00:00:00Z', {
            labels: { hotfix: 'true' },
          }),
          deployment('plain', '2024-01-04T00:00:00Z', {
            labels: { hotfix: 'false' },
          }),
        ],
        incidents: [
          incident('i1', '2024-01-02T01:00:00Z', '2024-01-02T05:00:00Z', {
            deploymentId: 'bad',
          }),
        ],
      });
      expect(result.map(d => [d.id, d.reworkReasons])).toEqual([
        ['bad', []],
        ['during', ['duringIncident']],
        ['rollback', ['rollback', 'duringIncident']],
        ['after', []],
        ['hotfix', ['hotfix']],
        ['plain', []],
      ]);
      expect(
        dora({
          deployments: result.map(d => deployment(d.id, d.finishedAt)),
        }).reworkRate,
      ).toEqual({ reworkDeployments: 0, deployments: 6, rate: 0 });
    });

    it('keeps counting while an incident stays open, and only for the same entity', () => {
      const result = dora({
        deployments: [
          deployment('bad', '2024-01-02T00:00:00Z'),
          deployment('next', '2024-01-03T00:00:00Z'),
          deployment('other', '2024-01-03T00:00:00Z', { entityRef: LEDGER }),
        ],
        incidents: [incident('open', '2024-01-02T01:00:00Z', null)],
      });
      expect(result.reworkRate).toEqual({
        reworkDeployments: 1,
        deployments: 3,
        rate: 1 / 3,
      });
    });

    it('does not count a deployment that finished before the incident opened', () => {
      const result = details({
        deployments: [
          deployment('bad', '2024-01-02T00:00:00Z'),
          deployment('next', '2024-01-02T01:00:00Z'),
        ],
        incidents: [
          incident('late', '2024-01-02T02:00:00Z', null, {
            deploymentId: 'bad',
          }),
        ],
      });
      expect(result.map(d => d.rework)).toEqual([false, false]);
    });

    it.each([
      [{ hotfix: 'true' }, true],
      [{ HotFix: 'yes' }, true],
      [{ type: 'hotfix' }, true],
      [{ hotfix: 'false' }, false],
      [{ hotfix: '' }, false],
      [{ type: 'feature' }, false],
      [undefined, false],
    ])('reads labels %j as hotfix: %s', (labels, expected) => {
      expect(isHotfix(labels)).toBe(expected);
    });
  });

  describe('groups', () => {
    const deployments = [
      deployment('pay-1', '2024-01-02T00:00:00Z', {
        commits: [{ sha: 'shared', timestamp: '2024-01-01T23:00:00Z' }],
      }),
      deployment('ledger-1', '2024-01-02T01:00:00Z', {
        entityRef: LEDGER,
        commits: [{ sha: 'shared', timestamp: '2024-01-01T23:00:00Z' }],
      }),
    ];

    it('computes over the union of the components events, not an average', () => {
      const result = dora({
        deployments: [
          ...deployments,
          deployment('ledger-2', '2024-01-03T00:00:00Z', {
            entityRef: LEDGER,
          }),
        ],
        incidents: [
          incident('i1', '2024-01-02T02:00:00Z', '2024-01-02T03:00:00Z'),
        ],
      });
      expect(result.deploymentFrequency.deployments).toBe(3);
      expect(result.leadTime).toMatchObject({
        samples: 2,
        medianSeconds: 1.5 * HOUR,
      });
      expect(result.changeFailureRate).toMatchObject({
        failedDeployments: 1,
        rate: 1 / 3,
      });
    });

    it("keeps another entity's deployment from ending an incident's attribution window", () => {
      const result = details({
        deployments,
        incidents: [incident('i1', '2024-01-02T02:00:00Z', null)],
      });
      expect(result.map(d => [d.id, d.incidentIds])).toEqual([
        ['pay-1', ['i1']],
        ['ledger-1', []],
      ]);
    });
  });

  describe('drill-down', () => {
    it('lists every counted deployment with what the metrics used', () => {
      const result = details({
        deployments: [
          deployment('bad', '2024-01-02T00:00:00Z', {
            startedAt: '2024-01-01T23:50:00Z',
            version: '2.0.0',
            commitSha: 'a',
            commits: [{ sha: 'a', timestamp: '2024-01-01T20:00:00Z' }],
          }),
          deployment('fix', '2024-01-02T01:00:00Z', {
            rollbackOf: 'bad',
            version: '1.9.0',
          }),
        ],
        incidents: [incident('i1', '2024-01-02T00:05:00Z', null)],
      });
      expect(result).toEqual([
        {
          id: 'bad',
          entityRef: PAYMENTS,
          environment: 'production',
          startedAt: '2024-01-01T23:50:00Z',
          finishedAt: '2024-01-02T00:00:00Z',
          version: '2.0.0',
          commitSha: 'a',
          commits: [
            {
              sha: 'a',
              timestamp: '2024-01-01T20:00:00Z',
              leadTimeSeconds: 4 * HOUR,
              firstDeploymentId: 'bad',
              negativeLeadTime: false,
            },
          ],
          leadTimeSamples: 1,
          failed: true,
          failureReasons: ['rolledBack', 'incidentInWindow'],
          incidentIds: ['i1'],
          rolledBackBy: 'fix',
          rollbackOf: null,
          recoverySeconds: null,
          openIncidentIds: ['i1'],
          rework: false,
          reworkReasons: [],
        },
        {
          id: 'fix',
          entityRef: PAYMENTS,
          environment: 'production',
          startedAt: null,
          finishedAt: '2024-01-02T01:00:00Z',
          version: '1.9.0',
          commitSha: null,
          commits: [],
          leadTimeSamples: 0,
          failed: false,
          failureReasons: [],
          incidentIds: [],
          rolledBackBy: null,
          rollbackOf: 'bad',
          recoverySeconds: null,
          openIncidentIds: [],
          rework: true,
          reworkReasons: ['rollback', 'duringIncident'],
        },
      ]);
    });
  });
});
