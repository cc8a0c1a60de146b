/**
 * The pending events, popped in (time, insertion sequence) order: ties at the same
 * instant pop in insertion order, so a run is deterministic by construction.
 * Each event carries a small integer `kind` and three integer arguments; anything
 * bigger goes in `ref` (one object slot, e.g. a message) which the caller owns.
 * Everything lives in flat typed arrays: no per-event object or closure.
 *
 * The structure is a calendar queue (Brown 1988). Time is cut into buckets of `width`
 * ms; the buckets of the next `ringSize − 1` widths wait unsorted in a ring, later events
 * in one unsorted far bucket. When the current bucket is used up, the next non-empty one
 * is sorted by (time, sequence) into the run, which pops front to back. An event pushed
 * into the current bucket itself (a zero or tiny delay) goes into a small 4-ary heap
 * beside the run; pop takes the earlier of the two fronts. Every event outside run and
 * heap is in a later bucket, so the order is exact.
 *
 * A bucket is a chain of fixed blocks of BLOCK events, each event stored whole (time,
 * sequence, kind, a, b, c: 32 bytes) in one buffer, so filing an event is a store to the
 * bucket's open block and sorting a bucket reads a few contiguous blocks: no pointer
 * chase through scattered slots, which at a million pending costs a cache miss per event.
 * The width and ring size are re-chosen from the pending events whenever buckets get
 * too full or too empty (and when the ring runs out), so any latency scale works.
 */
import { sortKeys } from './key-sort.js';

const BLOCK_BITS = 3, BLOCK = 1 << BLOCK_BITS, BLOCK_MASK = BLOCK - 1;
const REF_BITS = 16, REF_CHUNK = 1 << REF_BITS, REF_MASK = REF_CHUNK - 1;
const NONE = -1;
/** Events per bucket aimed for: enough to amortise a bucket change, few enough to sort quickly. */
const TARGET = 16;
const MIN_RING = 64, MAX_RING = 1 << 24;

export class EventQueue {
  // The event pool, one buffer seen two ways: event e has time = num[4e], sequence =
  // num[4e + 1], and kind, a, b, c = int[8e + 4 … 8e + 7]. Events are filed in blocks of
  // BLOCK consecutive events; blockNext links the blocks of one chain (a bucket) and of
  // the free list.
  private num: Float64Array;
  private int: Int32Array;
  private blockNext: Int32Array;
  private blocksCarved = 0;
  private freeBlocks = NONE;
  // Object refs by event position, in fixed-size chunks made on first use: one JS array
  // of tens of millions of elements would fall back to a dictionary and abort past 2^25
  // slots ('invalid table size'). A null ref is never stored (each read clears its slot).
  private readonly refChunks: Array<unknown[] | undefined> = [];
  private hasRefs = false;
  // A chain is named by its last-filed position: that event's block is the open one, and
  // blockNext leads to the older, full blocks. NONE is the empty chain.
  // The calendar: bucket b (absolute number floor(time / width)) of cur < b < cur + ringSize
  // is the chain last[(curIndex + b − cur) & ringMask]; later buckets share the far chain.
  /** 1 / width: a bucket number is floor(time × inverse), monotone in time like the division, and cheaper. */
  private inverse = 1;
  private cur = 0;
  private curIndex = 0;
  private last: Int32Array;
  private ringMask: number;
  private ringCount = 0;
  private far = NONE;
  private farCount = 0;
  /** Smallest bucket number in the far chain. */
  private farBucket = Infinity;
  // The current bucket, sorted: runKeys[2i] = time, runKeys[2i + 1] = sequence, runAt[i]
  // = the event's position, for runHead <= i < runEnd. Beside it a 4-ary heap (keys, at)
  // of events pushed into the current bucket after it was sorted. The bucket's events stay
  // in their blocks until both run dry; those blocks are kept on the `spent` list (head
  // and tail, to free them in one step), plus the chain `direct` for events pushed into
  // the current bucket, which first reuse the positions of events already popped (those
  // popped from the heap on the `popped` stack, those from the run at runAt[runReused,
  // runHead)), so a storm at one instant stays small.
  private runKeys: Float64Array;
  private runAt: Int32Array;
  private spareKeys: Float64Array;
  private spareAt: Int32Array;
  private runHead = 0;
  private runEnd = 0;
  private keys: Float64Array;
  private at: Int32Array;
  private heapCount = 0;
  private spentHead = NONE;
  private spentTail = NONE;
  private direct = NONE;
  private popped: Int32Array;
  private poppedCount = 0;
  private runReused = 0;
  // Bucket-fill statistics since the last re-layout.
  private loads = 0;
  private loaded = 0;
  private skipped = 0;
  /** nextSeq at the last re-layout: the pushes since are nextSeq − this. */
  private seqAtLayout = 0;
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
    const blocks = Math.max(4, Math.ceil(initialCapacity / BLOCK));
    const buffer = new ArrayBuffer(blocks * BLOCK * 32);
    this.num = new Float64Array(buffer); this.int = new Int32Array(buffer);
    this.blockNext = new Int32Array(blocks);
    this.keys = new Float64Array(2 * MIN_RING); this.at = new Int32Array(MIN_RING);
    this.runKeys = new Float64Array(2 * MIN_RING); this.runAt = new Int32Array(MIN_RING);
    this.spareKeys = new Float64Array(2 * MIN_RING); this.spareAt = new Int32Array(MIN_RING);
    this.popped = new Int32Array(MIN_RING);
    this.last = new Int32Array(MIN_RING).fill(NONE); this.ringMask = MIN_RING - 1;
  }

  get size(): number { return this.count; }
  /** Total events ever scheduled. */
  get scheduled(): number { return this.nextSeq; }
  /** Bytes the queue holds: its typed arrays, plus 8 a slot of the ref chunks made so far. */
  get bytes(): number {
    let chunks = 0;
    for (const chunk of this.refChunks) if (chunk !== undefined) chunks++;
    return this.num.byteLength + this.blockNext.byteLength + this.last.byteLength + this.popped.byteLength +
      this.runKeys.byteLength + this.runAt.byteLength + this.spareKeys.byteLength + this.spareAt.byteLength +
      this.keys.byteLength + this.at.byteLength + chunks * REF_CHUNK * 8;
  }

  push(time: number, kind: number, a = 0, b = 0, c = 0, ref: unknown = null): void {
    // Kept small (the common case, a bucket in the ring, inline) so that V8 inlines push into
    // its caller: a call that is not inlined boxes its `time` argument, one allocation a push.
    const seq = this.nextSeq;
    const bucket = Math.floor(time * this.inverse), ahead = bucket - this.cur;
    let pos: number;
    if (ahead > 0 && ahead <= this.ringMask) {
      const i = (this.curIndex + ahead) & this.ringMask, last = this.last[i]!;
      pos = last !== NONE && (last & BLOCK_MASK) !== BLOCK_MASK ? last + 1 : this.openBlock(last);
      this.last[i] = pos; this.ringCount++;
    } else {
      pos = this.fileOutsideRing(time, seq, bucket);
    }
    const num = this.num, int = this.int, o = 8 * pos + 4;
    num[4 * pos] = time; num[4 * pos + 1] = seq;
    int[o] = kind; int[o + 1] = a; int[o + 2] = b; int[o + 3] = c;
    if (ref !== null) this.storeRef(pos, ref);
    this.nextSeq = seq + 1; this.count++;
  }

  /** A position for an event of the current bucket (into the heap) or beyond the ring (the far chain). */
  private fileOutsideRing(time: number, seq: number, bucket: number): number {
    if (bucket <= this.cur) {
      const pos = this.poppedCount > 0 ? this.popped[--this.poppedCount]!
        : this.runReused < this.runHead ? this.runAt[this.runReused++]!
        : (this.direct = this.append(this.direct));
      this.heapPush(time, seq, pos);
      return pos;
    }
    if (bucket !== bucket) throw new RangeError(`EventQueue.push: time ${time} is not a number`);
    const pos = this.far = this.append(this.far); this.farCount++;
    if (bucket < this.farBucket) this.farBucket = bucket;
    return pos;
  }

  /** Time of the earliest event, or Infinity when empty. */
  peekTime(): number {
    if (this.runHead === this.runEnd && this.heapCount === 0 && !this.refill()) return Infinity;
    if (this.heapCount === 0) return this.runKeys[2 * this.runHead]!;
    if (this.runHead === this.runEnd) return this.keys[0]!;
    return Math.min(this.runKeys[2 * this.runHead]!, this.keys[0]!);
  }

  /** Remove the earliest event into the pop* fields; false when empty. */
  pop(): boolean {
    const r = this.runHead;
    let pos: number;
    if (this.heapCount === 0 && r < this.runEnd) {
      this.runHead = r + 1;
      pos = this.runAt[r]!; this.popTime = this.runKeys[2 * r]!;
    } else {
      if (r === this.runEnd && this.heapCount === 0 && !this.refill()) return false;
      pos = this.popEither();
    }
    const int = this.int, o = 8 * pos + 4;
    this.popKind = int[o]!; this.popA = int[o + 1]!; this.popB = int[o + 2]!; this.popC = int[o + 3]!;
    this.popRef = this.hasRefs ? this.takeRef(pos) : null;
    this.count--;
    return true;
  }

  /** The earlier front of run and heap (at least one is non-empty): take it, set popTime, return its position. */
  private popEither(): number {
    const r = this.runHead, k = this.keys;
    if (r < this.runEnd) {
      const rt = this.runKeys[2 * r]!;
      if (this.heapCount === 0 || rt < k[0]! || (rt === k[0]! && this.runKeys[2 * r + 1]! < k[1]!)) {
        this.runHead = r + 1; this.popTime = rt;
        return this.runAt[r]!;
      }
    }
    const at = this.at, pos = at[0]!;
    this.popTime = k[0]!;
    if (this.poppedCount === this.popped.length) this.popped = grow(this.popped, 2 * this.poppedCount);
    this.popped[this.poppedCount++] = pos;
    const n = --this.heapCount;
    if (n === 0) return pos;
    // Sift the last entry down from the root, one level of four children at a time.
    const t = k[2 * n]!, sq = k[2 * n + 1]!, p = at[n]!;
    let i = 0;
    for (;;) {
      const first = 4 * i + 1;
      if (first >= n) break;
      let c = first, ct = k[2 * c]!, cs = k[2 * c + 1]!;
      const end = first + 3 < n ? first + 3 : n - 1;
      for (let j = first + 1; j <= end; j++) {
        const jt = k[2 * j]!;
        if (jt < ct || (jt === ct && k[2 * j + 1]! < cs)) { c = j; ct = jt; cs = k[2 * j + 1]!; }
      }
      if (t < ct || (t === ct && sq < cs)) break;
      k[2 * i] = ct; k[2 * i + 1] = cs; at[i] = at[c]!; i = c;
    }
    k[2 * i] = t; k[2 * i + 1] = sq; at[i] = p;
    return pos;
  }

  /** The position after `last` in its chain, opening a new block when the open one is full (or there is none). */
  private append(last: number): number {
    return last !== NONE && (last & BLOCK_MASK) !== BLOCK_MASK ? last + 1 : this.openBlock(last);
  }

  /** The first position of a new block in front of the chain ending at `last`. */
  private openBlock(last: number): number {
    let block = this.freeBlocks;
    if (block !== NONE) this.freeBlocks = this.blockNext[block]!;
    else block = this.carveBlock();
    this.blockNext[block] = last === NONE ? NONE : last >> BLOCK_BITS;
    return block << BLOCK_BITS;
  }

  private carveBlock(): number {
    const block = this.blocksCarved++;
    if (block === this.blockNext.length) {
      const blocks = 2 * block;
      const buffer = new ArrayBuffer(blocks * BLOCK * 32);
      const num = new Float64Array(buffer); num.set(this.num);
      this.num = num; this.int = new Int32Array(buffer);
      const next = new Int32Array(blocks); next.set(this.blockNext); this.blockNext = next;
    }
    return block;
  }

  private storeRef(pos: number, ref: unknown): void {
    let chunk = this.refChunks[pos >>> REF_BITS];
    if (chunk === undefined) {
      while (this.refChunks.length <= pos >>> REF_BITS) this.refChunks.push(undefined);
      chunk = this.refChunks[pos >>> REF_BITS] = new Array<unknown>(REF_CHUNK).fill(null);
    }
    chunk[pos & REF_MASK] = ref; this.hasRefs = true;
  }

  private takeRef(pos: number): unknown {
    const chunk = this.refChunks[pos >>> REF_BITS];
    if (chunk === undefined) return null;
    const ref = chunk[pos & REF_MASK];
    if (ref !== null) chunk[pos & REF_MASK] = null;
    return ref;
  }

  private heapPush(time: number, seq: number, pos: number): void {
    if (this.heapCount === this.at.length) {
      const n = this.heapCount * 2;
      this.keys = growF(this.keys, 2 * n); this.at = grow(this.at, n);
    }
    const k = this.keys, at = this.at;
    let i = this.heapCount++;
    while (i > 0) {
      const p = (i - 1) >> 2, pt = k[2 * p]!;
      if (pt < time || (pt === time && k[2 * p + 1]! < seq)) break;
      k[2 * i] = pt; k[2 * i + 1] = k[2 * p + 1]!; at[i] = at[p]!; i = p;
    }
    k[2 * i] = time; k[2 * i + 1] = seq; at[i] = pos;
  }

  /** Move a chain's blocks to the spent list, freed when the heap next runs dry. */
  private spend(last: number): void {
    let block = last >> BLOCK_BITS;
    if (this.spentTail === NONE) this.spentTail = block;
    for (;;) {
      const next = this.blockNext[block]!;
      this.blockNext[block] = this.spentHead; this.spentHead = block;
      if (next === NONE) return;
      block = next;
    }
  }

  /** Run and heap are empty: sort the next non-empty bucket into the run. False when no event is left. */
  private refill(): boolean {
    // Every event of the current bucket has been popped: its blocks are free again.
    if (this.direct !== NONE) { this.spend(this.direct); this.direct = NONE; }
    if (this.spentHead !== NONE) {
      this.blockNext[this.spentTail] = this.freeBlocks; this.freeBlocks = this.spentHead;
      this.spentHead = this.spentTail = NONE;
    }
    this.poppedCount = 0; this.runReused = this.runHead = this.runEnd = 0;
    if (this.count === 0) return false;
    for (;;) {
      if (this.ringCount === 0 || this.badFill()) { this.relayout(); if (this.heapCount > 0) return true; continue; }
      this.cur++; this.curIndex = (this.curIndex + 1) & this.ringMask;
      // Far events must be in the ring before cur reaches them. Pouring once the first of
      // them is an eighth of a ring ahead (not as soon as it enters the ring) files everything
      // up to a whole ring ahead, so a pour comes at most once per 7/8 of a ring, not per
      // bucket, and an event far ahead is filed again fewer times on its way in.
      if (this.farBucket <= this.cur + (this.ringMask >> 3)) this.pourFar();
      const last = this.last[this.curIndex]!;
      if (last === NONE) { this.skipped++; continue; }
      this.last[this.curIndex] = NONE;
      const n = this.load(last);
      this.spend(last);
      this.ringCount -= n;
      this.loads++; this.loaded += n;
      return true;
    }
  }

  /** Copy a chain's keys into the run, oldest block first (so a bucket filed in order is already sorted), and sort it. */
  private load(last: number): number {
    const blockNext = this.blockNext;
    let n = (last & BLOCK_MASK) + 1;
    for (let block = blockNext[last >> BLOCK_BITS]!; block !== NONE; block = blockNext[block]!) n += BLOCK;
    if (n > this.runAt.length) {
      let cap = this.runAt.length;
      while (cap < n) cap *= 2;
      this.runKeys = new Float64Array(2 * cap); this.runAt = new Int32Array(cap);
      this.spareKeys = new Float64Array(2 * cap); this.spareAt = new Int32Array(cap);
    }
    const num = this.num, rk = this.runKeys, ra = this.runAt;
    let w = n;
    for (let block = last >> BLOCK_BITS, end = last; ;) {
      const start = block << BLOCK_BITS;
      w -= end - start + 1;
      for (let e = start, i = w; e <= end; e++, i++) { rk[2 * i] = num[4 * e]!; rk[2 * i + 1] = num[4 * e + 1]!; ra[i] = e; }
      block = blockNext[block]!;
      if (block === NONE) break;
      end = (block << BLOCK_BITS) + BLOCK_MASK;
    }
    if (sortKeys(rk, ra, n, this.spareKeys, this.spareAt)) {
      this.runKeys = this.spareKeys; this.runAt = this.spareAt; this.spareKeys = rk; this.spareAt = ra;
    }
    this.runHead = 0; this.runEnd = n;
    return n;
  }

  /** The far chain's first bucket has come within the ring: file its events again. */
  private pourFar(): void {
    const far = this.far;
    this.far = NONE; this.farCount = 0; this.farBucket = Infinity;
    this.refile(far);
  }

  /**
   * File every event of a chain again under the current layout, oldest block first (so
   * events of one instant stay in sequence order and their new bucket sorts in one pass),
   * freeing each block once read.
   */
  private refile(last: number): void {
    const blockNext = this.blockNext, newest = last >> BLOCK_BITS;
    let block = newest, prev = NONE;
    while (block !== NONE) { const next = blockNext[block]!; blockNext[block] = prev; prev = block; block = next; }
    for (block = prev; block !== NONE;) {
      const start = block << BLOCK_BITS, end = block === newest ? last : start + BLOCK_MASK;
      for (let e = start; e <= end; e++) this.move(e);
      const next = this.blockNext[block]!;
      this.blockNext[block] = this.freeBlocks; this.freeBlocks = block;
      block = next;
    }
  }

  /** File the event at `from` again: copy it to a position of its bucket under the current layout. */
  private move(from: number): void {
    const time = this.num[4 * from]!, seq = this.num[4 * from + 1]!;
    const bucket = Math.floor(time * this.inverse);
    let pos: number;
    if (bucket <= this.cur) {
      pos = this.direct = this.append(this.direct);
      this.heapPush(time, seq, pos);
    } else if (bucket - this.cur <= this.ringMask) {
      const i = (this.curIndex + bucket - this.cur) & this.ringMask;
      pos = this.last[i] = this.append(this.last[i]!); this.ringCount++;
    } else {
      pos = this.far = this.append(this.far); this.farCount++;
      if (bucket < this.farBucket) this.farBucket = bucket;
    }
    const num = this.num, int = this.int;
    num[4 * pos] = time; num[4 * pos + 1] = seq;
    int.copyWithin(8 * pos + 4, 8 * from + 4, 8 * from + 8);
    if (this.hasRefs) { const ref = this.takeRef(from); if (ref !== null) this.storeRef(pos, ref); }
  }

  /**
   * Buckets far fuller or emptier than TARGET since the last re-layout: time to re-choose
   * the width. Judged only once half as many events as are pending have been pushed (or
   * buckets been skipped) since the last re-layout, so a re-layout, O(pending), costs O(1)
   * per event even when no width helps (many events at one instant), and a growing queue
   * (a flood's wave) is re-laid out as it grows, not only once it drains. Fat buckets are
   * tolerated up to 16 × TARGET: they only make the heap a little deeper, while a growing
   * wave (a flood) would otherwise re-layout again and again.
   */
  private badFill(): boolean {
    if (this.nextSeq - this.seqAtLayout + this.skipped < this.count >> 1) return false;
    const perLoad = this.loaded / Math.max(1, this.loads);
    // Fat buckets beside many empty ones are clustered times (e.g. latencies on a 0.01 ms
    // grid, so many events share an instant): no width splits those.
    return (perLoad > 16 * TARGET && this.skipped < this.loads) || (this.skipped > 2 * this.loads + 16 && perLoad < TARGET / 4) || this.count > 4 * TARGET * (this.ringMask + 1);
  }

  /** Visit every event outside the heap (the ring's chains, then the far chain). */
  private chains(): number[] {
    const out: number[] = [];
    for (let i = 0; i <= this.ringMask; i++) if (this.last[i] !== NONE) out.push(this.last[i]!);
    if (this.far !== NONE) out.push(this.far);
    return out;
  }

  /**
   * Re-choose width and ring size from the pending events (all outside run and heap
   * here) and file them again: the width puts about TARGET events in a bucket, judged
   * from the spread of the middle 80% of a sample of their times, so a few outliers
   * (a timer far ahead) do not stretch every bucket.
   */
  private relayout(): void {
    const m = this.ringCount + this.farCount;
    const chains = this.chains();
    const num = this.num, blockNext = this.blockNext;
    const step = Math.max(1, Math.floor(m / 1024));
    const sample: number[] = [];
    let minT = Infinity, seen = 0;
    for (const last of chains) {
      for (let block = last >> BLOCK_BITS, end = last; ;) {
        for (let e = block << BLOCK_BITS; e <= end; e++) {
          const t = num[4 * e]!;
          if (t < minT) minT = t;
          if (seen++ % step === 0) sample.push(t);
        }
        block = blockNext[block]!;
        if (block === NONE) break;
        end = (block << BLOCK_BITS) + BLOCK_MASK;
      }
    }
    sample.sort((x, y) => x - y);
    // The buckets popped next are at the front: judge their density from the first tenth
    // of the sample (times ahead thin out: exponential delays are ~3× denser at the front
    // than on average), or from the middle 80% when a tenth of the events share one instant.
    const len = sample.length, tenth = Math.max(1, Math.floor(len * 0.1));
    let width = (sample[tenth]! - sample[0]!) / (m * tenth / len) * TARGET;
    if (!(width > 0)) width = (sample[Math.floor((len - 1) * 0.9)]! - sample[tenth]!) / (0.8 * m) * TARGET;
    // Never finer than the smallest gap between distinct sampled times: buckets between
    // the instants events actually fall on would only be skipped.
    let gap = Infinity;
    for (let i = 1; i < len; i++) { const g = sample[i]! - sample[i - 1]!; if (g > 0 && g < gap) gap = g; }
    if (gap < Infinity && width < gap) width = gap;
    if (!(width > 0) || !Number.isFinite(width)) width = (sample[len - 1]! - sample[0]!) / m * TARGET;
    if (!(width > 0) || !Number.isFinite(width)) width = 1;
    // Keep bucket numbers exact integers well inside 2^53.
    if (Number.isFinite(minT) && Math.abs(minT) / width > 2 ** 50) width = Math.abs(minT) / 2 ** 50;
    if (width < 1e-290) width = 1e-290; // so 1 / width is finite
    let ring = MIN_RING;
    while (ring < MAX_RING && ring * TARGET < 2 * m) ring *= 2;
    if (ring !== this.last.length) this.last = new Int32Array(ring);
    this.last.fill(NONE); this.ringMask = ring - 1;
    this.inverse = 1 / width;
    this.cur = Number.isFinite(minT) ? Math.floor(minT * this.inverse) - 1 : minT;
    this.curIndex = 0;
    this.ringCount = 0; this.far = NONE; this.farCount = 0; this.farBucket = Infinity;
    this.loads = 0; this.loaded = 0; this.skipped = 0; this.seqAtLayout = this.nextSeq;
    for (const last of chains) this.refile(last);
  }
}

function grow(a: Int32Array, n: number): Int32Array { const b = new Int32Array(n); b.set(a); return b; }
function growF(a: Float64Array, n: number): Float64Array { const b = new Float64Array(n); b.set(a); return b; }
