import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { Sample, sortAscending, summarize } from '../../src/observe/distribution.js';

/** Values drawn by `draw`, sorted both ways: sortAscending must equal the built-in sort value for value (Object.is: −0 apart from +0). */
function agree(n: number, draw: () => number): void {
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = draw();
  const expected = values.slice().sort();
  const got = sortAscending(values);
  expect(got).toBe(values); // in place, as Float64Array.prototype.sort
  for (let i = 0; i < n; i++) if (!Object.is(got[i], expected[i])) expect.fail(`position ${i}: ${got[i]} against the built-in's ${expected[i]}`);
}

describe('sortAscending (the summaries\' sort)', () => {
  const rng = seedrandom('sort-ascending');
  const regimes: Record<string, () => number> = {
    latencies: () => rng() * 80,
    'latencies with ties': () => Math.floor(rng() * 50) * 0.25,
    'zeros, Infinity and subnormals': () => { const r = rng(); return r < 0.2 ? 0 : r < 0.3 ? Infinity : r < 0.4 ? Number.MIN_VALUE * Math.floor(rng() * 9) : rng() * 1e300; },
    'with −0': () => { const r = rng(); return r < 0.2 ? -0 : r < 0.4 ? 0 : rng() * 10; },
    'with negatives': () => (rng() - 0.5) * 1e6,
    'with −Infinity': () => (rng() < 0.1 ? -Infinity : rng() * 5),
    'with NaN': () => (rng() < 0.05 ? NaN : rng() * 5),
  };
  for (const [name, draw] of Object.entries(regimes)) {
    it(`agrees with Float64Array.prototype.sort: ${name}`, () => {
      for (const n of [0, 1, 2, 17, 1000, 100_000]) agree(n, draw);
    });
  }

  // Values already in order are left as they are (a run's latencies usually come so): the
  // same bits as the sort would give, and anything out of order or unsigned still sorted.
  const inOrder: Record<string, (n: number) => number[]> = {
    ascending: (n) => Array.from({ length: n }, (_, i) => i * 0.37),
    'ascending with ties, zeros and Infinity': (n) => Array.from({ length: n }, (_, i) => (i < n / 4 ? 0 : i > n - 3 ? Infinity : Math.floor(i / 7) * 0.25)),
    'ascending but the last': (n) => Array.from({ length: n }, (_, i) => (i === n - 1 ? 0.5 : i + 1)),
    'ascending but the first': (n) => Array.from({ length: n }, (_, i) => (i === 0 ? n : i)),
    'ascending from −0': (n) => Array.from({ length: n }, (_, i) => (i === 0 ? -0 : i === 1 ? 0 : i)),
    'ascending with +0 then −0': (n) => Array.from({ length: n }, (_, i) => (i === n - 1 ? -0 : i < 2 ? 0 : i)),
    'all equal': (n) => Array.from({ length: n }, () => 2.5),
  };
  for (const [name, make] of Object.entries(inOrder)) {
    it(`agrees with Float64Array.prototype.sort on values nearly or wholly in order: ${name}`, () => {
      for (const n of [1, 2, 3, 17, 1000, 100_000]) {
        const values = Float64Array.from(make(n)), expected = values.slice().sort(), got = sortAscending(values);
        expect(got).toBe(values);
        for (let i = 0; i < n; i++) if (!Object.is(got[i], expected[i])) expect.fail(`n ${n}, position ${i}: ${got[i]} against the built-in's ${expected[i]}`);
      }
    });
  }

  it('sorts a view in place without touching the rest of its buffer', () => {
    const buffer = new Float64Array([9, 3, 2, 1, 0.5, 7]);
    sortAscending(buffer.subarray(1, 5));
    expect([...buffer]).toEqual([9, 0.5, 1, 2, 3, 7]);
  });

  it('gives Sample and summarize the built-in order: percentiles and the mean of a known sample', () => {
    const s = new Sample();
    for (const v of [5, 0, 3, 3, 10, 1]) s.push(v);
    expect([...s.sorted()]).toEqual([0, 1, 3, 3, 5, 10]);
    // nearest rank: p50 = rank 3 of 6, p95 = rank 6
    expect(summarize([5, 0, 3, 3, 10, 1])).toEqual({ min: 0, mean: 3.66666667, p50: 3, p95: 10, max: 10 });
  });
});
