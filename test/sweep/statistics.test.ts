import { describe, expect, it } from 'vitest';
import { incompleteBeta, logGamma, mean, sampleSd, studentTCdf, studentTQuantile, summarizeMetric } from '../../src/sweep/statistics.js';

describe("Student's t quantile", () => {
  // Two-sided 95% critical values, t(0.975, df), from the standard table (to the table's 3 decimals).
  const table: Array<[number, number]> = [
    [1, 12.706], [2, 4.303], [3, 3.182], [4, 2.776], [5, 2.571], [7, 2.365], [10, 2.228],
    [20, 2.086], [30, 2.042], [60, 2.000], [120, 1.980],
  ];
  for (const [df, t] of table) {
    it(`t(0.975, ${df}) = ${t}`, () => expect(studentTQuantile(0.975, df)).toBeCloseTo(t, 3));
  }

  it('matches the closed forms for df = 1 (Cauchy) and df = 2 to 12 digits', () => {
    for (const p of [0.6, 0.9, 0.975, 0.995]) {
      expect(studentTQuantile(p, 1)).toBeCloseTo(Math.tan(Math.PI * (p - 0.5)), 10);
      expect(studentTQuantile(p, 2)).toBeCloseTo((2 * p - 1) / Math.sqrt(2 * p * (1 - p)), 10);
    }
  });

  it('tends to the normal quantile 1.959964 as df grows', () => {
    expect(studentTQuantile(0.975, 1e6)).toBeCloseTo(1.959964, 5);
  });

  it('is the inverse of the CDF and antisymmetric', () => {
    for (const df of [1, 3, 9, 25]) {
      for (const p of [0.01, 0.3, 0.8, 0.999]) {
        expect(studentTCdf(studentTQuantile(p, df), df)).toBeCloseTo(p, 12);
        expect(studentTQuantile(1 - p, df)).toBeCloseTo(-studentTQuantile(p, df), 10);
      }
    }
    expect(studentTQuantile(0.5, 4)).toBe(0);
  });

  it('rests on a correct incomplete beta and log-gamma', () => {
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
    // I_x(1, b) = 1 − (1 − x)^b and I_x(a, 1) = x^a.
    expect(incompleteBeta(0.3, 1, 4)).toBeCloseTo(1 - 0.7 ** 4, 12);
    expect(incompleteBeta(0.3, 2.5, 1)).toBeCloseTo(0.3 ** 2.5, 12);
  });

  it('rejects p outside (0, 1) and df ≤ 0', () => {
    expect(() => studentTQuantile(1, 3)).toThrow(RangeError);
    expect(() => studentTQuantile(0.9, 0)).toThrow(RangeError);
  });
});

describe('summarizeMetric', () => {
  it('gives the hand-computed mean, sd and 95% CI of a known sample', () => {
    // 2 4 4 4 5 5 7 9: mean 5, Σ(x−5)² = 32, sd = √(32/7); t(0.975, 7) = 2.364624 (table).
    const s = summarizeMetric([2, 4, 4, 4, 5, 5, 7, 9], 0);
    const sd = Math.sqrt(32 / 7);
    const half = 2.364624 * sd / Math.sqrt(8);
    expect(s.n).toBe(8);
    expect(s.mean).toBe(5);
    expect(s.sd).toBeCloseTo(sd, 8);
    expect(s.ci95![0]).toBeCloseTo(5 - half, 5);
    expect(s.ci95![1]).toBeCloseTo(5 + half, 5);
    expect(s.ci95![0]).toBeCloseTo(3.2125, 4);
  });

  it('counts nulls and has no sd or CI below two values', () => {
    expect(summarizeMetric([], 3)).toEqual({ n: 0, nulls: 3, mean: null, sd: null, ci95: null });
    expect(summarizeMetric([7.5], 2)).toEqual({ n: 1, nulls: 2, mean: 7.5, sd: null, ci95: null });
  });

  it('a constant sample has sd 0 and a zero-width interval', () => {
    expect(summarizeMetric([4, 4, 4], 0)).toEqual({ n: 3, nulls: 0, mean: 4, sd: 0, ci95: [4, 4] });
  });

  it('mean and sd agree with the definitions', () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expect(sampleSd([1, 2, 3, 4])).toBeCloseTo(Math.sqrt(5 / 3), 14);
  });
});
