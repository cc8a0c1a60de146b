/**
 * The structures generators build edges in: a growable edge list, and two sets of
 * undirected edges with the same has/add/delete: a hash table for any degree, and
 * fixed-width adjacency rows for graphs whose degree is bounded and small. All flat
 * typed arrays, so millions of edges never sit in JS arrays or allocate per edge.
 */

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

/**
 * Each node's neighbours in its own row of `width` slots (a row never holds more): 8
 * bytes per edge and one cache line per lookup for small degrees, where the hash table
 * costs 27 bytes per edge and a probe into a gigabyte-sized table at ten million nodes.
 * When every row is full (a d-regular graph), the sorted rows are its CSR adjacency.
 */
export class RowSet implements UndirectedEdgeSet {
  readonly rows: Int32Array;
  readonly size: Int32Array;

  constructor(nodes: number, readonly width: number) {
    this.rows = new Int32Array(nodes * width);
    this.size = new Int32Array(nodes);
  }

  has(u: number, v: number): boolean {
    // Scan the shorter row.
    if (this.size[v]! < this.size[u]!) { const t = u; u = v; v = t; }
    const rows = this.rows, end = u * this.width + this.size[u]!;
    for (let i = u * this.width; i < end; i++) if (rows[i] === v) return true;
    return false;
  }

  add(u: number, v: number): void {
    const w = this.width, size = this.size;
    if (size[u]! >= w || size[v]! >= w) throw new RangeError(`row full adding ${u}—${v} (width ${w})`);
    this.rows[u * w + size[u]!++] = v;
    this.rows[v * w + size[v]!++] = u;
  }

  delete(u: number, v: number): void {
    this.drop(u, v);
    this.drop(v, u);
  }

  /** Removes v from u's row, moving the row's last entry into its place. */
  private drop(u: number, v: number): void {
    const rows = this.rows, start = u * this.width, last = start + this.size[u]! - 1;
    for (let i = start; i <= last; i++) {
      if (rows[i] === v) { rows[i] = rows[last]!; this.size[u]!--; return; }
    }
  }

  /** Sorts every row ascending (insertion sort: rows are short). */
  sortRows(): void {
    const rows = this.rows, w = this.width;
    for (let u = 0, n = this.size.length; u < n; u++) {
      const start = u * w, end = start + this.size[u]!;
      for (let i = start + 1; i < end; i++) {
        const x = rows[i]!;
        let j = i - 1;
        while (j >= start && rows[j]! > x) { rows[j + 1] = rows[j]!; j--; }
        rows[j + 1] = x;
      }
    }
  }
}
