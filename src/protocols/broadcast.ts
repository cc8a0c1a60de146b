/**
 * Broadcast: one-to-all.
 *
 * mode: flood  a node forwards the first copy it receives to every neighbour except the
 *              one it came from; later copies are dropped (duplicate suppression). With
 *              `ttl`, a copy that has crossed `ttl` links is not forwarded. On a connected
 *              graph this sends exactly 2|E| − (n−1) messages.
 * mode: tree   copies travel only down the BFS spanning tree rooted at the source
 *              (ties to the lowest id): exactly n − 1 messages on a connected graph.
 * The tree is computed from the topology, not from who is up: a crashed relay cuts off its subtree.
 */
import { z } from 'zod';
import type { Context, Message, Process, ProtocolPlugin, Request } from '../api/process.js';
import { liveOthers } from './recipients.js';

export const broadcastOptions = z.strictObject({
  mode: z.enum(['flood', 'tree']).default('flood'),
  ttl: z.number().int().positive().optional(),
});
export type BroadcastOptions = z.infer<typeof broadcastOptions>;

interface Copy extends Message { kind: 'data'; msgId: number; src: number; hops: number }

class BroadcastProcess implements Process<Copy> {
  /** The first message seen, kept in a field: a one-message run then needs no Set per node. */
  private first = -1;
  /** Every later message seen. */
  private seen: Set<number> | null = null;
  constructor(private readonly o: BroadcastOptions) {}

  request(ctx: Context<Copy>, req: Request): void {
    this.markSeen(req.id);
    this.forward(ctx, { kind: 'data', msgId: req.id, src: ctx.id, hops: 0 }, -1);
  }

  message(ctx: Context<Copy>, from: number, msg: Copy): void {
    if (!this.markSeen(msg.msgId)) return;
    ctx.deliver(msg.msgId, msg.hops);
    if (this.o.ttl === undefined || msg.hops < this.o.ttl) this.forward(ctx, msg, from);
  }

  /** Record a first receipt; false when the message was seen before. */
  private markSeen(id: number): boolean {
    if (this.first < 0) { this.first = id; return true; }
    if (id === this.first) return false;
    this.seen ??= new Set();
    if (this.seen.has(id)) return false;
    this.seen.add(id);
    return true;
  }

  private forward(ctx: Context<Copy>, msg: Copy, from: number): void {
    const copy: Copy = { kind: 'data', msgId: msg.msgId, src: msg.src, hops: msg.hops + 1 };
    const nbrs = ctx.neighbors();
    if (this.o.mode === 'flood') {
      for (let i = 0; i < nbrs.length; i++) if (nbrs[i] !== from) ctx.send(nbrs[i]!, copy);
    } else {
      const parent = ctx.network.parents(msg.src, 'hops');
      for (let i = 0; i < nbrs.length; i++) if (parent[nbrs[i]!] === ctx.id) ctx.send(nbrs[i]!, copy);
    }
  }
}

export const broadcast: ProtocolPlugin<BroadcastOptions> = {
  type: 'broadcast',
  description: 'one-to-all, by flooding with duplicate suppression or over a BFS spanning tree',
  options: broadcastOptions,
  expected: liveOthers,
  createProcess: (_node, options) => new BroadcastProcess(options),
};
