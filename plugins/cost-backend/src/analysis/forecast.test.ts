import { DateTime } from 'luxon';
import { computeForecast } from './forecast';

const utc = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' });

function flat(from: string, days: number, amount: number, currency = 'USD') {
  return Array.from({ length: days }, (_, i) => ({
    date: utc(from).plus({ days: i }).toISODate()!,
    currency,
    amount,
  }));
}

describe('computeForecast', () => {
  it('adds the last 7 days run rate for the days left in the month', () => {
    // 10 full days of September at 10/day, the last 7 at 10/day: 100 + 10 * 20.
    const daily = [...flat('2024-08-25', 7, 99), ...flat('2024-09-01', 10, 10)];
    expect(computeForecast(daily, utc('2024-09-11T00:00:00Z'))).toEqual([
      {
        month: '2024-09',
        asOf: '2024-09-11T00:00:00.000Z',
        currency: 'USD',
        monthToDate: 100,
        dailyRate: 10,
        forecast: 300,
        complete: false,
      },
    ]);
  });

  it('uses the run rate across the month start and per currency', () => {
    const daily = [
      ...flat('2024-08-29', 3, 70),
      ...flat('2024-09-01', 4, 0),
      ...flat('2024-09-01', 2, 5, 'EUR'),
    ];
    const [eur, usd] = computeForecast(daily, utc('2024-09-05T00:00:00Z'));
    expect(usd).toMatchObject({ monthToDate: 0, dailyRate: 30, forecast: 780 });
    expect(eur).toMatchObject({ monthToDate: 10, dailyRate: 10 / 7 });
  });

  it('reports the actual total of a month that is over', () => {
    const daily = flat('2024-09-01', 30, 2);
    expect(
      computeForecast(daily, utc('2024-10-01T00:00:00Z'))[0],
    ).toMatchObject({
      month: '2024-09',
      monthToDate: 60,
      forecast: 60,
      complete: true,
    });
  });
});
