/**
 * The routed-envelope layer under reliable group communication. Group members need
 * not be neighbours, so every member-to-member message travels in an envelope routed
 * hop by hop along the static shortest path (`network.nextHop`), like an IP datagram:
 * each hop is one transmission (counted in `sent`, lost with the link's loss rate),
 * and relays forward without handling the contents. There is no hop-by-hop
 * recovery: the reliable layer above recovers end to end.
 */
import type { Context, Message, NodeId, RouteMetric } from '../api.js';

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
  dst: NodeId;
  /** Links crossed so far. */
  hops: number;
  body: Body;
}

/** Send `body` from this node toward `dst`; false when `dst` is unreachable. */
export function sendRouted(ctx: Context<Envelope>, metric: RouteMetric, g: string, dst: NodeId, kind: Label, body: Body, msgId?: number): boolean {
  const env: Envelope = { kind, g, src: ctx.id, dst, hops: 0, body };
  if (msgId !== undefined) env.msgId = msgId;
  return forward(ctx, metric, env);
}

/** One hop further toward `env.dst` (a fresh object: the one in flight may also be a duplicate). */
export function forward(ctx: Context<Envelope>, metric: RouteMetric, env: Envelope): boolean {
  const next = ctx.network.nextHop(ctx.id, env.dst, metric);
  if (next < 0) return false;
  ctx.send(next, { ...env, hops: env.hops + 1 });
  return true;
}
