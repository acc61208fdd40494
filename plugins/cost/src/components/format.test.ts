import { formatChangeRatio, formatCost, formatShare } from './format';

describe('formatCost', () => {
  it('spells out the exported currency', () => {
    expect(formatCost(1234.5, 'USD').replace(/\s/g, ' ')).toBe('USD 1,234.50');
    expect(formatCost(0.004, 'EUR').replace(/\s/g, ' ')).toBe('EUR 0.00');
    expect(formatCost(-12, 'JPY').replace(/\s/g, ' ')).toBe('-JPY 12.00');
  });
});

describe('formatChangeRatio', () => {
  it('signs increases and decreases and calls a first cost new', () => {
    expect(formatChangeRatio(0.125)).toBe('+12.5%');
    expect(formatChangeRatio(-0.03)).toBe('-3.0%');
    expect(formatChangeRatio(0)).toBe('0.0%');
    expect(formatChangeRatio(null)).toBe('new');
  });
});

describe('formatShare', () => {
  it('is a percentage of the whole, and a dash without one', () => {
    expect(formatShare(1, 8)).toBe('12.5%');
    expect(formatShare(1, 0)).toBe('–');
  });
});
