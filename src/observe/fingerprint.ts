import { createHash, type Hash } from 'node:crypto';
import type { Observer, TraceEvent, TraceEventType } from '../api/trace.js';

/** Each event type's number in the fingerprint (part of its definition: never renumber). */
export const EVENT_CODE: Readonly<Record<TraceEventType, number>> = {
  request: 1, send: 2, drop: 3, receive: 4, deliver: 5, timer: 6,
  crash: 7, recover: 8, partition: 9, heal: 10, join: 11, leave: 12,
};
const FIELDS = 7;
// Small enough to stay in the L1/L2 cache between writes and hashing (the digest does not depend on it).
const BATCH = 512;

/**
 * sha256 over the canonical event sequence: each event as seven float64 fields
 * (type, time, node, peer, link, message, hops) plus its label, hashed in batches
 * so a million-event run pays little. Labels are interned; each new label's text
 * enters the hash when first seen, so the digest depends only on the events.
 */
export class Fingerprint implements Observer {
  private readonly hash: Hash = createHash('sha256');
  private readonly buf = new Float64Array(BATCH * FIELDS);
  private readonly labels = new Map<string, number>();
  // The last two labels seen and their numbers: most events repeat one of them (a flood's
  // receipts and sends carry its kind, its deliveries none), so the map is rarely asked.
  private lastLabel = '';
  private lastLabelNumber = -1;
  private otherLabel = '';
  private otherLabelNumber = -1;
  private n = 0;
  private digest: string | null = null;

  event(e: TraceEvent): void {
    this.record(EVENT_CODE[e.type], e.t, e.node, e.peer, e.link, e.msg, e.hops, e.label);
  }

  /** The same as event() with the fields passed one by one (what the trace bus does). */
  record(code: number, t: number, node: number, peer: number, link: number, msg: number, hops: number, label: string): void {
    const l = label === this.lastLabel && this.lastLabelNumber >= 0 ? this.lastLabelNumber : this.labelNumber(label);
    const b = this.buf, i = this.n * FIELDS;
    b[i] = code * 65536 + l; b[i + 1] = t; b[i + 2] = node; b[i + 3] = peer;
    b[i + 4] = link; b[i + 5] = msg; b[i + 6] = hops;
    if (++this.n === BATCH) this.flush();
  }

  /**
   * record(code, clock.now, node, targets[k], linkOf[k], msg, −1, label) for each k in
   * [first, end) with targets[k] !== except, in order (a node's transmissions to its
   * neighbours); returns how many. The same bytes as those calls, written in one loop. The
   * time is read from the clock, not passed: a float passed to a call V8 does not inline is boxed.
   */
  recordRow(code: number, clock: { readonly now: number }, node: number, targets: Int32Array, linkOf: Int32Array, first: number, end: number, except: number, msg: number, label: string): number {
    const l = label === this.lastLabel && this.lastLabelNumber >= 0 ? this.lastLabelNumber : this.labelNumber(label);
    const head = code * 65536 + l, b = this.buf, t = clock.now;
    let n = this.n, count = 0;
    for (let k = first; k < end; k++) {
      const to = targets[k]!;
      if (to === except) continue;
      const i = n * FIELDS;
      b[i] = head; b[i + 1] = t; b[i + 2] = node; b[i + 3] = to;
      b[i + 4] = linkOf[k]!; b[i + 5] = msg; b[i + 6] = -1;
      count++;
      if (++n === BATCH) { this.n = n; this.flush(); n = 0; }
    }
    this.n = n;
    return count;
  }

  /** The number of a label other than the last one; it becomes the last, the last the other. */
  private labelNumber(label: string): number {
    const l = label === this.otherLabel && this.otherLabelNumber >= 0 ? this.otherLabelNumber : this.intern(label);
    this.otherLabel = this.lastLabel; this.otherLabelNumber = this.lastLabelNumber;
    this.lastLabel = label; this.lastLabelNumber = l;
    return l;
  }

  private intern(label: string): number {
    let l = this.labels.get(label);
    if (l === undefined) {
      l = this.labels.size;
      this.labels.set(label, l);
      this.flush();
      this.hash.update(`label ${l} ${label}\n`);
    }
    return l;
  }

  private flush(): void {
    if (this.n === 0) return;
    this.hash.update(new Uint8Array(this.buf.buffer, 0, this.n * FIELDS * 8));
    this.n = 0;
  }

  value(): string {
    if (this.digest === null) { this.flush(); this.digest = this.hash.digest('hex'); }
    return this.digest;
  }
}
