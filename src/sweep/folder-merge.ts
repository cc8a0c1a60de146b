/**
 * `castsim merge DIR`: the shards a folder holds. A cluster sweep folder (one with
 * `sweep.json`) says how many shards to expect, so the shards not there yet — never
 * run, still running, failed, cancelled, interrupted — can be named by number, the
 * number Slurm's `--array` takes to rerun them. A plain folder of shard files is
 * merged like the same files given one by one.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MANIFEST, type ClusterManifest } from './cluster-folder.js';
import { readShardFile, type ShardInput } from './merge.js';
import { jobName } from './slurm-scripts.js';
import { SweepInputError } from './sweep-input-error.js';

export interface FolderShards {
  /** Null for a plain folder of shard files. */
  manifest: ClusterManifest | null;
  /** The complete shards found. */
  done: ShardInput[];
  /** Shard numbers (1-based) with no complete result. */
  missing: number[];
}

export function shardFile(dir: string, index: number): string {
  return join(dir, 'shards', `${index}.json`);
}

function readManifest(dir: string): ClusterManifest | null {
  const path = join(dir, MANIFEST);
  if (!existsSync(path)) return null;
  let doc: Partial<ClusterManifest>;
  try {
    doc = JSON.parse(readFileSync(path, 'utf8')) as Partial<ClusterManifest>;
  } catch (err) {
    throw new SweepInputError(`${path}: not JSON (${(err as Error).message})`);
  }
  if (doc.format !== 'castsim-sweep-folder' || doc.version !== 1 || typeof doc.sweep !== 'string' || !Number.isInteger(doc.shards) || (doc.shards ?? 0) < 1) {
    throw new SweepInputError(`${path}: not a castsim sweep folder manifest (expected format "castsim-sweep-folder", version 1, sweep and shards)`);
  }
  return doc as ClusterManifest;
}

/** Read what a folder holds; throws SweepInputError for a file that does not belong there. */
export function readFolderShards(dir: string): FolderShards {
  const manifest = readManifest(dir);
  if (!manifest) {
    const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
    if (files.length === 0) throw new SweepInputError(`${dir}: no shard files (*.json) and no ${MANIFEST} in this folder`);
    return { manifest: null, done: files.map((f) => readShardFile(join(dir, f))), missing: [] };
  }
  const done: ShardInput[] = [];
  const missing: number[] = [];
  for (let i = 1; i <= manifest.shards; i++) {
    const file = shardFile(dir, i);
    if (!existsSync(file)) { missing.push(i); continue; }
    const input = readShardFile(file);
    const { shard } = input;
    if (shard.sweep !== manifest.sweep || shard.shard.index !== i || shard.shard.count !== manifest.shards) {
      throw new SweepInputError(`${file}: holds shard ${shard.shard.index}/${shard.shard.count} of sweep ${shard.sweep.slice(0, 12)}, but this folder expects shard ${i}/${manifest.shards} of sweep ${manifest.sweep.slice(0, 12)} — copied from elsewhere, or a protocol module changed since the folder was written; remove it and rerun shard ${i}`);
    }
    if (shard.complete) done.push(input);
    else missing.push(i);
  }
  return { manifest, done, missing };
}

/** Slurm's --array list for some task ids: 3,7,9-12. */
export function arrayList(ids: readonly number[]): string {
  const parts: string[] = [];
  for (let k = 0; k < ids.length;) {
    let j = k;
    while (j + 1 < ids.length && ids[j + 1] === ids[j]! + 1) j++;
    parts.push(j - k >= 2 ? `${ids[k]}-${ids[j]}` : ids.slice(k, j + 1).join(','));
    k = j + 1;
  }
  return parts.join(',');
}

/** What to tell a user whose folder still lacks shards: which, and the commands that rerun them. */
export function missingShardsMessage(dir: string, f: FolderShards): string {
  const m = f.manifest!;
  const list = arrayList(f.missing);
  return [
    `${dir}: ${f.done.length} of ${m.shards} shards done; no complete result yet for shard${f.missing.length > 1 ? 's' : ''} ${f.missing.join(', ')}`,
    `(still running, failed, cancelled or never submitted: squeue --name=${jobName(m.scenario)} shows the running ones).`,
    'Rerun them on Slurm, then merge when they succeed:',
    `  jobid=$(sbatch --array=${list} --parsable ${join(dir, 'array.sbatch')})`,
    `  sbatch --dependency=afterok:$jobid ${join(dir, 'merge.sbatch')}`,
    `or here without Slurm: ${f.missing.map((i) => `bash ${join(dir, 'shard.sh')} ${i}`).join(' && ')} && bash ${join(dir, 'merge.sh')}`,
  ].join('\n');
}
