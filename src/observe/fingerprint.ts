import { createHash, type Hash } from 'node:crypto';
import type { Observer, TraceEvent } from '../api/trace.js';

const TYPE_CODE: Record<TraceEvent['type'], number> = {
  request: 1, send: 2, drop: 3, receive: 4, deliver: 5, timer: 6,
  crash: 7, recover: 8, partition: 9, heal: 10, join: 11, leave: 12,
};
const FIELDS = 7;
const BATCH = 8192;

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
  private n = 0;
  private digest: string | null = null;

  event(e: TraceEvent): void {
    let label = this.labels.get(e.label);
    if (label === undefined) {
      label = this.labels.size;
      this.labels.set(e.label, label);
      this.flush();
      this.hash.update(`label ${label} ${e.label}\n`);
    }
    const b = this.buf, i = this.n * FIELDS;
    b[i] = TYPE_CODE[e.type] * 65536 + label; b[i + 1] = e.t; b[i + 2] = e.node; b[i + 3] = e.peer;
    b[i + 4] = e.link; b[i + 5] = e.msg; b[i + 6] = e.hops;
    if (++this.n === BATCH) this.flush();
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
