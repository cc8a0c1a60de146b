/**
 * `metrics.reliable`, observed from the trace alone:
 * violations       what the order checker (observe/order-checker.ts) finds at the run's
 *                  order level (the first MAX_LISTED; `violationCount` has them all).
 * retransmissions  transmissions labelled retransmit or resubmit (each link crossed counts).
 * acks, naks       transmissions labelled ack / nak.
 * transmissions    every transmission by label.
 * holdBack         per delivery by a recipient (the sender's own included): the time from
 *                  the first copy the node could use — the request at the sender, else
 *                  the first copy received that is not a submission to the sequencer — to
 *                  the delivery. mean and max, ms.
 * largestBuffer    the most messages one recipient held undelivered at once.
 * deliveryLatency  request to delivery, over first deliveries by recipients and senders.
 */
import { summarize, round, Sample, type Distribution } from '../../observe/distribution.js';
import type { RequestDetail } from '../../observe/delivery-metrics.js';
import { OrderChecker, type Violation } from '../../observe/order-checker.js';
import { TransmissionCounts } from '../../observe/transmission-counts.js';
import type { MetricsObserver, TraceEvent, TraceEventType } from '../../api/trace.js';
import type { ReliableOptions } from './options.js';

const MAX_LISTED = 100;
const LABELS = ['data', 'relay', 'retransmit', 'submit', 'resubmit', 'order', 'ack', 'stable', 'nak', 'digest', 'sync', 'state', 'install'] as const;

interface MessageRecord { at: number; recipients: Set<number>; heldAt: Map<number, number>; delivered: Set<number> }

export interface ReliableMetricsResult {
  order: ReliableOptions['order'];
  violations: Violation[];
  violationCount: number;
  retransmissions: number;
  acks: number;
  naks: number;
  transmissions: Record<string, number>;
  holdBack: { mean: number | null; max: number | null };
  largestBuffer: number;
  deliveryLatency: Distribution;
}

export class ReliableMetrics implements MetricsObserver {
  /** The event types read below; the others are not passed (Observer.types). */
  readonly types: readonly TraceEventType[] = ['send', 'request', 'receive', 'deliver', 'crash', 'leave'];
  readonly name = 'reliable';
  private readonly counts = new TransmissionCounts();
  private readonly checker: OrderChecker;
  private readonly records = new Map<number, MessageRecord>();
  private readonly buffer = new Map<number, number>();
  private largestBuffer = 0;
  private readonly holdBack = new Sample();
  private readonly latency = new Sample();

  constructor(private readonly o: ReliableOptions) {
    this.checker = new OrderChecker({ order: o.order, uniform: o.uniform });
  }

  event(e: TraceEvent): void {
    this.counts.event(e);
    switch (e.type) {
      case 'request': {
        const { request, expected } = e.detail as RequestDetail;
        this.checker.event({ type: 'request', t: e.t, node: e.node, msg: e.msg, expected, label: e.label, group: request.group });
        if (e.label === 'source-down') break;
        const r: MessageRecord = { at: e.t, recipients: new Set([...expected, e.node]), heldAt: new Map(), delivered: new Set() };
        this.records.set(e.msg, r);
        this.hold(r, e.node, e.t);
        break;
      }
      case 'receive': {
        if (e.msg < 0 || e.label === 'submit' || e.label === 'resubmit') break;
        const r = this.records.get(e.msg);
        if (r && r.recipients.has(e.node) && !r.heldAt.has(e.node) && !r.delivered.has(e.node)) this.hold(r, e.node, e.t);
        break;
      }
      case 'deliver': {
        this.checker.event({ type: 'deliver', t: e.t, node: e.node, msg: e.msg });
        const r = this.records.get(e.msg);
        if (!r || !r.recipients.has(e.node) || r.delivered.has(e.node)) break;
        r.delivered.add(e.node);
        this.latency.push(e.t - r.at);
        const held = r.heldAt.get(e.node);
        this.holdBack.push(held === undefined ? 0 : e.t - held);
        if (held !== undefined) {
          r.heldAt.delete(e.node);
          this.buffer.set(e.node, this.buffer.get(e.node)! - 1);
        }
        break;
      }
      case 'crash': this.checker.event({ type: 'crash', t: e.t, node: e.node }); break;
      case 'leave': this.checker.event({ type: 'leave', t: e.t, node: e.node, label: e.label }); break;
    }
  }

  result(): ReliableMetricsResult {
    const report = this.checker.finish();
    const transmissions: Record<string, number> = {};
    for (const label of LABELS) transmissions[label] = this.counts.get(label);
    const hb = this.holdBack.summary();
    return {
      order: this.o.order,
      violations: report.violations.slice(0, MAX_LISTED),
      violationCount: report.violations.length,
      retransmissions: this.counts.get('retransmit') + this.counts.get('resubmit'),
      acks: this.counts.get('ack'),
      naks: this.counts.get('nak'),
      transmissions,
      holdBack: { mean: hb.mean === null ? null : round(hb.mean), max: hb.max },
      largestBuffer: this.largestBuffer,
      deliveryLatency: summarize(this.latency.values, this.latency.length),
    };
  }

  private hold(r: MessageRecord, node: number, t: number): void {
    r.heldAt.set(node, t);
    const n = (this.buffer.get(node) ?? 0) + 1;
    this.buffer.set(node, n);
    if (n > this.largestBuffer) this.largestBuffer = n;
  }
}
