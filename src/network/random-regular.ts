/**
 * Random d-regular graphs: the configuration model with switchings, built straight
 * into CSR form for small degrees. At ten million nodes and degree 8 this is 80M
 * shuffled points and 40M links, and every step touches memory at random: on this
 * class of machine a random touch of a gigabyte array costs a few hundred ns (a cache
 * and TLB miss), so the work is arranged to touch as few places per link as possible
 * (see PairedRows). The graph for a given seed is the same whichever structure holds
 * the edges: both answer the same membership questions, and the rng is drawn in the
 * same order.
 */
import { randomInt, type Rng } from '../engine/random.js';
import { EdgeBuffer, EdgeSet, PairedRows, type UndirectedEdgeSet } from './edge-sets.js';
import { Topology } from './topology.js';

/** Up to this degree the edge set is kept as adjacency rows (one row scan per lookup); beyond it, a hash table. */
const ROW_SET_MAX_DEGREE = 32;

/**
 * A simple d-regular graph. Dense degrees (d > (n−1)/2) are built as the
 * complement of a sparse (n−1−d)-regular graph, where switchings succeed often.
 */
export function randomRegular(n: number, d: number, rng: Rng): Topology {
  if (2 * d <= n - 1) {
    for (;;) {
      const r = pairing(n, d, rng);
      if (!r) continue;
      if (r.set instanceof PairedRows) return r.set.toTopology(r.edges.release());
      const edges = r.edges.toBuffer();
      return Topology.fromEdges(n, edges.us.subarray(0, edges.length), edges.vs.subarray(0, edges.length));
    }
  }
  const c = n - 1 - d;
  const absent = new Uint32Array(Math.ceil(n * n / 32)); // bit u·n+v; n < 15,000 here, as n·d/2 ≤ MAX_LINKS
  if (c > 0) {
    let sparse: EdgeBuffer | null = null;
    while (!sparse) sparse = pairing(n, c, rng)?.edges.toBuffer() ?? null;
    for (let i = 0; i < sparse.length; i++) {
      const u = Math.min(sparse.us[i]!, sparse.vs[i]!), v = Math.max(sparse.us[i]!, sparse.vs[i]!), bit = u * n + v;
      absent[bit >>> 5]! |= 1 << (bit & 31);
    }
  }
  const edges = new EdgeBuffer(n * d / 2);
  for (let u = 0; u < n; u++) {
    for (let v = u + 1; v < n; v++) {
      const bit = u * n + v;
      if ((absent[bit >>> 5]! & (1 << (bit & 31))) === 0) edges.push(u, v);
    }
  }
  return Topology.fromEdges(n, edges.us.subarray(0, edges.length), edges.vs.subarray(0, edges.length));
}

/** Pairs whose rows are touched ahead of their insertion (see PairedRows.touch): a few hundred rows stay in cache. */
const PAIR_BLOCK = 256;

/** Draws taken from the rng ahead of the swaps that use them (the same draws, in the same order). */
const SHUFFLE_BLOCK = 4096;

/**
 * Fisher–Yates over points, high index first, exactly as `randomInt(rng, i + 1)` per step
 * would do it. The draws of a block are taken first and the swaps then run in a tight
 * loop, so the processor overlaps their cache misses instead of waiting on each in turn.
 */
function shuffle(points: Int32Array, rng: Rng): void {
  const draws = new Int32Array(SHUFFLE_BLOCK);
  for (let i = points.length - 1; i > 0;) {
    const stop = Math.max(0, i - SHUFFLE_BLOCK);
    let c = 0;
    for (let k = i; k > stop; k--) draws[c++] = randomInt(rng, k + 1);
    c = 0;
    for (let k = i; k > stop; k--) {
      const j = draws[c++]!, t = points[k]!;
      points[k] = points[j]!; points[j] = t;
    }
    i = stop;
  }
}

/**
 * The configuration model: shuffle n·d points (d per node) and pair them up.
 * Self-loops and repeated pairs are then repaired by random switchings (remove a
 * good edge x—y, add u—x and v—y), in the spirit of McKay & Wormald. The result
 * is close to, not exactly, uniform over d-regular graphs. Returns null (the
 * caller retries) in the rare case a conflict cannot be switched away.
 * `edges` lists the links in the order they were made (the switchings draw from
 * it by index); `set` holds the same links for lookups.
 */
function pairing(n: number, d: number, rng: Rng): { edges: PairedEdges; set: UndirectedEdgeSet } | null {
  const points = new Int32Array(n * d);
  for (let v = 0, p = 0; v < n; v++) for (let j = 0; j < d; j++) points[p++] = v;
  shuffle(points, rng);
  const m = n * d / 2;
  // A node never has more than d links here: each link uses one of its d points, and a
  // switching gives x and y one link for the one they lose.
  const set: UndirectedEdgeSet = d <= ROW_SET_MAX_DEGREE ? new PairedRows(n, d) : new EdgeSet(m);
  const conflicts: number[] = [];
  const rows = set instanceof PairedRows ? set : null;
  for (let from = 0; from < m; from += PAIR_BLOCK) {
    const to = Math.min(m, from + PAIR_BLOCK);
    rows?.touch(points, from, to);
    for (let i = from; i < to; i++) {
      const u = points[2 * i]!, v = points[2 * i + 1]!;
      if (u === v || set.has(u, v)) { conflicts.push(i); continue; }
      set.add(u, v);
    }
  }
  const edges = new PairedEdges(points, conflicts);
  for (let c = 0; c < conflicts.length; c++) {
    const u = points[2 * conflicts[c]!]!, v = points[2 * conflicts[c]! + 1]!;
    if (u !== v && !set.has(u, v)) { set.add(u, v); edges.push(u, v); continue; }
    let done = false;
    for (let attempt = 0; attempt < 1000 && !done && edges.length > 0; attempt++) {
      const j = randomInt(rng, edges.length);
      const flip = rng() < 0.5;
      const x = flip ? edges.v(j) : edges.u(j), y = flip ? edges.u(j) : edges.v(j);
      if (u === x || v === y || set.has(u, x) || set.has(v, y)) continue;
      set.delete(x, y);
      set.add(u, x); edges.set(j, u, x);
      set.add(v, y); edges.push(v, y);
      done = true;
    }
    if (!done) return null;
  }
  return { edges, set };
}

/**
 * The links in the order they were made, read from the shuffled points rather than
 * copied (320 MB at ten million nodes): link j is the j-th pair that was not a conflict.
 * Conflicts are few (about d²/4 whatever n), and a binary search in their pair indices
 * maps j to its pair; the few links a switching rewrites or adds are kept beside it.
 */
class PairedEdges {
  private readonly changed = new Map<number, [number, number]>();
  private readonly added: number[] = [];
  private readonly made: number;

  constructor(private points: Int32Array, private readonly conflicts: readonly number[]) {
    this.made = points.length / 2 - conflicts.length;
  }

  get length(): number { return this.made + this.added.length / 2; }

  u(j: number): number { return this.pair(j)[0]; }
  v(j: number): number { return this.pair(j)[1]; }

  set(j: number, u: number, v: number): void { this.changed.set(j, [u, v]); }

  push(u: number, v: number): void { this.added.push(u, v); }

  private pair(j: number): [number, number] {
    const changed = this.changed.get(j);
    if (changed) return changed;
    if (j >= this.made) return [this.added[2 * (j - this.made)]!, this.added[2 * (j - this.made) + 1]!];
    // Link j is pair j + k, k the number of conflicts before it: the first k with
    // conflicts[k] − k > j (conflicts ascend strictly, so conflicts[k] − k never falls).
    const conflicts = this.conflicts;
    let a = 0, b = conflicts.length;
    while (a < b) { const mid = (a + b) >>> 1; if (conflicts[mid]! - mid > j) b = mid; else a = mid + 1; }
    const i = j + a;
    return [this.points[2 * i]!, this.points[2 * i + 1]!];
  }

  /** Hands the points over (the rows now hold every link): their array becomes the CSR's targets. */
  release(): Int32Array { const points = this.points; this.points = new Int32Array(0); return points; }

  /** The links as a plain edge list (for the hash-table and complement paths). */
  toBuffer(): EdgeBuffer {
    const out = new EdgeBuffer(this.length);
    for (let j = 0; j < this.length; j++) { const [u, v] = this.pair(j); out.push(u, v); }
    return out;
  }
}
