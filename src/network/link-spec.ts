/** What a scenario's `link:` block resolves to: per-transmission latency, loss and duplication. */

export type LatencySpec =
  | { dist: 'constant'; value: number }
  | { dist: 'uniform'; min: number; max: number }
  | { dist: 'normal'; mean: number; sd: number }
  | { dist: 'exponential'; mean: number }
  | { dist: 'lognormal'; mu: number; sigma: number }
  | { dist: 'pareto'; scale: number; shape: number };

export interface LinkSpec {
  latency: LatencySpec;
  loss: number;
  duplicate: number;
}
