import { InputError } from '@backstage/errors';
import { computeDora } from './computeDora';
import { computeDoraSeries } from './computeDoraSeries';
import { DoraSeriesInput } from './types';
import { deployment, HOUR, incident } from './testEvents';

function series(fields: Partial<DoraSeriesInput>) {
  return computeDoraSeries({
    from: '2024-01-01T00:00:00Z',
    to: '2024-01-08T00:00:00Z',
    environment: 'production',
    deployments: [],
    incidents: [],
    bucket: 'day',
    tz: 'UTC',
    ...fields,
  });
}

const hoursOf = (bucket: { from: string; to: string }) =>
  (Date.parse(bucket.to) - Date.parse(bucket.from)) / (HOUR * 1000);

describe('computeDoraSeries', () => {
  it('cuts Berlin days at local midnight, with a 23-hour day when summer time starts', () => {
    const result = series({
      from: '2024-03-30T00:00:00+01:00',
      to: '2024-04-01T00:00:00+02:00',
      tz: 'Europe/Berlin',
      deployments: [
        deployment('sat-late', '2024-03-30T22:59:59Z'),
        deployment('sun-early', '2024-03-30T23:30:00Z'),
        deployment('sun-late', '2024-03-31T21:30:00Z'),
      ],
    });
    expect(
      result.buckets.map(b => [
        b.key,
        b.from,
        b.to,
        hoursOf(b),
        b.deploymentFrequency,
      ]),
    ).toEqual([
      [
        '2024-03-30',
        '2024-03-30T00:00:00.000+01:00',
        '2024-03-31T00:00:00.000+01:00',
        24,
        { deployments: 1, perWeek: 7, level: 'high' },
      ],
      [
        '2024-03-31',
        '2024-03-31T00:00:00.000+01:00',
        '2024-04-01T00:00:00.000+02:00',
        23,
        { deployments: 2, perWeek: 2 * (168 / 23), level: 'elite' },
      ],
    ]);
  });

  it('gives the last Sunday of October in Berlin 25 hours', () => {
    const result = series({
      from: '2024-10-27T00:00:00+02:00',
      to: '2024-10-28T00:00:00+01:00',
      tz: 'Europe/Berlin',
      deployments: [deployment('sun-night', '2024-10-27T22:30:00Z')],
    });
    expect(result.buckets.map(b => [b.key, b.from, b.to, hoursOf(b)])).toEqual([
      [
        '2024-10-27',
        '2024-10-27T00:00:00.000+02:00',
        '2024-10-28T00:00:00.000+01:00',
        25,
      ],
    ]);
    expect(result.buckets[0].deploymentFrequency.deployments).toBe(1);
  });

  it('keeps New York ISO weeks Monday to Monday across the March change', () => {
    const result = series({
      from: '2024-03-04T00:00:00-05:00',
      to: '2024-03-18T00:00:00-04:00',
      tz: 'America/New_York',
      bucket: 'week',
      deployments: [
        deployment('sun-night', '2024-03-11T03:30:00Z'),
        deployment('mon-morning', '2024-03-11T04:30:00Z'),
      ],
    });
    expect(
      result.buckets.map(b => [
        b.key,
        b.from,
        b.to,
        hoursOf(b),
        b.deploymentFrequency.deployments,
      ]),
    ).toEqual([
      [
        '2024-W10',
        '2024-03-04T00:00:00.000-05:00',
        '2024-03-11T00:00:00.000-04:00',
        167,
        1,
      ],
      [
        '2024-W11',
        '2024-03-11T00:00:00.000-04:00',
        '2024-03-18T00:00:00.000-04:00',
        168,
        1,
      ],
    ]);
  });

  it('gives the first Sunday of November in New York 25 hours', () => {
    const result = series({
      from: '2024-11-02T00:00:00-04:00',
      to: '2024-11-05T00:00:00-05:00',
      tz: 'America/New_York',
    });
    expect(result.buckets.map(b => [b.key, hoursOf(b)])).toEqual([
      ['2024-11-02', 24],
      ['2024-11-03', 25],
      ['2024-11-04', 24],
    ]);
  });

  it('has ISO week 53 and files early January days under the previous ISO year', () => {
    const result = series({
      from: '2020-12-21T00:00:00Z',
      to: '2021-01-11T00:00:00Z',
      bucket: 'week',
      deployments: [deployment('new-year', '2021-01-02T12:00:00Z')],
    });
    expect(
      result.buckets.map(b => [b.key, b.deploymentFrequency.deployments]),
    ).toEqual([
      ['2020-W52', 0],
      ['2020-W53', 1],
      ['2021-W01', 0],
    ]);
  });

  it('clips the first and last buckets to the window', () => {
    const result = series({
      from: '2024-01-03T00:00:00Z',
      to: '2024-01-10T00:00:00Z',
      bucket: 'week',
      deployments: [deployment('d1', '2024-01-04T00:00:00Z')],
    });
    expect(
      result.buckets.map(b => [b.key, b.from, b.to, b.deploymentFrequency]),
    ).toEqual([
      [
        '2024-W01',
        '2024-01-03T00:00:00.000Z',
        '2024-01-08T00:00:00.000Z',
        { deployments: 1, perWeek: 7 / 5, level: 'high' },
      ],
      [
        '2024-W02',
        '2024-01-08T00:00:00.000Z',
        '2024-01-10T00:00:00.000Z',
        { deployments: 0, perWeek: 0, level: 'low' },
      ],
    ]);
  });

  it('gives every bucket the metrics computeDora gives over that bucket', () => {
    const deployments = [
      deployment('d0', '2023-12-20T00:00:00Z', {
        commits: [{ sha: 'a', timestamp: '2023-12-19T00:00:00Z' }],
      }),
      deployment('d1', '2024-01-31T23:30:00Z', {
        commits: [
          { sha: 'a', timestamp: '2023-12-19T00:00:00Z' },
          { sha: 'b', timestamp: '2024-01-30T00:00:00Z' },
        ],
      }),
      deployment('d2', '2024-02-01T08:00:00Z', { rollbackOf: 'd1' }),
      deployment('d3', '2024-02-20T00:00:00Z', {
        commits: [{ sha: 'c', timestamp: '2024-02-19T00:00:00Z' }],
      }),
      deployment('d4', '2024-03-02T00:00:00Z', { labels: { hotfix: 'true' } }),
    ];
    const incidents = [
      incident('i1', '2024-02-20T01:00:00Z', '2024-02-20T04:00:00Z'),
      incident('i2', '2024-03-02T01:00:00Z', null, { deploymentId: 'd4' }),
    ];
    const common = {
      from: '2024-01-15T00:00:00Z',
      to: '2024-03-15T00:00:00Z',
      environment: 'production',
      deployments,
      incidents,
    };
    const result = computeDoraSeries({
      ...common,
      bucket: 'month',
      tz: 'Europe/Berlin',
    });
    expect(result.buckets.map(b => b.key)).toEqual([
      '2024-01',
      '2024-02',
      '2024-03',
    ]);
    for (const { key, from, to, ...metrics } of result.buckets) {
      const { environment, benchmark, ...expected } = computeDora({
        ...common,
        from,
        to,
      });
      expect({
        ...metrics,
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
      }).toEqual(expected);
    }
    // d1 finished 2024-01-31T23:30Z, which is already 1 February in Berlin.
    expect(
      result.buckets.map(b => b.changeFailureRate.failedDeployments),
    ).toEqual([0, 2, 1]);
  });

  it.each([
    [{ tz: 'Mars/Olympus' }, /'tz' must be an IANA time zone/],
    [{ tz: '' }, /'tz'/],
    [{ bucket: 'year' as 'day' }, /'bucket' must be one of day, week, month/],
    [
      { from: '2020-01-01T00:00:00Z', to: '2024-01-01T00:00:00Z' },
      /more than 1000 day buckets/,
    ],
    [{ from: 'not a date' }, /'from'/],
  ])('rejects %j with an InputError', (fields, message) => {
    expect(() => series(fields)).toThrow(InputError);
    expect(() => series(fields)).toThrow(message);
  });
});
