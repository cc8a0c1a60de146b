/**
 * A worker thread for `castsim run --trace FILE`: runs the scenario and writes the
 * trace to a descriptor the main thread opened (the output file's temporary). A
 * simulation is one synchronous loop, so while it runs in the main thread no signal
 * handler can run; here the main thread stays free to remove the unfinished trace
 * on Ctrl-C. Started by run-in-worker.ts from the compiled file in dist/.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { writeAll } from '../io/output-file.js';
import type { Scenario } from '../scenario/types.js';
import { runScenario, type RunOutcome, type RunRequest } from './run-scenario.js';

export interface RunWorkerTask { scenario: Scenario; request: RunRequest; traceFd: number }
export type RunWorkerReply =
  | { kind: 'warning'; bytes: number }
  | { kind: 'done'; outcome: RunOutcome }
  | { kind: 'error'; message: string };

const task = workerData as RunWorkerTask;
const sink = { write: (text: string) => writeAll(task.traceFd, Buffer.from(text, 'utf8')) };
try {
  const outcome = await runScenario(task.scenario, task.request, sink, (bytes) => parentPort!.postMessage({ kind: 'warning', bytes } satisfies RunWorkerReply));
  parentPort!.postMessage({ kind: 'done', outcome } satisfies RunWorkerReply);
} catch (err) {
  parentPort!.postMessage({ kind: 'error', message: err instanceof Error ? err.message : String(err) } satisfies RunWorkerReply);
}
