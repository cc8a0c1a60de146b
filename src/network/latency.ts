/**
 * Link latency distributions: a sampler per scenario `link.latency` spec (their means and
 * largest draws are in latency-moments.ts, their rules in latency-rules.ts). Each sample
 * draws a fixed number of uniforms where the method allows (constant: 0,
 * uniform/exponential/pareto: 1, lognormal: 2), so one spec always advances the stream the
 * same way; only the truncated normal, which resamples, draws a variable (even) number.
 */
import type { Rng } from '../engine/random.js';
import type { LatencySpec } from './link-spec.js';
import { checkLatency } from './latency-rules.js';

/** A standard normal by Box–Muller; always two draws (the sine partner is dropped to keep the count fixed). */
function standardNormal(rng: Rng): number {
  const r = Math.sqrt(-2 * Math.log(1 - rng())); // 1 − u ∈ (0, 1]: no log(0)
  return r * Math.cos(2 * Math.PI * rng());
}

/** A sampler of `spec`'s latencies; `checkLatency` first, so a library call gets the scenario's refusal. */
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
 * point mass at 0 and raise the mean; this resamples instead. The rules keep
 * mean ≥ 0 (latency-rules.ts), so at least half the mass is above 0 and a draw
 * is retried at most twice on average: no tail sampler is needed.
 */
function truncatedNormal(mean: number, sd: number, rng: Rng): () => number {
  if (sd === 0) return () => mean;
  return () => {
    for (;;) { const x = mean + sd * standardNormal(rng); if (x >= 0) return x; }
  };
}
