/**
 * Link latency distributions: a sampler per scenario `link.latency` spec and the
 * mean that routing uses as a link weight. Each sample draws a fixed number of
 * uniforms where the method allows (constant: 0, uniform/exponential/pareto: 1,
 * lognormal: 2), so one spec always advances the stream the same way; only the
 * truncated normal, which resamples, draws a variable (even) number.
 */
import type { Rng } from '../engine/random.js';
import type { LatencySpec } from './link-spec.js';

/** A bad latency parameter; `field` is its dotted scenario path, e.g. 'link.latency.sd'. */
export class LatencyError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
    this.name = 'LatencyError';
  }
}

/** Throws LatencyError when the parameters do not describe a distribution over [0, ∞). */
export function checkLatency(spec: LatencySpec): void {
  const need = (name: string, value: number, ok: boolean, allowed: string): void => {
    if (!ok || !Number.isFinite(value)) {
      throw new LatencyError(`link.latency.${name}`, `link.latency.${name} must be ${allowed} for dist ${spec.dist}; got ${value}`);
    }
  };
  switch (spec.dist) {
    case 'constant': need('value', spec.value, spec.value >= 0, 'a number ≥ 0'); break;
    case 'uniform':
      need('min', spec.min, spec.min >= 0, 'a number ≥ 0');
      need('max', spec.max, spec.max >= spec.min, `a number ≥ min (${spec.min})`);
      break;
    case 'normal':
      need('mean', spec.mean, true, 'a finite number');
      need('sd', spec.sd, spec.sd > 0 || (spec.sd === 0 && spec.mean >= 0), 'a number > 0 (or 0 with mean ≥ 0)');
      break;
    case 'exponential': need('mean', spec.mean, spec.mean >= 0, 'a number ≥ 0'); break;
    case 'lognormal':
      need('mu', spec.mu, true, 'a finite number');
      need('sigma', spec.sigma, spec.sigma >= 0, 'a number ≥ 0');
      break;
    case 'pareto':
      need('scale', spec.scale, spec.scale > 0, 'a number > 0');
      need('shape', spec.shape, spec.shape > 0, 'a number > 0');
      break;
  }
}

/** A standard normal by Box–Muller; always two draws (the sine partner is dropped to keep the count fixed). */
function standardNormal(rng: Rng): number {
  const r = Math.sqrt(-2 * Math.log(1 - rng())); // 1 − u ∈ (0, 1]: no log(0)
  return r * Math.cos(2 * Math.PI * rng());
}

export function latencySampler(spec: LatencySpec, rng: Rng): () => number {
  checkLatency(spec);
  switch (spec.dist) {
    case 'constant': { const value = spec.value; return () => value; }
    case 'uniform': { const { min, max } = spec; return () => min + (max - min) * rng(); }
    case 'exponential': { const mean = spec.mean; return () => -mean * Math.log(1 - rng()); }
    case 'lognormal': { const { mu, sigma } = spec; return () => Math.exp(mu + sigma * standardNormal(rng)); }
    case 'pareto': {
      const { scale } = spec, inverseShape = 1 / spec.shape;
      return () => scale / Math.pow(1 - rng(), inverseShape);
    }
    case 'normal': return truncatedNormal(spec.mean, spec.sd, rng);
  }
}

/**
 * Normal(mean, sd) truncated to [0, ∞). Clamping with max(0, x) would put a
 * point mass at 0 and raise the mean; this resamples instead. When at least
 * ~30% of the mass is above 0 (α = −mean/sd ≤ 0.5), plain Box–Muller draws are
 * retried; deeper in the tail that would spin for a long time, so Robert's
 * (1995) exponential-proposal rejection sampler for the tail beyond α is used.
 */
function truncatedNormal(mean: number, sd: number, rng: Rng): () => number {
  if (sd === 0) return () => mean;
  const alpha = -mean / sd;
  if (alpha <= 0.5) {
    return () => {
      for (;;) { const x = mean + sd * standardNormal(rng); if (x >= 0) return x; }
    };
  }
  const rate = (alpha + Math.sqrt(alpha * alpha + 4)) / 2;
  return () => {
    for (;;) {
      const z = alpha - Math.log(1 - rng()) / rate;
      if (rng() <= Math.exp(-((z - rate) ** 2) / 2)) return mean + sd * z;
    }
  };
}

/**
 * exp(x²)·erfc(x) for x ≥ 0 (Numerical Recipes' erfcc without its exp(−x²)
 * factor, relative error < 1.2e-7), so tails far out do not underflow to 0/0.
 */
function scaledErfc(x: number): number {
  const t = 1 / (1 + 0.5 * x);
  return t * Math.exp(-1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
    + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
}

/** φ(α) / (1 − Φ(α)): the inverse Mills ratio, how far truncation at α shifts a standard normal's mean. */
function inverseMillsRatio(alpha: number): number {
  const density = Math.exp(-alpha * alpha / 2) / Math.sqrt(2 * Math.PI);
  if (alpha <= 0) {
    const z = -alpha / Math.SQRT2; // 1 − Φ(α) = 1 − erfc(z)/2
    return density / (1 - 0.5 * Math.exp(-z * z) * scaledErfc(z));
  }
  return 2 / (Math.sqrt(2 * Math.PI) * scaledErfc(alpha / Math.SQRT2));
}

/** Box–Muller's largest |z|: √(−2 ln 2⁻⁵³), as 1 − u is never below 2⁻⁵³. */
const LARGEST_NORMAL = Math.sqrt(-2 * Math.log(2 ** -53));

/**
 * The largest latency `latencySampler` can ever draw (uniforms have 53 bits, so 1 − u ≥ 2⁻⁵³):
 * Infinity when a finite spec would overflow, which the scenario check refuses.
 */
export function latencyLargest(spec: LatencySpec): number {
  checkLatency(spec);
  switch (spec.dist) {
    case 'constant': return spec.value;
    case 'uniform': return spec.max;
    case 'exponential': return spec.mean * 53 * Math.LN2;
    case 'lognormal': return Math.exp(spec.mu + spec.sigma * LARGEST_NORMAL);
    case 'pareto': return spec.scale / Math.pow(2 ** -53, 1 / spec.shape);
    case 'normal': return spec.mean + spec.sd * LARGEST_NORMAL;
  }
}

/**
 * The mean of the distribution as `latencySampler` draws it, used as the link
 * weight for latency routing. A Pareto with shape ≤ 1 has an infinite mean,
 * which would make every path equally (infinitely) long; its median
 * scale·2^(1/shape) is returned instead so routes still prefer fewer, faster links.
 */
export function latencyMean(spec: LatencySpec): number {
  checkLatency(spec);
  switch (spec.dist) {
    case 'constant': return spec.value;
    case 'uniform': return (spec.min + spec.max) / 2;
    case 'exponential': return spec.mean;
    case 'lognormal': return Math.exp(spec.mu + spec.sigma * spec.sigma / 2);
    case 'pareto': return spec.shape > 1 ? spec.shape * spec.scale / (spec.shape - 1) : spec.scale * Math.pow(2, 1 / spec.shape);
    case 'normal': return spec.sd === 0 ? spec.mean : spec.mean + spec.sd * inverseMillsRatio(-spec.mean / spec.sd);
  }
}
