import { DateTime } from 'luxon';
import { costBetween, costInMonth, estimateCost } from './estimate';

const at = (text: string) => DateTime.fromISO(text, { zone: 'utc' });

describe('estimateCost', () => {
  it('prices the whole TTL from the daily price, to the cent', () => {
    expect(estimateCost(4.8, 36, 'EUR')).toEqual({
      currency: 'EUR',
      perDay: 4.8,
      total: 7.2,
      ttlHours: 36,
    });
    expect(estimateCost(2.4, 1, 'USD').total).toBe(0.1);
  });
});

describe('costBetween and costInMonth', () => {
  it('charges the hours between two instants and nothing backwards', () => {
    expect(
      costBetween(24, at('2026-11-01T00:00'), at('2026-11-01T06:00')),
    ).toBe(6);
    expect(
      costBetween(24, at('2026-11-02T00:00'), at('2026-11-01T00:00')),
    ).toBe(0);
  });

  it('counts only the part of a window inside the month', () => {
    const month = at('2026-11-15T00:00');
    expect(
      costInMonth(24, at('2026-10-31T12:00'), at('2026-11-01T12:00'), month),
    ).toBe(12);
    expect(
      costInMonth(24, at('2026-11-30T12:00'), at('2026-12-03T00:00'), month),
    ).toBe(12);
    expect(
      costInMonth(24, at('2026-12-01T00:00'), at('2026-12-03T00:00'), month),
    ).toBe(0);
  });
});
