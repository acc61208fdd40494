import { DateTime } from 'luxon';
import { detectAnomalies } from './anomalies';
import { daysBetween } from './series';

const utc = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' });

describe('detectAnomalies', () => {
  const allDays = daysBetween(utc('2024-09-01'), utc('2024-10-01'));
  const windowDays = allDays.slice(14);
  const noisy = allDays.map((date, i) => ({
    date,
    currency: 'USD',
    amount: 100 + (i % 3) * 5,
  }));

  it('flags a spike far off the rolling median and leaves the noise alone', () => {
    const daily = noisy.map(d =>
      d.date === '2024-09-20' ? { ...d, amount: 400 } : d,
    );
    const anomalies = detectAnomalies(daily, windowDays, allDays);
    expect(anomalies).toEqual([
      expect.objectContaining({
        date: '2024-09-20',
        currency: 'USD',
        amount: 400,
        expected: 105,
        direction: 'spike',
      }),
    ]);
    expect(anomalies[0].score).toBeGreaterThan(3.5);
  });

  it('flags a drop to zero on days without rows', () => {
    const daily = noisy.filter(d => d.date !== '2024-09-25');
    expect(detectAnomalies(daily, windowDays, allDays)).toEqual([
      expect.objectContaining({
        date: '2024-09-25',
        amount: 0,
        direction: 'drop',
      }),
    ]);
  });

  it('needs 7 baseline days after the cost starts and flags changes of a constant line', () => {
    const daily = allDays.slice(20).map(date => ({
      date,
      currency: 'EUR',
      amount: date === '2024-09-29' ? 50 : 10,
    }));
    expect(detectAnomalies(daily, windowDays, allDays)).toEqual([
      {
        date: '2024-09-29',
        currency: 'EUR',
        amount: 50,
        expected: 10,
        score: null,
        direction: 'spike',
      },
    ]);
  });

  it('does not judge the days after the last one with cost: they are not exported yet', () => {
    const daily = noisy.filter(d => d.date < '2024-09-28');
    expect(detectAnomalies(daily, windowDays, allDays)).toEqual([]);
  });
});
