/**
 * What a latency distribution adds up to without drawing from it: its mean (the link
 * weight latency routing uses) and the largest value the sampler can return (what the
 * rules bound so that sums stay finite). Pure arithmetic on a spec the rules accept.
 */
import type { LatencySpec } from './link-spec.js';

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
 * Infinity when a finite spec would overflow, which latency-rules.ts refuses.
 */
export function latencyLargest(spec: LatencySpec): number {
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
  switch (spec.dist) {
    case 'constant': return spec.value;
    case 'uniform': return (spec.min + spec.max) / 2;
    case 'exponential': return spec.mean;
    case 'lognormal': return Math.exp(spec.mu + spec.sigma * spec.sigma / 2);
    case 'pareto': return spec.shape > 1 ? spec.shape * spec.scale / (spec.shape - 1) : spec.scale * Math.pow(2, 1 / spec.shape);
    case 'normal': return spec.sd === 0 ? spec.mean : spec.mean + spec.sd * inverseMillsRatio(-spec.mean / spec.sd);
  }
}
