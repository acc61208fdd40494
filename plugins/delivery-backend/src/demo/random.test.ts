import { createRandom, hash32 } from './random';

describe('createRandom', () => {
  it('gives the same numbers for the same key and others for another key', () => {
    const draw = (key: string) => {
      const random = createRandom(key);
      return Array.from({ length: 5 }, () => random.next());
    };
    expect(draw('ledger|20261122')).toEqual(draw('ledger|20261122'));
    expect(draw('ledger|20261122')).not.toEqual(draw('ledger|20261123'));
    expect(hash32('a')).not.toBe(hash32('b'));
  });

  it('stays inside its ranges', () => {
    const random = createRandom('ranges');
    for (let i = 0; i < 1000; i++) {
      const value = random.next();
      expect(value >= 0 && value < 1).toBe(true);
      const between = random.between(3, 7);
      expect(between >= 3 && between < 7).toBe(true);
      const log = random.logBetween(10, 1000);
      expect(log >= 10 && log <= 1000).toBe(true);
      expect(['a', 'b']).toContain(random.pick(['a', 'b']));
    }
    expect(random.hex(40)).toMatch(/^[0-9a-f]{40}$/);
  });

  it('spreads values roughly uniformly', () => {
    const random = createRandom('uniform');
    const buckets = new Array(10).fill(0);
    for (let i = 0; i < 10_000; i++) {
      buckets[Math.floor(random.next() * 10)] += 1;
    }
    for (const count of buckets) {
      expect(count).toBeGreaterThan(850);
      expect(count).toBeLessThan(1150);
    }
  });
});
