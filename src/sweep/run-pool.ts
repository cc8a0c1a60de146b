/**
 * Execute a list of sweep runs, in this thread (jobs = 1) or on worker threads.
 * Results are keyed by run number, so the order in which workers finish never
 * shows in the output. An abort signal stops dispatching and terminates the
 * workers (runs in flight are dropped); the runs that finished are returned.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describeRun, runOverrides, type SweepPlan } from './sweep-plan.js';
import { executeRun, type RunValues } from './sweep-run.js';
import type { WorkerReply, WorkerTask } from './sweep-worker.js';

export interface ExecuteOptions {
  /** Runs at once: 1 runs in this thread; more use worker threads. Default: the number of CPUs. */
  jobs?: number;
  /** Stop early: dispatch no more runs and abandon those in flight. */
  signal?: AbortSignal;
  /** Called after each finished run. */
  onProgress?: (done: number, total: number) => void;
}

/** Run number → values, for the runs that finished. */
export type RunResults = Map<number, RunValues>;

export function defaultJobs(): number {
  return availableParallelism();
}

/**
 * The compiled worker script. Workers always load JavaScript from dist/: when this
 * module runs from TypeScript source (tests), that is ../../dist/sweep/; otherwise the
 * file beside this one, in dist/sweep/ or in the bundled CLI's dist/bundle/
 * (tools/bundle-cli.mjs bundles each worker under its own name).
 */
export function workerScript(): string {
  const here = fileURLToPath(import.meta.url);
  const script = here.endsWith('.ts')
    ? resolve(dirname(here), '../../dist/sweep/sweep-worker.js')
    : join(dirname(here), 'sweep-worker.js');
  if (!existsSync(script)) throw new Error(`the sweep worker script ${script} is missing — build castsim first (npm run build), or use jobs: 1`);
  return script;
}

export async function executeRuns(plan: SweepPlan, runs: readonly number[], opts: ExecuteOptions = {}): Promise<RunResults> {
  const jobs = Math.max(1, Math.min(opts.jobs ?? defaultJobs(), runs.length));
  return jobs === 1 ? inThisThread(plan, runs, opts) : inWorkers(plan, runs, jobs, opts);
}

async function inThisThread(plan: SweepPlan, runs: readonly number[], opts: ExecuteOptions): Promise<RunResults> {
  const results: RunResults = new Map();
  for (const run of runs) {
    // Yield between runs so a signal handler (Ctrl-C) gets its turn.
    await new Promise((r) => setImmediate(r));
    if (opts.signal?.aborted) break;
    try {
      results.set(run, await executeRun(plan.source, runOverrides(plan, run)));
    } catch (err) {
      throw new Error(`${describeRun(plan, run)} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
    opts.onProgress?.(results.size, runs.length);
  }
  return results;
}

function inWorkers(plan: SweepPlan, runs: readonly number[], jobs: number, opts: ExecuteOptions): Promise<RunResults> {
  const script = workerScript();
  return new Promise((resolveAll, reject) => {
    const results: RunResults = new Map();
    const workers: Worker[] = [];
    let next = 0, settled = false;

    const finish = (err?: Error) => {
      if (settled) return;
      settled = true;
      opts.signal?.removeEventListener('abort', onAbort);
      void Promise.all(workers.map((w) => w.terminate())).then(() => (err ? reject(err) : resolveAll(results)), reject);
    };
    const onAbort = () => finish();
    const dispatch = (w: Worker) => {
      if (settled) return;
      if (next < runs.length) {
        const run = runs[next++]!;
        const task: WorkerTask = { run, overrides: runOverrides(plan, run) };
        w.postMessage(task);
      } else if (results.size === runs.length) {
        finish();
      }
    };

    for (let i = 0; i < jobs; i++) {
      const w = new Worker(script, { workerData: { source: plan.source } });
      w.on('message', (reply: WorkerReply) => {
        if (settled) return;
        if ('error' in reply) return finish(new Error(`${describeRun(plan, reply.run)} failed: ${reply.error}`));
        results.set(reply.run, reply.values);
        opts.onProgress?.(results.size, runs.length);
        dispatch(w);
      });
      w.on('error', (err) => finish(new Error(`a sweep worker failed: ${err.message}`)));
      w.on('exit', (code) => { if (!settled) finish(new Error(`a sweep worker stopped unexpectedly (exit code ${code})`)); });
      workers.push(w);
      dispatch(w);
    }
    if (opts.signal?.aborted) onAbort();
    else opts.signal?.addEventListener('abort', onAbort, { once: true });
  });
}
