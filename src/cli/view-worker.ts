/**
 * Runs one scenario for `castsim view` on a worker thread, so the server keeps
 * streaming its events to the page while the run goes on.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ViewStream } from '../report/viewer/view-source.js';
import { loadScenario } from '../scenario/load.js';
import { simulate } from '../simulation/simulate.js';

const { path, overrides } = workerData as { path: string; overrides: string[] };
const post = (m: unknown) => parentPort!.postMessage(m);
try {
  const stream = new ViewStream(post);
  const result = simulate(loadScenario(path, { overrides }), { observers: [stream] });
  stream.flush();
  post({ type: 'end', time: result.time, events: result.events, kept: stream.kept, truncated: stream.truncated });
} catch (err) {
  post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
}
