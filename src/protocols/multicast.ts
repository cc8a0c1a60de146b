/**
 * Multicast: one-to-group. A message goes to the group's members at the time it is
 * sent (joins and leaves before that instant count, later ones do not).
 *
 * mode: unicast-each  the naive baseline: the source sends a separate copy to every
 *                     member, each routed hop by hop on its own shortest path.
 * mode: source-tree   the shortest-path tree rooted at the source (the tree
 *                     `network.parents(source)` gives), pruned to the branches that
 *                     lead to a member: one copy per tree link.
 * mode: shared-tree   one tree per group, rooted at a `core`: the source unicasts one
 *                     copy to the core, which sends it down its own shortest-path tree
 *                     pruned to the members (as PIM-SM does before switching to source
 *                     trees). Members on the way to the core only relay that copy; they
 *                     deliver the one that comes down the tree. Default core: the member
 *                     with the least total distance to the other members (the group's
 *                     median), ties to the lowest id, recomputed per message from the
 *                     members at send time — so with a fixed membership it never moves.
 *
 * The member list travels in the message header (explicit multicast, as in Xcast), so
 * relays keep no per-group state: each relay prunes the tree itself from the list.
 * A routed copy (to a member, or to the core) carries its route, computed by the source
 * with `nextHop`: the very path hop-by-hop routing would take, since routes are static,
 * but it spares every relay a routing-table lookup (with hundreds of members, those
 * lookups would need hundreds of trees at once).
 * Relays that are not members forward but never deliver. Trees come from the topology,
 * not from who is up: a crashed relay cuts off its subtree.
 */
import { checkGroupOption } from './group-option.js';
import { z } from 'zod';
import { MulticastMetrics } from '../observe/multicast-metrics.js';
import type { Context, Message, NetworkServices, NodeId, Process, ProtocolPlugin, Request, RouteMetric } from '../api/process.js';
import { liveMembers } from './recipients.js';

export const multicastOptions = z.strictObject({
  group: z.string().min(1).optional(),
  mode: z.enum(['unicast-each', 'source-tree', 'shared-tree']).default('source-tree'),
  core: z.int().min(0).optional(),
  routing: z.enum(['hops', 'latency']).default('hops'),
});
export type MulticastOptions = z.infer<typeof multicastOptions>;

/**
 * A copy of the application message. `leg` says what to do with it:
 * to-member  routed toward `dst`, which delivers it (unicast-each);
 * to-core    routed toward `dst`, the core, which delivers it if a member and spreads it;
 * tree       spread down the shortest-path tree rooted at `root`, pruned to `members`.
 */
interface Copy extends Message {
  kind: 'data';
  msgId: number;
  src: NodeId;
  hops: number;
  leg: 'to-member' | 'to-core' | 'tree';
  dst: NodeId;
  root: NodeId;
  /** Routed legs: the nodes from the source to `dst`; the copy is at route[hops]. */
  route?: readonly NodeId[];
  /** Recipients (members at send time, minus the source), ascending; absent on to-member copies. */
  members?: readonly NodeId[];
}

class MulticastProcess implements Process<Copy> {
  /** Copies already handled, keyed by (message, leg target), so a duplicated transmission is handled once. */
  private readonly seen = new Set<number>();
  constructor(private readonly o: MulticastOptions, private readonly size: number) {}

  request(ctx: Context<Copy>, req: Request): void {
    const members = [...(req.members ?? [])].sort((a, b) => a - b);
    const targets = members.filter((m) => m !== ctx.id);
    if (targets.length === 0) return;
    const base = { kind: 'data' as const, msgId: req.id, src: ctx.id, hops: 0 };
    switch (this.o.mode) {
      case 'unicast-each':
        for (const m of targets) this.startRoute(ctx, { ...base, leg: 'to-member', dst: m, root: -1 });
        return;
      case 'source-tree':
        this.spread(ctx, { ...base, leg: 'tree', dst: -1, root: ctx.id, members: targets });
        return;
      case 'shared-tree': {
        const core = this.o.core ?? defaultCore(members, ctx.network, this.o.routing);
        const copy: Copy = { ...base, leg: 'to-core', dst: core, root: core, members: targets };
        if (core === ctx.id) this.spread(ctx, { ...copy, leg: 'tree' });
        else this.startRoute(ctx, copy);
      }
    }
  }

  message(ctx: Context<Copy>, _from: NodeId, msg: Copy): void {
    const target = msg.leg === 'tree' ? this.size : msg.dst;
    const key = msg.msgId * (this.size + 1) + target;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    if (msg.leg !== 'tree' && msg.dst !== ctx.id) return this.forward(ctx, msg);
    if (msg.leg === 'to-member' || isRecipient(msg.members!, ctx.id)) ctx.deliver(msg.msgId, msg.hops);
    if (msg.leg === 'to-member') return;
    const { route: _route, ...copy } = msg;
    this.spread(ctx, { ...copy, leg: 'tree' });
  }

  /** At the source: look up the route to `msg.dst` and send the first hop (nothing if unreachable). */
  private startRoute(ctx: Context<Copy>, msg: Copy): void {
    const route = unicastRoute(ctx.network, ctx.id, msg.dst, this.o.routing);
    if (route) this.forward(ctx, { ...msg, route });
  }

  /** One hop along the copy's route. */
  private forward(ctx: Context<Copy>, msg: Copy): void {
    ctx.send(msg.route![msg.hops + 1]!, { ...msg, hops: msg.hops + 1 });
  }

  /** Send one copy to each child in the tree rooted at `msg.root` whose subtree holds a recipient. */
  private spread(ctx: Context<Copy>, msg: Copy): void {
    const parent = ctx.network.parents(msg.root, this.o.routing);
    const branches = prunedTreeOf(msg, parent, this.o.routing);
    const nbrs = ctx.neighbors();
    for (let i = 0; i < nbrs.length; i++) {
      const v = nbrs[i]!;
      if (parent[v] === ctx.id && branches.has(v)) ctx.send(v, { ...msg, hops: msg.hops + 1 });
    }
  }
}

/** The nodes of the tree (given by parent pointers toward `root`) that have a recipient in their subtree. */
export function prunedTree(parent: Int32Array, root: NodeId, recipients: readonly NodeId[]): Set<NodeId> {
  const marked = new Set<NodeId>();
  for (const m of recipients) {
    // Walk up until the root, a node already marked, or a dead end (m unreachable).
    for (let v = m; v !== root && v >= 0 && !marked.has(v); v = parent[v]!) marked.add(v);
  }
  return marked;
}

/** The nodes from `from` to `to` along the routing tables, both included; null when unreachable. */
function unicastRoute(network: NetworkServices, from: NodeId, to: NodeId, metric: RouteMetric): NodeId[] | null {
  const route = [from];
  for (let v = from; v !== to;) {
    v = network.nextHop(v, to, metric);
    if (v < 0 || route.length > network.size) return null;
    route.push(v);
  }
  return route;
}

/**
 * Every relay of one message prunes the same tree; in the simulator its copies share one
 * `members` array, so the result is remembered per array (a pure cache: the same answer
 * as computing it again, just once per message instead of once per relay).
 */
const prunedCache = new WeakMap<readonly NodeId[], Map<string, Set<NodeId>>>();
function prunedTreeOf(msg: Copy, parent: Int32Array, metric: RouteMetric): Set<NodeId> {
  let byRoot = prunedCache.get(msg.members!);
  if (!byRoot) { byRoot = new Map(); prunedCache.set(msg.members!, byRoot); }
  const key = `${metric}:${msg.root}`;
  let set = byRoot.get(key);
  if (!set) { set = prunedTree(parent, msg.root, msg.members!); byRoot.set(key, set); }
  return set;
}

/** Default cores already computed, per run (its network) and membership: k shortest-path trees each. */
const coreCache = new WeakMap<NetworkServices, Map<string, NodeId>>();

/** The member with the least total distance to the other members (ties to the lowest id); -1 for no members. */
export function defaultCore(members: readonly NodeId[], network: NetworkServices, metric: RouteMetric): NodeId {
  let cache = coreCache.get(network);
  if (!cache) { cache = new Map(); coreCache.set(network, cache); }
  const key = `${metric}:${[...members].sort((a, b) => a - b).join(',')}`;
  let core = cache.get(key);
  if (core === undefined) { core = medianMember(members, network, metric); cache.set(key, core); }
  return core;
}

function medianMember(members: readonly NodeId[], network: NetworkServices, metric: RouteMetric): NodeId {
  let best = -1, bestSum = Infinity;
  for (const c of [...members].sort((a, b) => a - b)) {
    let sum = 0;
    for (const m of members) if (m !== c) sum += network.distance(m, c, metric);
    if (best < 0 || sum < bestSum) { best = c; bestSum = sum; }
  }
  return best;
}

function isRecipient(sorted: readonly NodeId[], v: NodeId): boolean {
  let lo = 0, hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1, x = sorted[mid]!;
    if (x === v) return true;
    if (x < v) lo = mid + 1; else hi = mid - 1;
  }
  return false;
}

export const multicast: ProtocolPlugin<MulticastOptions> = {
  type: 'multicast',
  description: 'one-to-group: a copy per member, a source-rooted tree, or a shared tree through a core',
  options: multicastOptions,
  check(o, ctx) {
    const problems = checkGroupOption(o.group, ctx, 'multicast');
    if (o.core !== undefined && o.core >= ctx.nodes) problems.push(['core', `must be a node id from 0 to ${ctx.nodes - 1}, got ${o.core}`]);
    return problems;
  },
  group: (o) => o.group,
  expected: liveMembers,
  createProcess: (_node, options, view) => new MulticastProcess(options, view.nodes),
  metrics: (_options, view) => [new MulticastMetrics(view.network)],
};
