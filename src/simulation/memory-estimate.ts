/**
 * How much memory a run will need, worked out from the scenario alone (before any
 * allocation), so that a run too large for the machine is refused in a second with
 * a figure instead of dying minutes later in a V8 heap abort.
 *
 * Two budgets: typed arrays (topology, link weights, the event queue's columns) live
 * outside the V8 heap and are bounded by the machine; JavaScript objects (one Process
 * and one Context per node, protocol state, queued message references) live in the V8
 * heap, bounded by --max-old-space-size. Every figure is a named per-structure constant
 * below: when a structure shrinks, change its constant (bench/memory-probe.mjs measures
 * the real peak next to this estimate).
 */
import { estimateLinks } from '../network/link-count.js';
import type { Scenario } from '../scenario/types.js';

/** Bytes per structure. Int32 = 4, Float64 = 8, a heap pointer = 8. */
export const BYTES = {
  // ── Topology (off-heap), network/topology.ts ───────────────────────────────
  /** CSR: targets and linkOf, one Int32 each per half-edge, two half-edges per link. */
  csrPerLink: 2 * 2 * 4,
  /** linkU and linkV (Int32). */
  endpointsPerLink: 2 * 4,
  /** An edge list's latency column (Float64 per link, network/topology.ts). */
  latencyPerLink: 8,
  /** The same latencies by half-edge in row order (Float64 × 2 per link: Topology.slotLatency, made by network/topology.ts when the edge list is built, read by network/link-model.ts), so a node's sends read them in sequence. */
  latencyPerHalfEdge: 2 * 8,
  /** Routing weight (Float64) per link, network/routing.ts: made on the first route by latency, so only for ROUTING_TYPES. */
  weightPerLink: 8,
  /**
   * Building, besides the CSR: the generator's edge arrays and fromEdges' lo, hi, keep and two sort
   * orders (Int32 each). Random-regular graphs of small degree need less (the shuffled points, 8 B a
   * link, then the paired rows, 16 B a link, beside the CSR as it is copied out; network/edge-sets.ts
   * PairedRows); the larger figure covers every kind.
   */
  buildPerEdge: 7 * 4,
  /** offsets, degree and the fill cursor (Int32 each). */
  csrPerNode: 3 * 4,
  // ── Per-node arrays of the World and observers (off-heap) ──────────────────
  /** FaultState (up 1, crashedAt 8, side 4), timer epoch 4, delivery metrics' down flags 1, node flags 1. */
  worldPerNode: 1 + 8 + 4 + 4 + 1 + 1,
  /** One cached shortest-path tree (dist Float64 + parent Int32), network/routing.ts. */
  routeTreePerNode: 8 + 4,
  /** The router's search scratch (heap, position, rank: Int32 each). */
  routeScratchPerNode: 3 * 4,
  /** The router caches at most this many trees, within routeCacheMax bytes (routing.ts MAX_TREES, TREE_BUDGET_BYTES); only ROUTING_TYPES build any. */
  routeTrees: 256,
  routeCacheMax: 256 * 2 ** 20,
  // ── Event queue, engine/event-queue.ts ─────────────────────────────────────
  /**
   * One queued event off-heap: its 32-byte record (time 8, seq 8, kind, a, b, c 4 each) in a
   * bucket block of the calendar queue, plus up to ~8 for partly filled blocks and block links
   * (a flood's full buckets: 46 B per pending event at the 100k flood's peak, buffers included;
   * a hold model's sparse tail buckets: ~94), ×2 for a run that outgrows its reserve and
   * doubles (the old buffer and its copy coexist). The World reserves peakQueuedEvents (at
   * least 8M events) at the pool's first growth, so a run within the estimate copies nothing
   * and pays only for the pages it fills: this over-counts (the 10^7-node flood peaks at
   * 2.6 GiB in all); plus its ref slot (8) on the heap, in chunks of 65,536.
   */
  queuedEventOffHeap: 2 * (32 + 8),
  queuedEventHeap: 8,
  /** A message object in flight (shared by its copies), on the heap. */
  messageHeap: 64,
  // ── V8 heap per node, simulation/world.ts and the protocol's Process ────────
  /** NodeContext object plus the processes[] and contexts[] slots. */
  contextPerNode: 32 + 2 * 8,
} as const;

/**
 * A Process object and its own fields per node, by protocol type (measured with bench/memory-probe.mjs); others get `default`.
 * gossip: 645 B a node measured for push-pull anti-entropy at 200,000 nodes (the node, its rumor,
 * its digest, and the contact message it has in flight each round, which QUEUED_PER_NODE's
 * messageHeap share does not cover).
 */
export const PROCESS_BYTES: Readonly<Record<string, number>> = {
  unicast: 920,
  multicast: 240,
  broadcast: 200,
  anycast: 550,
  gossip: 700,
  reliable: 560,
  default: 1000,
};

/**
 * Peak events in flight per link, by type: a flood at most keeps every link busy both ways
 * at once (measured: 1.09 a link at 10^6 nodes, degree 8, latency 1–10 ms), a tree or a
 * single route a fraction of it. Unknown (user) types get the flood's figure.
 */
export const QUEUED_PER_LINK: Readonly<Record<string, number>> = {
  broadcast: 2, multicast: 0.5, anycast: 0.5, unicast: 0.1, reliable: 1, default: 2,
};

/**
 * Types whose pending events scale with the nodes rather than the links: a gossip node has
 * one round timer and, per partner, one contact and at most one answer in flight (measured
 * at 200,000 nodes, fanout 1: one timer and one contact a node at the peak).
 */
export const QUEUED_PER_NODE: Readonly<Record<string, (options: Record<string, unknown>) => number>> = {
  gossip: (o) => 1 + 2 * (typeof o.fanout === 'number' ? o.fanout : 1),
};

/** Types that route by latency, building routing weights and shortest-path trees (network/routing.ts). Unknown types may. */
const NON_ROUTING_TYPES: ReadonlySet<string> = new Set(['broadcast', 'gossip']);

/** Fixed cost of a run besides the scenario: code, the trace bus, buffers. */
export const BASE_BYTES = 64 * 2 ** 20;

export { estimateLinks } from '../network/link-count.js';

export interface MemoryEstimate {
  nodes: number;
  links: number;
  /** Bytes in typed arrays (outside the V8 heap). */
  offHeap: number;
  /** Bytes of JavaScript objects (inside the V8 heap). */
  heap: number;
  /** offHeap + heap. */
  total: number;
}

function pick(table: Readonly<Record<string, number>>, type: string): number {
  return Object.hasOwn(table, type) ? table[type]! : table.default!;
}

/**
 * The memory a run of `scenario` on `nodes` nodes will need at its peak (the topology
 * is not built). `links` may be given when known; otherwise it is estimated from the spec.
 */
export function estimateMemory(scenario: Scenario, nodes: number, links = estimateLinks(scenario.topology, nodes)): MemoryEstimate {
  const type = scenario.protocol.type;
  const routing = !NON_ROUTING_TYPES.has(type);
  const edgeList = scenario.topology.kind === 'edgelist';
  const latencyColumn = edgeList ? BYTES.latencyPerLink : 0;
  const topology = links * (BYTES.csrPerLink + BYTES.endpointsPerLink + (routing ? BYTES.weightPerLink : 0) + latencyColumn
    + (edgeList ? BYTES.latencyPerHalfEdge : 0)) + nodes * BYTES.csrPerNode;
  // While building, the edge arrays and the sort orders coexist with the CSR.
  const building = links * (BYTES.buildPerEdge + latencyColumn);
  const routes = routing ? Math.min(BYTES.routeCacheMax, BYTES.routeTrees * BYTES.routeTreePerNode * nodes) + BYTES.routeScratchPerNode * nodes : 0;
  const perNode = nodes * BYTES.worldPerNode + routes;
  const queued = peakQueuedEvents(scenario, nodes, links);
  const offHeap = topology + building + perNode + queued * BYTES.queuedEventOffHeap;
  const heap = BASE_BYTES + nodes * (BYTES.contextPerNode + pick(PROCESS_BYTES, type)) + queued * (BYTES.queuedEventHeap + BYTES.messageHeap / 4);
  return { nodes, links, offHeap, heap, total: offHeap + heap };
}

/**
 * Events the run may have pending at once, at most (QUEUED_PER_LINK, QUEUED_PER_NODE): what
 * the estimate above counts, and what the World reserves its event queue's address space for.
 */
export function peakQueuedEvents(scenario: Scenario, nodes: number, links: number): number {
  const type = scenario.protocol.type;
  const perNodeQueue = Object.hasOwn(QUEUED_PER_NODE, type) ? QUEUED_PER_NODE[type]! : undefined;
  return perNodeQueue ? nodes * perNodeQueue(scenario.protocol) : Math.max(nodes, links * pick(QUEUED_PER_LINK, type));
}

/** 1234567890 → '1.1 GiB'. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes, u = 0;
  while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
  return `${v >= 100 || u === 0 ? Math.round(v) : v.toFixed(1)} ${units[u]}`;
}
