import type { Observer, TraceEvent } from '../api/trace.js';
import type { RequestDetail } from './delivery-metrics.js';
import { NodeFlags } from './node-flags.js';
import { TimeBins } from './time-bins.js';

/** The five series of the transmissions-over-time chart, in legend order. */
export const TRAFFIC_SERIES = ['data', 'ack', 'control', 'duplicate', 'drop'] as const;
export type TrafficSeries = typeof TRAFFIC_SERIES[number];

/** Acknowledgement-like kinds; any other transmission carrying a message copy is data, the rest control. */
const ACK_KINDS = new Set(['ack', 'nak', 'feedback']);

const SEEN = 1, DELIVERED = 2;

/** Per-node facts for the topology drawing, about the run's first message. */
export interface NodeFacts {
  /** The first message's source, or −1 when the run sent none. */
  source: number;
  /** Time (ms since the first message was sent) each node delivered it; NaN if never. */
  deliveredAt: Float64Array;
  /** The neighbour each node first received a copy of the first message from; −1 if none. */
  parent: Int32Array;
  /** 1 if the node crashed at some time, 2 if it was still down at the end. */
  crashed: Uint8Array;
  /** 1 if a partition ever put the node on another side than the source. */
  cutOff: Uint8Array;
  /** 1 for the first message's intended recipients. */
  expected: Uint8Array;
}

/** Everything a run's pictures need, bounded in size whatever the run's length. */
export interface RunPicture {
  /** Deliveries to intended recipients over absolute time. */
  deliveries: Array<{ start: number; end: number; count: number }>;
  /** Latency (ms) histogram of deliveries. */
  latency: Array<{ start: number; end: number; count: number }>;
  /** Deliveries by hop count: [hops, count]. */
  hops: Array<{ hops: number; count: number }>;
  /** Transmissions by series over absolute time. */
  traffic: Array<{ start: number; end: number } & Record<TrafficSeries, number>>;
  /** Per-node facts, or null above the drawing limit. */
  nodes: NodeFacts | null;
}

interface MessageState { at: number; flags: NodeFlags }

/**
 * Observes a run for its HTML report: delivery, latency and traffic histograms
 * (fixed-size, see TimeBins) and, for graphs small enough to draw, per-node facts.
 * A delivery counts once per (message, node), for intended recipients only, as
 * the delivery metrics count it.
 */
export class RunPictureObserver implements Observer {
  private readonly messages = new Map<number, MessageState>();
  private readonly deliveries = new TimeBins();
  private readonly latency = new TimeBins();
  private readonly traffic = new TimeBins(TRAFFIC_SERIES.length);
  private readonly hopCounts: number[] = [];
  private readonly facts: NodeFacts | null;
  private side: Int32Array | null = null;

  constructor(private readonly nodes: number, drawLimit: number) {
    this.facts = nodes <= drawLimit
      ? { source: -1, deliveredAt: new Float64Array(nodes).fill(NaN), parent: new Int32Array(nodes).fill(-1), crashed: new Uint8Array(nodes), cutOff: new Uint8Array(nodes), expected: new Uint8Array(nodes) }
      : null;
  }

  event(e: TraceEvent): void {
    switch (e.type) {
      case 'request': {
        const { expected } = e.detail as RequestDetail;
        const flags = new NodeFlags(this.nodes, expected.length);
        for (const v of expected) flags.set(v, 0x80);
        flags.set(e.node, flags.get(e.node) | SEEN);
        this.messages.set(e.msg, { at: e.t, flags });
        if (this.facts && this.facts.source < 0) {
          this.facts.source = e.node;
          for (const v of expected) this.facts.expected[v] = 1;
          this.markCutOff();
        }
        break;
      }
      case 'send': {
        const series = ACK_KINDS.has(e.label) ? 1 : e.msg >= 0 ? 0 : 2;
        this.traffic.add(e.t, series);
        break;
      }
      case 'drop': this.traffic.add(e.t, 4); break;
      case 'receive': {
        const m = e.msg >= 0 ? this.messages.get(e.msg) : undefined;
        if (!m) break;
        const s = m.flags.get(e.node);
        if (s & SEEN) { this.traffic.add(e.t, 3); break; }
        m.flags.set(e.node, s | SEEN);
        if (this.facts && e.msg === 0) this.facts.parent[e.node] = e.peer;
        break;
      }
      case 'deliver': {
        const m = this.messages.get(e.msg);
        if (!m) break;
        const s = m.flags.get(e.node);
        if (!(s & 0x80) || (s & DELIVERED)) break;
        m.flags.set(e.node, s | DELIVERED | SEEN);
        this.deliveries.add(e.t);
        this.latency.add(e.t - m.at);
        if (e.hops >= 0) this.hopCounts[e.hops] = (this.hopCounts[e.hops] ?? 0) + 1;
        if (this.facts && e.msg === 0) this.facts.deliveredAt[e.node] = e.t - m.at;
        break;
      }
      case 'crash': if (this.facts) this.facts.crashed[e.node] = 2; break;
      case 'recover': if (this.facts) this.facts.crashed[e.node] = 1; break;
      case 'partition': {
        if (!this.facts) break;
        const side = new Int32Array(this.nodes).fill(-1);
        (e.detail as number[][]).forEach((g, i) => { for (const v of g) side[v] = i; });
        this.side = side;
        this.markCutOff();
        break;
      }
      case 'heal': this.side = null; break;
    }
  }

  private markCutOff(): void {
    const f = this.facts, side = this.side;
    if (!f || !side || f.source < 0) return;
    for (let v = 0; v < this.nodes; v++) if (side[v] !== side[f.source]) f.cutOff[v] = 1;
  }

  result(): RunPicture {
    const hops: RunPicture['hops'] = [];
    this.hopCounts.forEach((count, h) => { if (count) hops.push({ hops: h, count }); });
    return {
      deliveries: this.deliveries.rows().map(({ start, end, counts }) => ({ start, end, count: counts[0]! })),
      latency: this.latency.rows().map(({ start, end, counts }) => ({ start, end, count: counts[0]! })),
      hops,
      traffic: this.traffic.rows().map(({ start, end, counts }) => ({ start, end, ...Object.fromEntries(TRAFFIC_SERIES.map((s, i) => [s, counts[i]!])) }) as RunPicture['traffic'][number]),
      nodes: this.facts,
    };
  }
}
