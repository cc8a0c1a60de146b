/**
 * Random d-regular graphs: the configuration model with switchings, built straight
 * into CSR form for small degrees. At ten million nodes and degree 8 this is 80M
 * shuffled points and 40M links; the edge set is kept as fixed-width adjacency rows
 * (which, sorted, become the topology's neighbour lists) rather than a hash table.
 * The graph for a given seed is the same whichever structure holds the edges: both
 * answer the same membership questions, and the rng is drawn in the same order.
 */
import { randomInt, type Rng } from '../engine/random.js';
import { EdgeBuffer, EdgeSet, RowSet, type UndirectedEdgeSet } from './edge-sets.js';
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
      if (r.set instanceof RowSet) {
        r.set.sortRows();
        const offsets = new Int32Array(n + 1);
        for (let v = 0; v <= n; v++) offsets[v] = v * d; // every row is full: exactly d neighbours each
        return Topology.fromSortedRows(n, offsets, r.set.rows);
      }
      return Topology.fromEdges(n, r.edges.us.subarray(0, r.edges.length), r.edges.vs.subarray(0, r.edges.length));
    }
  }
  const c = n - 1 - d;
  const absent = new Uint32Array(Math.ceil(n * n / 32)); // bit u·n+v; n < 15,000 here, as n·d/2 ≤ MAX_LINKS
  if (c > 0) {
    let sparse: EdgeBuffer | null = null;
    while (!sparse) sparse = pairing(n, c, rng)?.edges ?? null;
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

/**
 * The configuration model: shuffle n·d points (d per node) and pair them up.
 * Self-loops and repeated pairs are then repaired by random switchings (remove a
 * good edge x—y, add u—x and v—y), in the spirit of McKay & Wormald. The result
 * is close to, not exactly, uniform over d-regular graphs. Returns null (the
 * caller retries) in the rare case a conflict cannot be switched away.
 * `edges` lists the links in the order they were made (the switchings draw from
 * it by index); `set` holds the same links for lookups.
 */
function pairing(n: number, d: number, rng: Rng): { edges: EdgeBuffer; set: UndirectedEdgeSet } | null {
  const points = new Int32Array(n * d);
  for (let v = 0, p = 0; v < n; v++) for (let j = 0; j < d; j++) points[p++] = v;
  for (let i = points.length - 1; i > 0; i--) {
    const j = randomInt(rng, i + 1), t = points[i]!;
    points[i] = points[j]!; points[j] = t;
  }
  const m = n * d / 2;
  // A node never has more than d links here: each link uses one of its d points, and a
  // switching gives x and y one link for the one they lose.
  const set: UndirectedEdgeSet = d <= ROW_SET_MAX_DEGREE ? new RowSet(n, d) : new EdgeSet(m);
  const edges = new EdgeBuffer(m);
  const conflicts: number[] = [];
  for (let i = 0; i < m; i++) {
    const u = points[2 * i]!, v = points[2 * i + 1]!;
    if (u === v || set.has(u, v)) { conflicts.push(u, v); continue; }
    set.add(u, v); edges.push(u, v);
  }
  for (let c = 0; c < conflicts.length; c += 2) {
    const u = conflicts[c]!, v = conflicts[c + 1]!;
    if (u !== v && !set.has(u, v)) { set.add(u, v); edges.push(u, v); continue; }
    let done = false;
    for (let attempt = 0; attempt < 1000 && !done && edges.length > 0; attempt++) {
      const j = randomInt(rng, edges.length);
      const flip = rng() < 0.5;
      const x = flip ? edges.vs[j]! : edges.us[j]!, y = flip ? edges.us[j]! : edges.vs[j]!;
      if (u === x || v === y || set.has(u, x) || set.has(v, y)) continue;
      set.delete(x, y);
      set.add(u, x); edges.us[j] = u; edges.vs[j] = x;
      set.add(v, y); edges.push(v, y);
      done = true;
    }
    if (!done) return null;
  }
  return { edges, set };
}
