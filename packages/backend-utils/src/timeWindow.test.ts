import { InputError } from '@backstage/errors';
import { DateTime } from 'luxon';
import { MAX_WINDOW_DAYS, parseTimeWindow } from './timeWindow';

const now = DateTime.fromISO('2026-03-15T12:34:56Z', { zone: 'utc' });

describe('parseTimeWindow', () => {
  it('defaults to the 30 days before now, or before the endpoint’s own default end', () => {
    expect(parseTimeWindow({}, { now })).toEqual({
      from: now.minus({ days: 30 }),
      to: now,
    });
    const tomorrow = now.startOf('day').plus({ days: 1 });
    const window = parseTimeWindow({}, { now, defaultTo: tomorrow });
    expect(window.to.toISO()).toBe('2026-03-16T00:00:00.000Z');
    expect(window.from.toISO()).toBe('2026-02-14T00:00:00.000Z');
  });

  it('reads dates and instants in UTC', () => {
    const window = parseTimeWindow(
      { from: '2026-01-01', to: '2026-02-01T06:00:00+02:00' },
      { now },
    );
    expect(window.from.toISO()).toBe('2026-01-01T00:00:00.000Z');
    expect(window.to.toISO()).toBe('2026-02-01T04:00:00.000Z');
  });

  it.each([
    [{ from: 'yesterday' }, /^from: "yesterday" is not an ISO-8601/],
    [{ to: '2026-13-01' }, /^to: "2026-13-01" is not an ISO-8601/],
    [{ from: '2026-02-01', to: '2026-02-01' }, /^from: must be before to/],
    [{ from: '2026-03-01', to: '2026-02-01' }, /^from: must be before to/],
    [{ from: '2020-01-01', to: '2026-01-01' }, /at most 731 days/],
    [{ from: '2020-01-01' }, /at most 731 days/],
  ])('refuses %j naming the field', (query, message) => {
    expect(() => parseTimeWindow(query, { now })).toThrow(InputError);
    expect(() => parseTimeWindow(query, { now })).toThrow(message);
  });

  it('accepts a window of exactly the longest span', () => {
    const to = DateTime.fromISO('2026-01-01', { zone: 'utc' });
    const from = to.minus({ days: MAX_WINDOW_DAYS });
    expect(
      parseTimeWindow({ from: from.toISODate()!, to: to.toISODate()! }, { now })
        .from,
    ).toEqual(from);
  });
});
