import { InputError } from '@backstage/errors';
import {
  DEFAULT_BENCHMARK,
  DORA_BENCHMARKS,
  getBenchmarkSet,
  gradeMetric,
} from './benchmarks';

const HOUR = 3600;
const DAY = 24 * HOUR;

describe('DORA 2024 benchmark', () => {
  const dora2024 = getBenchmarkSet();

  it('is the default and names its source', () => {
    expect(DEFAULT_BENCHMARK).toBe('2024');
    expect(dora2024).toBe(DORA_BENCHMARKS['2024']);
    expect(dora2024.source).toMatch(/State of DevOps Report 2024/);
  });

  it('throws an InputError for an unknown set, even a prototype property name', () => {
    expect(() => getBenchmarkSet('2019')).toThrow(InputError);
    expect(() => getBenchmarkSet('toString')).toThrow(InputError);
  });

  it('never grades a missing value', () => {
    expect(gradeMetric(dora2024.leadTime, null)).toBeNull();
  });

  it.each([
    [8, 'elite'],
    [7, 'high'],
    [1, 'high'],
    [0.99, 'medium'],
    [7 / 30, 'medium'],
    [0.2, 'low'],
    [0, 'low'],
  ])('grades %p deployments per week as %s', (perWeek, level) => {
    expect(gradeMetric(dora2024.deploymentFrequency, perWeek)).toBe(level);
  });

  it.each([
    [DAY - 1, 'elite'],
    [DAY, 'high'],
    [7 * DAY - 1, 'high'],
    [7 * DAY, 'medium'],
    [30 * DAY - 1, 'medium'],
    [30 * DAY, 'low'],
    [400 * DAY, 'low'],
  ])('grades a median lead time of %p s as %s', (seconds, level) => {
    expect(gradeMetric(dora2024.leadTime, seconds)).toBe(level);
  });

  it.each([
    [0, 'elite'],
    [0.05, 'elite'],
    [0.0501, 'high'],
    [0.2, 'high'],
    [0.2001, 'medium'],
    [0.3999, 'medium'],
    [0.4, 'low'],
    [1, 'low'],
  ])('grades a change failure rate of %p as %s', (rate, level) => {
    expect(gradeMetric(dora2024.changeFailureRate, rate)).toBe(level);
  });

  it.each([
    [HOUR - 1, 'elite'],
    [HOUR, 'high'],
    [DAY - 1, 'high'],
    [DAY, 'medium'],
    [7 * DAY - 1, 'medium'],
    [7 * DAY, 'low'],
  ])('grades a median recovery time of %p s as %s', (seconds, level) => {
    expect(gradeMetric(dora2024.recoveryTime, seconds)).toBe(level);
  });
});
