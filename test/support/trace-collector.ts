import type { Observer, TraceEvent } from '../../src/api/trace.js';
import type { RequestDetail } from '../../src/observe/delivery-metrics.js';

export interface Delivery { msg: number; node: number; t: number; hops: number; source: number; sentAt: number; to?: number }

/** Collects requests and deliveries from the trace bus, for per-message checks in tests. */
export class DeliveryLog implements Observer {
  readonly requests = new Map<number, { source: number; at: number; to?: number }>();
  readonly deliveries: Delivery[] = [];
  readonly sends: Array<{ t: number; node: number; peer: number; label: string; msg: number }> = [];

  event(e: TraceEvent): void {
    if (e.type === 'request') {
      const d = e.detail as RequestDetail;
      this.requests.set(e.msg, { source: d.request.source, at: e.t, to: d.request.to });
    } else if (e.type === 'deliver') {
      const r = this.requests.get(e.msg)!;
      this.deliveries.push({ msg: e.msg, node: e.node, t: e.t, hops: e.hops, source: r.source, sentAt: r.at, to: r.to });
    } else if (e.type === 'send') {
      this.sends.push({ t: e.t, node: e.node, peer: e.peer, label: e.label, msg: e.msg });
    }
  }
}
