/**
 * What `compare` asks of each communication type on a given network: one
 * documented default workload and protocol options per type, so the six rows
 * answer comparable questions on the same graph.
 *
 *   source     the scenario's first workload `from` if it is a node id, else node 0;
 *              every request is sent at that item's time (`at`, or `start` of a series).
 *   unicast    source → the node farthest from it in hops (ties to the lowest id).
 *   multicast  source → a seeded random quarter of the nodes (round(n/4), at least 2),
 *   reliable   the same group; the source is one of its members (a closed group, as
 *              group communication usually is), so n/4 − 1 others are expected.
 *   broadcast  source → all, plug-in defaults (flooding).
 *   gossip     source → all, push-pull with fanout 2 (rounds of the plug-in's default
 *              interval), rumor mongering: a node stops after 3 contacts that already
 *              knew (stop: {counter: 3, feedback: true}), so every run ends by itself.
 *   anycast    every node sends one request, in id order, to a seeded random group of
 *              round(5% of n) members (at least 2).
 * Groups are drawn from their own named streams of the run seed ('compare.group',
 * 'compare.anycast'), never from the simulation's streams, so they do not shift any
 * draw the runs make and the same seed always picks the same members.
 */
import { RandomStreams, randomInt, type Rng } from '../engine/random.js';
import { linkWeights, Router } from '../network/routing.js';
import type { Topology } from '../network/topology.js';
import type { GroupSpec, Scenario, WorkloadSpec } from '../scenario/types.js';

/** The six types in the order the table lists them. */
export const COMPARE_TYPES = ['unicast', 'multicast', 'broadcast', 'anycast', 'gossip', 'reliable'] as const;

/** Group names compare adds to the scenario's groups. */
export const QUARTER_GROUP = 'compare-quarter';
export const ANYCAST_GROUP = 'compare-anycast';

/** Protocol options compare sets per type; everything else is the plug-in's documented default. */
export const COMPARE_OPTIONS: Record<string, Record<string, unknown>> = {
  unicast: {},
  multicast: { group: QUARTER_GROUP },
  broadcast: {},
  anycast: { group: ANYCAST_GROUP },
  // Rumor mongering (Demers et al.): no oracle decides when to stop, so a small residue is possible.
  gossip: { mode: 'push-pull', fanout: 2, stop: { counter: 3, feedback: true } },
  reliable: { group: QUARTER_GROUP, ack: 'ack', order: 'fifo' },
};

/** The part of a scenario compare changes for one type. */
export interface CompareWorkload {
  workload: WorkloadSpec[];
  groups: Record<string, GroupSpec>;
}

/** The source node and send time taken from the scenario's own first workload item. */
export function compareSource(base: Scenario): { source: number; at: number } {
  const first = base.workload[0];
  const source = first && typeof first.from === 'number' ? first.from : 0;
  const at = !first ? 0 : 'at' in first ? first.at : first.start;
  return { source, at };
}

/** The node with the most hops from `source` (unreachable nodes excluded), ties to the lowest id. */
export function farthestNode(topology: Topology, source: number, router: Router): number {
  const dist = router.tree(source, 'hops').dist;
  let best = source;
  for (let v = 0; v < topology.nodes; v++) if (dist[v]! < Infinity && dist[v]! > dist[best]!) best = v;
  return best;
}

/** `size` distinct nodes drawn uniformly (partial Fisher–Yates), always including `include` if given; ascending. */
export function randomGroup(rng: Rng, nodes: number, size: number, include?: number): number[] {
  const pool = Array.from({ length: nodes }, (_, i) => i);
  let taken = 0;
  if (include !== undefined) { [pool[0], pool[include]] = [pool[include]!, pool[0]!]; taken = 1; }
  const k = Math.min(size, nodes);
  for (; taken < k; taken++) {
    const j = taken + randomInt(rng, nodes - taken);
    [pool[taken], pool[j]] = [pool[j]!, pool[taken]!];
  }
  return pool.slice(0, k).sort((a, b) => a - b);
}

export function quarterGroupSize(nodes: number): number { return Math.min(nodes, Math.max(2, Math.round(nodes / 4))); }
export function anycastGroupSize(nodes: number): number { return Math.min(nodes, Math.max(2, Math.round(nodes * 0.05))); }

const group = (members: number[]): GroupSpec => ({ members, joins: [], leaves: [] });

/** The workload (and the groups it needs) for one type on this network. */
export function defaultWorkload(type: string, base: Scenario, topology: Topology): CompareWorkload {
  const { source, at } = compareSource(base);
  const streams = new RandomStreams(base.seed);
  const n = topology.nodes;
  switch (type) {
    case 'unicast': {
      const router = new Router(topology, linkWeights(topology, base.link.latency));
      return { workload: [{ at, from: source, to: farthestNode(topology, source, router) }], groups: base.groups };
    }
    case 'multicast':
    case 'reliable': {
      const members = randomGroup(streams.stream('compare.group'), n, quarterGroupSize(n), source);
      return { workload: [{ at, from: source, group: QUARTER_GROUP }], groups: { ...base.groups, [QUARTER_GROUP]: group(members) } };
    }
    case 'anycast': {
      const members = randomGroup(streams.stream('compare.anycast'), n, anycastGroupSize(n));
      const workload: WorkloadSpec[] = Array.from({ length: n }, (_, v) => ({ at, from: v, group: ANYCAST_GROUP }));
      return { workload, groups: { ...base.groups, [ANYCAST_GROUP]: group(members) } };
    }
    default:
      // broadcast, gossip, and any other type: one message from the source.
      return { workload: [{ at, from: source }], groups: base.groups };
  }
}
