import { median, percentile } from './statistics';

describe('percentile (type 7)', () => {
  it('has no value without samples', () => {
    expect(median([])).toBeNull();
    expect(percentile([], 0.9)).toBeNull();
  });

  it('is the sample itself for one sample', () => {
    expect(median([42])).toBe(42);
    expect(percentile([42], 0.9)).toBe(42);
  });

  it('takes the middle sample for an odd count and the mean of the two for an even one', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('interpolates p90 between the closest ranks, like percentile_cont(0.9)', () => {
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(
      9.1,
      10,
    );
    expect(percentile([10, 20], 0.9)).toBe(19);
  });

  it('does not reorder the caller array', () => {
    const samples = [3, 1, 2];
    median(samples);
    expect(samples).toEqual([3, 1, 2]);
  });
});
