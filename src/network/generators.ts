/**
 * Topology generators: the deterministic kinds and the random graph models,
 * numbered exactly as docs/scenario-format.md says. All randomness comes from the `rng` passed
 * in (the run's `topology` stream), so a seed always gives the same graph.
 */
import { randomInt, type Rng } from '../engine/random.js';
import type { TopologySpec } from './topology-spec.js';
import { readEdgeList, type ReadText } from './edgelist.js';
import { checkTopologySpec, DEFAULT_BRANCHING } from './topology-rules.js';
import { Topology } from './topology.js';

/**
 * The graph a spec describes. `checkTopologySpec` (topology-rules.ts) runs first, so a
 * direct library call gets the same refusal as a scenario; the builders below trust it.
 */
export function generateTopology(spec: TopologySpec, rng: Rng, readFile?: ReadText): Topology {
  checkTopologySpec(spec);
  if (spec.kind === 'edgelist') {
    const list = readEdgeList(spec.file!, readFile);
    return Topology.fromEdges(list.nodes, list.us, list.vs, list.latency);
  }
  if (spec.kind === 'grid' || spec.kind === 'torus') {
    const width = spec.width!, height = spec.height!;
    return build(width * height, lattice(width, height, spec.kind === 'torus'));
  }
  const n = spec.nodes!;
  switch (spec.kind) {
    case 'complete': {
      const edges = new EdgeBuffer(n * (n - 1) / 2);
      for (let u = 0; u < n; u++) for (let v = u + 1; v < n; v++) edges.push(u, v);
      return build(n, edges);
    }
    case 'ring': {
      const edges = new EdgeBuffer(n);
      for (let u = 0; u + 1 < n; u++) edges.push(u, u + 1);
      if (n >= 3) edges.push(n - 1, 0); // for n = 2 it would repeat 0—1
      return build(n, edges);
    }
    case 'line': {
      const edges = new EdgeBuffer(n);
      for (let u = 0; u + 1 < n; u++) edges.push(u, u + 1);
      return build(n, edges);
    }
    case 'star': {
      const edges = new EdgeBuffer(n);
      for (let v = 1; v < n; v++) edges.push(0, v);
      return build(n, edges);
    }
    case 'tree': {
      const b = spec.branching ?? DEFAULT_BRANCHING;
      const edges = new EdgeBuffer(n);
      // Node 0 is the root; the children of i are b·i+1 … b·i+b, so v's parent is ⌊(v−1)/b⌋.
      for (let v = 1; v < n; v++) edges.push(Math.floor((v - 1) / b), v);
      return build(n, edges);
    }
    case 'random-regular': return build(n, randomRegular(n, spec.degree!, rng));
    case 'erdos-renyi': return build(n, erdosRenyi(n, spec.p!, rng));
    case 'watts-strogatz': return build(n, wattsStrogatz(n, spec.k!, spec.beta!, rng));
    case 'barabasi-albert': return build(n, barabasiAlbert(n, spec.m!, rng));
  }
}

/** A growable pair of Int32Array edge-endpoint buffers, so millions of edges never sit in JS arrays. */
class EdgeBuffer {
  us: Int32Array;
  vs: Int32Array;
  length = 0;
  constructor(capacity: number) {
    this.us = new Int32Array(Math.max(16, capacity));
    this.vs = new Int32Array(Math.max(16, capacity));
  }
  push(u: number, v: number): void {
    if (this.length === this.us.length) {
      const us = new Int32Array(this.length * 2), vs = new Int32Array(this.length * 2);
      us.set(this.us); vs.set(this.vs);
      this.us = us; this.vs = vs;
    }
    this.us[this.length] = u;
    this.vs[this.length++] = v;
  }
}

/**
 * Counting-sort the edges by (min, max) endpoint before Topology.fromEdges: its
 * comparison sort runs about twice as fast on input that is already in order,
 * and this costs O(n + m).
 */
function build(n: number, edges: EdgeBuffer): Topology {
  const m = edges.length, us = edges.us, vs = edges.vs;
  const count = new Int32Array(n + 1);
  const midLo = new Int32Array(m), midHi = new Int32Array(m);
  for (let i = 0; i < m; i++) count[Math.max(us[i]!, vs[i]!) + 1]!++;
  for (let v = 0; v < n; v++) count[v + 1]! += count[v]!;
  for (let i = 0; i < m; i++) {
    const a = us[i]!, b = vs[i]!, hi = a > b ? a : b, at = count[hi]!++;
    midLo[at] = a > b ? b : a; midHi[at] = hi;
  }
  count.fill(0);
  const lo = new Int32Array(m), hi = new Int32Array(m);
  for (let i = 0; i < m; i++) count[midLo[i]! + 1]!++;
  for (let v = 0; v < n; v++) count[v + 1]! += count[v]!;
  for (let i = 0; i < m; i++) {
    const at = count[midLo[i]!]!++;
    lo[at] = midLo[i]!; hi[at] = midHi[i]!;
  }
  return Topology.fromEdges(n, lo, hi);
}

/** Grid or torus, row-major: node r·width + c links to its right and lower neighbours. */
function lattice(width: number, height: number, wrap: boolean): EdgeBuffer {
  const edges = new EdgeBuffer(2 * width * height);
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      const id = r * width + c;
      if (c + 1 < width) edges.push(id, id + 1);
      else if (wrap && width >= 3) edges.push(id, r * width); // width ≤ 2: the wrap link already exists or is a loop
      if (r + 1 < height) edges.push(id, id + width);
      else if (wrap && height >= 3) edges.push(id, c);
    }
  }
  return edges;
}

/**
 * A set of undirected edges in an open-addressing hash table (linear probing,
 * tombstones, rebuilt when crowded). Slot i holds (lo, hi) at keys[2i], keys[2i+1],
 * so one probe touches one cache line and no edge allocates anything.
 */
class EdgeSet {
  private keys: Int32Array;
  private mask: number;
  private used = 0; // live entries plus tombstones
  private live = 0;
  private static readonly EMPTY = -1;
  private static readonly GONE = -2;

  constructor(expected: number) {
    let size = 16;
    while (size < 2 * expected) size *= 2;
    this.keys = new Int32Array(2 * size).fill(EdgeSet.EMPTY);
    this.mask = size - 1;
  }

  private slot(a: number, b: number): number {
    let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca77);
    h ^= h >>> 15; h = Math.imul(h, 0x2c1b3c6d); h ^= h >>> 13;
    return h & this.mask;
  }

  has(u: number, v: number): boolean {
    const a = u < v ? u : v, b = u < v ? v : u, keys = this.keys;
    for (let i = this.slot(a, b); ; i = (i + 1) & this.mask) {
      const x = keys[2 * i]!;
      if (x === EdgeSet.EMPTY) return false;
      if (x === a && keys[2 * i + 1] === b) return true;
    }
  }

  /** Adds u—v, which the caller knows is absent. */
  add(u: number, v: number): void {
    if (this.used + 1 > 0.75 * (this.mask + 1)) this.rebuild();
    const a = u < v ? u : v, b = u < v ? v : u, keys = this.keys;
    let i = this.slot(a, b);
    while (keys[2 * i]! >= 0) i = (i + 1) & this.mask;
    if (keys[2 * i] === EdgeSet.EMPTY) this.used++;
    keys[2 * i] = a; keys[2 * i + 1] = b; this.live++;
  }

  delete(u: number, v: number): void {
    const a = u < v ? u : v, b = u < v ? v : u, keys = this.keys;
    for (let i = this.slot(a, b); keys[2 * i] !== EdgeSet.EMPTY; i = (i + 1) & this.mask) {
      if (keys[2 * i] === a && keys[2 * i + 1] === b) { keys[2 * i] = EdgeSet.GONE; this.live--; return; }
    }
  }

  private rebuild(): void {
    const old = this.keys;
    let size = this.mask + 1;
    if (this.live + 1 > 0.375 * size) size *= 2;
    this.keys = new Int32Array(2 * size).fill(EdgeSet.EMPTY);
    this.mask = size - 1;
    this.used = 0; this.live = 0;
    for (let i = 0; i < old.length; i += 2) if (old[i]! >= 0) this.add(old[i]!, old[i + 1]!);
  }
}

/**
 * A simple d-regular graph. Dense degrees (d > (n−1)/2) are built as the
 * complement of a sparse (n−1−d)-regular graph, where switchings succeed often.
 */
function randomRegular(n: number, d: number, rng: Rng): EdgeBuffer {
  if (2 * d <= n - 1) {
    for (;;) { const edges = pairing(n, d, rng); if (edges) return edges; }
  }
  const c = n - 1 - d;
  const absent = new Uint32Array(Math.ceil(n * n / 32)); // bit u·n+v; n < 15,000 here, as n·d/2 ≤ MAX_LINKS
  if (c > 0) {
    let sparse: EdgeBuffer | null = null;
    while (!sparse) sparse = pairing(n, c, rng);
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
  return edges;
}

/**
 * The configuration model: shuffle n·d points (d per node) and pair them up.
 * Self-loops and repeated pairs are then repaired by random switchings (remove a
 * good edge x—y, add u—x and v—y), in the spirit of McKay & Wormald. The result
 * is close to, not exactly, uniform over d-regular graphs. Returns null (the
 * caller retries) in the rare case a conflict cannot be switched away.
 */
function pairing(n: number, d: number, rng: Rng): EdgeBuffer | null {
  const points = new Int32Array(n * d);
  for (let v = 0, p = 0; v < n; v++) for (let j = 0; j < d; j++) points[p++] = v;
  for (let i = points.length - 1; i > 0; i--) {
    const j = randomInt(rng, i + 1), t = points[i]!;
    points[i] = points[j]!; points[j] = t;
  }
  const m = n * d / 2;
  const edges = new EdgeBuffer(m), set = new EdgeSet(m);
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
  return edges;
}

/**
 * G(n, p) by geometric skipping (Batagelj & Brandes 2005): jump straight to the
 * next present pair, so the work is O(n + m) rather than O(n²).
 */
function erdosRenyi(n: number, p: number, rng: Rng): EdgeBuffer {
  const pairs = n * (n - 1) / 2;
  const edges = new EdgeBuffer(Math.ceil(p * pairs * 1.05) + 16);
  if (p === 0) return edges;
  if (p === 1) {
    for (let u = 0; u < n; u++) for (let v = u + 1; v < n; v++) edges.push(u, v);
    return edges;
  }
  const logq = Math.log1p(-p);
  let v = 1, w = -1;
  while (v < n) {
    const skip = Math.floor(Math.log(1 - rng()) / logq);
    if (!(skip < pairs)) break; // past the last pair (also guards skip = ∞ for tiny p)
    w += 1 + skip;
    while (w >= v && v < n) { w -= v; v++; }
    if (v < n) edges.push(v, w);
  }
  return edges;
}

/**
 * Watts–Strogatz as in NetworkX: a ring lattice where each node links to k/2
 * neighbours per side, then each lattice link (u, u+j) is rewired to (u, w) with
 * probability beta, w uniform, never a self-loop or an existing link. The link
 * count stays exactly n·k/2.
 */
function wattsStrogatz(n: number, k: number, beta: number, rng: Rng): EdgeBuffer {
  const half = k / 2, m = n * half;
  const edges = new EdgeBuffer(m), set = new EdgeSet(m);
  const degree = new Int32Array(n).fill(k);
  for (let j = 1; j <= half; j++) {
    for (let u = 0; u < n; u++) { const v = (u + j) % n; edges.push(u, v); set.add(u, v); }
  }
  if (beta === 0) return edges;
  for (let e = 0; e < m; e++) {
    if (rng() >= beta) continue;
    const u = edges.us[e]!, v = edges.vs[e]!;
    if (degree[u]! >= n - 1) continue; // u already links to everyone: nowhere to go
    let w = randomInt(rng, n);
    while (w === u || set.has(u, w)) w = randomInt(rng, n);
    set.delete(u, v); set.add(u, w);
    edges.vs[e] = w; degree[v]!--; degree[w]!++;
  }
  return edges;
}

/**
 * Barabási–Albert linear preferential attachment. Nodes 0 … m−1 start with no
 * links; node m links to all of them, and every later node links to m distinct
 * nodes drawn from the list in which each node appears once per link end. So
 * the graph has exactly m·(n − m) links.
 */
function barabasiAlbert(n: number, m: number, rng: Rng): EdgeBuffer {
  const edges = new EdgeBuffer(m * (n - m));
  const ends = new Int32Array(2 * m * (n - m));
  let size = 0;
  const chosen = new Int32Array(n).fill(-1); // chosen[t] === v: t is already a target of v
  const targets = new Int32Array(m);
  for (let t = 0; t < m; t++) targets[t] = t;
  for (let v = m; v < n; v++) {
    for (let t = 0; t < m; t++) {
      edges.push(v, targets[t]!);
      ends[size++] = targets[t]!; ends[size++] = v;
    }
    if (v + 1 === n) break;
    for (let t = 0; t < m;) {
      const pick = ends[randomInt(rng, size)]!;
      if (chosen[pick] === v) continue;
      chosen[pick] = v; targets[t++] = pick;
    }
  }
  return edges;
}
