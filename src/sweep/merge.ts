/**
 * Merge shard outputs into the report the unsharded sweep would have printed.
 * Refuses (SweepInputError) anything that would make the result silently wrong:
 * shards of different sweeps, a shard given twice, a missing or interrupted
 * shard, or a file that is not a shard at all.
 */
import { readFileSync } from 'node:fs';
import { aggregate, type SweepReport } from './aggregate.js';
import type { SweepMeta } from './sweep-plan.js';
import { SweepInputError } from './sweep-input-error.js';
import type { RunValues } from './sweep-run.js';
import { shardRuns, type SweepShard } from './sweep.js';

/** A shard document and where it came from (for messages). */
export interface ShardInput { file: string; shard: SweepShard }

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Check that `doc` has the shape of a shard file; the message names the file and what is wrong. */
export function asShard(doc: unknown, file: string): SweepShard {
  const bad = (why: string) => new SweepInputError(`${file}: not a sweep shard — ${why} (make shards with castsim sweep ... --shard i/n --json > FILE)`);
  if (!isRecord(doc)) throw bad('expected a JSON object');
  if (doc.format === 'castsim-sweep') throw bad('it is a finished sweep report; merge combines the outputs of sweep --shard');
  if (doc.format !== 'castsim-sweep-shard') throw bad(`format is ${JSON.stringify(doc.format)}, expected "castsim-sweep-shard"`);
  if (doc.version !== 1) throw bad(`version ${JSON.stringify(doc.version)} is not supported (this castsim reads version 1)`);
  const shard = doc.shard;
  if (!isRecord(shard) || !Number.isInteger(shard.index) || !Number.isInteger(shard.count)) throw bad('missing shard {index, count}');
  if (typeof doc.sweep !== 'string' || !Number.isInteger(doc.runs) || !Array.isArray(doc.seeds) || !Array.isArray(doc.vary)) throw bad('missing sweep, runs, seeds or vary');
  if (!Array.isArray(doc.results) || !doc.results.every((r) => isRecord(r) && Number.isInteger(r.run) && isRecord(r.values))) {
    throw bad('results must be a list of {run, values}');
  }
  return doc as unknown as SweepShard;
}

export function readShardFile(file: string): ShardInput {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new SweepInputError(`${file}: cannot read: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (err as Error).message}`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new SweepInputError(`${file}: not JSON (${(err as Error).message}) — make shards with castsim sweep ... --shard i/n --json > FILE`);
  }
  return { file, shard: asShard(doc, file) };
}

export function mergeShards(inputs: readonly ShardInput[]): SweepReport {
  if (inputs.length === 0) throw new SweepInputError('merge needs at least one shard file');
  const first = inputs[0]!;
  const { count } = first.shard.shard;
  const byIndex = new Map<number, string>();
  for (const { file, shard } of inputs) {
    if (shard.sweep !== first.shard.sweep) {
      throw new SweepInputError(`${file} is a shard of a different sweep than ${first.file} (sweep ${shard.sweep.slice(0, 12)} vs ${first.shard.sweep.slice(0, 12)}: another scenario, --vary, --set or seeds)`);
    }
    const { index } = shard.shard;
    if (shard.shard.count !== count) {
      throw new SweepInputError(`${file} is shard ${index}/${shard.shard.count} but ${first.file} is one of ${count} shards — all shards must come from the same --shard i/n split`);
    }
    const twice = byIndex.get(index);
    if (twice !== undefined) throw new SweepInputError(`shard ${index}/${count} is given twice (${twice} and ${file})`);
    byIndex.set(index, file);
    if (!shard.complete) {
      throw new SweepInputError(`${file}: shard ${index}/${count} is incomplete (${shard.results.length} runs; it was interrupted) — run it again`);
    }
    const want = shardRuns(first.shard.runs, shard.shard);
    if (shard.results.length !== want.length || shard.results.some((r, i) => r.run !== want[i])) {
      throw new SweepInputError(`${file}: shard ${index}/${count} does not hold runs ${want.slice(0, 3).join(', ')}${want.length > 3 ? ', ...' : ''} as shard ${index}/${count} of ${first.shard.runs} runs should — was the file edited?`);
    }
  }
  const missing: number[] = [];
  for (let i = 1; i <= count; i++) if (!byIndex.has(i)) missing.push(i);
  if (missing.length > 0) {
    throw new SweepInputError(`missing shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${count}`).join(', ')} — merge needs all ${count} shards of the sweep`);
  }
  const results = new Map<number, RunValues>();
  for (const { shard } of inputs) for (const r of shard.results) results.set(r.run, r.values);
  const { sweep, scenario, vary, seeds, runs } = first.shard;
  const meta: SweepMeta = { sweep, scenario, vary, seeds, runs };
  return aggregate(meta, results);
}
