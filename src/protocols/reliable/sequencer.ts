/**
 * Total order by a fixed sequencer (as JGroups' SEQUENCER): an origin submits its
 * message to the sequencer (the lowest member of the current epoch), which gives it
 * the next slot and broadcasts the slot with the message to the group (an `order`
 * item, spread reliably like any other). Members deliver slots in slot order. The
 * sequencer orders each origin's messages in the origin's own sequence order, so
 * total order here is also FIFO. An origin resubmits (`resubmit`, with backoff)
 * until it sees its message in a slot — the slot is the acknowledgement.
 *
 * Every member watches the sequencer (every `detect` ms) for as long as it might still
 * be owed a retransmission: the sender's whole backoff series plus two detection
 * delays after its last ordering activity. On suspecting it the takeover of
 * takeover.ts runs: epochs
 * keep old and new slot assignments apart, and sync, state and install messages are
 * always acknowledged (retransmitted under both ack modes).
 */
import type { Context, NodeId } from '../../api/process.js';
import type { Dissemination } from './dissemination.js';
import { sendRouted, type Body, type DataItem, type Envelope, type SlotEntry } from './envelope.js';
import type { NakRecovery } from './nak.js';
import type { Outbox } from './retransmit.js';
import { epochOf, gapFreeLength, mergeReports, missingFrom, nextEpoch } from './takeover.js';

export interface TotalHost {
  readonly g: string;
  readonly metric: 'hops' | 'latency';
  readonly view: readonly NodeId[];
  readonly member: boolean;
  readonly spread: Dissemination;
  readonly outbox: Outbox;
  readonly nak: NakRecovery | null;
  /** Watch period: the failure detector's delay. */
  readonly detect: number;
  /** How long after its last ordering activity a member keeps watching. */
  readonly horizon: number;
  isMember(v: NodeId): boolean;
  suspected(ctx: Context<Envelope>, v: NodeId): boolean;
  deliver(ctx: Context<Envelope>, item: DataItem, hops: number): void;
}

export interface WatchTimer { t: 'watch'; g: string }

const orderKey = (epoch: number, slot: number) => `o:${epoch}:${slot}`;
const originKey = (item: DataItem) => `${item.origin}:${item.seq}`;

export class TotalOrder {
  epoch = 0;
  private installed = true;
  private base = 0;
  private readonly slots = new Map<number, SlotEntry>();
  private nextDeliver = 0;
  private readonly delivered = new Set<number>();
  // As an origin.
  private nextSeq = 0;
  private readonly unordered = new Map<number, DataItem>();
  // As the sequencer.
  private nextSlot = 0;
  private readonly nextToOrder = new Map<NodeId, number>();
  private readonly held = new Map<NodeId, Map<number, { item: DataItem; hops: number }>>();
  private readonly ordered = new Map<string, number>();
  // Takeover.
  private syncing = false;
  private readonly reports = new Map<NodeId, SlotEntry[]>();
  private readonly installBodies = new Map<NodeId, Body>();
  private watchTimer = -1;
  private lastActivity = 0;

  constructor(private readonly h: TotalHost) {}

  sequencer(): NodeId | undefined { return this.h.view[this.epoch]; }

  request(ctx: Context<Envelope>, msgId: number): void {
    const item: DataItem = { msgId, origin: ctx.id, seq: this.nextSeq++ };
    this.unordered.set(item.seq, item);
    this.submit(ctx, item, 'submit');
    this.touch(ctx);
  }

  // ------------------------------------------------------------ sequencer

  onSubmit(ctx: Context<Envelope>, env: Envelope, item: DataItem): void {
    if (this.sequencer() !== ctx.id) return;
    const slot = this.ordered.get(originKey(item));
    if (slot !== undefined) return this.confirm(ctx, env.src, item, slot);
    if (item.seq < (this.nextToOrder.get(item.origin) ?? 0)) return;
    this.hold(item, env.hops);
    this.drain(ctx, item.origin);
  }

  /** The sequencer, or any member holding the slots, answers a nak. */
  onNak(ctx: Context<Envelope>, from: NodeId, stream: string, missing: readonly number[]): void {
    if (!this.installed || stream !== `o:${this.epoch}`) return;
    for (const slot of missing) {
      const e = this.slots.get(slot);
      if (e && e.epoch === this.epoch) sendRouted(ctx, this.h.metric, this.h.g, from, 'retransmit', { t: 'order', entry: e }, e.item.msgId);
    }
  }

  digestHigh(): number { return this.nextSlot; }

  private acting(ctx: Context<Envelope>): boolean { return this.installed && this.sequencer() === ctx.id; }

  private hold(item: DataItem, hops: number): void {
    let q = this.held.get(item.origin);
    if (!q) this.held.set(item.origin, (q = new Map()));
    q.set(item.seq, { item, hops });
  }

  /** Give slots to the origin's held messages that are next in its sequence. */
  private drain(ctx: Context<Envelope>, origin: NodeId): void {
    if (!this.acting(ctx)) return;
    const q = this.held.get(origin);
    if (!q) return;
    for (const k of q.keys()) if (k < (this.nextToOrder.get(origin) ?? 0)) q.delete(k);
    for (let next = q.get(this.nextToOrder.get(origin) ?? 0); next; next = q.get(this.nextToOrder.get(origin) ?? 0)) {
      q.delete(next.item.seq);
      this.assign(ctx, next.item, next.hops);
    }
  }

  private assign(ctx: Context<Envelope>, item: DataItem, hops: number): void {
    const entry: SlotEntry = { slot: this.nextSlot++, epoch: this.epoch, item, hops };
    this.slots.set(entry.slot, entry);
    this.ordered.set(originKey(item), entry.slot);
    this.nextToOrder.set(item.origin, item.seq + 1);
    if (item.origin === ctx.id) this.unordered.delete(item.seq);
    const targets = this.h.view.filter((v) => v !== ctx.id && ctx.network.isAlive(v));
    this.h.spread.originate(ctx, orderKey(this.epoch, entry.slot), 'order', { t: 'order', entry }, item.msgId, targets);
    this.h.nak?.sent(ctx, `o:${this.epoch}`);
    if (item.origin !== ctx.id && !this.h.isMember(item.origin)) this.confirm(ctx, item.origin, item, entry.slot);
    this.touch(ctx);
  }

  /** A duplicate submission: show the origin its slot again (a member) or ack it (an outsider). */
  private confirm(ctx: Context<Envelope>, to: NodeId, item: DataItem, slot: number): void {
    const e = this.slots.get(slot);
    if (this.h.isMember(to) && e && slot >= this.base) sendRouted(ctx, this.h.metric, this.h.g, to, 'retransmit', { t: 'order', entry: e }, item.msgId);
    else if (!this.h.isMember(to)) sendRouted(ctx, this.h.metric, this.h.g, to, 'ack', { t: 'ack', ref: `m:${item.msgId}` });
  }

  // ------------------------------------------------------------ members

  onOrder(ctx: Context<Envelope>, env: Envelope, entry: SlotEntry, addressed: boolean): void {
    if (entry.epoch > this.epoch) return this.enter(ctx, entry.epoch);
    if (entry.epoch < this.epoch || !this.installed || entry.slot < this.base) return;
    const known = this.slots.get(entry.slot);
    if (!known || known.epoch !== entry.epoch) this.slots.set(entry.slot, { ...entry, hops: entry.hops + env.hops });
    if (entry.item.origin === ctx.id) this.seenOrdered(ctx, entry.item);
    this.h.nak?.received(ctx, `o:${this.epoch}`, this.sequencer()!, entry.slot);
    this.h.spread.received(ctx, env, orderKey(entry.epoch, entry.slot), this.sequencer()!, addressed);
    this.touch(ctx);
  }

  onDigest(ctx: Context<Envelope>, stream: string, high: number): void {
    if (this.installed && stream === `o:${this.epoch}`) this.h.nak?.digest(ctx, stream, this.sequencer()!, high);
  }

  /** An outsider origin's submission was acknowledged by the sequencer. */
  onSubmissionAck(ref: string): void {
    const msgId = Number(ref.slice(2));
    for (const [seq, item] of this.unordered) if (item.msgId === msgId) this.unordered.delete(seq);
  }

  /** A slot became available (received, and stable when uniform). */
  available(ctx: Context<Envelope>): void { this.tryDeliver(ctx); }

  private tryDeliver(ctx: Context<Envelope>): void {
    if (!this.installed || !this.h.member) return;
    for (let e = this.slots.get(this.nextDeliver); e; e = this.slots.get(this.nextDeliver)) {
      const settled = this.nextDeliver < this.base || (e.epoch === this.epoch && this.h.spread.available(orderKey(e.epoch, e.slot)));
      if (!settled) return;
      this.nextDeliver++;
      if (this.delivered.has(e.item.msgId)) continue;
      this.delivered.add(e.item.msgId);
      this.h.deliver(ctx, e.item, e.hops);
    }
  }

  private submit(ctx: Context<Envelope>, item: DataItem, kind: 'submit' | 'resubmit'): void {
    const s = this.sequencer();
    if (s === undefined || !this.installed) return;
    if (s === ctx.id) {
      this.hold(item, 0);
      return this.drain(ctx, item.origin);
    }
    const { metric, g } = this.h;
    const body: Body = { t: 'submit', item };
    sendRouted(ctx, metric, g, s, kind, body, item.msgId);
    this.h.outbox.track(ctx, `m:${item.msgId}`, [s], (c, to) => sendRouted(c, metric, g, to, 'resubmit', body, item.msgId));
  }

  /** Own message seen in a slot: stop resubmitting it. */
  private seenOrdered(ctx: Context<Envelope>, item: DataItem): void {
    this.unordered.delete(item.seq);
    this.h.outbox.cancel(ctx, `m:${item.msgId}`);
  }

  // ------------------------------------------------------------ takeover

  /**
   * Move to epoch `e` (> current): drop the old epoch's traffic, then report to (or
   * become) its sequencer — unless `installing`, when its install is already here.
   */
  private enter(ctx: Context<Envelope>, e: number, installing = false): void {
    if (e <= this.epoch) return;
    const old = this.epoch;
    this.epoch = e;
    this.installed = false;
    this.syncing = false;
    this.reports.clear();
    this.h.spread.forget(ctx, (k) => k.startsWith('o:') && epochOf(k) < e);
    this.h.outbox.cancelWhere(ctx, (k) => k.startsWith('m:') || ((k.startsWith('y:') || k.startsWith('i:')) && epochOf(k) < e));
    this.h.nak?.forget(ctx, `o:${old}`);
    if (!this.h.member) {
      // An outsider origin takes no part in the takeover: it only resubmits.
      this.installed = true;
      for (const item of this.unordered.values()) this.submit(ctx, item, 'resubmit');
    } else if (this.sequencer() === ctx.id) {
      this.startSync(ctx);
    } else if (!installing) {
      this.report(ctx);
    }
    this.touch(ctx);
  }

  private report(ctx: Context<Envelope>): void {
    const s = this.sequencer();
    if (s === undefined || s === ctx.id) return;
    sendRouted(ctx, this.h.metric, this.h.g, s, 'state', { t: 'state', epoch: this.epoch, slots: [...this.slots.values()] });
  }

  private startSync(ctx: Context<Envelope>): void {
    this.syncing = true;
    this.reports.set(ctx.id, [...this.slots.values()]);
    const { metric, g } = this.h;
    const body: Body = { t: 'sync', epoch: this.epoch };
    const waiting = this.h.view.filter((v) => v !== ctx.id && !this.reports.has(v) && !this.h.suspected(ctx, v));
    for (const v of waiting) sendRouted(ctx, metric, g, v, 'sync', body);
    this.h.outbox.track(ctx, `y:${this.epoch}`, waiting, (c, to) => sendRouted(c, metric, g, to, 'retransmit', body));
    this.checkSync(ctx);
  }

  onSync(ctx: Context<Envelope>, e: number): void {
    if (e > this.epoch) this.enter(ctx, e);
    else if (e === this.epoch && !this.installed) this.report(ctx);
  }

  onState(ctx: Context<Envelope>, from: NodeId, e: number, slots: SlotEntry[]): void {
    if (e > this.epoch && this.h.view[e] === ctx.id) this.enter(ctx, e);
    if (e < this.epoch && this.sequencer() === ctx.id) {
      sendRouted(ctx, this.h.metric, this.h.g, from, 'sync', { t: 'sync', epoch: this.epoch });
      return;
    }
    if (e !== this.epoch || this.sequencer() !== ctx.id) return;
    if (this.syncing) {
      this.reports.set(from, slots);
      this.h.outbox.ack(ctx, `y:${e}`, from);
      this.checkSync(ctx);
    } else if (this.installed) {
      this.sendInstall(ctx, [from], new Map([[from, slots]]));
    }
  }

  /** Install once every unsuspected member has reported (or its sync was given up). */
  private checkSync(ctx: Context<Envelope>): void {
    if (!this.syncing) return;
    const silent = this.h.view.some((v) => v !== ctx.id && !this.reports.has(v) && !this.h.suspected(ctx, v));
    if (silent && this.h.outbox.waiting(`y:${this.epoch}`)) return;
    this.h.outbox.cancel(ctx, `y:${this.epoch}`);
    const merged = mergeReports(this.reports.values());
    const base = gapFreeLength(merged);
    const prefix: SlotEntry[] = [];
    for (let s = 0; s < base; s++) prefix.push(merged.get(s)!);
    this.syncing = false;
    this.adopt(ctx, base, prefix);
    this.nextSlot = base;
    this.ordered.clear();
    this.nextToOrder.clear();
    for (const e of prefix) {
      this.ordered.set(originKey(e.item), e.slot);
      this.nextToOrder.set(e.item.origin, Math.max(this.nextToOrder.get(e.item.origin) ?? 0, e.item.seq + 1));
    }
    const targets = this.h.view.filter((v) => v !== ctx.id && !this.h.suspected(ctx, v));
    this.sendInstall(ctx, targets, this.reports);
    this.reports.clear();
    for (const item of this.unordered.values()) this.hold(item, 0);
    for (const origin of [...this.held.keys()]) this.drain(ctx, origin);
  }

  private sendInstall(ctx: Context<Envelope>, targets: readonly NodeId[], reported: ReadonlyMap<NodeId, readonly SlotEntry[]>): void {
    const prefix: SlotEntry[] = [];
    for (let s = 0; s < this.base; s++) prefix.push(this.slots.get(s)!);
    const { metric, g } = this.h;
    for (const v of targets) {
      const body: Body = { t: 'install', epoch: this.epoch, base: this.base, prefix: missingFrom(prefix, reported.get(v)) };
      this.installBodies.set(v, body);
      sendRouted(ctx, metric, g, v, 'install', body);
    }
    this.h.outbox.track(ctx, `i:${this.epoch}`, targets, (c, to) => sendRouted(c, metric, g, to, 'retransmit', this.installBodies.get(to)!));
  }

  onInstall(ctx: Context<Envelope>, from: NodeId, e: number, base: number, prefix: readonly SlotEntry[]): void {
    sendRouted(ctx, this.h.metric, this.h.g, from, 'ack', { t: 'ack', ref: `i:${e}` });
    if (e < this.epoch || (e === this.epoch && this.installed)) return;
    if (e > this.epoch) this.enter(ctx, e, true);
    this.adopt(ctx, base, prefix);
    for (const item of this.unordered.values()) this.submit(ctx, item, 'resubmit');
  }

  /** Take `prefix` as slots 0..base-1 and start the current epoch at `base`. */
  private adopt(ctx: Context<Envelope>, base: number, prefix: readonly SlotEntry[]): void {
    this.installed = true;
    this.base = base;
    for (const [slot, e] of this.slots) if (slot >= base && e.epoch < this.epoch) this.slots.delete(slot);
    for (const e of prefix) this.slots.set(e.slot, e);
    for (let s = 0; s < base; s++) {
      const e = this.slots.get(s);
      if (e && e.item.origin === ctx.id) this.seenOrdered(ctx, e.item);
    }
    this.h.nak?.skipTo(`o:${this.epoch}`, this.sequencer()!, base);
    this.touch(ctx);
    this.tryDeliver(ctx);
  }

  // ------------------------------------------------------------ watching the sequencer

  onWatch(ctx: Context<Envelope>): void {
    this.watchTimer = -1;
    const s = this.sequencer();
    if (s !== undefined && s !== ctx.id && this.h.suspected(ctx, s)) {
      const e = nextEpoch(this.h.view, this.epoch, (v) => this.h.suspected(ctx, v));
      if (e < this.h.view.length) this.enter(ctx, e);
    } else if (!this.installed) {
      this.report(ctx);
    }
    this.checkSync(ctx);
    if (ctx.now() < this.lastActivity + this.h.horizon) this.watch(ctx);
  }

  /** After a crash the watch timer is gone. */
  rearm(ctx: Context<Envelope>): void {
    this.watchTimer = -1;
    this.watch(ctx);
  }

  private touch(ctx: Context<Envelope>): void {
    this.lastActivity = ctx.now();
    this.watch(ctx);
  }

  private watch(ctx: Context<Envelope>): void {
    if (this.watchTimer < 0) this.watchTimer = ctx.setTimer(this.h.detect, { t: 'watch', g: this.h.g } satisfies WatchTimer);
  }
}
