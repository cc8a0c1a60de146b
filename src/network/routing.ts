/**
 * Shortest-path routing over a Topology, by hops (BFS) or by mean link latency
 * (Dijkstra). Trees are computed per root on demand and kept in a small LRU
 * cache: never all-pairs, so a million nodes cost one tree at a time.
 */
import type { LatencySpec } from './link-spec.js';
import { latencyMean } from './latency-moments.js';
import { nearestTwoSources, type NearestSources } from './nearest-sources.js';
import type { Topology } from './topology.js';

export interface ShortestPathTree {
  /** parent[v]: v's next hop toward the root; −1 at the root and at unreachable nodes. */
  readonly parent: Int32Array;
  /** dist[v]: hops or ms from v to the root; Infinity when unreachable. */
  readonly dist: Float64Array;
}

/** Cached trees may use this much memory (12 bytes per node each), and there are at most MAX_TREES. */
const TREE_BUDGET_BYTES = 256 * 1024 * 1024;
const MAX_TREES = 256;
/** Recent nearest-source answers kept (each 24 bytes per node). */
const NEAREST_CACHE = 4;
/** Two latency sums that differ by less than this fraction are the same length (rounding differs by path). */
const RELATIVE_TOLERANCE = 1e-9;

/** Per-link routing weight in ms: the edge list's latency when it has one, else the distribution's mean. */
export function linkWeights(topology: Topology, latency: LatencySpec): Float64Array {
  if (topology.linkLatency) return Float64Array.from(topology.linkLatency);
  return new Float64Array(topology.links).fill(latencyMean(latency));
}

/** How a route is measured: links crossed, or the sum of the links' mean latencies. */
export type RouteMetric = 'hops' | 'latency';

/** The routing half of the protocol API's NetworkServices (api/process.ts), answered from the topology. */
export class Router {
  readonly size: number;
  private readonly cache = new Map<number, ShortestPathTree>();
  /** Recent nearest-source answers, most recent last. */
  private readonly nearestCache: Array<{ metric: RouteMetric; sources: Int32Array; value: NearestSources }> = [];
  private readonly capacity: number;
  // Dijkstra's indexed heap and settle order, reused between trees (computations never overlap).
  private heap: Int32Array | null = null;
  private position: Int32Array | null = null;
  private rank: Int32Array | null = null;

  private weights: Float64Array | null = null;
  private makeWeights: (() => Float64Array) | null = null;

  /**
   * `linkWeight`: the weights, or a function that makes them on first use: a run that never
   * routes (a flood) then never allocates 8 bytes per link (320 MB at ten million nodes).
   */
  constructor(readonly topology: Topology, linkWeight: Float64Array | (() => Float64Array)) {
    if (typeof linkWeight === 'function') this.makeWeights = linkWeight;
    else this.weights = this.checked(linkWeight);
    this.size = topology.nodes;
    this.capacity = Math.max(1, Math.min(MAX_TREES, Math.floor(TREE_BUDGET_BYTES / (12 * Math.max(1, this.size)))));
  }

  /** Per-link weights (the latency routing uses), made on first use when given as a function. */
  get linkWeight(): Float64Array {
    if (this.weights === null) { this.weights = this.checked(this.makeWeights!()); this.makeWeights = null; }
    return this.weights;
  }

  private checked(linkWeight: Float64Array): Float64Array {
    if (linkWeight.length !== this.topology.links) {
      throw new RangeError(`expected ${this.topology.links} link weights, got ${linkWeight.length}`);
    }
    for (let l = 0; l < linkWeight.length; l++) {
      const w = linkWeight[l]!;
      if (!(w >= 0 && w < Infinity)) throw new RangeError(`link ${l} has weight ${w}; weights must be finite and ≥ 0`);
    }
    return linkWeight;
  }

  /**
   * The shortest-path tree toward `root`. Among the neighbours u of v that lie on
   * a shortest path (dist[u] + w(u,v) = dist[v]), parent[v] is the lowest id.
   * The arrays are shared with the cache: read them, do not modify them.
   */
  tree(root: number, metric: RouteMetric): ShortestPathTree {
    this.node(root);
    if (metric !== 'hops' && metric !== 'latency') throw new RangeError(`unknown route metric '${String(metric)}'`);
    const key = 2 * root + (metric === 'latency' ? 1 : 0);
    const cached = this.cache.get(key);
    if (cached) {
      this.cache.delete(key); // re-insert: Map order is the LRU order
      this.cache.set(key, cached);
      return cached;
    }
    const tree = metric === 'hops' ? this.breadthFirst(root) : this.dijkstra(root);
    if (this.cache.size >= this.capacity) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, tree);
    return tree;
  }

  /** Next hop from `from` toward `to`; −1 when unreachable or when from = to. */
  nextHop(from: number, to: number, metric: RouteMetric): number {
    return this.tree(to, metric).parent[this.node(from)]!;
  }

  /**
   * Always read from the tree rooted at `to` (as nextHop is), never from a cached
   * tree at `from`: a latency sum added up in the other direction can differ in
   * the last bit, and the answer must not depend on what happens to be cached.
   */
  distance(from: number, to: number, metric: RouteMetric): number {
    return this.tree(to, metric).dist[this.node(from)]!;
  }

  parents(root: number, metric: RouteMetric): Int32Array {
    return this.tree(root, metric).parent;
  }

  /**
   * The nearest and second-nearest of `sources` for every node, in one search. A few
   * recent answers are kept: callers ask again with the same set until a member
   * joins, leaves or fails (a protocol and its metrics may each ask for their own set).
   */
  nearest(sources: readonly number[], metric: RouteMetric): NearestSources {
    // Compared element by element: a string key of thousands of ids per call cost more than the search saved.
    const hit = this.nearestCache.findIndex((c) => c.metric === metric && c.sources.length === sources.length && c.sources.every((s, i) => s === sources[i]));
    if (hit >= 0) {
      const [entry] = this.nearestCache.splice(hit, 1);
      this.nearestCache.push(entry!);
      return entry!.value;
    }
    for (const s of sources) this.node(s);
    const value = nearestTwoSources(this.topology, metric === 'hops' ? null : this.linkWeight, sources);
    this.nearestCache.push({ metric, sources: Int32Array.from(sources), value });
    if (this.nearestCache.length > NEAREST_CACHE) this.nearestCache.shift();
    return value;
  }

  /** The nodes on the route from `from` to `to`, both included; [] when unreachable. */
  pathTo(from: number, to: number, metric: RouteMetric): number[] {
    const { parent } = this.tree(to, metric);
    this.node(from);
    if (from === to) return [from];
    if (parent[from] === -1) return [];
    const path = [from];
    for (let v = from; v !== to;) { v = parent[v]!; path.push(v); }
    return path;
  }

  private node(v: number): number {
    if (!Number.isInteger(v) || v < 0 || v >= this.size) throw new RangeError(`node ${v} is outside 0..${this.size - 1}`);
    return v;
  }

  private breadthFirst(root: number): ShortestPathTree {
    const { offsets, targets } = this.topology, n = this.size;
    const dist = new Float64Array(n).fill(Infinity), parent = new Int32Array(n).fill(-1);
    const queue = new Int32Array(n);
    let head = 0, tail = 0;
    dist[root] = 0; queue[tail++] = root;
    // Discovery order is not id order, so every neighbour one hop closer gets a
    // say: the parent ends up as the lowest of them.
    while (head < tail) {
      const u = queue[head++]!, next = dist[u]! + 1;
      for (let e = offsets[u]!, end = offsets[u + 1]!; e < end; e++) {
        const v = targets[e]!, dv = dist[v]!;
        if (dv === Infinity) { dist[v] = next; parent[v] = u; queue[tail++] = v; }
        else if (dv === next && u < parent[v]!) parent[v] = u;
      }
    }
    return { parent, dist };
  }

  private dijkstra(root: number): ShortestPathTree {
    const { offsets, targets, linkOf } = this.topology, n = this.size, weight = this.linkWeight;
    const dist = new Float64Array(n).fill(Infinity), parent = new Int32Array(n).fill(-1);
    const heap = (this.heap ??= new Int32Array(n));
    const position = (this.position ??= new Int32Array(n)).fill(-1);
    const rank = (this.rank ??= new Int32Array(n)).fill(-1);
    // The heap is ordered by (dist, id) so the settle order is fully determined.
    const before = (a: number, b: number): boolean => dist[a]! < dist[b]! || (dist[a] === dist[b] && a < b);
    const up = (at: number): void => {
      const v = heap[at]!;
      while (at > 0) {
        const p = (at - 1) >> 1, u = heap[p]!;
        if (!before(v, u)) break;
        heap[at] = u; position[u] = at; at = p;
      }
      heap[at] = v; position[v] = at;
    };
    const down = (at: number, size: number): void => {
      const v = heap[at]!;
      for (;;) {
        let c = 2 * at + 1;
        if (c >= size) break;
        if (c + 1 < size && before(heap[c + 1]!, heap[c]!)) c++;
        const u = heap[c]!;
        if (!before(u, v)) break;
        heap[at] = u; position[u] = at; at = c;
      }
      heap[at] = v; position[v] = at;
    };

    let size = 0, settled = 0;
    dist[root] = 0; heap[size++] = root; position[root] = 0;
    while (size > 0) {
      const u = heap[0]!;
      position[u] = -1; rank[u] = settled++;
      if (--size > 0) { heap[0] = heap[size]!; down(0, size); }
      const du = dist[u]!;
      for (let e = offsets[u]!, end = offsets[u + 1]!; e < end; e++) {
        const v = targets[e]!;
        if (rank[v]! >= 0) continue;
        const alt = du + weight[linkOf[e]!]!;
        if (alt < dist[v]!) {
          dist[v] = alt;
          if (position[v] === -1) { heap[size] = v; position[v] = size; up(size++); } else up(position[v]!);
        }
      }
    }
    // Lowest-id parent among neighbours on a shortest path. Only neighbours settled
    // earlier qualify, which keeps zero-weight links from forming a cycle.
    for (let v = 0; v < n; v++) {
      const rv = rank[v]!, dv = dist[v]!;
      if (rv <= 0) continue; // the root, or unreachable
      for (let e = offsets[v]!, end = offsets[v + 1]!; e < end; e++) {
        const u = targets[e]!, ru = rank[u]!;
        if (ru < 0 || ru >= rv) continue;
        if (Math.abs(dist[u]! + weight[linkOf[e]!]! - dv) <= RELATIVE_TOLERANCE * dv) { parent[v] = u; break; }
      }
    }
    return { parent, dist };
  }
}
