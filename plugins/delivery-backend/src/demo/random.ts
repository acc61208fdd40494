/**
 * The demo history's only source of randomness: a small seeded PRNG, so the same key always
 * gives the same numbers (no Math.random, no clock).
 */

/** A 32-bit hash of a string: FNV-1a followed by murmur3's finalizer for better mixing. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Uniform numbers and helpers over one mulberry32 stream. */
export interface Random {
  /** In [0, 1). */
  next(): number;
  /** In [min, max). */
  between(min: number, max: number): number;
  /** Log-uniform in [min, max): long-tailed, for durations. */
  logBetween(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** A count around `mean` (uniform from half to one and a half times it, rounded). */
  count(mean: number): number;
  /** `length` lowercase hex digits. */
  hex(length: number): string;
}

/** A mulberry32 stream seeded from the hash of `key`. */
export function createRandom(key: string): Random {
  let state = hash32(key);
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const between = (min: number, max: number) => min + (max - min) * next();
  return {
    next,
    between,
    logBetween: (min, max) =>
      Math.exp(between(Math.log(Math.max(min, 1e-9)), Math.log(max))),
    chance: probability => next() < probability,
    pick: items => items[Math.floor(next() * items.length)],
    count: mean => Math.round(mean * between(0.5, 1.5)),
    hex: length => {
      let out = '';
      while (out.length < length) {
        out += Math.floor(next() * 4294967296)
          .toString(16)
          .padStart(8, '0');
      }
      return out.slice(0, length);
    },
  };
}
