import type { Observer, TraceEvent, TraceEventType } from '../api/trace.js';

/**
 * The one place every event passes through. Observers (metrics, fingerprint,
 * trace file) subscribe; nothing counts inside protocols. The event object is
 * reused to avoid an allocation per event: observers copy what they keep.
 */
export class TraceBus {
  private readonly observers: Observer[] = [];
  private readonly e: TraceEvent = { type: 'send', t: 0, node: -1, peer: -1, link: -1, msg: -1, hops: -1, label: '', detail: null };
  /** Events emitted so far. */
  count = 0;

  subscribe(o: Observer): void { this.observers.push(o); }

  emit(type: TraceEventType, t: number, node: number, peer = -1, link = -1, msg = -1, hops = -1, label = '', detail: unknown = null): void {
    const e = this.e;
    e.type = type; e.t = t; e.node = node; e.peer = peer; e.link = link;
    e.msg = msg; e.hops = hops; e.label = label; e.detail = detail;
    this.count++;
    const obs = this.observers;
    for (let i = 0; i < obs.length; i++) obs[i]!.event(e);
  }

  finish(endTime: number): void {
    for (const o of this.observers) o.finish?.(endTime);
  }
}
