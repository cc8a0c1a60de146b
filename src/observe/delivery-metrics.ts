import type { Request } from '../api/process.js';
import type { Observer, TraceEvent, TraceEventType } from '../api/trace.js';
import { CountSample, round, Sample, summarizeSorted, type Distribution } from './distribution.js';
import { NodeFlags } from './node-flags.js';
import { NodeSet } from './node-set.js';

/** What a `request` trace event carries in `detail`. */
export interface RequestDetail { request: Request; expected: readonly number[] }

export interface DeliveryMetrics {
  messages: number;
  expected: number;
  delivered: number;
  deliveryRatio: number | null;
  sent: number;
  dropped: number;
  duplicates: number;
  hops: Distribution;
  latency: Distribution;
  convergence: { t50: number | null; t90: number | null; t99: number | null; t100: number | null };
}

const EXPECTED = 1, DELIVERED = 2;

/**
 * One message: when it was requested, its expected recipients, each node's EXPECTED and
 * DELIVERED flags, and the nodes holding a copy (the source, receivers, deliverers).
 * The copies are a set of their own, a bit per node: every receive reads it, while the
 * flags are read once per delivery.
 */
interface MessageRecord { at: number; expected: readonly number[]; state: NodeFlags; copies: NodeSet }

/**
 * The metrics every run reports, computed from the trace alone. A recipient that
 * is down at the end of the run and never delivered is no longer expected: a
 * crashed node cannot be blamed on the protocol.
 */
export class DeliveryMetricsObserver implements Observer {
  readonly types: readonly TraceEventType[] = ['send', 'drop', 'receive', 'deliver', 'request', 'crash', 'recover'];
  private readonly records = new Map<number, MessageRecord>();
  private readonly down: Uint8Array;
  /** Nodes down now (the ones set in `down`). */
  private downCount = 0;
  private sent = 0;
  private dropped = 0;
  private duplicates = 0;
  private delivered = 0;
  private readonly hops = new CountSample();
  private readonly latency = new Sample();
  /**
   * Whether the latencies so far are all +0 or more and came in nondecreasing order, as a
   * message's do (deliveries come in time order): then they are their own sorted order and
   * the summary needs no copy, check or sort of them.
   */
  private latencyInOrder = true;
  private lastLatency = 0;

  // The last record looked up: most events of a run concern the same message.
  private lastId = -1;
  private last: MessageRecord | undefined;

  constructor(private readonly nodes: number) { this.down = new Uint8Array(nodes); }

  private record(id: number): MessageRecord | undefined {
    if (id !== this.lastId) { this.lastId = id; this.last = this.records.get(id); }
    return this.last;
  }

  event(e: TraceEvent): void {
    switch (e.type) {
      case 'send': this.sent++; break;
      case 'drop': this.dropped++; break;
      case 'receive': this.onReceive(e.node, e.msg); break;
      case 'deliver': this.onDeliver(e.node, e.msg, e.hops, e.t); break;
      case 'request': {
        const { request, expected } = e.detail as RequestDetail;
        const state = new NodeFlags(this.nodes, expected.length);
        // Index loops: these run once per message over up to every node, mostly before V8 optimises them.
        for (let i = 0; i < expected.length; i++) state.set(expected[i]!, EXPECTED);
        const copies = new NodeSet(this.nodes, expected.length);
        copies.add(request.source);
        this.records.set(request.id, { at: e.t, expected, state, copies });
        this.lastId = -1;
        break;
      }
      case 'crash': if (this.down[e.node] === 0) { this.down[e.node] = 1; this.downCount++; } break;
      case 'recover': if (this.down[e.node] === 1) { this.down[e.node] = 0; this.downCount--; } break;
    }
  }

  // The frequent events one by one, without the event object: the trace bus calls these
  // directly (see TraceBus.subscribe), event() above for every other caller.

  /** A transmission was sent. */
  onSend(): void { this.sent++; }

  /** `count` transmissions were sent. */
  onSends(count: number): void { this.sent += count; }

  /** A transmission was dropped. */
  onDrop(): void { this.dropped++; }

  /** `node` received a copy of message `msg` (−1: a copy of none). */
  onReceive(node: number, msg: number): void {
    if (msg < 0) return;
    const r = this.record(msg);
    if (!r) return;
    if (r.copies.addHad(node)) this.duplicates++;
  }

  /** `node` delivered message `msg`, whose copy crossed `hops` links, at time `t`. */
  onDeliver(node: number, msg: number, hops: number, t: number): void {
    const r = this.record(msg);
    if (!r) return;
    const s = r.state.get(node);
    if ((s & EXPECTED) && !(s & DELIVERED)) {
      r.state.set(node, s | DELIVERED);
      r.copies.add(node);
      this.delivered++;
      this.hops.push(hops);
      const latency = t - r.at;
      if (!(latency >= this.lastLatency) || (latency === 0 && 1 / latency < 0)) this.latencyInOrder = false; // NaN, −0 or out of order
      this.lastLatency = latency;
      this.latency.push(latency);
    }
  }

  result(): DeliveryMetrics {
    // With no node down at the end every expected recipient counts: the lists' lengths, without
    // a pass over each (100,000 entries for a flood's one message, in code not yet optimised).
    let expected = 0;
    for (const r of this.records.values()) {
      if (this.downCount === 0) { expected += r.expected.length; continue; }
      for (let i = 0; i < r.expected.length; i++) {
        const v = r.expected[i]!;
        if ((r.state.get(v) & DELIVERED) || !this.down[v]) expected++;
      }
    }
    const lat = this.latencyInOrder ? this.latency.values.subarray(0, this.latency.length) : this.latency.sorted();
    const tx = (f: number): number | null => {
      if (expected === 0) return null;
      const k = Math.max(1, Math.ceil(f * expected - 1e-9));
      return k <= lat.length ? lat[k - 1]! : null;
    };
    return {
      messages: this.records.size,
      expected,
      delivered: this.delivered,
      deliveryRatio: expected === 0 ? null : round(this.delivered / expected),
      sent: this.sent,
      dropped: this.dropped,
      duplicates: this.duplicates,
      hops: this.hops.summary(),
      latency: summarizeSorted(lat),
      convergence: { t50: tx(0.5), t90: tx(0.9), t99: tx(0.99), t100: tx(1) },
    };
  }
}
