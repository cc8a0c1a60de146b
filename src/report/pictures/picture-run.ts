import { LamportRecorder, type LamportCap } from '../../observe/lamport-recorder.js';
import { RunPictureObserver } from '../../observe/run-picture.js';
import type { Observer } from '../../api/trace.js';
import type { Scenario } from '../../scenario/types.js';
import { buildTopology, simulate, type RunResult, type SimulateOptions } from '../../simulation/simulate.js';
import { lamportSvg } from './lamport.js';
import { runHtml } from './run-html.js';
import { layoutTopology } from './topology-layout.js';
import { DRAW_NODE_LIMIT } from './drawing-limits.js';

export interface PictureRunOptions extends Pick<SimulateOptions, 'trace' | 'maxTraceBytes' | 'warnTraceBytes' | 'onTraceWarning'> {
  /** Build the HTML report. */
  html?: boolean;
  /** Build the space-time diagram, capped so. */
  lamport?: LamportCap;
  observers?: readonly Observer[];
  /** Plug-ins of the user's own, as `simulate` takes them. */
  protocols?: SimulateOptions['protocols'];
}

export interface PictureRun { result: RunResult; html: string | null; lamport: string | null }

/**
 * One run with the observers its pictures need: `castsim run --html/--lamport`.
 * The topology is built once and handed to the run, so the drawing shows the very
 * graph the run used.
 */
export function simulateWithPictures(scenario: Scenario, opts: PictureRunOptions): PictureRun {
  const topology = buildTopology(scenario);
  const picture = opts.html ? new RunPictureObserver(topology.nodes, DRAW_NODE_LIMIT) : null;
  const recorder = opts.lamport ? new LamportRecorder(opts.lamport) : null;
  const observers = [...(opts.observers ?? []), ...(picture ? [picture] : []), ...(recorder ? [recorder] : [])];
  const result = simulate(scenario, { trace: opts.trace, maxTraceBytes: opts.maxTraceBytes, warnTraceBytes: opts.warnTraceBytes, onTraceWarning: opts.onTraceWarning, topology, observers, protocols: opts.protocols });
  let html: string | null = null;
  if (picture) {
    const layout = topology.nodes <= DRAW_NODE_LIMIT ? layoutTopology(topology, scenario.topology, scenario.seed) : null;
    html = runHtml({ result, picture: picture.result(), topology, layout });
  }
  const lamport = recorder
    ? lamportSvg({ events: recorder.events, cap: recorder.cap, leftOut: recorder.leftOut, outsideWindow: recorder.outsideWindow, title: `${result.scenario}: ${result.protocol}, seed ${result.seed}` })
    : null;
  return { result, html, lamport };
}
