import {
  formatDuration,
  formatFrequency,
  formatPercent,
  relativeChange,
} from './format';

describe('format', () => {
  it('writes durations in the largest readable unit', () => {
    expect(formatDuration(42)).toBe('42s');
    expect(formatDuration(90)).toBe('1.5m');
    expect(formatDuration(45 * 60)).toBe('45m');
    expect(formatDuration(3.5 * 3600)).toBe('3.5h');
    expect(formatDuration(30 * 3600)).toBe('1.3d');
    expect(formatDuration(12 * 86400)).toBe('12d');
    expect(formatDuration(null)).toBe('–');
  });

  it('writes rates as percentages and frequencies per week or day', () => {
    expect(formatPercent(0.25)).toBe('25%');
    expect(formatPercent(0.0125)).toBe('1.3%');
    expect(formatPercent(0)).toBe('0%');
    expect(formatPercent(null)).toBe('–');
    expect(formatFrequency(2.333)).toBe('2.3/week');
    expect(formatFrequency(21)).toBe('3/day');
  });

  it('tells the change against a previous value only when it can', () => {
    expect(relativeChange(12, 8)).toBe(0.5);
    expect(relativeChange(4, 8)).toBe(-0.5);
    expect(relativeChange(4, 0)).toBeNull();
    expect(relativeChange(null, 8)).toBeNull();
  });
});
