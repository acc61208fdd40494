import { DateTime } from 'luxon';
import { wholeDays } from './parseWindow';

describe('wholeDays', () => {
  const window = (from: string, to: string) => ({
    from: DateTime.fromISO(from, { setZone: true }),
    to: DateTime.fromISO(to, { setZone: true }),
    metric: 'EffectiveCost' as const,
  });
  const iso = ({ from, to }: { from: DateTime; to: DateTime }) => [
    from.toISO(),
    to.toISO(),
  ];

  it('keeps a window of whole UTC days', () => {
    expect(
      iso(wholeDays(window('2024-09-01T00:00:00Z', '2024-10-01T00:00:00Z'))),
    ).toEqual(['2024-09-01T00:00:00.000Z', '2024-10-01T00:00:00.000Z']);
  });

  it('moves each end that is not midnight UTC to the next one', () => {
    expect(
      iso(
        wholeDays(window('2024-08-31T10:00:00Z', '2024-09-30T00:00:00.001Z')),
      ),
    ).toEqual(['2024-09-01T00:00:00.000Z', '2024-10-01T00:00:00.000Z']);
  });

  it('reads an offset as the instant it is: local midnight is not UTC midnight', () => {
    // 2024-09-01T00:00+02:00 is 2024-08-31T22:00Z.
    expect(
      iso(
        wholeDays(
          window('2024-09-01T00:00:00+02:00', '2024-09-08T00:00:00-05:00'),
        ),
      ),
    ).toEqual(['2024-09-01T00:00:00.000Z', '2024-09-09T00:00:00.000Z']);
  });

  it('leaves a window inside one day empty, as daily rows leave it', () => {
    const moved = wholeDays(
      window('2024-09-01T09:00:00Z', '2024-09-01T17:00:00Z'),
    );
    expect(moved.from.equals(moved.to)).toBe(true);
  });
});
