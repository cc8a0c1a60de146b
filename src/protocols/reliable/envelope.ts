/**
 * The routed-envelope layer under reliable group communication. Group members need
 * not be neighbours, so every member-to-member message travels in an envelope along
 * the static shortest path `network.nextHop` gives. The sender looks the path up once
 * and the envelope carries it (routes are static, so relays would find the same
 * hops; asking at every hop rebuilt a routing tree per destination per hop):
 * each hop is one transmission (counted in `sent`, lost with the link's loss rate),
 * and relays forward without handling the contents. There is no hop-by-hop
 * recovery: the reliable layer above recovers end to end. Each envelope carries an
 * id unique for its sender (src, id), and a relay forwards a given envelope once:
 * a copy the link duplicated is dropped, as routers with duplicate detection do
 * (forwarding every copy multiplies them along the path). A retransmission is a new
 * envelope, so it passes every relay again.
 */
import type { Context, Message, NodeId, RouteMetric } from '../../api/process.js';

/** An application message as the group layer sees it: its id, its origin and the origin's sequence number in the group. */
export interface DataItem {
  msgId: number;
  origin: NodeId;
  seq: number;
  /** Causal order: the origin's delivered counts per origin at send time, flat [origin, count, ...]. */
  deps?: number[];
}

/** One slot of the total order: which message it holds, who assigned it (epoch), and the links its copy crossed before. */
export interface SlotEntry {
  slot: number;
  epoch: number;
  item: DataItem;
  hops: number;
}

export type Body =
  | { t: 'data'; item: DataItem }
  | { t: 'submit'; item: DataItem }
  | { t: 'order'; entry: SlotEntry }
  | { t: 'ack'; ref: string }
  | { t: 'stable'; ref: string }
  | { t: 'nak'; stream: string; missing: number[] }
  | { t: 'digest'; stream: string; high: number }
  | { t: 'sync'; epoch: number }
  | { t: 'state'; epoch: number; slots: SlotEntry[] }
  | { t: 'install'; epoch: number; base: number; prefix: SlotEntry[] };

/** Transmission labels as they appear in the trace (`kind`). */
export type Label =
  | 'data' | 'relay' | 'retransmit' | 'submit' | 'resubmit' | 'order' | 'ack' | 'stable'
  | 'nak' | 'digest' | 'sync' | 'state' | 'install';

export interface Envelope extends Message {
  kind: Label;
  /** Present when the envelope carries a copy of application message msgId. */
  msgId?: number;
  /** Group name. */
  g: string;
  /** Who built the envelope, and its final destination. */
  src: NodeId;
  /** Unique among the envelopes `src` has built: (src, id) names this envelope at relays. */
  id: number;
  dst: NodeId;
  /** Links crossed so far: the copy is at route[hops]. */
  hops: number;
  /** The path from src to dst, looked up by the sender. */
  route: readonly NodeId[];
  body: Body;
}

/** Envelopes built so far per sending node (keyed by its Context: one per node and run). */
const built = new WeakMap<object, number>();

/** Send `body` from this node toward `dst`; false when `dst` is unreachable. */
export function sendRouted(ctx: Context<Envelope>, metric: RouteMetric, g: string, dst: NodeId, kind: Label, body: Body, msgId?: number): boolean {
  const route = [ctx.id];
  for (let v = ctx.id; v !== dst;) {
    v = ctx.network.nextHop(v, dst, metric);
    if (v < 0) return false;
    route.push(v);
  }
  const id = built.get(ctx) ?? 0;
  built.set(ctx, id + 1);
  const env: Envelope = { kind, g, src: ctx.id, id, dst, hops: 0, route, body };
  if (msgId !== undefined) env.msgId = msgId;
  return forward(ctx, env);
}

/** One hop further along the envelope's route (a fresh object: the one in flight may also be a duplicate). */
export function forward(ctx: Context<Envelope>, env: Envelope): boolean {
  const next = env.route[env.hops + 1];
  if (next === undefined) return false;
  ctx.send(next, { ...env, hops: env.hops + 1 });
  return true;
}
