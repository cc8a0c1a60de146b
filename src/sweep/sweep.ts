/**
 * `sweep()`: run a scenario over the cartesian product of varied fields, each
 * point over several seeds, and report mean, sd and 95% CI of every metric.
 * `sweepShard()`: run only one slice of the run list and keep the raw values, so
 * `mergeShards()` can rebuild exactly the unsharded report. Slices are
 * round-robin — run r belongs to shard (r mod n) + 1 — so every shard gets a
 * fair share of cheap and expensive points wherever they sit in the grid.
 */
import { aggregate, type SweepReport } from './aggregate.js';
import { executeRuns, type ExecuteOptions } from './run-pool.js';
import { checkPlugins, planSweep, type SweepMeta, type SweepSpec } from './sweep-plan.js';
import { SweepInputError } from './sweep-input-error.js';
import type { RunValues } from './sweep-run.js';

export interface Shard { index: number; count: number }

/** One shard's output: the sweep's identity and shape, and the raw values of its runs. */
export interface SweepShard extends SweepMeta {
  format: 'castsim-sweep-shard';
  version: 1;
  shard: Shard;
  /** False when interrupted: some of this shard's runs are missing, and merge will refuse it. */
  complete: boolean;
  results: Array<{ run: number; values: RunValues }>;
}

/** Parse `i/n` (1 ≤ i ≤ n). */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) throw new SweepInputError(`--shard ${text}: expected i/n, e.g. --shard 3/8 for the third of eight slices`);
  const index = Number(m[1]), count = Number(m[2]);
  if (count < 1) throw new SweepInputError(`--shard ${text}: the number of shards must be at least 1`);
  if (index < 1 || index > count) throw new SweepInputError(`--shard ${text}: shard ${index} is out of range — it must be from 1 to ${count}`);
  return { index, count };
}

/** The runs of shard i/n: r with r mod n = i − 1, ascending. */
export function shardRuns(total: number, shard: Shard): number[] {
  const out: number[] = [];
  for (let r = shard.index - 1; r < total; r += shard.count) out.push(r);
  return out;
}

export async function sweep(spec: SweepSpec, opts: ExecuteOptions = {}): Promise<SweepReport> {
  const plan = planSweep(spec);
  await checkPlugins(plan);
  const runs = Array.from({ length: plan.meta.runs }, (_, r) => r);
  return aggregate(plan.meta, await executeRuns(plan, runs, opts));
}

export async function sweepShard(spec: SweepSpec, shard: Shard, opts: ExecuteOptions = {}): Promise<SweepShard> {
  if (!(Number.isInteger(shard.index) && Number.isInteger(shard.count) && shard.index >= 1 && shard.index <= shard.count)) {
    throw new SweepInputError(`shard ${shard.index}/${shard.count} is out of range — it must be i/n with 1 ≤ i ≤ n`);
  }
  const plan = planSweep(spec);
  await checkPlugins(plan);
  const runs = shardRuns(plan.meta.runs, shard);
  const done = await executeRuns(plan, runs, opts);
  return {
    format: 'castsim-sweep-shard', version: 1,
    ...plan.meta,
    shard,
    complete: done.size === runs.length,
    results: runs.filter((r) => done.has(r)).map((run) => ({ run, values: done.get(run)! })),
  };
}
