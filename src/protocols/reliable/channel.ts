/**
 * One node's part in one group: the origin side of its own messages, the member
 * side of everyone else's, and the chosen order. Messages of the per-origin orders
 * (none, fifo, causal) go straight from their origin to every live member as `data`
 * (key `d:MSGID`, nak stream `d:ORIGIN`); total order goes through the sequencer.
 */
import type { Context, NodeId, Request } from '../../api/process.js';
import { Dissemination, type SpreadHost } from './dissemination.js';
import { sendRouted, type Body, type DataItem, type Envelope } from './envelope.js';
import { NakRecovery, type NakHost, type NakTimer } from './nak.js';
import type { ReliableOptions } from './options.js';
import { holdBack, type HoldBack } from './ordering.js';
import { Backoff, Outbox, type OutboxTimer } from './retransmit.js';
import { TotalOrder, type WatchTimer } from './sequencer.js';

export type ChannelTimer = OutboxTimer | NakTimer | WatchTimer;

export class GroupChannel implements SpreadHost, NakHost {
  readonly metric: 'hops' | 'latency';
  readonly acks: boolean;
  readonly relay: boolean;
  readonly uniform: boolean;
  readonly member: boolean;
  readonly outbox: Outbox;
  readonly nak: NakRecovery | null;
  readonly spread: Dissemination;
  private readonly members: Set<NodeId>;
  private readonly total: TotalOrder | null;
  private readonly queue: HoldBack | null;
  // Per-origin orders.
  private nextSeq = 0;
  private readonly sentLog: DataItem[] = [];
  private readonly items = new Map<number, { item: DataItem; hops: number }>();
  /** Messages held, by `origin:seq`, to answer naks for other origins. */
  private readonly bySeq = new Map<string, DataItem>();
  private helpers: NodeId[] | null = null;

  constructor(readonly g: string, self: NodeId, private readonly o: ReliableOptions, readonly view: readonly NodeId[]) {
    this.metric = o.routing;
    this.acks = o.ack === 'ack';
    this.relay = o.relay;
    this.uniform = o.uniform;
    this.members = new Set(view);
    this.member = this.members.has(self);
    const schedule = new Backoff(o.timeout, o.backoff, o.maxTimeout, o.maxRetries);
    this.outbox = new Outbox(g, schedule);
    this.nak = o.ack === 'nak' ? new NakRecovery(g, schedule, this) : null;
    this.spread = new Dissemination(this, this.outbox);
    this.queue = o.order === 'total' ? null : holdBack(o.order);
    this.total = o.order !== 'total' ? null : new TotalOrder({
      g, metric: this.metric, view, member: this.member, spread: this.spread, outbox: this.outbox, nak: this.nak,
      detect: o.detect, horizon: schedule.horizon() + 2 * o.detect,
      isMember: (v) => this.isMember(v),
      suspected: (ctx, v) => this.suspected(ctx, v),
      deliver: (ctx, item, hops) => ctx.deliver(item.msgId, hops),
    });
  }

  isMember(v: NodeId): boolean { return this.members.has(v); }

  /** The failure detector: down for at least `detect` ms. */
  suspected(ctx: Context<Envelope>, v: NodeId): boolean {
    const since = ctx.network.downSince(v);
    return since !== null && ctx.now() - since >= this.o.detect;
  }

  request(ctx: Context<Envelope>, req: Request): void {
    if (this.total) return this.total.request(ctx, req.id);
    const item: DataItem = { msgId: req.id, origin: ctx.id, seq: this.nextSeq++ };
    const deps = this.queue!.deps();
    if (deps) item.deps = deps;
    this.sentLog.push(item);
    this.items.set(item.msgId, { item, hops: 0 });
    const targets = (req.members ?? this.view).filter((v) => v !== ctx.id && ctx.network.isAlive(v));
    this.spread.originate(ctx, `d:${item.msgId}`, 'data', { t: 'data', item }, item.msgId, targets);
    this.nak?.sent(ctx, `d:${ctx.id}`);
  }

  /** An envelope for this group reached this node: addressed to it, or (a data or order copy) passing through a member. */
  message(ctx: Context<Envelope>, env: Envelope, addressed: boolean): void {
    const b = env.body;
    switch (b.t) {
      case 'data': return this.onData(ctx, env, b.item, addressed);
      case 'order': return this.total?.onOrder(ctx, env, b.entry, addressed);
      case 'submit': return this.total?.onSubmit(ctx, env, b.item);
      case 'ack':
        if (b.ref.startsWith('m:')) this.total?.onSubmissionAck(b.ref);
        return this.spread.acked(ctx, b.ref, env.src);
      case 'stable': return this.spread.stableNotice(ctx, env, b.ref);
      case 'nak': return this.onNak(ctx, env.src, b.stream, b.missing);
      case 'digest': return this.onDigest(ctx, b.stream, b.high);
      case 'sync': return this.total?.onSync(ctx, b.epoch);
      case 'state': return this.total?.onState(ctx, env.src, b.epoch, b.slots);
      case 'install': return this.total?.onInstall(ctx, env.src, b.epoch, b.base, b.prefix);
    }
  }

  timer(ctx: Context<Envelope>, t: ChannelTimer): void {
    if (t.t === 'outbox') this.outbox.fire(ctx, t.key, (v) => this.suspected(ctx, v));
    else if (t.t === 'watch') this.total?.onWatch(ctx);
    else this.nak?.fire(ctx, t);
  }

  recover(ctx: Context<Envelope>): void {
    this.outbox.rearm(ctx);
    this.nak?.rearm(ctx);
    this.total?.rearm(ctx);
  }

  /** SpreadHost: an item may be handed on. */
  available(ctx: Context<Envelope>, key: string): void {
    if (!this.member) return;
    if (this.total) return this.total.available(ctx);
    const held = this.items.get(Number(key.slice(2)));
    if (!held) return;
    for (const m of this.queue!.offer(held.item)) ctx.deliver(m.msgId, this.items.get(m.msgId)!.hops);
  }

  sendNak(ctx: Context<Envelope>, origin: NodeId, stream: string, missing: number[], attempt: number): void {
    const body: Body = { t: 'nak', stream, missing };
    if (!this.suspected(ctx, origin)) sendRouted(ctx, this.metric, this.g, origin, 'nak', body);
    const helpers = (this.helpers ??= this.nearest(ctx)).filter((v) => v !== origin && !this.suspected(ctx, v));
    if (helpers.length > 0) sendRouted(ctx, this.metric, this.g, helpers[attempt % helpers.length]!, 'nak', body);
  }

  /** The other members, nearest first (ties to the lowest id). */
  private nearest(ctx: Context<Envelope>): NodeId[] {
    // Read from this node's own tree (the graph is undirected): one tree, not one per member.
    const d = (v: NodeId) => ctx.network.distance(v, ctx.id, this.metric);
    return this.view.filter((v) => v !== ctx.id && d(v) < Infinity).sort((a, b) => d(a) - d(b) || a - b);
  }

  sendDigest(ctx: Context<Envelope>, stream: string): void {
    const high = this.total ? this.total.digestHigh() : this.nextSeq;
    for (const v of this.view) {
      if (v !== ctx.id && ctx.network.isAlive(v)) sendRouted(ctx, this.metric, this.g, v, 'digest', { t: 'digest', stream, high });
    }
  }

  private onData(ctx: Context<Envelope>, env: Envelope, item: DataItem, addressed: boolean): void {
    if (!this.member || this.total || item.origin === ctx.id) return;
    if (!this.items.has(item.msgId)) {
      this.items.set(item.msgId, { item, hops: env.hops });
      this.bySeq.set(`${item.origin}:${item.seq}`, item);
    }
    this.nak?.received(ctx, `d:${item.origin}`, item.origin, item.seq);
    this.spread.received(ctx, env, `d:${item.msgId}`, item.origin, addressed);
  }

  private onNak(ctx: Context<Envelope>, from: NodeId, stream: string, missing: readonly number[]): void {
    if (this.total) return this.total.onNak(ctx, from, stream, missing);
    const origin = Number(stream.slice(2));
    for (const seq of missing) {
      const item = origin === ctx.id ? this.sentLog[seq] : this.bySeq.get(`${origin}:${seq}`);
      if (item) sendRouted(ctx, this.metric, this.g, from, 'retransmit', { t: 'data', item }, item.msgId);
    }
  }

  private onDigest(ctx: Context<Envelope>, stream: string, high: number): void {
    if (this.total) return this.total.onDigest(ctx, stream, high);
    if (this.member && stream.startsWith('d:')) this.nak?.digest(ctx, stream, Number(stream.slice(2)), high);
  }
}
