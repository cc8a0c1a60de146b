/**
 * `metrics.multicast`, observed from the trace alone:
 * linkStress           copies of one application message on one link: max, and mean over
 *                      the (message, link) pairs that carried any copy.
 * stretch              delivery latency ÷ the shortest-path latency (mean link latencies)
 *                      from the source to that member, over first deliveries by recipients.
 * treeCost             sum of the mean latencies of the distinct links a message used, mean
 *                      over the messages that sent any copy.
 * nonMemberDeliveries  deliveries at a node that was not a recipient (a member other than
 *                      the source) when the message was sent, as the request event records.
 */
import type { NetworkServices } from '../api/process.js';
import type { MetricsObserver, TraceEvent, TraceEventType } from '../api/trace.js';
import type { RequestDetail } from './delivery-metrics.js';
import { round, Sample } from './distribution.js';

interface MessageRecord {
  source: number;
  at: number;
  recipients: Set<number>;
  delivered: Set<number>;
  /** Copies per link id. */
  copies: Map<number, number>;
  /** Sum of the mean latencies of the distinct links used so far. */
  cost: number;
}

export interface MulticastMetricsResult {
  linkStress: { max: number | null; mean: number | null };
  stretch: { mean: number | null; max: number | null };
  treeCost: number | null;
  nonMemberDeliveries: number;
}

export class MulticastMetrics implements MetricsObserver {
  /** The event types read below; the others are not passed (Observer.types). */
  readonly types: readonly TraceEventType[] = ['request', 'send', 'deliver'];
  readonly name = 'multicast';
  private readonly records = new Map<number, MessageRecord>();
  private readonly stretch = new Sample();
  private nonMember = 0;

  constructor(private readonly network: NetworkServices) {}

  event(e: TraceEvent): void {
    switch (e.type) {
      case 'request': {
        const { request } = e.detail as RequestDetail;
        const recipients = new Set((request.members ?? []).filter((m) => m !== request.source));
        this.records.set(request.id, { source: request.source, at: e.t, recipients, delivered: new Set(), copies: new Map(), cost: 0 });
        break;
      }
      case 'send': {
        const r = e.msg >= 0 ? this.records.get(e.msg) : undefined;
        if (!r) break;
        const n = r.copies.get(e.link);
        if (n === undefined) r.cost += this.network.linkLatency?.(e.node, e.peer) ?? NaN;
        r.copies.set(e.link, (n ?? 0) + 1);
        break;
      }
      case 'deliver': {
        const r = this.records.get(e.msg);
        if (!r) break;
        if (!r.recipients.has(e.node)) { this.nonMember++; break; }
        if (r.delivered.has(e.node)) break;
        r.delivered.add(e.node);
        // The tree rooted at the source gives every member's distance from one computation.
        const best = this.network.distance(e.node, r.source, 'latency');
        if (best > 0 && best < Infinity) this.stretch.push((e.t - r.at) / best);
        break;
      }
    }
  }

  result(): MulticastMetricsResult {
    let pairs = 0, copies = 0, max = 0, costSum = 0, costed = 0;
    for (const r of this.records.values()) {
      if (r.copies.size === 0) continue;
      for (const n of r.copies.values()) { pairs++; copies += n; if (n > max) max = n; }
      costSum += r.cost; costed++;
    }
    const s = this.stretch.summary();
    return {
      linkStress: pairs === 0 ? { max: null, mean: null } : { max, mean: round(copies / pairs) },
      stretch: { mean: s.mean, max: s.max === null ? null : round(s.max) },
      treeCost: costed === 0 ? null : round(costSum / costed),
      nonMemberDeliveries: this.nonMember,
    };
  }
}
