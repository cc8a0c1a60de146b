/**
 * Unicast: one-to-one, forwarded hop by hop along shortest-path routes.
 *
 * retransmit: none        each hop forwards once; a lost copy is lost.
 * retransmit: hop-by-hop  each hop waits for its neighbour's ack and resends after `timeout`,
 *                         at most `maxRetries` times (stop-and-wait per link).
 * retransmit: end-to-end  the destination acks to the source along the reverse route; the
 *                         source resends after `timeout`, at most `maxRetries` times. Relays
 *                         forward each attempt (and each ack) once and drop duplicated or stale
 *                         copies, as routers with duplicate detection do.
 * Acks are ordinary transmissions: they can be lost exactly like data, so per-link
 * stop-and-wait with loss p costs 1/(1−p)² data transmissions per delivered message.
 * Routes are static shortest paths over the topology (ties to the lowest id); they do
 * not route around crashes or partitions.
 */
import { z } from 'zod';
import { timeOption } from './time-option.js';
import { TransmissionCounts } from '../observe/transmission-counts.js';
import type { Context, Message, Process, ProtocolPlugin, Request } from '../api/process.js';
import type { MetricsObserver, TraceEvent } from '../api/trace.js';

export const unicastOptions = z.strictObject({
  routing: z.enum(['hops', 'latency']).default('hops'),
  retransmit: z.enum(['none', 'hop-by-hop', 'end-to-end']).default('none'),
  timeout: timeOption('positive').default(200),
  maxRetries: z.number().int().min(0).default(10),
});
export type UnicastOptions = z.infer<typeof unicastOptions>;

/** `attempt`: 0 for the source's first copy, k for its k-th end-to-end retransmission. */
interface Data extends Message { kind: 'data' | 'retransmit'; msgId: number; src: number; dst: number; hops: number; attempt: number }
/** An end-to-end ack carries the attempt of the copy it answers, so relays can tell a new ack from a duplicate. */
interface Ack extends Message { kind: 'ack'; ref: number; src: number; dst: number; attempt: number }
type UnicastMessage = Data | Ack;

interface Pending { msg: Data; to: number; retries: number; timer: number }

class UnicastProcess implements Process<UnicastMessage> {
  private readonly delivered = new Set<number>();
  private readonly forwarded = new Set<number>();
  private readonly pending = new Map<number, Pending>();
  /** End-to-end relaying: the latest attempt forwarded per message, and per acked message. */
  private readonly relayedData = new Map<number, number>();
  private readonly relayedAcks = new Map<number, number>();
  constructor(private readonly o: UnicastOptions) {}

  request(ctx: Context<UnicastMessage>, req: Request): void {
    if (req.to === undefined || req.to === ctx.id) return;
    this.forwarded.add(req.id);
    this.transmit(ctx, { kind: 'data', msgId: req.id, src: ctx.id, dst: req.to, hops: 0, attempt: 0 }, this.o.retransmit !== 'none');
  }

  message(ctx: Context<UnicastMessage>, from: number, msg: UnicastMessage): void {
    if (msg.kind === 'ack') return this.onAck(ctx, from, msg);
    const mode = this.o.retransmit;
    if (mode === 'hop-by-hop') ctx.send(from, { kind: 'ack', ref: msg.msgId, src: ctx.id, dst: from, attempt: msg.attempt });
    if (msg.dst === ctx.id) {
      if (!this.delivered.has(msg.msgId)) { this.delivered.add(msg.msgId); ctx.deliver(msg.msgId, msg.hops); }
      if (mode === 'end-to-end') this.routeAck(ctx, { kind: 'ack', ref: msg.msgId, src: ctx.id, dst: msg.src, attempt: msg.attempt });
      return;
    }
    // End-to-end retransmissions must pass every relay again (keeping their label), but
    // a relay forwards each attempt once: a duplicated copy, or an older attempt arriving
    // late, is dropped, as routers with duplicate detection do (else copies multiply
    // along the path). Otherwise a relay forwards each message once, as a first transmission.
    if (mode === 'end-to-end') {
      if (!firstOf(this.relayedData, msg.msgId, msg.attempt)) return;
      return this.transmit(ctx, msg, false);
    }
    if (this.forwarded.has(msg.msgId)) return;
    this.forwarded.add(msg.msgId);
    this.transmit(ctx, { ...msg, kind: 'data' }, mode === 'hop-by-hop');
  }

  timer(ctx: Context<UnicastMessage>, key: unknown): void {
    const p = this.pending.get(key as number);
    if (!p) return;
    if (p.retries >= this.o.maxRetries) { this.pending.delete(key as number); return; }
    p.retries++;
    // Routes are static, so both modes resend the same copy to the same next hop.
    ctx.send(p.to, { ...p.msg, kind: 'retransmit', attempt: p.retries });
    p.timer = ctx.setTimer(this.o.timeout, key);
  }

  /** Send data one hop toward its destination; with `armTimer`, resend until acked. */
  private transmit(ctx: Context<UnicastMessage>, msg: Data, armTimer: boolean): void {
    const next = ctx.network.nextHop(ctx.id, msg.dst, this.o.routing);
    if (next < 0) return;
    const sent: Data = { ...msg, hops: msg.hops + 1 };
    ctx.send(next, sent);
    if (armTimer && this.o.maxRetries > 0) {
      this.pending.set(msg.msgId, { msg: sent, to: next, retries: 0, timer: ctx.setTimer(this.o.timeout, msg.msgId) });
    }
  }

  private routeAck(ctx: Context<UnicastMessage>, ack: Ack): void {
    const next = ctx.network.nextHop(ctx.id, ack.dst, this.o.routing);
    if (next >= 0) ctx.send(next, ack);
  }

  private onAck(ctx: Context<UnicastMessage>, from: number, ack: Ack): void {
    if (ack.dst !== ctx.id) {
      if (firstOf(this.relayedAcks, ack.ref, ack.attempt)) this.routeAck(ctx, ack);
      return;
    }
    const p = this.pending.get(ack.ref);
    if (!p) return;
    if (this.o.retransmit === 'hop-by-hop' && from !== p.to) return;
    ctx.cancelTimer(p.timer);
    this.pending.delete(ack.ref);
  }
}

/** Record `attempt` for `key` if it is newer than any seen; false for a repeat or an older attempt. */
function firstOf(seen: Map<number, number>, key: number, attempt: number): boolean {
  const last = seen.get(key);
  if (last !== undefined && last >= attempt) return false;
  seen.set(key, attempt);
  return true;
}

class UnicastMetrics implements MetricsObserver {
  readonly name = 'unicast';
  private readonly counts = new TransmissionCounts();
  event(e: TraceEvent): void { this.counts.event(e); }
  result() {
    const retransmissions = this.counts.get('retransmit');
    return { dataTransmissions: this.counts.get('data') + retransmissions, retransmissions, acks: this.counts.get('ack') };
  }
}

export const unicast: ProtocolPlugin<UnicastOptions> = {
  type: 'unicast',
  description: 'one-to-one, routed hop by hop over shortest paths, with optional retransmission',
  options: unicastOptions,
  check: (_o, { workload }) => workload.flatMap((w, i): Array<[string, string]> =>
    w.to === undefined ? [[`/workload[${i}].to`, "missing — unicast needs a destination: a node id or 'random'"]]
      : typeof w.from === 'number' && w.to === w.from ? [[`/workload[${i}].to`, `must differ from 'from' (${w.from}): a node does not send to itself`]] : []),
  expected: (req) => (req.to === undefined || req.to === req.source ? [] : [req.to]),
  createProcess: (_node, options) => new UnicastProcess(options),
  metrics: () => [new UnicastMetrics()],
};
