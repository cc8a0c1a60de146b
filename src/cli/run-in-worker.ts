/**
 * Run one scenario on a worker thread (run-worker.ts), its trace written to an open
 * descriptor. The caller keeps the output file: it commits or discards it, and its
 * signal handlers stay responsive while the run goes on.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Scenario } from '../scenario/types.js';
import type { RunOutcome, RunRequest } from './run-scenario.js';
import type { RunWorkerReply, RunWorkerTask } from './run-worker.js';

/** The compiled worker script, beside this module in dist/cli/ or dist/bundle/ (from TypeScript source, as in tests: ../../dist/cli/). */
function workerScript(): string {
  const here = fileURLToPath(import.meta.url);
  const script = here.endsWith('.ts') ? resolve(dirname(here), '../../dist/cli/run-worker.js') : join(dirname(here), 'run-worker.js');
  if (!existsSync(script)) throw new Error(`the worker script ${script} is missing — build castsim first (npm run build)`);
  return script;
}

export function runInWorker(scenario: Scenario, request: RunRequest, traceFd: number, onTraceWarning: (bytes: number) => void): Promise<RunOutcome> {
  const task: RunWorkerTask = { scenario, request, traceFd };
  return new Promise((resolveRun, reject) => {
    const worker = new Worker(workerScript(), { workerData: task });
    let settled = false;
    const settle = (f: () => void) => { if (!settled) { settled = true; f(); } };
    worker.on('message', (reply: RunWorkerReply) => {
      if (reply.kind === 'warning') onTraceWarning(reply.bytes);
      else if (reply.kind === 'done') settle(() => resolveRun(reply.outcome));
      else settle(() => reject(new Error(reply.message)));
    });
    worker.on('error', (err) => settle(() => reject(new Error((err as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY'
      ? 'the run ran out of memory (JavaScript heap)' : err.message))));
    worker.on('exit', (code) => settle(() => reject(new Error(`the run's worker stopped unexpectedly (exit code ${code})`))));
  });
}
