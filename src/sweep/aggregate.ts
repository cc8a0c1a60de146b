/**
 * Run values → the sweep report: for each grid point whose runs all finished,
 * every metric's n, nulls, mean, sd and 95% CI over the seeds. Values are taken
 * in run order and metrics listed in order of first appearance, so the report
 * depends only on the values, never on which thread or shard produced them.
 */
import type { SweepMeta } from './sweep-plan.js';
import type { RunValues } from './sweep-run.js';
import { summarizeMetric, type MetricSummary } from './statistics.js';

export interface SweepPoint {
  /** Index in the grid (first --vary outermost). */
  point: number;
  /** The varied fields' values at this point. */
  values: Record<string, unknown>;
  /** Runs aggregated (one per seed). */
  runs: number;
  /** Per metric path, e.g. 'metrics.deliveryRatio', 'metrics.latency.p95'. */
  metrics: Record<string, MetricSummary>;
}

/** `sweep --json` and `merge --json`: one row per parameter point. */
export interface SweepReport extends SweepMeta {
  format: 'castsim-sweep';
  version: 1;
  /** False when the sweep was interrupted: only points whose every seed finished are listed. */
  complete: boolean;
  points: SweepPoint[];
}

/** The grid point's values from the axes, point index p (first axis outermost). */
export function pointValues(meta: SweepMeta, p: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let rest = p;
  for (let k = meta.vary.length - 1; k >= 0; k--) {
    const axis = meta.vary[k]!;
    out[axis.path] = axis.values[rest % axis.values.length];
    rest = Math.floor(rest / axis.values.length);
  }
  return Object.fromEntries(meta.vary.map((a) => [a.path, out[a.path]]));
}

export function aggregate(meta: SweepMeta, results: ReadonlyMap<number, RunValues>): SweepReport {
  const s = meta.seeds.length;
  const points: SweepPoint[] = [];
  for (let p = 0; p * s < meta.runs; p++) {
    const runs: RunValues[] = [];
    for (let k = 0; k < s; k++) {
      const v = results.get(p * s + k);
      if (v) runs.push(v);
    }
    if (runs.length < s) continue;
    const names: string[] = [];
    const seen = new Set<string>();
    for (const r of runs) for (const name of Object.keys(r)) if (!seen.has(name)) { seen.add(name); names.push(name); }
    const metrics: Record<string, MetricSummary> = {};
    for (const name of names) {
      const xs: number[] = [];
      for (const r of runs) { const x = r[name]; if (typeof x === 'number') xs.push(x); }
      metrics[name] = summarizeMetric(xs, runs.length - xs.length);
    }
    points.push({ point: p, values: pointValues(meta, p), runs: runs.length, metrics });
  }
  const total = meta.runs / s;
  return {
    format: 'castsim-sweep', version: 1,
    sweep: meta.sweep, scenario: meta.scenario, vary: meta.vary, seeds: meta.seeds, runs: meta.runs,
    complete: points.length === total,
    points,
  };
}
