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
  /** linkLatency again by half-edge, in row order (slot k is linkLatency[linkOf[k]]), null exactly when it is: a node's sends read it in sequence. */
  readonly slotLatency: Float64Array | null;

  private constructor(nodes: number, offsets: Int32Array, targets: Int32Array, linkOf: Int32Array,
    linkU: Int32Array, linkV: Int32Array, linkLatency: Float64Array | null, slotLatency: Float64Array | null) {
    this.nodes = nodes; this.links = linkU.length; this.offsets = offsets; this.targets = targets;
    this.linkOf = linkOf; this.linkU = linkU; this.linkV = linkV; this.linkLatency = linkLatency; this.slotLatency = slotLatency;
  }

  /**
   * Build from an undirected edge list. Self-loops and repeated pairs are dropped
   * (the first occurrence's latency wins), so generators need not deduplicate.
   * Links are numbered in (lower end, higher end) order.
   * Each pass is a function of its own: V8 compiles each loop once, when it is hot, where
   * one function of many loops was recompiled at every loop it had not yet run.
   * `spare`: memory the caller gives up (the edge list's own, edgeListMemory in edgelist.ts).
   * Once the inputs have been read, the rows may be placed in it rather than in fresh arrays,
   * whose every 4 KB page costs a fault (~3 µs here; ~5 ms of a 100k build). The inputs must
   * not be used afterwards.
   */
  static fromEdges(nodes: number, us: ArrayLike<number>, vs: ArrayLike<number>, latency?: ArrayLike<number> | null,
    spare: readonly ArrayBuffer[] = []): Topology {
    // File every edge under its lower end, in input order: per node, a row of its higher ends.
    // The same pass counts each node's edges at both ends (its degree, if no pair repeats).
    const rowStart = new Int32Array(nodes + 1), offsets = new Int32Array(nodes + 1);
    countEnds(nodes, us, vs, rowStart, offsets);
    prefixSumsOfBoth(rowStart, offsets);
    const up = rowStart[nodes]!;
    // Each edge's latency travels with it (written where it is filed, a store, rather than
    // fetched by edge index when it is kept, a load that waits on a cache miss).
    // rowStart is its own cursor (no copy: a fresh array costs a page fault per 4 KB): the
    // filing moves each row's start to its end, which is the next row's start.
    const hiOf = new Int32Array(up), latOf = latency ? new Float64Array(up) : null;
    fileByLowEnd(us, vs, latency ?? null, rowStart, hiOf, latOf);
    const rowEnd = rowStart;
    const loOf = new Int32Array(up);
    // The inputs are read: their memory may take the rows (every slot is written below).
    const free = [...spare];
    let targets = new Int32Array(reuse(free, 8 * up) ?? new ArrayBuffer(8 * up), 0, 2 * up);
    let linkOf = new Int32Array(reuse(free, 8 * up) ?? new ArrayBuffer(8 * up), 0, 2 * up);
    let slotLatency = latOf ? new Float64Array(reuse(free, 16 * up) ?? new ArrayBuffer(16 * up), 0, 2 * up) : null;
    // Usually no pair repeats: then the rows' bounds are known now, and each lower-end row,
    // once sorted, is written straight into both ends' rows (link l = hiOf slot l).
    if (sortAndFill(nodes, rowEnd, hiOf, latOf, loOf, offsets, targets, linkOf, slotLatency)) {
      return new Topology(nodes, offsets, targets, linkOf, loOf, hiOf, latOf, slotLatency);
    }
    // A pair repeats: start again from the rows as filed (those sorted stay sorted, stably).
    // Sort each row by higher end, keep each pair's first occurrence, pack the kept ones to
    // the front: link l is (loOf[l], hiOf[l]), with its latency latOf[l].
    offsets.fill(0);
    const m = keepFirstOfEachPair(nodes, rowEnd, hiOf, latOf, loOf, offsets);
    const linkU = loOf.slice(0, m), linkV = hiOf.slice(0, m);
    const linkLatency = latOf ? latOf.slice(0, m) : null;
    prefixSums(offsets);
    // The arrays made for one pass may take the rows again (a few repeats leave them the right
    // size), so a late repeat costs no second set of fresh pages; so may the unused spare.
    const again = [targets.buffer, linkOf.buffer, ...(slotLatency ? [slotLatency.buffer] : []), ...free] as ArrayBuffer[];
    targets = new Int32Array(reuse(again, 8 * m) ?? new ArrayBuffer(8 * m), 0, 2 * m);
    linkOf = new Int32Array(reuse(again, 8 * m) ?? new ArrayBuffer(8 * m), 0, 2 * m);
    slotLatency = linkLatency ? new Float64Array(reuse(again, 16 * m) ?? new ArrayBuffer(16 * m), 0, 2 * m) : null;
    // The rows' cursors go in rowEnd's memory (no longer needed), not in a fresh copy.
    const at = rowEnd.subarray(0, nodes);
    at.set(offsets.subarray(0, nodes));
    fillRows(linkU, linkV, at, targets, linkOf, linkLatency, slotLatency);
    return new Topology(nodes, offsets, targets, linkOf, linkU, linkV, linkLatency, slotLatency);
  }

  /**
   * Build from neighbour lists already in CSR form: node v's neighbours are
   * targets[offsets[v] .. offsets[v+1]), sorted ascending, no self-loops or repeats,
   * and every link listed from both ends. The arrays are taken, not copied. Links get
   * the ids fromEdges would give them (ordered by low, then high endpoint).
   */
  static fromSortedRows(nodes: number, offsets: Int32Array, targets: Int32Array): Topology {
    const m = targets.length / 2;
    if (!Number.isInteger(m) || offsets.length !== nodes + 1 || offsets[nodes] !== targets.length) {
      throw new RangeError(`CSR of ${nodes} nodes with ${targets.length} half-edges is not symmetric`);
    }
    const linkOf = new Int32Array(2 * m);
    const { linkU, linkV } = numberLinks(nodes, offsets, targets, linkOf, new Int32Array(nodes), null, true);
    return new Topology(nodes, offsets, targets, linkOf, linkU, linkV, null, null);
  }

  /**
   * Wrap arrays that already are a topology (a generator that numbered its own links, as
   * PairedRows does): rows sorted and symmetric, links in (low, high) order, linkOf
   * consistent. Not checked; fromEdges and fromSortedRows are the checked ways in.
   */
  static fromParts(nodes: number, offsets: Int32Array, targets: Int32Array, linkOf: Int32Array, linkU: Int32Array, linkV: Int32Array): Topology {
    return new Topology(nodes, offsets, targets, linkOf, linkU, linkV, null, null);
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

/**
 * A buffer of `free` to hold `bytes`, taken out of the list, or null: only one with at most an
 * eighth to spare, since the topology keeps the whole buffer.
 */
function reuse(free: ArrayBuffer[], bytes: number): ArrayBuffer | null {
  const i = free.findIndex((b) => b.byteLength >= bytes && bytes >= b.byteLength - (b.byteLength >> 3));
  return i < 0 ? null : free.splice(i, 1)[0]!;
}

/**
 * lows[v + 1] = how many edges (not self-loops) have v as their lower end, highs[v + 1] how
 * many have it as their higher end; checks every id.
 */
function countEnds(nodes: number, us: ArrayLike<number>, vs: ArrayLike<number>, lows: Int32Array, highs: Int32Array): void {
  for (let i = 0, m0 = us.length; i < m0; i++) {
    const a = us[i]!, b = vs[i]!;
    if (a < 0 || b < 0 || a >= nodes || b >= nodes) throw new RangeError(`edge ${a}-${b} outside 0..${nodes - 1}`);
    if (a < b) { lows[a + 1]!++; highs[b + 1]!++; } else if (a > b) { lows[b + 1]!++; highs[a + 1]!++; }
  }
}

/** In place: lows becomes the lower-end rows' starts, highs each node's row start counting every edge at either end. */
function prefixSumsOfBoth(lows: Int32Array, highs: Int32Array): void {
  let low = 0, both = 0;
  for (let v = 1; v < lows.length; v++) {
    const count = lows[v]!;
    low += count; both += count + highs[v]!;
    lows[v] = low; highs[v] = both;
  }
}

/** In place: a[v] becomes a[0] + … + a[v]. */
function prefixSums(a: Int32Array): void {
  for (let v = 1; v < a.length; v++) a[v]! += a[v - 1]!;
}

/**
 * Each edge's higher end (and latency) into its lower end's row, in input order. `fill` holds
 * each row's start on entry and is its cursor: on return fill[v] is row v's end.
 */
function fileByLowEnd(us: ArrayLike<number>, vs: ArrayLike<number>, latency: ArrayLike<number> | null, fill: Int32Array,
  hiOf: Int32Array, latOf: Float64Array | null): void {
  for (let i = 0, m0 = us.length; i < m0; i++) {
    const a = us[i]!, b = vs[i]!;
    if (a === b) continue;
    const k = fill[a < b ? a : b]!++;
    hiOf[k] = a < b ? b : a;
    if (latOf) latOf[k] = latency![i]!;
  }
}

/**
 * Sorts each row by higher end (stably, carrying the latencies: repeats keep input order),
 * keeps each pair's first occurrence packed to the front (loOf, hiOf, latOf) and counts
 * both ends' degrees into degree[v + 1]. Row u is hiOf[rowEnd[u - 1], rowEnd[u]) (row 0
 * starts at 0). Returns the number of links.
 */
function keepFirstOfEachPair(nodes: number, rowEnd: Int32Array, hiOf: Int32Array, latOf: Float64Array | null, loOf: Int32Array,
  degree: Int32Array): number {
  const scratch = new RowScratch();
  let m = 0, to = 0;
  for (let u = 0; u < nodes; u++) {
    const from = to;
    to = rowEnd[u]!;
    sortRow(scratch, hiOf, latOf, from, to, nodes, u);
    let last = -1;
    const first = m;
    for (let k = from; k < to; k++) {
      const hi = hiOf[k]!;
      if (hi === last) continue;
      last = hi;
      loOf[m] = u; hiOf[m] = hi;
      if (latOf) latOf[m] = latOf[k]!;
      m++;
      degree[hi + 1]!++;
    }
    degree[u + 1]! += m - first;
  }
  return m;
}

/**
 * When no pair repeats, keepFirstOfEachPair and fillRows in one pass: sorts each lower-end
 * row (as keepFirstOfEachPair does) and writes its links into both ends' rows, link l being
 * hiOf slot l (loOf[l] = its lower end). `start` holds each node's row start, counted from
 * every edge at either end: row u's lower neighbours come from earlier rows, in ascending
 * order, through start[u] as their cursor; its higher ones then follow in order; start[u]
 * is set back once row u is done. Returns false, with the rows partly sorted and the
 * outputs partly written, at the first repeated pair.
 */
function sortAndFill(nodes: number, rowEnd: Int32Array, hiOf: Int32Array, latOf: Float64Array | null, loOf: Int32Array,
  start: Int32Array, targets: Int32Array, linkOf: Int32Array, slotLatency: Float64Array | null): boolean {
  const scratch = new RowScratch();
  let to = 0, rowStart = 0;
  for (let u = 0; u < nodes; u++) {
    const from = to;
    to = rowEnd[u]!;
    sortRow(scratch, hiOf, latOf, from, to, nodes, u);
    let k = start[u]!, last = -1;
    for (let l = from; l < to; l++) {
      const v = hiOf[l]!;
      if (v === last) return false;
      last = v;
      loOf[l] = u;
      const kv = start[v]!++;
      targets[k] = v; linkOf[k] = l;
      targets[kv] = u; linkOf[kv] = l;
      if (slotLatency) slotLatency[k] = slotLatency[kv] = latOf![l]!;
      k++;
    }
    start[u] = rowStart;
    rowStart = k;
  }
  return true;
}

/**
 * Both half-edges of every link into the rows. Links are sorted by (lo, hi): filling u->v
 * for each link in order gives each node's higher neighbours ascending; lower neighbours
 * are filled first because they come from earlier links (smaller lo). So every row ends up
 * sorted. `at` holds each row's start and is used up as its cursor.
 */
function fillRows(linkU: Int32Array, linkV: Int32Array, at: Int32Array, targets: Int32Array, linkOf: Int32Array,
  linkLatency: Float64Array | null, slotLatency: Float64Array | null): void {
  for (let l = 0, m = linkU.length; l < m; l++) {
    const u = linkU[l]!, v = linkV[l]!, ku = at[u]!++, kv = at[v]!++;
    targets[ku] = v; linkOf[ku] = l;
    targets[kv] = u; linkOf[kv] = l;
    if (slotLatency) slotLatency[ku] = slotLatency[kv] = linkLatency![l]!;
  }
}

/**
 * Numbers the links of sorted, symmetric CSR rows in (low end, high end) order and fills
 * linkOf for both half-edges of each, in one linear pass. Scanning nodes in ascending order
 * makes the links into a node v arrive in ascending order of their low end, which is the
 * order of v's lower neighbours at the front of its sorted row; so a cursor per node finds
 * each link's reverse half-edge, with no search. With `latency`, `linkOf` holds each slot's
 * input edge on entry (read before the slot is overwritten); `cursor` is n-long scratch.
 * `check` verifies rows that come from a caller (each check costs a cache miss a link).
 */
function numberLinks(nodes: number, offsets: Int32Array, targets: Int32Array, linkOf: Int32Array, cursor: Int32Array,
  latency: { from: ArrayLike<number>; to: Float64Array } | null, check: boolean): { linkU: Int32Array; linkV: Int32Array } {
  const m = targets.length / 2;
  const linkU = new Int32Array(m), linkV = new Int32Array(m);
  for (let v = 0; v < nodes; v++) cursor[v] = offsets[v]!;
  const from = latency?.from, to = latency?.to;
  let l = 0;
  for (let u = 0; u < nodes; u++) {
    const end = offsets[u + 1]!;
    // Past u's lower neighbours: each link to one was numbered from that neighbour's row.
    for (let k = cursor[u]!; k < end; k++) {
      const v = targets[k]!;
      const back = cursor[v]!++;
      if (check && (v <= u || l === m || back >= offsets[v + 1]! || targets[back] !== u)) throw new RangeError(`CSR of ${nodes} nodes is not symmetric or a row is not sorted: ${u}—${v}`);
      if (to) to[l] = from![linkOf[k]!]!;
      linkU[l] = u; linkV[l] = v; linkOf[k] = l; linkOf[back] = l++;
    }
  }
  if (l !== m) throw new RangeError(`CSR of ${nodes} nodes is not symmetric`);
  return { linkU, linkV };
}

/** Rows up to this long are insertion-sorted; longer ones (a hub's) go through RowScratch. */
const SHORT_ROW = 32;

/** Sort row u, hiOf[from, to), by higher end, stably, carrying the latencies: long rows by scratch, short ones in place. */
function sortRow(scratch: RowScratch, hiOf: Int32Array, latOf: Float64Array | null, from: number, to: number, nodes: number, u: number): void {
  if (to - from > SHORT_ROW) scratch.sort(hiOf, latOf, from, to, nodes, u);
  else if (to - from > 1) { if (latOf) insertionSortCarrying(hiOf, latOf, from, to); else insertionSort(hiOf, from, to); }
}

/** Sort hi[from, to) (a row's neighbours) ascending; stable. */
function insertionSort(hi: Int32Array, from: number, to: number): void {
  for (let k = from + 1; k < to; k++) {
    const h = hi[k]!;
    let j = k - 1;
    while (j >= from && hi[j]! > h) { hi[j + 1] = hi[j]!; j--; }
    hi[j + 1] = h;
  }
}

/** insertionSort, carrying carry[] along; stable, so repeats keep input order. */
function insertionSortCarrying(hi: Int32Array, carry: Float64Array, from: number, to: number): void {
  for (let k = from + 1; k < to; k++) {
    const h = hi[k]!, c = carry[k]!;
    let j = k - 1;
    while (j >= from && hi[j]! > h) { hi[j + 1] = hi[j]!; carry[j + 1] = carry[j]!; j--; }
    hi[j + 1] = h; carry[j + 1] = c;
  }
}

/**
 * Sorts a long row natively: each entry becomes one exact float key, neighbour × 2^p +
 * position in the row (2^p ≥ the row's length), so Float64Array#sort orders by end and
 * then by position, which keeps repeats in input order. Buffers are reused across rows.
 */
class RowScratch {
  private keys = new Float64Array(0);
  private carried = new Float64Array(0);

  sort(hi: Int32Array, carry: Float64Array | null, from: number, to: number, nodes: number, owner: number): void {
    const len = to - from;
    let scale = 1;
    while (scale < len) scale *= 2;
    if (nodes * scale > Number.MAX_SAFE_INTEGER) throw new RangeError(`node ${owner} has ${len} edges; too many to sort exactly`);
    if (this.keys.length < len) { this.keys = new Float64Array(len); this.carried = new Float64Array(carry ? len : 0); }
    const keys = this.keys.subarray(0, len), carried = this.carried;
    for (let j = 0; j < len; j++) keys[j] = hi[from + j]! * scale + j;
    if (carry) carried.set(carry.subarray(from, to));
    keys.sort();
    for (let j = 0; j < len; j++) {
      const key = keys[j]!, h = Math.floor(key / scale);
      hi[from + j] = h;
      if (carry) carry[from + j] = carried[key - h * scale]!;
    }
  }
}
