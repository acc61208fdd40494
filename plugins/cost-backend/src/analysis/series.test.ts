import fc from 'fast-check';
import { DateTime } from 'luxon';
import { bucketStart, buildSeries, computeChange, daysBetween } from './series';

describe('series', () => {
  it('buckets days into ISO weeks (Monday) and months, in UTC', () => {
    expect(bucketStart('2024-09-01', 'week')).toBe('2024-08-26');
    expect(bucketStart('2024-09-02', 'week')).toBe('2024-09-02');
    expect(bucketStart('2024-09-30', 'month')).toBe('2024-09-01');
    expect(bucketStart('2024-09-30', 'day')).toBe('2024-09-30');
  });

  it('buckets any day as luxon does (ISO weeks, months, days; UTC)', () => {
    const days = fc
      .integer({ min: Date.UTC(1999, 0, 1), max: Date.UTC(2101, 0, 1) })
      .map(ms => new Date(ms).toISOString().slice(0, 10));
    fc.assert(
      fc.property(
        days,
        fc.constantFrom('day' as const, 'week' as const, 'month' as const),
        (day, granularity) => {
          const expected = DateTime.fromISO(day, { zone: 'utc' })
            .startOf(granularity)
            .toISODate();
          expect(bucketStart(day, granularity)).toBe(expected);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('lists the same days as stepping through them with luxon, in any zone', () => {
    const luxonDays = (from: DateTime, to: DateTime) => {
      const days: string[] = [];
      for (
        let day = from.toUTC().startOf('day');
        day < to;
        day = day.plus({ days: 1 })
      ) {
        days.push(day.toISODate()!);
      }
      return days;
    };
    const DAY = 86_400_000;
    const anyInstant = fc.integer({
      min: Date.UTC(1999, 0, 1),
      max: Date.UTC(2101, 0, 1),
    });
    // Midnights and whole days too: where an end-exclusive bound is decided.
    const instant = fc.oneof(
      anyInstant,
      anyInstant.map(ms => Math.floor(ms / DAY) * DAY),
    );
    const length = fc.oneof(
      fc.integer({ min: -2 * DAY, max: 400 * DAY }),
      fc.integer({ min: -2, max: 400 }).map(days => days * DAY),
    );
    fc.assert(
      fc.property(
        instant,
        length,
        fc.constantFrom('utc', 'Europe/Berlin', 'America/New_York'),
        (fromMs, lengthMs, zone) => {
          const from = DateTime.fromMillis(fromMs, { zone });
          const to = DateTime.fromMillis(fromMs + lengthMs, { zone });
          expect(daysBetween(from, to)).toEqual(luxonDays(from, to));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('lists the days of a window, end exclusive', () => {
    expect(
      daysBetween(
        DateTime.fromISO('2024-09-29T00:00:00Z', { zone: 'utc' }),
        DateTime.fromISO('2024-10-02T00:00:00Z', { zone: 'utc' }),
      ),
    ).toEqual(['2024-09-29', '2024-09-30', '2024-10-01']);
  });

  it('fills buckets without cost with 0, per currency, and sums weeks', () => {
    const days = ['2024-09-01', '2024-09-02', '2024-09-03'];
    const daily = [
      { date: '2024-09-02', currency: 'USD', amount: 2 },
      { date: '2024-09-03', currency: 'USD', amount: 3 },
      { date: '2024-09-03', currency: 'EUR', amount: 5 },
    ];
    expect(buildSeries(daily, days, 'day')).toEqual([
      { periodStart: '2024-09-01', currency: 'EUR', amount: 0 },
      { periodStart: '2024-09-01', currency: 'USD', amount: 0 },
      { periodStart: '2024-09-02', currency: 'EUR', amount: 0 },
      { periodStart: '2024-09-02', currency: 'USD', amount: 2 },
      { periodStart: '2024-09-03', currency: 'EUR', amount: 5 },
      { periodStart: '2024-09-03', currency: 'USD', amount: 3 },
    ]);
    expect(buildSeries(daily, days, 'week')).toEqual([
      { periodStart: '2024-08-26', currency: 'EUR', amount: 0 },
      { periodStart: '2024-08-26', currency: 'USD', amount: 0 },
      { periodStart: '2024-09-02', currency: 'EUR', amount: 5 },
      { periodStart: '2024-09-02', currency: 'USD', amount: 5 },
    ]);
  });

  it('computes the change per currency, without a ratio when there was no cost before', () => {
    expect(
      computeChange(
        [
          { currency: 'USD', amount: 150 },
          { currency: 'EUR', amount: 10 },
        ],
        [{ currency: 'USD', amount: 100 }],
      ),
    ).toEqual([
      {
        currency: 'EUR',
        current: 10,
        previous: 0,
        difference: 10,
        ratio: null,
      },
      {
        currency: 'USD',
        current: 150,
        previous: 100,
        difference: 50,
        ratio: 0.5,
      },
    ]);
  });
});
