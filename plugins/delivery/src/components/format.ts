import { PerformanceLevel } from '@runway/plugin-delivery-common';
import { DateTime } from 'luxon';

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * A duration in the largest unit that keeps it readable: `45s`, `12m`, `3.5h`, `2.1d`.
 * One decimal below ten units, none above.
 */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) {
    return '–';
  }
  const [value, unit] = largestUnit(seconds);
  return `${
    value < 10 && unit !== 's' ? round(value, 1) : Math.round(value)
  }${unit}`;
}

/** A 0..1 rate as a percentage: `12%`, `0.5%`. */
export function formatPercent(rate: number | null | undefined): string {
  if (rate === null || rate === undefined) {
    return '–';
  }
  const percent = rate * 100;
  return `${
    percent > 0 && percent < 10 ? round(percent, 1) : Math.round(percent)
  }%`;
}

/** Deployments per week, or per day when there are many: `3.5/week`, `2.1/day`. */
export function formatFrequency(perWeek: number): string {
  if (perWeek >= 7) {
    return `${round(perWeek / 7, 1)}/day`;
  }
  return `${round(perWeek, 1)}/week`;
}

const UNITS: Array<[number, string]> = [
  [DAY, 'd'],
  [HOUR, 'h'],
  [MINUTE, 'm'],
];

function largestUnit(seconds: number): [number, string] {
  const unit = UNITS.find(([size]) => seconds >= size);
  return unit ? [seconds / unit[0], unit[1]] : [seconds, 's'];
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/** Whether a bigger value of a metric is better (only deployment frequency). */
export type Direction = 'higherIsBetter' | 'lowerIsBetter';

/** The relative change from `previous` to `current`; `null` when it can't be told. */
export function relativeChange(
  current: number | null,
  previous: number | null,
): number | null {
  if (current === null || previous === null || previous === 0) {
    return null;
  }
  return (current - previous) / previous;
}

export const LEVEL_LABEL: Record<PerformanceLevel, string> = {
  elite: 'Elite',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
};

// Luxon's `toRelative` costs about 0.4 ms a call (it works out the difference in every unit
// with calendar arithmetic and builds a locale each time): 200 ms for the 500 rows of
// `/delivery`, and a visible part of the service health card's render. Under four weeks the
// units are fixed lengths, so the difference is plain arithmetic and one cached
// Intl.RelativeTimeFormat writes it, as luxon would; beyond that luxon's calendar months and
// years still decide.
const RELATIVE_UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['day', DAY],
  ['hour', HOUR],
  ['minute', MINUTE],
  ['second', 1],
];
const FOUR_WEEKS_MS = 28 * DAY * 1000;
let relativeFormat: Intl.RelativeTimeFormat | undefined;

/** "3 hours ago" (or "in 3 hours") for an ISO instant, as luxon's `toRelative` words it. */
export function formatAge(
  instant: string | null | undefined,
  now: Date = new Date(),
): string {
  if (!instant) {
    return '–';
  }
  const at = Date.parse(instant);
  if (Number.isNaN(at)) {
    return '–';
  }
  const diffMs = at - now.getTime();
  if (Math.abs(diffMs) >= FOUR_WEEKS_MS) {
    return (
      DateTime.fromMillis(at).toRelative({
        base: DateTime.fromJSDate(now),
      }) ?? '–'
    );
  }
  relativeFormat ??= new Intl.RelativeTimeFormat(undefined, {
    numeric: 'always',
  });
  const seconds = diffMs / 1000;
  for (const [unit, size] of RELATIVE_UNITS) {
    const count = Math.trunc(seconds / size);
    if (Math.abs(count) >= 1) {
      return relativeFormat.format(count, unit);
    }
  }
  // Under a second: luxon says "in 0 seconds" or "0 seconds ago".
  return relativeFormat.format(diffMs < 0 ? -0 : 0, 'second');
}

/** "12 Mar 2026, 14:05" for an ISO instant, in the viewer's zone. */
export function formatInstant(instant: string): string {
  return DateTime.fromISO(instant).toLocaleString(DateTime.DATETIME_MED);
}
