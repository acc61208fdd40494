import { DateTime } from 'luxon';
import { COST_PERIOD_IDS, costPeriod, formatWindow } from './period';

// Late in the evening of March 14th in New York is already March 15th in UTC.
const now = DateTime.fromISO('2025-03-14T22:30:00', {
  zone: 'America/New_York',
});

describe('costPeriod', () => {
  it.each([
    ['last-7-days', '2025-03-09', '2025-03-16', 'day'],
    ['last-30-days', '2025-02-14', '2025-03-16', 'day'],
    ['last-90-days', '2024-12-16', '2025-03-16', 'day'],
    ['month-to-date', '2025-03-01', '2025-03-16', 'day'],
    ['last-month', '2025-02-01', '2025-03-01', 'day'],
    ['last-12-months', '2024-04-01', '2025-03-16', 'month'],
  ] as const)(
    '%s covers %s up to %s in UTC days',
    (id, from, to, granularity) => {
      expect(costPeriod(id, now)).toEqual({
        id,
        label: expect.any(String),
        from,
        to,
        granularity,
      });
    },
  );

  it('ends every rolling window with today, as the backend default does', () => {
    for (const id of COST_PERIOD_IDS.filter(p => p !== 'last-month')) {
      expect(costPeriod(id, now).to).toBe('2025-03-16');
    }
  });
});

describe('formatWindow', () => {
  it('shows the last day covered, not the exclusive end', () => {
    expect(formatWindow('2025-02-01', '2025-03-01')).toBe(
      'Feb 1 – Feb 28, 2025',
    );
  });

  it('names both years across a new year', () => {
    expect(formatWindow('2024-12-16', '2025-03-16')).toBe(
      'Dec 16, 2024 – Mar 15, 2025',
    );
  });
});
