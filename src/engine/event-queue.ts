/**
 * The pending events, popped in (time, insertion sequence) order: ties at the same
 * instant pop in insertion order, so a run is deterministic by construction.
 * Each event carries a small integer `kind` and three integer arguments; anything
 * bigger goes in `ref` (one object slot, e.g. a message) which the caller owns.
 * Everything lives in flat typed arrays: no per-event object or closure.
 *
 * The structure is a calendar queue (Brown 1988) in front of a small heap. Time is cut
 * into buckets of `width` ms. Events of the current bucket sit in a 4-ary heap ordered
 * by (time, sequence); events of the next `ringSize − 1` buckets wait unsorted in a
 * ring of linked lists; later ones in one unsorted far list. When the heap runs dry
 * the next non-empty bucket is poured into it. The heap is exact, and every event
 * outside it is in a later bucket, so the order is exactly the heap's order. Work per
 * event is O(1) amortised plus a heap of ~TARGET entries that stays in cache, where a
 * heap of all pending events pays one cache miss per level at millions pending.
 * The width and ring size are re-chosen from the pending events whenever buckets get
 * too full or too empty (and when the ring runs out), so any latency scale works.
 */
const CHUNK_BITS = 16, CHUNK = 1 << CHUNK_BITS, CHUNK_MASK = CHUNK - 1;
const NONE = -1;
const STRIDE = 5, NEXT = 4;
/** Events per bucket aimed for: enough to amortise a bucket change, few enough to keep the heap in cache. */
const TARGET = 32;
const MIN_RING = 64, MAX_RING = 1 << 24;

export class EventQueue {
  // Payload by slot, interleaved so one event's fields share a cache line: data[5s..5s+4] =
  // kind, a, b, c and the next slot in the same bucket (or far list); key[2s], key[2s+1] =
  // time, sequence. Slots are recycled through a free list (last freed, first reused: warm).
  private data: Int32Array;
  private key: Float64Array;
  // Object refs in fixed-size chunks: one JS array of tens of millions of elements would
  // fall back to a dictionary and abort past 2^25 slots ('invalid table size').
  private readonly refChunks: unknown[][] = [];
  private freeSlots: Int32Array;
  private freeCount = 0;
  private nextSlot = 0;
  // The heap of the current bucket: keys[2i] = time, keys[2i+1] = sequence, heapSlot[i] = slot.
  private keys: Float64Array;
  private heapSlot: Int32Array;
  private heapCount = 0;
  // The calendar: bucket b (absolute number floor(time / width)) of cur < b < cur + ringSize
  // lives in heads[(curIndex + b − cur) & ringMask]; bucket cur is the heap.
  private width = 1;
  private cur = 0;
  private curIndex = 0;
  private heads: Int32Array;
  private ringMask: number;
  private ringCount = 0;
  private far = NONE;
  private farCount = 0;
  /** Smallest bucket number in the far list. */
  private farBucket = Infinity;
  // Bucket-fill statistics since the last re-layout.
  private loads = 0;
  private loaded = 0;
  private skipped = 0;
  private pushed = 0;
  private count = 0;
  private nextSeq = 0;

  // The event last popped: read these after pop() returns true.
  popTime = 0;
  popKind = 0;
  popA = 0;
  popB = 0;
  popC = 0;
  popRef: unknown = null;

  constructor(initialCapacity = 1024) {
    const n = Math.max(16, initialCapacity);
    this.data = new Int32Array(STRIDE * n); this.key = new Float64Array(2 * n);
    this.freeSlots = new Int32Array(n);
    this.keys = new Float64Array(2 * MIN_RING); this.heapSlot = new Int32Array(MIN_RING);
    this.heads = new Int32Array(MIN_RING).fill(NONE); this.ringMask = MIN_RING - 1;
  }

  get size(): number { return this.count; }
  /** Total events ever scheduled. */
  get scheduled(): number { return this.nextSeq; }

  push(time: number, kind: number, a = 0, b = 0, c = 0, ref: unknown = null): void {
    const slot = this.freeCount > 0 ? this.freeSlots[--this.freeCount]! : this.allocSlot();
    const d = this.data, o = STRIDE * slot;
    d[o] = kind; d[o + 1] = a; d[o + 2] = b; d[o + 3] = c;
    this.refChunks[slot >>> CHUNK_BITS]![slot & CHUNK_MASK] = ref;
    const seq = this.nextSeq++;
    this.key[2 * slot] = time; this.key[2 * slot + 1] = seq;
    this.count++; this.pushed++;
    this.place(slot, time, seq);
  }

  /** Time of the earliest event, or Infinity when empty. */
  peekTime(): number {
    if (this.heapCount === 0 && !this.refill()) return Infinity;
    return this.keys[0]!;
  }

  /** Remove the earliest event into the pop* fields; false when empty. */
  pop(): boolean {
    if (this.heapCount === 0 && !this.refill()) return false;
    const k = this.keys, hs = this.heapSlot;
    const slot = hs[0]!;
    const d = this.data, o = STRIDE * slot;
    this.popTime = k[0]!; this.popKind = d[o]!;
    this.popA = d[o + 1]!; this.popB = d[o + 2]!; this.popC = d[o + 3]!;
    const chunk = this.refChunks[slot >>> CHUNK_BITS]!;
    this.popRef = chunk[slot & CHUNK_MASK]; chunk[slot & CHUNK_MASK] = null;
    this.freeSlots[this.freeCount++] = slot; // never overflows: it holds at most the slots allocated
    this.count--;
    const n = --this.heapCount;
    if (n === 0) return true;
    // Sift the last entry down from the root, one level of four children at a time.
    const t = k[2 * n]!, sq = k[2 * n + 1]!, sl = hs[n]!;
    let i = 0;
    for (;;) {
      const first = 4 * i + 1;
      if (first >= n) break;
      let c = first, ct = k[2 * c]!, cs = k[2 * c + 1]!;
      const last = first + 3 < n ? first + 3 : n - 1;
      for (let j = first + 1; j <= last; j++) {
        const jt = k[2 * j]!;
        if (jt < ct || (jt === ct && k[2 * j + 1]! < cs)) { c = j; ct = jt; cs = k[2 * j + 1]!; }
      }
      if (t < ct || (t === ct && sq < cs)) break;
      k[2 * i] = ct; k[2 * i + 1] = cs; hs[i] = hs[c]!; i = c;
    }
    k[2 * i] = t; k[2 * i + 1] = sq; hs[i] = sl;
    return true;
  }

  /** File a slot under its bucket: the heap (current bucket or earlier), the ring, or the far list. */
  private place(slot: number, time: number, seq: number): void {
    const b = Math.floor(time / this.width);
    if (b <= this.cur) { this.heapPush(slot, time, seq); return; }
    const ahead = b - this.cur;
    if (ahead <= this.ringMask) {
      const i = (this.curIndex + ahead) & this.ringMask;
      this.data[STRIDE * slot + NEXT] = this.heads[i]!; this.heads[i] = slot; this.ringCount++;
    } else {
      this.data[STRIDE * slot + NEXT] = this.far; this.far = slot; this.farCount++;
      if (b < this.farBucket) this.farBucket = b;
    }
  }

  private heapPush(slot: number, time: number, seq: number): void {
    if (this.heapCount === this.heapSlot.length) {
      const n = this.heapCount * 2;
      this.keys = growF(this.keys, 2 * n); this.heapSlot = grow(this.heapSlot, n);
    }
    const k = this.keys, hs = this.heapSlot;
    let i = this.heapCount++;
    while (i > 0) {
      const p = (i - 1) >> 2, pt = k[2 * p]!;
      if (pt < time || (pt === time && k[2 * p + 1]! < seq)) break;
      k[2 * i] = pt; k[2 * i + 1] = k[2 * p + 1]!; hs[i] = hs[p]!; i = p;
    }
    k[2 * i] = time; k[2 * i + 1] = seq; hs[i] = slot;
  }

  /** The heap is empty: pour the next non-empty bucket into it. False when no event is left. */
  private refill(): boolean {
    if (this.count === 0) return false;
    for (;;) {
      if (this.ringCount === 0 || this.badFill()) { this.relayout(); if (this.heapCount > 0) return true; continue; }
      this.cur++; this.curIndex = (this.curIndex + 1) & this.ringMask;
      if (this.farBucket <= this.cur + this.ringMask) this.pourFar();
      const head = this.heads[this.curIndex]!;
      if (head === NONE) {
        if (this.heapCount > 0) return true; // the far list had events of this bucket
        this.skipped++; continue;
      }
      this.heads[this.curIndex] = NONE;
      let moved = 0;
      const d = this.data, key = this.key;
      for (let s = head; s !== NONE; s = d[STRIDE * s + NEXT]!) { this.heapPush(s, key[2 * s]!, key[2 * s + 1]!); moved++; }
      this.ringCount -= moved;
      this.loads++; this.loaded += moved;
      return true;
    }
  }

  /** The far list's first bucket has come within the ring: file its events again. */
  private pourFar(): void {
    let s = this.far;
    this.far = NONE; this.farCount = 0; this.farBucket = Infinity;
    while (s !== NONE) {
      const next = this.data[STRIDE * s + NEXT]!;
      this.place(s, this.key[2 * s]!, this.key[2 * s + 1]!);
      s = next;
    }
  }

  /**
   * Buckets far fuller or emptier than TARGET since the last re-layout: time to re-choose
   * the width. Judged only once half as many events as are pending have been pushed (or
   * buckets been skipped) since the last re-layout, so a re-layout, O(pending), costs O(1)
   * per event even when no width helps (many events at one instant), and a growing queue
   * (a flood's wave) is re-laid out as it grows, not only once it drains. Fat buckets are tolerated up to 16 × TARGET:
   * they only make the heap a little deeper, while a growing wave (a flood) would
   * otherwise re-layout again and again.
   */
  private badFill(): boolean {
    if (this.pushed + this.skipped < this.count >> 1) return false;
    const perLoad = this.loaded / Math.max(1, this.loads);
    // Fat buckets beside many empty ones are clustered times (e.g. latencies on a 0.01 ms
    // grid, so many events share an instant): no width splits those.
    return (perLoad > 16 * TARGET && this.skipped < this.loads) || (this.skipped > 2 * this.loads + 16 && perLoad < TARGET / 4) || this.count > 4 * TARGET * (this.ringMask + 1);
  }

  /**
   * Re-choose width and ring size from the events outside the heap (the heap is empty
   * here) and file them again: the width puts about TARGET events in a bucket, judged
   * from the spread of the middle 80% of a sample of their times, so a few outliers
   * (a timer far ahead) do not stretch every bucket.
   */
  private relayout(): void {
    const total = this.ringCount + this.farCount;
    const slots = new Int32Array(total);
    let m = 0;
    for (let i = 0; i <= this.ringMask; i++) {
      for (let s = this.heads[i]!; s !== NONE; s = this.data[STRIDE * s + NEXT]!) slots[m++] = s;
    }
    for (let s = this.far; s !== NONE; s = this.data[STRIDE * s + NEXT]!) slots[m++] = s;
    let minT = Infinity;
    for (let i = 0; i < m; i++) { const t = this.key[2 * slots[i]!]!; if (t < minT) minT = t; }
    const step = Math.max(1, Math.floor(m / 1024));
    const sample: number[] = [];
    for (let i = 0; i < m; i += step) sample.push(this.key[2 * slots[i]!]!);
    sample.sort((x, y) => x - y);
    const lo = sample[Math.floor(sample.length * 0.1)]!, hi = sample[Math.floor((sample.length - 1) * 0.9)]!;
    let width = (hi - lo) / (0.8 * m) * TARGET;
    // Never finer than the smallest gap between distinct sampled times: buckets between
    // the instants events actually fall on would only be skipped.
    let gap = Infinity;
    for (let i = 1; i < sample.length; i++) { const g = sample[i]! - sample[i - 1]!; if (g > 0 && g < gap) gap = g; }
    if (gap < Infinity && width < gap) width = gap;
    if (!(width > 0) || !Number.isFinite(width)) width = (sample[sample.length - 1]! - sample[0]!) / m * TARGET;
    if (!(width > 0) || !Number.isFinite(width)) width = 1;
    // Keep bucket numbers exact integers well inside 2^53.
    if (Number.isFinite(minT) && Math.abs(minT) / width > 2 ** 50) width = Math.abs(minT) / 2 ** 50;
    let ring = MIN_RING;
    while (ring < MAX_RING && ring * TARGET < 2 * m) ring *= 2;
    if (ring !== this.heads.length) this.heads = new Int32Array(ring);
    this.heads.fill(NONE); this.ringMask = ring - 1;
    this.width = width;
    this.cur = Number.isFinite(minT) ? Math.floor(minT / width) : minT;
    this.curIndex = 0;
    this.ringCount = 0; this.far = NONE; this.farCount = 0; this.farBucket = Infinity;
    this.loads = 0; this.loaded = 0; this.skipped = 0; this.pushed = 0;
    for (let i = 0; i < m; i++) { const s = slots[i]!; this.place(s, this.key[2 * s]!, this.key[2 * s + 1]!); }
  }

  private allocSlot(): number {
    const slot = this.nextSlot++;
    if (slot === this.freeSlots.length) {
      const n = this.freeSlots.length * 2;
      this.data = grow(this.data, STRIDE * n); this.key = growF(this.key, 2 * n);
      this.freeSlots = grow(this.freeSlots, n);
    }
    if ((slot & CHUNK_MASK) === 0) this.refChunks.push(new Array<unknown>(CHUNK).fill(null));
    return slot;
  }
}

function grow(a: Int32Array, n: number): Int32Array { const b = new Int32Array(n); b.set(a); return b; }
function growF(a: Float64Array, n: number): Float64Array { const b = new Float64Array(n); b.set(a); return b; }
