/**
 * What a latency spec may say: the rule of every parameter of every distribution, in one
 * place. The scenario schema builds its `link.latency` checks from these rules, and
 * `latencySampler` calls `checkLatency` first, so a direct library call is refused exactly
 * as `castsim validate` and `run` refuse a scenario.
 */
import type { LatencySpec } from './link-spec.js';
import { latencyLargest, latencyMean } from './latency-moments.js';
import { MAX_TIME_MS } from './time-bound.js';
import { plainShow, ruleIssues, type NumberRule, type ParameterIssue, type Show } from './parameter-rule.js';

/** A latency's mean is a routing weight: at most MAX_TIME_MS, as a scenario time is, so sums along a route stay finite. */
export const MAX_MEAN_LATENCY_MS = MAX_TIME_MS;
/** Sums of this many ms stay finite over any run; a larger possible draw is refused. */
export const MAX_LATENCY_DRAW_MS = 1e100;

/** A constant latency, and what `latency: 5` (the shorthand) must be. */
export const CONSTANT_LATENCY: NumberRule = { what: 'a latency in ms ≥ 0', min: 0 };

/**
 * The parameters of each distribution and the rule of each, taken alone. Decisions:
 * - exponential `mean` > 0: it is the only parameter and sets the rate 1/mean; a mean of 0
 *   would be every latency 0, which `latency: 0` already says.
 * - normal `mean` ≥ 0 (mean and sd are those of the normal before truncation at 0): a
 *   negative mean would put most of the normal below 0, where resampling loses precision
 *   (mean + sd·z cancels) and, far enough out, never ends.
 */
export const LATENCY_RULES: Readonly<Record<LatencySpec['dist'], Readonly<Record<string, NumberRule>>>> = {
  constant: { value: CONSTANT_LATENCY },
  uniform: { min: CONSTANT_LATENCY, max: CONSTANT_LATENCY },
  normal: { mean: CONSTANT_LATENCY, sd: { what: 'a standard deviation ≥ 0', min: 0 } },
  exponential: { mean: { what: 'a mean latency in ms > 0', gt: 0 } },
  lognormal: { mu: { what: 'a number (the mean of the log)' }, sigma: { what: 'a number ≥ 0', min: 0 } },
  pareto: { scale: { what: 'a scale in ms > 0', gt: 0 }, shape: { what: 'a shape > 0', gt: 0 } },
};

/** Every rule a spec breaks: parameters alone first, then relations, then the bounds that keep sums finite. */
export function latencyIssues(spec: LatencySpec, show: Show = plainShow): ParameterIssue[] {
  const rules = Object.hasOwn(LATENCY_RULES, spec.dist) ? LATENCY_RULES[spec.dist] : undefined;
  if (!rules) return [{ param: 'dist', message: `must be a latency distribution (${Object.keys(LATENCY_RULES).join(', ')}), got ${show(spec.dist)}` }];
  const alone = ruleIssues(rules, spec, show);
  if (alone.length > 0) return alone;
  if (spec.dist === 'uniform' && spec.max < spec.min) return [{ param: 'max', message: `must be ≥ min (${spec.min}), got ${spec.max}` }];
  return boundIssues(spec);
}

/** A finite mean (the routing weight of every link) and no draw that overflows a sum. */
function boundIssues(spec: LatencySpec): ParameterIssue[] {
  const mean = latencyMean(spec), largest = latencyLargest(spec);
  if (!(mean <= MAX_MEAN_LATENCY_MS)) {
    return [{ param: '', message: `its mean latency is ${mean} ms (the routing weight of every link); it must be at most 1e15 ms` }];
  }
  if (!(largest <= MAX_LATENCY_DRAW_MS)) {
    return [{ param: '', message: `it can draw latencies up to ${largest} ms, and sums of them would overflow; at most 1e100 ms is allowed (lower mu/sigma, scale or mean, or raise shape)` }];
  }
  return [];
}

/** A bad latency parameter; `field` is its dotted scenario path, e.g. 'link.latency.sd'. */
export class LatencyError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
    this.name = 'LatencyError';
  }
}

/** The library's guard: throws a LatencyError for the first rule the spec breaks (the scenario schema's rules). */
export function checkLatency(spec: LatencySpec): void {
  const first = latencyIssues(spec)[0];
  if (first) {
    const field = first.param ? `link.latency.${first.param}` : 'link.latency';
    throw new LatencyError(field, `${field}: ${first.message}`);
  }
}
