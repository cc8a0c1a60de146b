import { describe, expect, it } from 'vitest';
import { RandomStreams, type Rng } from '../../src/engine/random.js';
import { latencySampler } from '../../src/network/latency.js';
import { latencyMean } from '../../src/network/latency-moments.js';
import { checkLatency, LatencyError } from '../../src/network/latency-rules.js';
import type { LatencySpec } from '../../src/network/link-spec.js';

const N = 100_000;

function draws(spec: LatencySpec, seed = 1, count = N): Float64Array {
  const sample = latencySampler(spec, new RandomStreams(seed).stream('links'));
  const xs = new Float64Array(count);
  for (let i = 0; i < count; i++) xs[i] = sample();
  return xs;
}

function moments(xs: Float64Array): { mean: number; sd: number } {
  let s = 0;
  for (const x of xs) s += x;
  const mean = s / xs.length;
  let q = 0;
  for (const x of xs) q += (x - mean) ** 2;
  return { mean, sd: Math.sqrt(q / (xs.length - 1)) };
}

const lowest = (xs: Float64Array) => xs.reduce((a, b) => Math.min(a, b), Infinity);
const highest = (xs: Float64Array) => xs.reduce((a, b) => Math.max(a, b), -Infinity);

/** Asserts the sample mean is within 5 standard errors of `mean`. */
function expectMean(xs: Float64Array, mean: number, sd: number): void {
  expect(Math.abs(moments(xs).mean - mean)).toBeLessThan(5 * sd / Math.sqrt(xs.length));
}

function countingRng(seed: number): { rng: Rng; calls: () => number } {
  const inner = new RandomStreams(seed).stream('links');
  let calls = 0;
  return { rng: () => { calls++; return inner(); }, calls: () => calls };
}

/** The mean of N(μ, σ) truncated to [0, ∞), by Simpson's rule: an independent check of latencyMean. */
function truncatedMeanNumerically(mu: number, sd: number): number {
  const density = (x: number) => Math.exp(-(((x - mu) / sd) ** 2) / 2);
  const top = Math.max(mu, 0) + 40 * sd, steps = 200_000, h = top / steps;
  let mass = 0, first = 0;
  for (let i = 0; i <= steps; i++) {
    const x = i * h, weight = i === 0 || i === steps ? 1 : i % 2 ? 4 : 2;
    mass += weight * density(x); first += weight * x * density(x);
  }
  return first / mass;
}

describe('latencySampler', () => {
  it('constant draws no random numbers', () => {
    const { rng, calls } = countingRng(1);
    const sample = latencySampler({ dist: 'constant', value: 7 }, rng);
    expect([sample(), sample(), calls()]).toEqual([7, 7, 0]);
  });

  it.each([
    [{ dist: 'uniform', min: 1, max: 2 } as LatencySpec, 1],
    [{ dist: 'exponential', mean: 3 } as LatencySpec, 1],
    [{ dist: 'pareto', scale: 1, shape: 3 } as LatencySpec, 1],
    [{ dist: 'lognormal', mu: 0, sigma: 1 } as LatencySpec, 2],
  ])('%j draws a fixed %i uniforms per sample', (spec, per) => {
    const { rng, calls } = countingRng(1);
    const sample = latencySampler(spec, rng);
    for (let i = 0; i < 1000; i++) sample();
    expect(calls()).toBe(1000 * per);
  });

  it('uniform(min, max): mean (min+max)/2, sd (max−min)/√12, within bounds', () => {
    const xs = draws({ dist: 'uniform', min: 2, max: 8 });
    const sd = 6 / Math.sqrt(12);
    expectMean(xs, 5, sd);
    expect(moments(xs).sd).toBeCloseTo(sd, 1);
    expect(lowest(xs)).toBeGreaterThanOrEqual(2);
    expect(highest(xs)).toBeLessThan(8);
  });

  it('exponential(mean): mean and sd both equal the mean', () => {
    const xs = draws({ dist: 'exponential', mean: 4 });
    expectMean(xs, 4, 4);
    expect(moments(xs).sd / 4).toBeCloseTo(1, 1);
  });

  it('lognormal(mu, sigma): log of the draws is N(mu, sigma); mean exp(mu + sigma²/2)', () => {
    const mu = 1, sigma = 0.5, xs = draws({ dist: 'lognormal', mu, sigma });
    const logs = moments(xs.map(Math.log));
    expect(Math.abs(logs.mean - mu)).toBeLessThan(5 * sigma / Math.sqrt(N));
    expect(logs.sd).toBeCloseTo(sigma, 2);
    const mean = Math.exp(mu + sigma ** 2 / 2), sd = mean * Math.sqrt(Math.exp(sigma ** 2) - 1);
    expectMean(xs, mean, sd);
    expect(latencyMean({ dist: 'lognormal', mu, sigma })).toBeCloseTo(mean, 12);
  });

  it('pareto(scale, shape > 2): mean shape·scale/(shape−1), median scale·2^(1/shape), never below scale', () => {
    const scale = 2, shape = 3, xs = draws({ dist: 'pareto', scale, shape });
    const mean = shape * scale / (shape - 1), sd = scale / (shape - 1) * Math.sqrt(shape / (shape - 2));
    expectMean(xs, mean, sd);
    const sorted = Float64Array.from(xs).sort();
    expect(sorted[N / 2]! / (scale * 2 ** (1 / shape))).toBeCloseTo(1, 1);
    expect(sorted[0]).toBeGreaterThanOrEqual(scale);
  });

  it.each([[1, 2], [10, 1], [0, 3], [0, 50]])('normal(%d, %d) truncated at 0: never negative, mean as the formula says', (mean, sd) => {
    const xs = draws({ dist: 'normal', mean, sd });
    expect(lowest(xs)).toBeGreaterThanOrEqual(0);
    const theory = latencyMean({ dist: 'normal', mean, sd });
    expect(theory / truncatedMeanNumerically(mean, sd)).toBeCloseTo(1, 6);
    // A truncated normal's sd is below the untruncated sd, so sd bounds the standard error.
    expectMean(xs, theory, sd);
  });

  it('is a pure function of the stream: same seed, same draws', () => {
    const spec: LatencySpec = { dist: 'normal', mean: 1, sd: 3 };
    expect(draws(spec, 5, 100)).toEqual(draws(spec, 5, 100));
    expect(draws(spec, 5, 100)).not.toEqual(draws(spec, 6, 100));
  });
});

describe('latencyMean', () => {
  it('gives the distribution means', () => {
    expect(latencyMean({ dist: 'constant', value: 5 })).toBe(5);
    expect(latencyMean({ dist: 'uniform', min: 2, max: 6 })).toBe(4);
    expect(latencyMean({ dist: 'exponential', mean: 9 })).toBe(9);
    expect(latencyMean({ dist: 'pareto', scale: 3, shape: 2 })).toBe(6);
    // Far above zero, truncation does not move the mean.
    expect(latencyMean({ dist: 'normal', mean: 50, sd: 5 })).toBeCloseTo(50, 9);
  });

  it('uses the median for a Pareto with infinite mean', () => {
    expect(latencyMean({ dist: 'pareto', scale: 2, shape: 1 })).toBe(4);
    expect(latencyMean({ dist: 'pareto', scale: 1, shape: 0.5 })).toBe(4);
  });
});

describe('checkLatency', () => {
  it.each([
    [{ dist: 'normal', mean: 5, sd: -1 }, 'link.latency.sd'],
    [{ dist: 'normal', mean: -5, sd: 2 }, 'link.latency.mean'],
    [{ dist: 'exponential', mean: 0 }, 'link.latency.mean'],
    [{ dist: 'uniform', min: 5, max: 1 }, 'link.latency.max'],
    [{ dist: 'constant', value: -1 }, 'link.latency.value'],
    [{ dist: 'exponential', mean: Number.NaN }, 'link.latency.mean'],
    [{ dist: 'pareto', scale: 1, shape: 0 }, 'link.latency.shape'],
  ] as Array<[LatencySpec, string]>)('rejects %j in %s', (spec, field) => {
    expect(() => checkLatency(spec)).toThrow(LatencyError);
    try { checkLatency(spec); } catch (error) { expect((error as LatencyError).field).toBe(field); }
  });
});
