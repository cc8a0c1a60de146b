import type { Observer, TraceEvent } from '../api/trace.js';

/** One event a space-time diagram draws. */
export interface SpaceTimeEvent { type: 'send' | 'drop' | 'receive' | 'deliver' | 'crash' | 'recover'; t: number; node: number; peer: number; msg: number; label: string }

const DRAWN = new Set(['send', 'drop', 'receive', 'deliver', 'crash', 'recover']);

export interface LamportCap {
  /** Keep at most this many events (the first ones, in order). */
  maxEvents: number;
  /** Keep only events with from ≤ t ≤ to (ms). */
  window?: { from: number; to: number };
}

/**
 * Keeps the first events of a run (or those of a time window) for a space-time
 * diagram, and counts what it left out, so the picture can say where it stops.
 */
export class LamportRecorder implements Observer {
  readonly events: SpaceTimeEvent[] = [];
  /** Events of the drawn kinds that matched the window but fell past the cap. */
  leftOut = 0;
  /** Events of the drawn kinds outside the window. */
  outsideWindow = 0;

  constructor(readonly cap: LamportCap) {}

  event(e: TraceEvent): void {
    if (!DRAWN.has(e.type)) return;
    const w = this.cap.window;
    if (w && (e.t < w.from || e.t > w.to)) { this.outsideWindow++; return; }
    if (this.events.length >= this.cap.maxEvents) { this.leftOut++; return; }
    this.events.push({ type: e.type as SpaceTimeEvent['type'], t: e.t, node: e.node, peer: e.peer, msg: e.msg, label: e.label });
  }
}
