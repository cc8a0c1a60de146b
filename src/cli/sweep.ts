import { existsSync } from 'node:fs';
import { Chalk } from 'chalk';
import type { Argv } from 'yargs';
import { numberOption } from './number-option.js';
import { renderSweep } from '../report/sweep-table.js';
import { sweepCsv } from '../report/sweep-csv.js';
import { colourFor } from '../report/colour.js';
import type { SweepReport } from '../sweep/aggregate.js';
import { defaultJobs } from '../sweep/run-pool.js';
import { SweepInputError } from '../sweep/sweep-input-error.js';
import { parseShard, sweep, sweepShard, type Shard } from '../sweep/sweep.js';
import { DEFAULT_SEEDS, planSweep, type SweepSpec } from '../sweep/sweep-plan.js';
import { readShardFile } from '../sweep/merge.js';
import { DEFAULT_SHARDS } from '../sweep/cluster-folder.js';
import type { SlurmOptions } from '../sweep/slurm-scripts.js';
import { slurmSweep, thisCastsim } from './sweep-slurm.js';
import { EXIT_FAILED_RUN, guard, UsageError } from './errors.js';
import { checkOutputs, reportStream, writeOutput, type CheckedOutputs } from './output-file.js';
import { pathOption, singleString } from './single-option.js';
import { ProgressBar } from './progress-bar.js';
import { resolveScenarioPath } from './scenario-path.js';
import { overridesFrom } from './scenario-options.js';
import { commandLines } from './commands.js';

/** Exit status after Ctrl-C, as shells report a process ended by SIGINT (128 + 2). */
export const EXIT_INTERRUPTED = 130;

interface SweepArgs {
  scenario: string; vary: string | string[]; seeds?: number; seedList?: string; jobs?: number; oversubscribe?: boolean; shard?: string;
  json?: boolean; csv?: string; html?: string; set?: string | string[]; until?: number; maxEvents?: number;
  out?: string; resume?: boolean;
  slurm?: string; shards?: number; partition?: string; cpusPerTask?: number; time?: string; submit?: boolean;
}

/** Sweep input problems are bad input: exit 2 with the message, like a bad scenario. */
export async function asUsage<T>(body: () => T | Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (err) {
    throw err instanceof SweepInputError ? new UsageError(err.message) : err;
  }
}

/** Print a finished (or interrupted) sweep report as the options ask. */
export async function writeReport(report: SweepReport, argv: { json?: boolean }, outputs: CheckedOutputs): Promise<void> {
  const stream = outputs.has('--out') ? null : reportStream(outputs);
  const text = argv.json ? `${JSON.stringify(report, null, 2)}\n` : `${renderSweep(report, stream ? colourFor(stream) : new Chalk({ level: 0 }))}\n`;
  printReport(text, outputs);
  // After the report, so it is never lost to a file that cannot be written.
  if (outputs.has('--csv')) writeOutput(outputs, '--csv', sweepCsv(report));
  if (outputs.has('--html')) {
    const { sweepHtml } = await import('../report/pictures/sweep-html.js');
    writeOutput(outputs, '--html', sweepHtml(report));
  }
  const capped = report.points.reduce((n, p) => n + Math.round((p.metrics.eventCap?.mean ?? 0) * p.runs), 0);
  if (capped > 0) {
    process.stderr.write(`castsim: ${capped} of ${report.points.reduce((n, p) => n + p.runs, 0)} runs stopped at maxEvents (see metric eventCap): their numbers are cut short. Raise it with --max-events or --set maxEvents=N.\n`);
    process.exitCode = EXIT_FAILED_RUN;
  }
}

/** The report to --out FILE (atomically), else to stdout (stderr when another output took stdout). */
export function printReport(text: string, outputs: CheckedOutputs): void {
  if (outputs.has('--out')) writeOutput(outputs, '--out', text);
  else reportStream(outputs).write(text);
}

function seedsFrom(argv: SweepArgs): number | number[] | undefined {
  if (argv.seedList !== undefined && argv.seeds !== undefined) throw new UsageError('give either --seeds N or --seed-list a,b,c, not both');
  if (argv.seedList === undefined) return argv.seeds;
  return String(argv.seedList).split(',').map((s, i) => {
    const t = s.trim();
    if (!/^\d+$/.test(t)) throw new UsageError(`--seed-list: seed ${i + 1} must be an integer ≥ 0, got '${t}'`);
    return Number(t);
  });
}

export const sweepCommand = {
  ...commandLines.sweep,
  builder: (y: Argv) =>
    y.positional('scenario', { type: 'string', describe: 'scenario file or bundled scenario name', demandOption: true })
      // Not `array: true`: that would swallow a scenario named after it (--vary a=1 my.yaml); repeats still collect.
      .option('vary', { type: 'string', demandOption: 'give at least one --vary path=v1,v2,...', describe: 'a field and its values: path=v1,v2,... or path=start:end:step (repeat for a grid)' })
      .option('seeds', numberOption('seeds', 'run every point with seeds 1..N [default: 10]'))
      .option('seed-list', singleString('seed-list', 'run every point with these seeds: 3,5,9'))
      .option('jobs', numberOption('jobs', `runs in parallel on worker threads, at most one per CPU [default: CPUs, here ${defaultJobs()}]`))
      .option('oversubscribe', { type: 'boolean', describe: 'let --jobs start more workers than there are CPUs' })
      .option('shard', singleString('shard', 'run only slice i of n (run r is in slice r mod n + 1) and print it as JSON for castsim merge'))
      .option('json', { type: 'boolean', describe: 'print the report as JSON (one row per point)' })
      .option('csv', pathOption('csv', 'also write the report as CSV to FILE (one line per point and metric); - for stdout (the report then goes to stderr)'))
      .option('html', pathOption('html', 'also write a self-contained HTML report (every metric against the varied field, 95% CI bars) to FILE'))
      .option('set', { type: 'string', describe: 'override a scenario field in every run: --set link.latency=5' })
      .option('until', numberOption('until', 'stop time in ms for every run'))
      .option('max-events', numberOption('max-events', 'stop a runaway run after this many events'))
      .option('out', pathOption('out', 'write the report (or the shard) to FILE instead of stdout, atomically: all or nothing'))
      .option('resume', { type: 'boolean', describe: 'with --shard and --out: do nothing when FILE already holds this shard, complete' })
      .option('slurm', { type: 'string', describe: 'write a Slurm job array for this sweep into folder DIR (see docs/cluster.md) instead of running it' })
      .option('shards', numberOption('shards', `with --slurm: array tasks, one shard each [default: the runs, at most ${DEFAULT_SHARDS}]`))
      .option('cpus-per-task', numberOption('cpus-per-task', 'with --slurm: CPUs per task, the --jobs of each shard [default: 1]'))
      .option('partition', { type: 'string', describe: 'with --slurm: the Slurm partition [default: the cluster\'s]' })
      .option('time', { type: 'string', describe: 'with --slurm: wall-clock limit per task, HH:MM:SS [default: the partition\'s]' })
      .option('submit', { type: 'boolean', describe: 'with --slurm: submit the array and its merge job with sbatch' })
      .example('castsim sweep flood-random-1k --vary link.loss=0:0.3:0.05 --seeds 20', 'delivery ratio against loss, 20 seeds per value')
      .example('castsim sweep my.yaml --vary protocol.fanout=1,2,3 --vary topology.nodes=100,1000 --csv out.csv', 'a 3 × 2 grid, also as CSV')
      .example('castsim sweep my.yaml --vary link.loss=0,0.1 --shard 2/8 --out s2.json', 'one slice of eight, for castsim merge')
      .example('castsim sweep my.yaml --vary link.loss=0:0.5:0.01 --seeds 500 --slurm loss --shards 50 --submit', 'a Slurm job array of 50 tasks, then a merge into loss/result.json'),
  handler: (argv: SweepArgs) => guard(() => asUsage(async () => {
    if (argv.jobs !== undefined && !(Number.isInteger(argv.jobs) && argv.jobs >= 1)) throw new UsageError(`--jobs must be an integer ≥ 1, got ${argv.jobs}`);
    const shard = argv.shard === undefined ? undefined : parseShard(argv.shard);
    if (shard && argv.csv) throw new UsageError('--csv does not apply to a shard: merge the shards, then write CSV with castsim merge FILE... --csv OUT');
    if (shard && argv.html) throw new UsageError('--html does not apply to a shard: merge the shards, then write HTML with castsim merge FILE... --html OUT');
    const outputs = checkOutputs({ '--out': argv.out, '--csv': argv.csv, '--html': argv.html });
    const spec = {
      scenario: resolveScenarioPath(argv.scenario),
      overrides: overridesFrom({ set: argv.set === undefined ? undefined : [argv.set].flat().map(String), until: argv.until, maxEvents: argv.maxEvents }),
      vary: [argv.vary].flat().map(String),
      seeds: seedsFrom(argv),
    };
    if (argv.slurm !== undefined) return slurmSweep(argv.slurm, { spec, seedArgs: seedArgs(argv), castsim: thisCastsim(), slurm: slurmOptions(argv) }, argv.submit === true);
    for (const flag of SLURM_ONLY) if (argv[flag] !== undefined) throw new UsageError(`--${kebab(flag)} goes with --slurm DIR`);
    if (argv.resume) {
      if (!shard || argv.out === undefined) throw new UsageError('--resume goes with --shard i/n and --out FILE: it skips a shard whose complete result FILE already holds');
      if (existsSync(argv.out) && alreadyDone(argv.out, spec, shard)) return;
    }

    const interrupt = new AbortController();
    const onSigint = () => { if (interrupt.signal.aborted) process.exit(EXIT_INTERRUPTED); interrupt.abort(); };
    process.on('SIGINT', onSigint);
    const bar = process.stderr.isTTY ? new ProgressBar(process.stderr, shard ? `sweep ${shard.index}/${shard.count}` : 'sweep') : null;
    let done = 0, total = 0;
    const opts = { jobs: workerCount(argv), signal: interrupt.signal, onProgress: (d: number, t: number) => { done = d; total = t; bar?.update(d, t); } };
    try {
      if (shard) {
        const out = await sweepShard(spec, shard, opts);
        bar?.clear();
        printReport(`${JSON.stringify(out)}\n`, outputs);
      } else {
        await writeReport(await sweep(spec, opts), argv, outputs);
      }
    } finally {
      bar?.clear();
      process.off('SIGINT', onSigint);
    }
    if (interrupt.signal.aborted) {
      process.stderr.write(`castsim: interrupted after ${done} of ${total} runs; printed what finished\n`);
      process.exitCode = EXIT_INTERRUPTED;
    }
  })),
};

/**
 * --jobs above the CPUs this process may use (os.availableParallelism(): the affinity
 * mask, so a Slurm task's --cpus-per-task) is capped there with a warning: every
 * worker holds a whole simulation in memory, and more workers than CPUs only queue
 * for them. --oversubscribe asks for the workers anyway.
 */
function workerCount(argv: SweepArgs): number | undefined {
  const cpus = defaultJobs();
  if (argv.jobs === undefined || argv.jobs <= cpus || argv.oversubscribe) return argv.jobs;
  process.stderr.write(`castsim: warning: --jobs ${argv.jobs} is more than the ${cpus} CPU${cpus === 1 ? '' : 's'} here; using ${cpus} (add --oversubscribe to start ${argv.jobs} workers anyway)\n`);
  return cpus;
}

const SLURM_ONLY = ['shards', 'cpusPerTask', 'partition', 'time', 'submit'] as const;
const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

function slurmOptions(argv: SweepArgs): SlurmOptions {
  for (const flag of ['shard', 'jobs', 'json', 'csv', 'out', 'resume'] as const) {
    if (argv[flag] !== undefined) throw new UsageError(`--${flag} does not go with --slurm: the folder's scripts choose each shard's slice, jobs and output`);
  }
  if (argv.slurm === '') throw new UsageError('--slurm needs a folder: --slurm DIR');
  return { shards: argv.shards, cpusPerTask: argv.cpusPerTask ?? 1, partition: argv.partition, time: argv.time };
}

/** The seed options as the shard script repeats them. */
function seedArgs(argv: SweepArgs): string[] {
  if (argv.seedList !== undefined) return ['--seed-list', String(argv.seedList)];
  return ['--seeds', String(argv.seeds ?? DEFAULT_SEEDS)];
}

/** --resume: true (and a note on stderr) when FILE already holds this shard of this sweep, complete. */
function alreadyDone(file: string, spec: SweepSpec, shard: Shard): boolean {
  const prev = readShardFile(file).shard;
  const sweepId = planSweep(spec).meta.sweep;
  if (prev.sweep !== sweepId || prev.shard.index !== shard.index || prev.shard.count !== shard.count) {
    throw new UsageError(`--out ${file}: holds shard ${prev.shard.index}/${prev.shard.count} of sweep ${prev.sweep.slice(0, 12)}, not shard ${shard.index}/${shard.count} of sweep ${sweepId.slice(0, 12)} — not overwritten; give another file`);
  }
  if (!prev.complete) return false;
  process.stderr.write(`castsim: shard ${shard.index}/${shard.count} is already complete in ${file}; skipped\n`);
  return true;
}
