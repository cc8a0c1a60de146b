/**
 * For every node, the nearest and second-nearest of a set of sources, in one
 * multi-source Dijkstra where each node accepts at most two labels from distinct
 * sources, ordered by (distance, source id). O((n + m) log m) for the whole set,
 * where asking each source's own tree would cost one search per source.
 * A source missing from a node's top two cannot be in a neighbour's top two through
 * it (both better sources are at least as close there too), so blocking is exact.
 */
import type { Topology } from './topology.js';

export interface NearestSources {
  /** Nearest source of each node (the node itself if it is a source); −1 if none is reachable. */
  readonly first: Int32Array;
  readonly firstDist: Float64Array;
  /** Nearest source other than `first`; −1 if none. */
  readonly second: Int32Array;
  readonly secondDist: Float64Array;
  /**
   * Next hop from each node toward its `first` source: the lowest-id neighbour with the
   * same nearest source on a shortest path to it, settled earlier (as Router's parents).
   * Every node on a shortest path to its nearest source has that source nearest too,
   * so following it from any node reaches first[node] along the path Router would take.
   */
  readonly firstParent: Int32Array;
}

/** Two latency sums that differ by less than this fraction are the same length (as in Router). */
const RELATIVE_TOLERANCE = 1e-9;

/** `weight` gives each link's length; null means every link counts 1 (hops). */
export function nearestTwoSources(topology: Topology, weight: Float64Array | null, sources: ArrayLike<number>): NearestSources {
  const n = topology.nodes;
  const first = new Int32Array(n).fill(-1), second = new Int32Array(n).fill(-1);
  const firstDist = new Float64Array(n).fill(Infinity), secondDist = new Float64Array(n).fill(Infinity);
  const heap = new LabelHeap(Math.max(16, sources.length * 2));
  const rank = new Int32Array(n).fill(-1);
  let settled = 0;
  for (let i = 0; i < sources.length; i++) heap.push(0, sources[i]!, sources[i]!);
  const { offsets, targets, linkOf } = topology;
  while (heap.size > 0) {
    heap.pop();
    const d = heap.d, s = heap.s, v = heap.v;
    if (first[v] === s || second[v] === s || second[v] >= 0) continue;
    if (first[v] < 0) { first[v] = s; firstDist[v] = d; rank[v] = settled++; } else { second[v] = s; secondDist[v] = d; }
    for (let i = offsets[v]!, end = offsets[v + 1]!; i < end; i++) {
      const w = targets[i]!;
      if (second[w]! >= 0 || first[w] === s) continue;
      heap.push(d + (weight ? weight[linkOf[i]!]! : 1), s, w);
    }
  }
  const firstParent = new Int32Array(n).fill(-1);
  for (let v = 0; v < n; v++) {
    const src = first[v]!, dv = firstDist[v]!;
    if (src < 0 || src === v) continue;
    for (let i = offsets[v]!, end = offsets[v + 1]!; i < end; i++) {
      const u = targets[i]!;
      if (first[u] !== src || rank[u]! >= rank[v]!) continue;
      const via = firstDist[u]! + (weight ? weight[linkOf[i]!]! : 1);
      if (weight ? Math.abs(via - dv) <= RELATIVE_TOLERANCE * dv : via === dv) { firstParent[v] = u; break; }
    }
  }
  return { first, firstDist, second, secondDist, firstParent };
}

/** A binary min-heap of (distance, source, node) labels in typed arrays, ordered lexicographically. */
class LabelHeap {
  private dist: Float64Array;
  private src: Int32Array;
  private node: Int32Array;
  size = 0;
  d = 0;
  s = 0;
  v = 0;

  constructor(capacity: number) {
    this.dist = new Float64Array(capacity); this.src = new Int32Array(capacity); this.node = new Int32Array(capacity);
  }

  private less(d1: number, s1: number, v1: number, i: number): boolean {
    const d2 = this.dist[i]!;
    if (d1 !== d2) return d1 < d2;
    const s2 = this.src[i]!;
    return s1 !== s2 ? s1 < s2 : v1 < this.node[i]!;
  }

  push(d: number, s: number, v: number): void {
    if (this.size === this.dist.length) {
      const grow = <T extends Float64Array | Int32Array>(a: T): T => { const b = new (a.constructor as new (n: number) => T)(a.length * 2); b.set(a); return b; };
      this.dist = grow(this.dist); this.src = grow(this.src); this.node = grow(this.node);
    }
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(d, s, v, p)) break;
      this.dist[i] = this.dist[p]!; this.src[i] = this.src[p]!; this.node[i] = this.node[p]!; i = p;
    }
    this.dist[i] = d; this.src[i] = s; this.node[i] = v;
  }

  /** Remove the least label into d, s, v. */
  pop(): void {
    this.d = this.dist[0]!; this.s = this.src[0]!; this.v = this.node[0]!;
    const n = --this.size;
    if (n === 0) return;
    const d = this.dist[n]!, s = this.src[n]!, v = this.node[n]!;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && !this.less(this.dist[c]!, this.src[c]!, this.node[c]!, c + 1)) c++;
      if (this.less(d, s, v, c)) break;
      this.dist[i] = this.dist[c]!; this.src[i] = this.src[c]!; this.node[i] = this.node[c]!; i = c;
    }
    this.dist[i] = d; this.src[i] = s; this.node[i] = v;
  }
}
