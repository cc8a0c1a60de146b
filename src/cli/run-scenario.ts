/**
 * What `castsim run` does with a loaded scenario: one simulation with the observers
 * the options ask for (progress, pictures) and the trace written to a sink. Shared by
 * the main thread and run-worker.ts, so a run on a worker thread is the same run.
 */
import type { LamportCap } from '../observe/lamport-recorder.js';
import type { TraceSink } from '../observe/trace-file.js';
import type { Scenario } from '../scenario/types.js';
import { scenarioProtocols } from '../scenario/protocol-module.js';
import { simulate, type RunResult } from '../simulation/simulate.js';
import { RunProgress } from './run-progress.js';

/** A trace this large earns a warning on stderr. */
export const WARN_TRACE_BYTES = 1e9;

export interface RunRequest {
  /** Build the HTML report. */
  html: boolean;
  /** Build the space-time diagram, capped so. */
  lamport?: LamportCap;
  /** Draw a progress line on stderr (a terminal). */
  progress: boolean;
  maxTraceBytes: number;
}

export interface RunOutcome { result: RunResult; html: string | null; lamport: string | null }

export async function runScenario(scenario: Scenario, req: RunRequest, trace: TraceSink | undefined, onTraceWarning: (bytes: number) => void): Promise<RunOutcome> {
  const progress = req.progress ? new RunProgress(process.stderr) : null;
  const observers = progress ? [progress] : [];
  // Loaded in whichever thread runs it: plug-ins cannot be sent between threads.
  const protocols = await scenarioProtocols(scenario);
  const traceOptions = { trace, maxTraceBytes: req.maxTraceBytes, warnTraceBytes: WARN_TRACE_BYTES, onTraceWarning, protocols };
  try {
    if (req.html || req.lamport) {
      // Loaded only when asked for: the chart library costs start-up time every other run would pay.
      const { simulateWithPictures } = await import('../report/pictures/picture-run.js');
      return simulateWithPictures(scenario, { ...traceOptions, html: req.html, lamport: req.lamport, observers });
    }
    return { result: simulate(scenario, { ...traceOptions, observers }), html: null, lamport: null };
  } finally {
    progress?.clear();
  }
}
