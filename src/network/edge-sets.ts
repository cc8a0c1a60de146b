/**
 * The structures generators build edges in: a growable edge list, and two sets of
 * undirected edges with the same has/add/delete: a hash table for any degree, and
 * fixed-width adjacency rows for graphs whose degree is bounded and small. All flat
 * typed arrays, so millions of edges never sit in JS arrays or allocate per edge.
 */
import { Topology } from './topology.js';

/** A growable pair of Int32Array edge-endpoint buffers. */
export class EdgeBuffer {
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

/** A set of undirected edges u—v (u ≠ v). */
export interface UndirectedEdgeSet {
  has(u: number, v: number): boolean;
  /** Adds u—v, which the caller knows is absent. */
  add(u: number, v: number): void;
  delete(u: number, v: number): void;
}

/**
 * Open addressing (linear probing, tombstones, rebuilt when crowded). Slot i holds
 * (lo, hi) at keys[2i], keys[2i+1], so one probe touches one cache line. Any degree;
 * 16 to 32 bytes per edge.
 */
export class EdgeSet implements UndirectedEdgeSet {
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

/** log2 of the nodes per bucket of numberRows' last pass: their rows (64 B each at degree 8) fit in cache together. */
const BUCKET_BITS = 13;

/**
 * A set of undirected edges for graphs of bounded, small degree, laid out so that a
 * link touches as little memory as can be: node u owns 2·width slots, its neighbours
 * (at most `width`) and then a second half that holds the row's length while edges are
 * added, and the link id of each neighbour once the rows are numbered. One lookup or
 * insertion reads or writes one row, a cache line or two, and nothing else (a separate
 * length array would be a second miss per node per link at ten million nodes). When every
 * row is full (a d-regular graph), the sorted rows are the topology's CSR adjacency.
 */
export class PairedRows implements UndirectedEdgeSet {
  private rows: Int32Array;
  private readonly stride: number;

  constructor(private readonly nodes: number, readonly width: number) {
    this.stride = 2 * width;
    this.rows = new Int32Array(nodes * this.stride);
  }

  has(u: number, v: number): boolean {
    const rows = this.rows, start = u * this.stride, end = start + rows[start + this.width]!;
    for (let i = start; i < end; i++) if (rows[i] === v) return true;
    return false;
  }

  add(u: number, v: number): void {
    this.append(u, v);
    this.append(v, u);
  }

  /**
   * Reads the rows of the pairs points[2i], points[2i+1] for i in [from, to), and nothing
   * else, so that the pairing which follows finds them in cache. A tight loop of loads that
   * do not depend on each other lets the processor have many misses in flight at once; the
   * pairing's own loop, with its branches and writes, waits on them one or two at a time.
   */
  touch(points: Int32Array, from: number, to: number): void {
    const rows = this.rows, stride = this.stride, w = this.width;
    let sum = 0;
    for (let i = from; i < to; i++) sum += rows[points[2 * i]! * stride + w]! + rows[points[2 * i + 1]! * stride + w]!;
    this.touched ^= sum; // kept, so the loads are not optimised away
  }

  /** Nothing but the sink of touch()'s loads. */
  private touched = 0;

  private append(u: number, v: number): void {
    const rows = this.rows, start = u * this.stride, size = rows[start + this.width]!;
    if (size >= this.width) throw new RangeError(`row full adding ${u}—${v} (width ${this.width})`);
    rows[start + size] = v; rows[start + this.width] = size + 1;
  }

  delete(u: number, v: number): void {
    this.drop(u, v);
    this.drop(v, u);
  }

  /** Removes v from u's row, moving the row's last entry into its place. */
  private drop(u: number, v: number): void {
    const rows = this.rows, start = u * this.stride, last = start + rows[start + this.width]! - 1;
    for (let i = start; i <= last; i++) {
      if (rows[i] === v) { rows[i] = rows[last]!; rows[start + this.width]!--; return; }
    }
  }

  /**
   * The d-regular topology these rows hold (every row must be full), with the link ids
   * Topology.fromEdges would give. Consumes the rows: the set is empty afterwards.
   * `targets` (nodes × width long, e.g. the spent points of the pairing) is overwritten
   * with the CSR's neighbours, so that no array is allocated for them.
   */
  toTopology(targets: Int32Array): Topology {
    const n = this.nodes, w = this.width, stride = this.stride, rows = this.rows;
    // Sort each row (insertion sort: rows are short); every row must be full.
    for (let u = 0; u < n; u++) {
      const start = u * stride, end = start + w;
      if (rows[end] !== w) throw new RangeError(`node ${u} has ${rows[end]} links, not ${w}`);
      for (let i = start + 1; i < end; i++) {
        const x = rows[i]!;
        let j = i - 1;
        while (j >= start && rows[j]! > x) { rows[j + 1] = rows[j]!; j--; }
        rows[j + 1] = x;
      }
    }
    if (targets.length !== n * w) throw new RangeError(`targets must hold ${n * w} half-edges, not ${targets.length}`);
    const m = numberRows(rows, n, w, targets); // targets is its scratch until the copy below
    // The rows' buffer holds exactly linkOf (n·w), linkU and linkV (n·w/2 each): the link ids
    // are packed to its front in place (each row is read before anything is written over it:
    // row u's ids go to [u·w, u·w + w), below row u's own place), and the endpoints after them.
    // So no array is allocated here, and the peak is the points and the rows, nothing more.
    for (let u = 0; u < n; u++) {
      const from = u * stride, to = u * w;
      for (let s = 0; s < w; s++) targets[to + s] = rows[from + s]!;
      for (let s = 0; s < w; s++) rows[to + s] = rows[from + w + s]!;
    }
    this.rows = new Int32Array(0);
    const linkOf = rows.subarray(0, n * w), linkU = rows.subarray(n * w, n * w + m), linkV = rows.subarray(n * w + m, n * w + 2 * m);
    for (let u = 0, k = 0, l = 0; u < n; u++) {
      for (let s = 0; s < w; s++, k++) { const v = targets[k]!; if (v > u) { linkU[l] = u; linkV[l++] = v; } }
    }
    const offsets = new Int32Array(n + 1);
    for (let v = 0; v <= n; v++) offsets[v] = v * w;
    return Topology.fromParts(n, offsets, targets, linkOf, linkU, linkV);
  }
}

/**
 * Numbers the links of sorted, full paired rows in (low end, high end) order and writes
 * each id in the second half of the rows, beside both of the link's half-edges. The low
 * end's half is written in a sequential pass. The high end's half would be a cache miss per
 * link (its row is anywhere in a gigabyte), so the (high end, id) pairs are first filed by
 * buckets of 2^BUCKET_BITS high ends (one more sequential pass, writing to a thousand
 * streams), and each bucket is then written into rows that sit in cache together. Row v's
 * lower neighbours come first and ascending, which is the order their links' ids arrive
 * in, so the t-th id filed for v belongs in v's t-th slot. `items` (2 × links long) is scratch.
 * Returns the number of links.
 */
function numberRows(rows: Int32Array, n: number, w: number, items: Int32Array): number {
  const stride = 2 * w, buckets = ((n - 1) >>> BUCKET_BITS) + 1;
  const start = new Int32Array(buckets + 1);
  let l = 0;
  for (let u = 0; u < n; u++) {
    const base = u * stride;
    for (let s = 0; s < w; s++) {
      const v = rows[base + s]!;
      if (v > u) { rows[base + w + s] = l++; start[(v >>> BUCKET_BITS) + 1]!++; }
    }
  }
  for (let b = 0; b < buckets; b++) start[b + 1]! += start[b]!;
  const fill = start.slice(0, buckets);
  for (let u = 0; u < n; u++) {
    const base = u * stride;
    for (let s = 0; s < w; s++) {
      const v = rows[base + s]!;
      if (v > u) { const p = 2 * fill[v >>> BUCKET_BITS]!++; items[p] = v; items[p + 1] = rows[base + w + s]!; }
    }
  }
  const filled = new Int32Array(1 << BUCKET_BITS);
  for (let b = 0; b < buckets; b++) {
    filled.fill(0);
    const first = b << BUCKET_BITS;
    for (let p = start[b]!, end = start[b + 1]!; p < end; p++) {
      const v = items[2 * p]!;
      rows[v * stride + w + filled[v - first]!++] = items[2 * p + 1]!;
    }
  }
  return l;
}
