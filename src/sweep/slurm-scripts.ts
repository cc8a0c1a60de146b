/**
 * The scripts of a cluster sweep folder, as text. Each shard runs the public
 * `castsim sweep ... --shard i/K --out FILE --resume` command, so a reader of
 * the folder sees exactly what the cluster runs. `shard.sh`, `merge.sh` and
 * `run-local.sh` find the folder from their own location; the two Slurm batch
 * scripts name it by absolute path, because Slurm runs a copy of them.
 */

export interface SlurmOptions {
  /** Slurm array tasks, one shard each. Default: the runs, at most DEFAULT_SHARDS. */
  shards?: number;
  cpusPerTask: number;
  partition?: string;
  /** Wall-clock limit per task, HH:MM:SS (or any form sbatch's --time takes). */
  time?: string;
}

export interface ScriptInputs {
  /** Absolute path of the sweep folder. */
  dir: string;
  /** A short name for the jobs (the scenario's name). */
  name: string;
  /** Frozen scenario path relative to the folder. */
  scenario: string;
  /** `--vary` texts, as given. */
  vary: readonly string[];
  /** `--seeds N` or `--seed-list a,b` as arguments. */
  seedArgs: readonly string[];
  /** How to start castsim here: [node binary, main.js]. */
  castsim: readonly string[];
  slurm: SlurmOptions & { shards: number };
}

/** Quote a word for bash: single quotes, with each ' written as '\''. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

const HERE = 'DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)';

function castsimFunction(castsim: readonly string[]): string[] {
  return [
    '# The castsim that wrote this folder; set CASTSIM=castsim (or a path) to run another.',
    `castsim() { if [ -n "\${CASTSIM:-}" ]; then "$CASTSIM" "$@"; else ${castsim.map(shellQuote).join(' ')} "$@"; fi; }`,
  ];
}

export function shardScript(x: ScriptInputs): string {
  const args = [
    ...x.vary.flatMap((v) => ['--vary', shellQuote(v)]),
    ...x.seedArgs.map(shellQuote),
  ].join(' ');
  return [
    '#!/usr/bin/env bash',
    `# Shard I of ${x.slurm.shards}: bash shard.sh I [JOBS]. Writes shards/I.json atomically when the`,
    '# shard is done; a shard whose complete result is already there is skipped.',
    'set -euo pipefail',
    HERE,
    ...castsimFunction(x.castsim),
    `i=\${1:?usage: bash shard.sh I [JOBS] with I from 1 to ${x.slurm.shards}}`,
    'jobs=${2:-1}',
    `castsim sweep "$DIR/${x.scenario}" ${args} \\`,
    `  --shard "$i/${x.slurm.shards}" --jobs "$jobs" --out "$DIR/shards/$i.json" --resume`,
    '',
  ].join('\n');
}

export function mergeScript(x: ScriptInputs): string {
  return [
    '#!/usr/bin/env bash',
    '# Merge the shards into result.json and result.csv; names the shards still missing.',
    'set -euo pipefail',
    HERE,
    ...castsimFunction(x.castsim),
    'castsim merge "$DIR" --json --out "$DIR/result.json" --csv "$DIR/result.csv"',
    '',
  ].join('\n');
}

export function runLocalScript(x: ScriptInputs): string {
  return [
    '#!/usr/bin/env bash',
    `# Every shard on this machine, one after another with all its cores, then the merge:`,
    '# what the Slurm jobs do, without Slurm. Shards already complete are skipped.',
    'set -euo pipefail',
    HERE,
    'jobs=$(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN)',
    `for i in $(seq 1 ${x.slurm.shards}); do bash "$DIR/shard.sh" "$i" "$jobs"; done`,
    'bash "$DIR/merge.sh"',
    '',
  ].join('\n');
}

function common(x: ScriptInputs): string[] {
  return [
    ...(x.slurm.partition !== undefined ? [`#SBATCH --partition=${x.slurm.partition}`] : []),
    ...(x.slurm.time !== undefined ? [`#SBATCH --time=${x.slurm.time}`] : []),
    // Append, so the log of a resubmitted task follows the failed one's.
    '#SBATCH --open-mode=append',
  ];
}

export function arraySbatch(x: ScriptInputs): string {
  return [
    '#!/bin/bash',
    `#SBATCH --job-name=${jobName(x.name)}`,
    `#SBATCH --array=1-${x.slurm.shards}`,
    `#SBATCH --cpus-per-task=${x.slurm.cpusPerTask}`,
    `#SBATCH --output=${x.dir}/logs/shard-%a.log`,
    ...common(x),
    '# One shard per array task, on the CPUs Slurm gives it. Rerun some: sbatch --array=3,7 THIS_FILE',
    `exec bash ${shellQuote(`${x.dir}/shard.sh`)} "$SLURM_ARRAY_TASK_ID" "\${SLURM_CPUS_PER_TASK:-1}"`,
    '',
  ].join('\n');
}

export function mergeSbatch(x: ScriptInputs): string {
  return [
    '#!/bin/bash',
    `#SBATCH --job-name=${jobName(x.name)}-merge`,
    '#SBATCH --cpus-per-task=1',
    `#SBATCH --output=${x.dir}/logs/merge.log`,
    ...common(x),
    // If a shard fails, afterok can never be met: drop this job instead of leaving it pending.
    '#SBATCH --kill-on-invalid-dep=yes',
    '# Submit with --dependency=afterok:<array job id>.',
    `exec bash ${shellQuote(`${x.dir}/merge.sh`)}`,
    '',
  ].join('\n');
}

/** A job name Slurm and shells take as one word. */
export function jobName(scenario: string): string {
  return `castsim-${scenario.replace(/[^\w.-]+/g, '_').slice(0, 40)}`;
}
