import { InputError } from '@backstage/errors';
import { DEFAULT_WINDOW_DAYS, parseWindow } from './router';

const NOW = new Date('2026-03-29T12:00:00Z');
const DAY_MS = 86_400_000;

describe('parseWindow', () => {
  it('defaults to the 30 days that end now', () => {
    expect(DEFAULT_WINDOW_DAYS).toBe(30);
    expect(parseWindow({}, NOW)).toEqual({
      from: new Date(NOW.getTime() - 30 * DAY_MS),
      to: NOW,
    });
  });

  it('takes the 30 days before a given end, and a given start up to now', () => {
    expect(parseWindow({ to: '2026-02-01T00:00:00Z' }, NOW)).toEqual({
      from: new Date('2026-01-02T00:00:00Z'),
      to: new Date('2026-02-01T00:00:00Z'),
    });
    expect(parseWindow({ from: '2026-03-01T00:00:00+01:00' }, NOW)).toEqual({
      from: new Date('2026-02-28T23:00:00Z'),
      to: NOW,
    });
  });

  it('names the field of a value that is not an instant', () => {
    expect(() => parseWindow({ from: 'last week' }, NOW)).toThrow(
      new InputError('from: must be an ISO-8601 instant'),
    );
    expect(() => parseWindow({ to: '' }, NOW)).toThrow(
      /^to: must be an ISO-8601 instant/,
    );
  });

  it('refuses a start that is not before the end', () => {
    const at = '2026-02-01T00:00:00.000Z';
    expect(() => parseWindow({ from: at, to: at }, NOW)).toThrow(
      /^from: must be before to \(from 2026-02-01T00:00:00.000Z, to 2026-02-01T00:00:00.000Z\)$/,
    );
    expect(() => parseWindow({ from: '2026-04-01T00:00:00Z' }, NOW)).toThrow(
      /^from: must be before to .*the default: now\)$/,
    );
  });
});
