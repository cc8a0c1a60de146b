import type { FaultState } from '../network/fault-state.js';
import type { TraceBus } from '../observe/trace-bus.js';
import type { FaultSpec } from '../scenario/types.js';

/** What a scripted fault touches in a run, whichever transport carries it. */
export interface FaultEffects {
  readonly faults: FaultState;
  readonly bus: TraceBus;
  /** Bumped on a crash: timers set before it are gone. */
  readonly timerEpoch: Int32Array;
  /** Called for a node that just crashed (after its epoch moved, before the trace event). */
  crashed?(node: number): void;
  /** Called for a node that just recovered, after the trace event: its Process's recover hook. */
  recovered(node: number): void;
}

/**
 * Apply one scripted fault at time `t`: crash, recover, partition or heal, with its trace
 * events. One definition for the simulator and the socket transport, which must agree on
 * what a crash cancels and in which order the events appear.
 */
export function applyFault(f: FaultSpec, t: number, run: FaultEffects): void {
  if ('crash' in f) {
    for (const v of f.crash) {
      if (run.faults.crash(v, t)) { run.timerEpoch[v]!++; run.crashed?.(v); run.bus.emit('crash', t, v); }
    }
  } else if ('recover' in f) {
    for (const v of f.recover) {
      if (run.faults.recover(v)) { run.bus.emit('recover', t, v); run.recovered(v); }
    }
  } else if ('partition' in f) {
    run.faults.partition(f.partition);
    run.bus.emit('partition', t, -1, -1, -1, -1, -1, '', f.partition);
  } else {
    run.faults.heal();
    run.bus.emit('heal', t, -1);
  }
}
