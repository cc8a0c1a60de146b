/**
 * Getting one item (a data message, or one slot of the total order) from its
 * broadcaster to every member, and knowing when a member may hand it on:
 *
 * ack       each copy addressed to a member is acked to whoever sent it; the sender
 *           resends to the members that stay silent (retransmit.ts).
 * relay     eager reliable broadcast: a member relays its first copy to every other
 *           live member (reliably, under ack), so the item survives the broadcaster's
 *           crash as soon as one correct member holds it.
 * uniform   an item becomes available only once a majority of the group is known to
 *           hold it. Holders are learnt from copies (their sender holds the item) and
 *           from acks. With relay every member counts for itself, as in Cachin,
 *           Guerraoui and Rodrigues' majority-ack uniform reliable broadcast; without
 *           relay only the broadcaster can count, so it tells the members with a
 *           `stable` notice (acked and resent like the item itself).
 */
import type { Context, NodeId } from '../../api/process.js';
import { sendRouted, type Body, type Envelope, type Label } from './envelope.js';
import type { Outbox } from './retransmit.js';

export interface SpreadHost {
  readonly g: string;
  readonly metric: 'hops' | 'latency';
  readonly acks: boolean;
  readonly relay: boolean;
  readonly uniform: boolean;
  /** The group's members, ascending. */
  readonly view: readonly NodeId[];
  isMember(v: NodeId): boolean;
  /** The item under `key` may now be handed on at this member. */
  available(ctx: Context<Envelope>, key: string): void;
}

interface Item {
  body: Body;
  msgId: number | undefined;
  broadcaster: NodeId;
  has: boolean;
  stable: boolean;
  /** Already handed to the host. */
  released: boolean;
  /** Members known to hold it (uniform only). */
  holders: Set<NodeId>;
  /** Whom this node sent it to, for the stable notice. */
  targets: NodeId[];
}

export class Dissemination {
  private readonly items = new Map<string, Item>();
  private readonly majority: number;

  constructor(private readonly host: SpreadHost, private readonly outbox: Outbox) {
    this.majority = Math.floor(host.view.length / 2) + 1;
  }

  /** This node broadcasts a new item to `targets` (it holds the item; it counts toward a majority if it is a member). */
  originate(ctx: Context<Envelope>, key: string, kind: Label, body: Body, msgId: number | undefined, targets: readonly NodeId[]): void {
    const item = this.item(key, body, msgId, ctx.id);
    item.has = true;
    item.targets = [...targets];
    this.spread(ctx, key, kind, item, targets);
    this.hold(ctx, key, item, ctx.id);
    this.release(ctx, key, item);
  }

  /**
   * A copy of `key` reached this member (`addressed`: it was the envelope's
   * destination, not a copy passing through). Returns true on the first copy.
   */
  received(ctx: Context<Envelope>, env: Envelope, key: string, broadcaster: NodeId, addressed: boolean): boolean {
    if (addressed && this.host.acks) sendRouted(ctx, this.host.metric, this.host.g, env.src, 'ack', { t: 'ack', ref: key });
    const item = this.item(key, env.body, env.msgId, broadcaster);
    const first = !item.has;
    item.has = true;
    this.hold(ctx, key, item, env.src, broadcaster, ctx.id);
    if (first && this.host.relay) {
      const targets = this.host.view.filter((v) => v !== ctx.id && v !== broadcaster && ctx.network.isAlive(v));
      item.targets = targets;
      this.spread(ctx, key, 'relay', item, targets);
    }
    if (first) this.release(ctx, key, item);
    return first;
  }

  /** `from` acked `ref` (an item, or a stable notice `s:KEY`). */
  acked(ctx: Context<Envelope>, ref: string, from: NodeId): void {
    this.outbox.ack(ctx, ref, from);
    const item = this.items.get(ref);
    if (item) this.hold(ctx, ref, item, from);
  }

  /** The broadcaster says a majority holds `ref`. */
  stableNotice(ctx: Context<Envelope>, env: Envelope, ref: string): void {
    sendRouted(ctx, this.host.metric, this.host.g, env.src, 'ack', { t: 'ack', ref: `s:${ref}` });
    const item = this.items.get(ref) ?? this.item(ref, env.body, undefined, env.src);
    if (item.stable) return;
    item.stable = true;
    this.release(ctx, ref, item);
  }

  available(key: string): boolean {
    const item = this.items.get(key);
    return item !== undefined && item.has && (!this.host.uniform || item.stable);
  }

  /** Forget items that `match` selects and stop resending them. */
  forget(ctx: Context<Envelope>, match: (key: string) => boolean): void {
    for (const key of [...this.items.keys()]) if (match(key)) this.items.delete(key);
    this.outbox.cancelWhere(ctx, (key) => match(key.startsWith('s:') ? key.slice(2) : key));
  }

  private item(key: string, body: Body, msgId: number | undefined, broadcaster: NodeId): Item {
    let item = this.items.get(key);
    if (!item) {
      item = { body, msgId, broadcaster, has: false, stable: false, released: false, holders: new Set(), targets: [] };
      this.items.set(key, item);
    } else if (!item.has) {
      // A stable notice came first: keep the real copy now.
      item.body = body; item.msgId = msgId; item.broadcaster = broadcaster;
    }
    return item;
  }

  private spread(ctx: Context<Envelope>, key: string, kind: Label, item: Item, targets: readonly NodeId[]): void {
    const { metric, g } = this.host;
    for (const v of targets) sendRouted(ctx, metric, g, v, kind, item.body, item.msgId);
    if (this.host.acks) this.outbox.track(ctx, key, targets, (c, to) => sendRouted(c, metric, g, to, 'retransmit', item.body, item.msgId));
  }

  /** Count holders; a majority makes the item stable (uniform). */
  private hold(ctx: Context<Envelope>, key: string, item: Item, ...who: NodeId[]): void {
    if (!this.host.uniform || item.stable) return;
    for (const v of who) if (this.host.isMember(v)) item.holders.add(v);
    if (item.holders.size < this.majority) return;
    item.stable = true;
    if (item.broadcaster === ctx.id && !this.host.relay) this.announce(ctx, key, item);
    this.release(ctx, key, item);
  }

  private announce(ctx: Context<Envelope>, key: string, item: Item): void {
    const { metric, g } = this.host;
    const notice: Body = { t: 'stable', ref: key };
    for (const v of item.targets) sendRouted(ctx, metric, g, v, 'stable', notice);
    this.outbox.track(ctx, `s:${key}`, item.targets, (c, to) => sendRouted(c, metric, g, to, 'retransmit', notice));
  }

  private release(ctx: Context<Envelope>, key: string, item: Item): void {
    if (item.released || !item.has || (this.host.uniform && !item.stable)) return;
    item.released = true;
    this.host.available(ctx, key);
  }
}
