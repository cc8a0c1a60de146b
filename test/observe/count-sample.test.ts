import { describe, expect, it } from 'vitest';
import { CountSample, Sample } from '../../src/observe/distribution.js';

/** Both samples fed `values`: the counted one must summarise exactly as the stored one. */
function both(values: readonly number[]) {
  const counted = new CountSample(), stored = new Sample();
  for (const v of values) { counted.push(v); stored.push(v); }
  return { counted: counted.summary(), stored: stored.summary() };
}

describe('CountSample summarises as Sample does', () => {
  it('small integers (hop counts), in any order', () => {
    // A deterministic spread of 0..40 with a long tail: skewed, so p50, p95 and the mean all differ.
    const values = Array.from({ length: 10_001 }, (_, i) => (i * 7919) % 41 + (i % 97 === 0 ? 300 : 0));
    const { counted, stored } = both(values);
    expect(counted).toEqual(stored);
    expect(counted.max).toBe(340);
  });

  it('one value, none, and values at the counting bound', () => {
    for (const values of [[], [0], [5], [1, 2], [1, 2, 3, 4], [0, 0, 7, 7, 7], [4095, 4096, 4097, 0], [1e9, 3, 3]]) {
      const { counted, stored } = both(values);
      expect(counted, JSON.stringify(values)).toEqual(stored);
    }
  });

  it('fractions, negatives, −0, NaN and infinities mixed in fall back to the stored values', () => {
    for (const values of [[1, 2, 2.5, 3], [3, -1, 2], [-0, 0, 1], [2, NaN, 1], [1, Infinity, 2], [0.1, 0.2, 0.7, 1, 1, 1]]) {
      const { counted, stored } = both(values);
      expect(counted, String(values)).toEqual(stored);
      expect(Object.is(counted.min, stored.min), String(values)).toBe(true);
    }
  });
});
