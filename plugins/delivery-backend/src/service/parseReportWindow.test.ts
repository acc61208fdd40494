import { DateTime } from 'luxon';
import { parseReportWindow } from './DoraReports';

const NOW = DateTime.fromISO('2026-03-29T12:00:00Z', { zone: 'utc' });
const iso = (window: { from: DateTime; to: DateTime }) => ({
  from: window.from.toISO(),
  to: window.to.toISO(),
});

describe('parseReportWindow', () => {
  it('defaults to the 30 days that end now', () => {
    expect(iso(parseReportWindow({}, NOW))).toEqual({
      from: '2026-02-27T12:00:00.000Z',
      to: '2026-03-29T12:00:00.000Z',
    });
  });

  it('takes the 30 days before a given end, and a given start up to now', () => {
    expect(iso(parseReportWindow({ to: '2026-02-01T00:00:00Z' }, NOW))).toEqual(
      { from: '2026-01-02T00:00:00.000Z', to: '2026-02-01T00:00:00.000Z' },
    );
    expect(
      iso(parseReportWindow({ from: '2026-03-01T00:00:00+01:00' }, NOW)),
    ).toEqual({
      from: '2026-02-28T23:00:00.000Z',
      to: '2026-03-29T12:00:00.000Z',
    });
  });

  it('names the field of a value that is not an instant', () => {
    expect(() => parseReportWindow({ from: 'last week' }, NOW)).toThrow(
      /^from: "last week" is not an ISO-8601 date or instant/,
    );
    expect(() => parseReportWindow({ to: '' }, NOW)).toThrow(
      /^to: "" is not an ISO-8601 date or instant/,
    );
  });

  it('refuses a start that is not before the end', () => {
    const at = '2026-02-01T00:00:00.000Z';
    expect(() => parseReportWindow({ from: at, to: at }, NOW)).toThrow(
      /^from: must be before to \(from 2026-02-01T00:00:00.000Z, to 2026-02-01T00:00:00.000Z\)$/,
    );
    expect(() =>
      parseReportWindow({ from: '2026-04-01T00:00:00Z' }, NOW),
    ).toThrow(/^from: must be before to .*, the default\)$/);
  });

  it('takes at most 731 days, like every Runway backend', () => {
    const to = '2026-01-01T00:00:00Z';
    expect(
      iso(parseReportWindow({ from: '2024-01-01T00:00:00Z', to }, NOW)),
    ).toEqual({
      from: '2024-01-01T00:00:00.000Z',
      to: '2026-01-01T00:00:00.000Z',
    });
    expect(() =>
      parseReportWindow({ from: '2023-12-31T00:00:00Z', to }, NOW),
    ).toThrow(/^from: the window may span at most 731 days/);
  });
});
