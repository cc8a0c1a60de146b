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
import type { Context, Message, Process, ProtocolPlugin, Request, WorldView } from '../api/process.js';
import { NodeSet } from '../observe/node-set.js';
import { liveOthers } from './recipients.js';

export const broadcastOptions = z.strictObject({
  mode: z.enum(['flood', 'tree']).default('flood'),
  ttl: z.number().int().positive().optional(),
});
export type BroadcastOptions = z.infer<typeof broadcastOptions>;

interface Copy extends Message { kind: 'data'; msgId: number; src: number; hops: number }

/** How many of a run's messages get a bit per node for "seen" (4 bytes per node at most, as one Int32 each was). */
const DENSE_MESSAGES = 32;

/**
 * One run's broadcast, for all its nodes: per-node state in arrays indexed by ctx.id, so
 * an arrival reads a bit of a typed array instead of a node object (one Process per run).
 */
class BroadcastRun implements Process<Copy> {
  /**
   * Which nodes saw each message. Every arrival reads its receiver's entry at a random node,
   * so the size is what costs: the run's first DENSE_MESSAGES messages get a bit per node
   * (12.5 KB at 10⁵ nodes stays in the L1 cache, where an Int32 per node, 400 KB, did not),
   * later ones a Set (a run of many messages, each reaching a few nodes).
   */
  private readonly seen = new Map<number, NodeSet>();
  // The message last asked about and its set: most arrivals repeat it.
  private lastId = -1;
  private lastSeen: NodeSet | null = null;
  /**
   * The copies forwarded, by message and hops: copies are immutable plain data, so every node
   * forwarding message m at h hops sends one shared object. A flood of n nodes then has a few
   * dozen copies in flight, not n (each a cache miss when it arrives), and allocates none.
   */
  private readonly copies = new Map<number, Copy[]>();
  // The message whose copies were last asked for, and its copies (a flood forwards one message).
  private lastCopiesId = -1;
  private lastCopies: Copy[] = [];
  constructor(private readonly o: BroadcastOptions, private readonly nodes: number) {}

  request(ctx: Context<Copy>, req: Request): void {
    this.markSeen(ctx.id, req.id);
    this.forward(ctx, req.id, ctx.id, 0, -1);
  }

  message(ctx: Context<Copy>, from: number, msg: Copy): void {
    if (!this.markSeen(ctx.id, msg.msgId)) return;
    ctx.deliver(msg.msgId, msg.hops);
    if (this.o.ttl === undefined || msg.hops < this.o.ttl) this.forward(ctx, msg.msgId, msg.src, msg.hops, from);
  }

  /** Record a receipt of message `id` at node v; false when v saw it before. */
  private markSeen(v: number, id: number): boolean {
    const seen = id === this.lastId ? this.lastSeen! : this.seenOf(id);
    return !seen.addHad(v);
  }

  /** Message `id`'s set: bits for the run's first DENSE_MESSAGES messages (as if each concerned every node), a Set after. */
  private seenOf(id: number): NodeSet {
    let seen = this.seen.get(id);
    if (seen === undefined) this.seen.set(id, seen = new NodeSet(this.nodes, this.seen.size < DENSE_MESSAGES ? this.nodes : 0));
    this.lastId = id;
    this.lastSeen = seen;
    return seen;
  }

  /** The copy of message `msgId` from `src` that has crossed `hops` links. */
  private copy(msgId: number, src: number, hops: number): Copy {
    let byHops = msgId === this.lastCopiesId ? this.lastCopies : this.copies.get(msgId);
    if (byHops === undefined) this.copies.set(msgId, byHops = []);
    this.lastCopiesId = msgId; this.lastCopies = byHops;
    return byHops[hops] ??= { kind: 'data', msgId, src, hops };
  }

  /** Send on the copy of `msgId` (from `src`) that reached this node after `hops` links. */
  private forward(ctx: Context<Copy>, msgId: number, src: number, hops: number, from: number): void {
    const copy = this.copy(msgId, src, hops + 1);
    if (this.o.mode === 'flood' && ctx.sendToNeighbors !== undefined) {
      ctx.sendToNeighbors(copy, from);
      return;
    }
    const nbrs = ctx.neighbors();
    if (this.o.mode === 'flood') {
      for (let i = 0; i < nbrs.length; i++) if (nbrs[i] !== from) ctx.send(nbrs[i]!, copy);
    } else {
      const parent = ctx.network.parents(src, 'hops');
      for (let i = 0; i < nbrs.length; i++) if (parent[nbrs[i]!] === ctx.id) ctx.send(nbrs[i]!, copy);
    }
  }
}

/** Each run's one Process, by the run's WorldView (one object per run). */
const runs = new WeakMap<WorldView, BroadcastRun>();
function runOf(options: BroadcastOptions, view: WorldView): BroadcastRun {
  let run = runs.get(view);
  if (run === undefined) runs.set(view, run = new BroadcastRun(options, view.nodes));
  return run;
}

export const broadcast: ProtocolPlugin<BroadcastOptions> = {
  type: 'broadcast',
  description: 'one-to-all, by flooding with duplicate suppression or over a BFS spanning tree',
  options: broadcastOptions,
  expected: liveOthers,
  createProcess: (_node, options, view) => runOf(options, view),
  createSharedProcess: (options, view) => runOf(options, view),
};
