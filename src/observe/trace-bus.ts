import type { Observer, TraceEvent, TraceEventType } from '../api/trace.js';
import { DeliveryMetricsObserver } from './delivery-metrics.js';
import { EVENT_CODE, Fingerprint } from './fingerprint.js';

const ALL_TYPES = Object.keys(EVENT_CODE) as TraceEventType[];

/**
 * The one place every event passes through. Observers (metrics, fingerprint,
 * trace file) subscribe; nothing counts inside protocols. The event object is
 * reused to avoid an allocation per event: observers copy what they keep.
 *
 * Cost per event is what the subscribers ask for: an observer with `types` is called
 * only for those, so a type nobody reads costs no call, and the frequent types
 * (send, receive, drop, deliver) have their own methods whose observer loops each
 * see few observer classes (a call site V8 can inline). The run's fingerprint and
 * its delivery metrics are fed the fields directly, without the event object. Those methods read the time from
 * the clock the bus was made with, so no floating-point argument crosses a call (a
 * call V8 does not inline would box it: one allocation per event).
 */
export class TraceBus {
  /** Observers of each type, by fingerprint code (index 0 unused). */
  private readonly byType: Observer[][] = [[], ...ALL_TYPES.map((): Observer[] => [])];
  private readonly all: Observer[] = [];
  private fingerprint: Fingerprint | null = null;
  /** The run's delivery metrics, told of sends, drops, receipts and deliveries directly. */
  private delivery: DeliveryMetricsObserver | null = null;
  private readonly e: TraceEvent = { type: 'send', t: 0, node: -1, peer: -1, link: -1, msg: -1, hops: -1, label: '', detail: null };
  /** Events emitted so far. */
  count = 0;

  /** `clock.now` is the time of the events sent through send, receive, drop and deliver. */
  constructor(private readonly clock: { readonly now: number } = { now: 0 }) {}

  subscribe(o: Observer): void {
    this.all.push(o);
    // The first fingerprint is fed field by field: same bytes, no event object.
    if (this.fingerprint === null && o instanceof Fingerprint) { this.fingerprint = o; return; }
    // The first delivery metrics (exactly that class: a subclass may override event) hear
    // of the frequent four through their own methods, of the other types as any observer.
    const direct = this.delivery === null && o.constructor === DeliveryMetricsObserver;
    if (direct) this.delivery = o as DeliveryMetricsObserver;
    for (const type of o.types ?? ALL_TYPES) {
      if (direct && HOT.includes(type)) continue;
      const list = this.byType[EVENT_CODE[type]];
      if (list === undefined) throw new RangeError(`observer asks for unknown trace event type '${type}'`);
      if (!list.includes(o)) list.push(o);
    }
  }

  /** Any event; the frequent ones have their own methods below (same effect, cheaper). */
  emit(type: TraceEventType, t: number, node: number, peer = -1, link = -1, msg = -1, hops = -1, label = '', detail: unknown = null): void {
    const code = EVENT_CODE[type];
    this.count++;
    this.fingerprint?.record(code, t, node, peer, link, msg, hops, label);
    const d = this.delivery;
    if (d !== null) {
      if (code === SEND) d.onSend();
      else if (code === DROP) d.onDrop();
      else if (code === RECEIVE) d.onReceive(node, msg);
      else if (code === DELIVER) d.onDeliver(node, msg, hops, t);
    }
    const obs = this.byType[code]!;
    if (obs.length === 0) return;
    const e = this.fill(type, t, node, peer, link, msg, hops, label, detail);
    for (let i = 0; i < obs.length; i++) obs[i]!.event(e);
  }

  // The four below are kept small, the observer loop a call of its own (tell), so V8 inlines
  // them into the World's send and arrival paths; no float crosses a call (tell reads the clock).

  send(node: number, peer: number, link: number, msg: number, label: string): void {
    this.count++;
    this.fingerprint?.record(SEND, this.clock.now, node, peer, link, msg, -1, label);
    this.delivery?.onSend();
    if (this.byType[SEND]!.length !== 0) this.tell(SEND, 'send', node, peer, link, msg, -1, label, null);
  }

  /**
   * The sends of one row of the topology: `node` to `targets[k]` over link `linkOf[k]` for each
   * k in [first, end) with `targets[k] !== except`, in that order, all now. The same as send()
   * for each, in one call (the fingerprint writes them in a loop of its own). Returns how many.
   */
  sendRow(node: number, targets: Int32Array, linkOf: Int32Array, first: number, end: number, except: number, msg: number, label: string): number {
    const fp = this.fingerprint;
    const sent = fp !== null ? fp.recordRow(SEND, this.clock, node, targets, linkOf, first, end, except, msg, label) : countRow(targets, first, end, except);
    this.count += sent;
    this.delivery?.onSends(sent);
    if (this.byType[SEND]!.length !== 0) {
      for (let k = first; k < end; k++) if (targets[k] !== except) this.tell(SEND, 'send', node, targets[k]!, linkOf[k]!, msg, -1, label, null);
    }
    return sent;
  }

  receive(node: number, peer: number, link: number, msg: number, label: string): void {
    this.count++;
    this.fingerprint?.record(RECEIVE, this.clock.now, node, peer, link, msg, -1, label);
    this.delivery?.onReceive(node, msg);
    if (this.byType[RECEIVE]!.length !== 0) this.tell(RECEIVE, 'receive', node, peer, link, msg, -1, label, null);
  }

  drop(node: number, peer: number, link: number, msg: number, label: string, reason: string): void {
    this.count++;
    this.fingerprint?.record(DROP, this.clock.now, node, peer, link, msg, -1, label);
    this.delivery?.onDrop();
    if (this.byType[DROP]!.length !== 0) this.tell(DROP, 'drop', node, peer, link, msg, -1, label, reason);
  }

  deliver(node: number, msg: number, hops: number): void {
    this.count++;
    this.fingerprint?.record(DELIVER, this.clock.now, node, -1, -1, msg, hops, '');
    this.delivery?.onDeliver(node, msg, hops, this.clock.now);
    if (this.byType[DELIVER]!.length !== 0) this.tell(DELIVER, 'deliver', node, -1, -1, msg, hops, '', null);
  }

  /** Hand an event at the clock's time to the observers of its type. */
  private tell(code: number, type: TraceEventType, node: number, peer: number, link: number, msg: number, hops: number, label: string, detail: unknown): void {
    const obs = this.byType[code]!, e = this.fill(type, this.clock.now, node, peer, link, msg, hops, label, detail);
    for (let i = 0; i < obs.length; i++) obs[i]!.event(e);
  }

  private fill(type: TraceEventType, t: number, node: number, peer: number, link: number, msg: number, hops: number, label: string, detail: unknown): TraceEvent {
    const e = this.e;
    e.type = type; e.t = t; e.node = node; e.peer = peer; e.link = link;
    e.msg = msg; e.hops = hops; e.label = label; e.detail = detail;
    return e;
  }

  finish(endTime: number): void {
    for (const o of this.all) o.finish?.(endTime);
  }
}

/** How many of targets[first..end) are not `except`. */
function countRow(targets: Int32Array, first: number, end: number, except: number): number {
  let sent = 0;
  for (let k = first; k < end; k++) if (targets[k] !== except) sent++;
  return sent;
}

const SEND = EVENT_CODE.send, RECEIVE = EVENT_CODE.receive, DROP = EVENT_CODE.drop, DELIVER = EVENT_CODE.deliver;
const HOT: readonly TraceEventType[] = ['send', 'receive', 'drop', 'deliver'];
