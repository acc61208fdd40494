import { entityCost } from '../../__testUtils__/fakeCostApi';
import { exportedPoints } from './CostTrendCard';

const days = ['2025-03-01', '2025-03-02', '2025-03-03', '2025-03-04'];

function costUpTo(asOf: string | undefined) {
  const base = entityCost();
  return entityCost({
    series: {
      granularity: 'day',
      points: days.flatMap(periodStart => [
        { periodStart, currency: 'USD', amount: 100 },
        { periodStart, currency: 'EUR', amount: 10 },
      ]),
    },
    forecast: asOf ? [{ ...base.forecast[0], currency: 'USD', asOf }] : [],
  });
}

const plotted = (points: Array<{ periodStart: string }>) =>
  points.map(p => p.periodStart);

describe('exportedPoints', () => {
  it('stops at the last exported day instead of drawing a drop to zero', () => {
    expect(
      plotted(exportedPoints(costUpTo('2025-03-04T00:00:00.000Z'), 'USD')),
    ).toEqual(['2025-03-01', '2025-03-02', '2025-03-03']);
  });

  it('keeps the day a mid-day as-of instant falls in', () => {
    expect(
      plotted(exportedPoints(costUpTo('2025-03-04T09:30:00.000Z'), 'USD')),
    ).toEqual(days);
  });

  it('keeps only the currency asked for, and every bucket without a forecast', () => {
    const points = exportedPoints(costUpTo(undefined), 'EUR');
    expect(plotted(points)).toEqual(days);
    expect(points.every(p => p.currency === 'EUR')).toBe(true);
  });
});
