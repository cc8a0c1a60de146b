/**
 * A topology in compressed sparse row (CSR) form: the neighbours of node v are
 * targets[offsets[v] .. offsets[v+1]), sorted ascending, and linkOf gives the
 * undirected link id of each half-edge. Flat typed arrays so a million nodes fit.
 */
export class Topology {
  readonly nodes: number;
  readonly links: number;
  readonly offsets: Int32Array;
  readonly targets: Int32Array;
  readonly linkOf: Int32Array;
  /** Endpoints of each undirected link, linkU[l] < linkV[l]. */
  readonly linkU: Int32Array;
  readonly linkV: Int32Array;
  /** Fixed per-link latency in ms (from an edge-list column), or null when links share the scenario's distribution. */
  readonly linkLatency: Float64Array | null;

  private constructor(nodes: number, offsets: Int32Array, targets: Int32Array, linkOf: Int32Array,
    linkU: Int32Array, linkV: Int32Array, linkLatency: Float64Array | null) {
    this.nodes = nodes; this.links = linkU.length; this.offsets = offsets; this.targets = targets;
    this.linkOf = linkOf; this.linkU = linkU; this.linkV = linkV; this.linkLatency = linkLatency;
  }

  /**
   * Build from an undirected edge list. Self-loops and repeated pairs are dropped
   * (the first occurrence's latency wins), so generators need not deduplicate.
   */
  static fromEdges(nodes: number, us: ArrayLike<number>, vs: ArrayLike<number>, latency?: ArrayLike<number> | null): Topology {
    const m0 = us.length;
    // Sort edges by (min, max) id to deduplicate deterministically: two stable
    // counting-sort passes (by max, then by min), O(n + m) instead of a comparison sort.
    const lo = new Int32Array(m0), hi = new Int32Array(m0);
    for (let i = 0; i < m0; i++) {
      const a = us[i]!, b = vs[i]!;
      if (a < 0 || b < 0 || a >= nodes || b >= nodes) throw new RangeError(`edge ${a}-${b} outside 0..${nodes - 1}`);
      lo[i] = a < b ? a : b; hi[i] = a < b ? b : a;
    }
    const byHi = countingSort(hi, null, nodes);
    const order = countingSort(lo, byHi, nodes);
    let m = 0;
    const keep = new Int32Array(m0);
    for (let j = 0; j < m0; j++) {
      const i = order[j]!;
      if (lo[i] === hi[i]) continue;
      if (m > 0) { const p = keep[m - 1]!; if (lo[p] === lo[i] && hi[p] === hi[i]) continue; }
      keep[m++] = i;
    }
    const linkU = new Int32Array(m), linkV = new Int32Array(m);
    const linkLatency = latency ? new Float64Array(m) : null;
    const degree = new Int32Array(nodes + 1);
    for (let l = 0; l < m; l++) {
      const i = keep[l]!;
      linkU[l] = lo[i]!; linkV[l] = hi[i]!;
      if (linkLatency) linkLatency[l] = latency![i]!;
      degree[lo[i]!]!++; degree[hi[i]!]!++;
    }
    const offsets = new Int32Array(nodes + 1);
    for (let v = 0; v < nodes; v++) offsets[v + 1] = offsets[v]! + degree[v]!;
    const fill = offsets.slice(0, nodes);
    const targets = new Int32Array(2 * m), linkOf = new Int32Array(2 * m);
    // Links are sorted by (lo, hi): filling u->v for each link in order gives each
    // node's higher neighbours ascending; lower neighbours are filled first because
    // they come from earlier links (smaller lo). So every row ends up sorted.
    for (let l = 0; l < m; l++) {
      const u = linkU[l]!, v = linkV[l]!;
      targets[fill[u]!] = v; linkOf[fill[u]!++] = l;
      targets[fill[v]!] = u; linkOf[fill[v]!++] = l;
    }
    return new Topology(nodes, offsets, targets, linkOf, linkU, linkV, linkLatency);
  }

  degree(v: number): number { return this.offsets[v + 1]! - this.offsets[v]!; }

  neighbors(v: number): Int32Array { return this.targets.subarray(this.offsets[v]!, this.offsets[v + 1]!); }

  /** The link id between u and v, or -1 when they are not neighbours (binary search in u's sorted row). */
  linkBetween(u: number, v: number): number {
    const i = this.slotOf(u, v);
    return i < 0 ? -1 : this.linkOf[i]!;
  }

  /** Position of v in u's row of `targets`, or -1 when they are not neighbours. */
  slotOf(u: number, v: number): number {
    let a = this.offsets[u]!, b = this.offsets[u + 1]! - 1;
    while (a <= b) {
      const mid = (a + b) >>> 1, t = this.targets[mid]!;
      if (t === v) return mid;
      if (t < v) a = mid + 1; else b = mid - 1;
    }
    return -1;
  }

  maxDegree(): number {
    let d = 0;
    for (let v = 0; v < this.nodes; v++) d = Math.max(d, this.degree(v));
    return d;
  }
}

/** Indices of `keys` (all in 0..range-1) stably sorted by key, visiting them in `within` order (or 0..m-1). */
function countingSort(keys: Int32Array, within: Int32Array | null, range: number): Int32Array {
  const m = keys.length;
  const start = new Int32Array(range + 1);
  for (let i = 0; i < m; i++) start[keys[i]! + 1]!++;
  for (let k = 0; k < range; k++) start[k + 1]! += start[k]!;
  const out = new Int32Array(m);
  for (let j = 0; j < m; j++) {
    const i = within ? within[j]! : j;
    out[start[keys[i]!]!++] = i;
  }
  return out;
}
