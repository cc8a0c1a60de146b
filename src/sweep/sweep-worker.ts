/**
 * A sweep worker thread: receives runs ({run, overrides}) one at a time and
 * answers with the run's numeric values, or the error message if it failed.
 * Started by run-pool.ts from the compiled file in dist/. A scenario's
 * `protocol.module` is imported here by the worker itself (plug-ins cannot be
 * sent between threads).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { executeRun } from './sweep-run.js';
import type { SweepSource } from './sweep-plan.js';

export interface WorkerTask { run: number; overrides: string[] }
export type WorkerReply = { run: number; values: Record<string, number | null> } | { run: number; error: string };

const source = (workerData as { source: SweepSource }).source;

parentPort!.on('message', async (task: WorkerTask) => {
  let reply: WorkerReply;
  try {
    reply = { run: task.run, values: await executeRun(source, task.overrides) };
  } catch (err) {
    reply = { run: task.run, error: err instanceof Error ? err.message : String(err) };
  }
  parentPort!.postMessage(reply);
});
