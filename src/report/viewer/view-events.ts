import type { TraceEvent } from '../../api/trace.js';
import type { RequestDetail } from '../../observe/delivery-metrics.js';
import type { TraceLine } from '../../observe/trace-file.js';

/**
 * The viewer's wire format: one compact array per event, [t, code, node, peer,
 * msg, kind, extra], so a page can hold a few hundred thousand of them. Codes:
 * q request (extra = number of expected recipients), s send, r receive, x drop,
 * d deliver, c crash, u recover. `kind` indexes the kinds list sent alongside.
 */
export type WireEvent = [number, string, number, number, number, number, number];

const CODES: Partial<Record<TraceEvent['type'], string>> = { request: 'q', send: 's', receive: 'r', drop: 'x', deliver: 'd', crash: 'c', recover: 'u' };

/** Turns trace events (live, from the bus, or read back from a .jsonl file) into wire events. */
export class WireEncoder {
  readonly kinds: string[] = [];
  private readonly kindIndex = new Map<string, number>();

  private kind(label: string | undefined): number {
    if (!label) return -1;
    let i = this.kindIndex.get(label);
    if (i === undefined) { i = this.kinds.length; this.kinds.push(label); this.kindIndex.set(label, i); }
    return i;
  }

  /** From a live trace event; null for events the viewer does not show (timers, membership, partitions). */
  fromEvent(e: TraceEvent): WireEvent | null {
    const code = CODES[e.type];
    if (!code) return null;
    const extra = e.type === 'request' ? (e.detail as RequestDetail).expected.length : 0;
    return [e.t, code, e.node, e.peer, e.msg, e.type === 'request' || e.type === 'deliver' ? -1 : this.kind(e.label), extra];
  }

  /** From a trace file line. */
  fromLine(l: TraceLine): WireEvent | null {
    const code = CODES[l.type];
    if (!code) return null;
    const extra = l.type === 'request' ? (l.expected?.length ?? 0) : 0;
    return [l.t, code, l.node, l.peer ?? -1, l.msg ?? -1, l.type === 'request' || l.type === 'deliver' ? -1 : this.kind(l.label), extra];
  }
}
