/**
 * A sweep frozen into a folder for a cluster: the scenario as it will run (after
 * `--set`, with the files it names copied or pinned), one shard script, Slurm
 * batch scripts for an array job and its merge, a no-Slurm runner, and a manifest
 * (`sweep.json`) that `castsim merge DIR` reads to know which shards to expect.
 *
 *   DIR/sweep.json             identity, shard count, what was asked
 *   DIR/scenario/NAME.yaml     the frozen scenario (+ a copied edge list)
 *   DIR/shard.sh  merge.sh  run-local.sh  array.sbatch  merge.sbatch
 *   DIR/shards/I.json          shard I's result, written atomically when it finishes
 *   DIR/logs/                  Slurm's output per task
 *   DIR/result.json, result.csv   written by the merge
 *
 * The folder is written beside DIR under a temporary name, checked by planning the
 * sweep from it, then renamed into place: an error leaves nothing half-written.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, normalize, resolve } from 'node:path';
import { stringify } from 'yaml';
import { planSweep, sweepIdentity, type SweepPlan, type SweepSpec } from './sweep-plan.js';
import { SweepInputError } from './sweep-input-error.js';
import { arraySbatch, mergeSbatch, mergeScript, runLocalScript, shardScript, type ScriptInputs, type SlurmOptions } from './slurm-scripts.js';

export const MANIFEST = 'sweep.json';
/** Array tasks when --shards is not given (fewer when the sweep has fewer runs). */
export const DEFAULT_SHARDS = 10;

/** What `sweep.json` holds. */
export interface ClusterManifest {
  format: 'castsim-sweep-folder';
  version: 1;
  /** The identity every shard file must carry (that of the frozen scenario). */
  sweep: string;
  scenario: string;
  runs: number;
  shards: number;
  vary: string[];
  seeds: number[];
  slurm: { cpusPerTask: number; partition?: string; time?: string };
}

export interface ClusterFolderRequest {
  spec: SweepSpec & { scenario: string };
  /** `--seeds N` or `--seed-list ...` as given, repeated in the shard script. */
  seedArgs: readonly string[];
  slurm: SlurmOptions;
  /** How to start this castsim: [node, main.js]. */
  castsim: readonly string[];
}

/** A file of the folder: its text (or bytes) and whether it is a script. */
interface FolderFile { data: string | Buffer; executable?: boolean }

/** Paths in a scenario that name files, resolved against the scenario's folder. */
const FILE_FIELDS = [['topology', 'file'], ['protocol', 'module']] as const;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The scenario as the cluster will run it. An edge list is copied into the folder
 * (so editing it later cannot change the shards); kept under its own relative path
 * when that stays inside, so the sweep identity is unchanged. A protocol module is
 * pinned to its absolute path instead: it may import files beside it.
 */
function freeze(plan: SweepPlan, files: Map<string, FolderFile>): Record<string, unknown> {
  const raw = structuredClone(plan.source.raw);
  for (const [block, field] of FILE_FIELDS) {
    const holder = raw[block];
    if (!isRecord(holder) || typeof holder[field] !== 'string') continue;
    const given = holder[field] as string;
    const source = resolve(plan.source.baseDir, given);
    if (field === 'module') {
      if (!isAbsolute(given)) holder[field] = source;
      continue;
    }
    const inside = !isAbsolute(given) && !normalize(given).startsWith('..');
    const rel = inside ? normalize(given) : basename(given);
    if (!inside) holder[field] = rel;
    let data: Buffer;
    try {
      data = readFileSync(source);
    } catch (err) {
      throw new SweepInputError(`${plan.source.file}: ${block}.${field} ${given}: cannot read ${source} (${(err as Error).message})`);
    }
    files.set(join('scenario', rel), { data });
  }
  return raw;
}

export function slurmInputsValid(o: SlurmOptions, dir: string): void {
  if (/[\s'"\\$`]/.test(dir)) throw new SweepInputError(`--slurm ${dir}: Slurm's #SBATCH lines cannot hold this path (spaces, quotes, $ or \\) — choose a plainer folder name`);
  if (o.shards !== undefined && (!Number.isInteger(o.shards) || o.shards < 1)) throw new SweepInputError(`--shards must be an integer ≥ 1, got ${o.shards}`);
  if (!Number.isInteger(o.cpusPerTask) || o.cpusPerTask < 1) throw new SweepInputError(`--cpus-per-task must be an integer ≥ 1, got ${o.cpusPerTask}`);
  if (o.partition !== undefined && !/^[\w.,-]+$/.test(o.partition)) throw new SweepInputError(`--partition ${o.partition}: expected a partition name (letters, digits, _ . , -)`);
  if (o.time !== undefined && !/^(\d+-)?\d+(:\d{1,2}){0,2}$/.test(o.time)) throw new SweepInputError(`--time ${o.time}: expected HH:MM:SS, MM, or D-HH:MM:SS as sbatch takes it`);
}

/** Every file of the folder, by path relative to it, and the manifest. */
export function clusterFolderFiles(dir: string, req: ClusterFolderRequest): { files: Map<string, FolderFile>; manifest: ClusterManifest; scenario: string } {
  const abs = resolve(dir);
  slurmInputsValid(req.slurm, abs);
  for (const v of req.spec.vary) {
    const path = v.split('=')[0]!.trim();
    if (FILE_FIELDS.some(([b, f]) => path === `${b}.${f}`)) throw new SweepInputError(`--vary ${path}: a cluster folder freezes one ${path}; vary it in separate sweeps`);
  }
  const plan = planSweep(req.spec);
  const shards = req.slurm.shards ?? Math.min(plan.meta.runs, DEFAULT_SHARDS);
  if (shards > plan.meta.runs) {
    throw new SweepInputError(`--shards ${shards} is more than the ${plan.meta.runs} runs of this sweep — use at most ${plan.meta.runs}`);
  }
  const files = new Map<string, FolderFile>();
  const raw = freeze(plan, files);
  const stem = basename(req.spec.scenario, extname(req.spec.scenario));
  const scenario = join('scenario', `${stem}.yaml`);
  files.set(scenario, { data: `# Frozen by castsim sweep --slurm from ${resolve(req.spec.scenario)}\n${stringify(raw)}` });
  const manifest: ClusterManifest = {
    format: 'castsim-sweep-folder', version: 1,
    sweep: sweepIdentity(raw, plan.axes, plan.meta.seeds, plan.modules),
    scenario: plan.meta.scenario,
    runs: plan.meta.runs,
    shards,
    vary: [...req.spec.vary],
    seeds: plan.meta.seeds,
    slurm: { cpusPerTask: req.slurm.cpusPerTask, partition: req.slurm.partition, time: req.slurm.time },
  };
  files.set(MANIFEST, { data: `${JSON.stringify(manifest, null, 2)}\n` });
  const x: ScriptInputs = { dir: abs, name: plan.meta.scenario, scenario, vary: req.spec.vary, seedArgs: req.seedArgs, castsim: req.castsim, slurm: { ...req.slurm, shards } };
  files.set('shard.sh', { data: shardScript(x), executable: true });
  files.set('merge.sh', { data: mergeScript(x), executable: true });
  files.set('run-local.sh', { data: runLocalScript(x), executable: true });
  files.set('array.sbatch', { data: arraySbatch(x) });
  files.set('merge.sbatch', { data: mergeSbatch(x) });
  return { files, manifest, scenario };
}

function sameBytes(path: string, data: string | Buffer): boolean {
  try {
    return readFileSync(path).equals(typeof data === 'string' ? Buffer.from(data) : data);
  } catch {
    return false;
  }
}

/**
 * Write the folder. An empty or absent DIR is filled; a DIR that already holds this
 * very sweep (every file identical) is left as it is — its finished shards are kept —
 * and 'existing' is returned; anything else is refused, never overwritten.
 */
export function writeClusterFolder(dir: string, req: ClusterFolderRequest): { manifest: ClusterManifest; state: 'written' | 'existing' } {
  const { files, manifest, scenario } = clusterFolderFiles(dir, req);
  const abs = resolve(dir);
  let entries: string[] = [];
  if (existsSync(abs)) {
    if (!statSync(abs).isDirectory()) throw new SweepInputError(`--slurm ${dir}: is a file, not a folder`);
    entries = readdirSync(abs);
  }
  if (entries.length > 0) {
    const differ = [...files].filter(([rel, f]) => !sameBytes(join(abs, rel), f.data)).map(([rel]) => rel);
    if (differ.length === 0) return { manifest, state: 'existing' };
    const why = !existsSync(join(abs, MANIFEST))
      ? 'it is not a castsim sweep folder'
      : differ.includes(MANIFEST)
        ? 'it holds another sweep (a different scenario, --set, --vary, seeds, --shards or Slurm options)'
        : `its ${differ.join(', ')} differ from what this command writes (another castsim installation?)`;
    throw new SweepInputError(`--slurm ${dir}: the folder is not empty and ${why} — choose a new folder, or remove this one to start over`);
  }
  if (!existsSync(dirname(abs))) throw new SweepInputError(`--slurm ${dir}: cannot create it — the folder ${dirname(abs)} does not exist`);

  const staging = `${abs}.partial-${process.pid}`;
  try {
    for (const [rel, f] of files) {
      mkdirSync(dirname(join(staging, rel)), { recursive: true });
      writeFileSync(join(staging, rel), f.data, { mode: f.executable ? 0o755 : 0o644 });
    }
    mkdirSync(join(staging, 'shards'));
    mkdirSync(join(staging, 'logs'));
    // The frozen scenario must plan exactly as the original did (files found, same points).
    const check = planSweep({ scenario: join(staging, scenario), vary: req.spec.vary, seeds: manifest.seeds });
    if (check.meta.sweep !== manifest.sweep || check.meta.runs !== manifest.runs) {
      throw new Error(`the frozen scenario in ${dir} plans a different sweep than the original — please report this`);
    }
    if (existsSync(abs)) rmdirSync(abs); // empty, checked above
    renameSync(staging, abs);
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code === 'ENOSPC') {
      throw new SweepInputError(`--slurm ${dir}: cannot write the folder there (${code}: ${(err as Error).message})`);
    }
    throw err;
  }
  return { manifest, state: 'written' };
}
