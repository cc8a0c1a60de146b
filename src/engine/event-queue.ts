/**
 * The pending events, popped in (time, insertion sequence) order: ties at the same
 * instant pop in insertion order, so a run is deterministic by construction.
 * Each event carries a small integer `kind` (0 to 255) and three integer arguments;
 * anything bigger goes in `ref` (one object slot, e.g. a message) which the caller owns.
 * Everything lives in flat typed arrays: no per-event object or closure.
 *
 * The structure is a calendar queue (Brown 1988). Time is cut into buckets of `width`
 * ms; the near buckets wait unsorted in a ring, later events in one unsorted far chain.
 * When the current bucket is used up, the next non-empty one is sorted by (time,
 * sequence) into the run (bucket-load.ts, key-sort.ts), which pops front to back. An
 * event pushed into the current bucket itself (a zero or tiny delay) goes into a small
 * 4-ary heap beside the run (key-heap.ts); pop takes the earlier of the two fronts. Every
 * event outside run and heap is in a later bucket, so the order is exact.
 *
 * With many buckets (a large queue) the calendar has two levels, like a hierarchical timing
 * wheel: only the buckets of the current and next group of GROUP buckets are in the ring,
 * and later groups up to the span wait as one chain each in a coarse ring; a group is
 * split into the ring as the current bucket enters the group before it. A push then
 * writes into one of a few hundred open blocks (cached) instead of one of hundreds of
 * thousands (a cache miss each at a million pending), and the split reads and writes in
 * cache too: each event is copied once more, for far fewer misses.
 *
 * A bucket is a chain of blocks in the block pool (block-pool.ts). The width and ring size
 * are re-chosen from the pending events whenever buckets get too full or too empty, and
 * when the ring runs out (calendar-layout.ts), so any latency scale works.
 */
import { BLOCK, BLOCK_BITS, BLOCK_MASK, BlockPool, NONE, RESERVE } from './block-pool.js';
import { type FillStats, fillIsBad, GROUP, layoutFor, MIN_RING, spreadWide } from './calendar-layout.js';
import { heapInsert, heapRemoveRoot } from './key-heap.js';
import { BY_KEY, IN_SPARE, loadBucket, SORTED, type Spread, SPREAD_BY_KEY, SPREAD_BY_TIME } from './bucket-load.js';
import { sortRun } from './key-sort.js';
import { grown } from './grown.js';
import { NO_REF, RefStore } from './ref-store.js';

/** Kinds are 0 … KINDS − 1: the sort key is sequence × KINDS + kind, exact below 2^53 (2^45 events). */
const KINDS = 256, KIND_MASK = KINDS - 1;

// push writes these constants out as numbers: a module constant costs a check (bytes of the
// inlining budget) at each use in another function.
if (KINDS !== 256 || NONE !== -1 || NO_REF !== -1 || BLOCK_MASK !== 7 || GROUP !== 256) throw new Error('event-queue.ts: update the constants written out in push');

function badKind(kind: number): never {
  throw new RangeError(`EventQueue.push: kind ${kind} is not an integer from 0 to ${KIND_MASK}`);
}

export class EventQueue {
  private readonly pool: BlockPool;
  private readonly refs = new RefStore();
  // The calendar: bucket b (absolute number floor(time / width)) of cur < b <= nearEnd is
  // the chain last[(curIndex + b − cur) & ringMask]. With two levels, group g (buckets
  // g × GROUP to g × GROUP + GROUP − 1) of nearGroup < g <= nearGroup + coarseMask is the
  // chain coarse[(coarseIndex + g − nearGroup) & coarseMask]; later buckets share the far chain.
  /** 1 / width: a bucket number is floor(time × inverse), monotone in time like the division, and cheaper. */
  private inverse = 1;
  // Bucket −1 is current until the first pop, so the events pushed before it wait in the ring
  // (none in the heap) and the first pop lays the calendar out from all of them.
  private cur = -1;
  private curIndex = 0;
  private last: Int32Array;
  private ringMask: number;
  private ringCount = 0;
  /** Last bucket in the ring: cur + ringMask with one level, the end of nearGroup with two. */
  private nearEnd: number;
  /** Two levels: the last group split into the ring, the coarse ring (mask 0 with one level), and where cur splits the next group. */
  private nearGroup = 0;
  private coarse = new Int32Array(1).fill(NONE);
  private coarseMask = 0;
  private coarseIndex = 0;
  private coarseCount = 0;
  private splitAt = Infinity;
  /** Buckets the ring and coarse ring span. */
  private span: number;
  private far = NONE;
  private farCount = 0;
  /** Smallest bucket number in the far chain. */
  private farBucket = Infinity;
  // The current bucket, sorted: runTimes[i] = time, runAt[i] = the event's position (its
  // sort key is in its record), for runHead <= i < runEnd. Beside it a 4-ary heap (keys, at)
  // of events pushed into the current bucket after it was sorted. The bucket's events stay
  // in their blocks until both run dry; those blocks are kept on the `spent` list (head
  // and tail, to free them in one step), plus the chain `direct` for events pushed into
  // the current bucket, which first reuse the positions of events already popped (those
  // popped from the heap on the `popped` stack, those from the run at runAt[runReused,
  // runHead)), so a storm at one instant stays small.
  private runTimes: Float64Array;
  private runAt: Int32Array;
  private spareTimes: Float64Array;
  private spareAt: Int32Array;
  /** Scratch for load: each run event's time class (bucket-load.ts). */
  private runClass: Uint8Array;
  /** Scratch for load's spread of a bucket by time (bucket-load.ts). */
  private readonly spread: Spread;
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
  private readonly fill: FillStats = { pushed: 0, loads: 0, loaded: 0, skipped: 0, dealtLoads: 0, dealt: 0, onStep: false, informed: false };
  /** nextSeq at the last re-layout: the pushes since are nextSeq − this. */
  private seqAtLayout = 0;
  /** Events popped: the pending ones are nextSeq − popCount (one counter fewer for push to keep). */
  private popCount = 0;
  private nextSeq = 0;

  // The event last popped: read these after pop() returns true.
  popTime = 0;
  /** The sort key (sequence × KINDS + kind), kept so popKind is worked out only when read. */
  private popKey = 0;
  /** The low byte of the sort key (an integer below 2^53, whose low 32 bits a bitwise and reads exactly). */
  get popKind(): number { return this.popKey & 255; } // KIND_MASK
  popA = 0;
  popB = 0;
  popC = 0;
  popRef: unknown = null;

  /**
   * `initialCapacity` events fit before the pool first grows; it then jumps to `reserve`
   * events (address space whose pages cost memory only once filled: block-pool.ts), and past
   * that doubles by copying. A caller that knows its peak (the World, from the memory
   * estimate) passes it, so a large run is never copied.
   */
  constructor(initialCapacity = 1024, reserve = RESERVE) {
    this.pool = new BlockPool(initialCapacity, reserve);
    this.keys = new Float64Array(2 * MIN_RING); this.at = new Int32Array(MIN_RING);
    this.runTimes = new Float64Array(MIN_RING); this.runAt = new Int32Array(MIN_RING);
    this.spareTimes = new Float64Array(MIN_RING); this.spareAt = new Int32Array(MIN_RING);
    this.runClass = new Uint8Array(MIN_RING);
    this.spread = { bucket: 0, inverse: 1, slot: new Int32Array(MIN_RING), counts: new Int32Array(MIN_RING + 1) };
    this.popped = new Int32Array(MIN_RING);
    this.last = new Int32Array(MIN_RING).fill(NONE); this.ringMask = MIN_RING - 1;
    this.nearEnd = this.cur + this.ringMask; this.span = this.ringMask;
  }

  get size(): number { return this.nextSeq - this.popCount; }
  /** Total events ever scheduled. */
  get scheduled(): number { return this.nextSeq; }
  /**
   * Bytes the queue has allocated: its typed arrays (the block pool's reserve included: 256 MiB of
   * address space once past its first size, whose pages cost memory only once filled), plus the
   * ref table (8 a slot of the chunks made so far, 4 an id).
   */
  get bytes(): number {
    return this.pool.bytes + this.last.byteLength + this.coarse.byteLength + this.popped.byteLength +
      this.runTimes.byteLength + this.runAt.byteLength + this.spareTimes.byteLength + this.spareAt.byteLength + this.runClass.byteLength + this.spread.slot.byteLength + this.spread.counts.byteLength +
      this.keys.byteLength + this.at.byteLength + this.refs.bytes;
  }

  push(time: number, kind: number, a?: number, b?: number, c?: number, ref: unknown = null): void {
    // Kept small (the common cases, a bucket in the ring or a group in the coarse ring,
    // inline) so that V8 inlines push into its caller: a call that is not inlined boxes its
    // `time` argument, one allocation a push. So a, b and c have no default (a typed array
    // stores a missing one as 0) and constants are written out (see above the class).
    const seq = this.nextSeq, pool = this.pool;
    // The sort key: kind rides in the sequence's low bits (ties still break by insertion order).
    if ((kind & 255) !== kind) badKind(kind);
    const key = seq * 256 + kind;
    const bucket = Math.floor(time * this.inverse), ahead = bucket - this.cur;
    let pos: number;
    if (ahead > 0 && bucket <= this.nearEnd) {
      const i = (this.curIndex + ahead) & this.ringMask, last = this.last[i]!;
      pos = last !== -1 && (last & 7) !== 7 ? last + 1 : pool.openBlock(last); // NONE, BLOCK_MASK
      this.last[i] = pos; this.ringCount++;
    } else {
      // Exact: a bucket number is an integer and GROUP a power of two. A small integer is
      // all the coarse filing is passed: it is not boxed even if the call is not inlined.
      const groupAhead = Math.floor(bucket / 256) - this.nearGroup; // GROUP
      pos = groupAhead > 0 && groupAhead <= this.coarseMask ? this.fileCoarse(groupAhead) : this.fileOutsideRing(time, key, bucket);
    }
    const num = pool.num, int = pool.int, o = 8 * pos + 4;
    num[4 * pos] = time; num[4 * pos + 1] = key;
    int[o + 1] = a!; int[o + 2] = b!; int[o + 3] = c!;
    int[o] = ref === null ? -1 : this.refs.hold(ref); // NO_REF
    this.nextSeq = seq + 1;
  }

  /** A position for an event of the group groupAhead groups after nearGroup, in the coarse ring. */
  private fileCoarse(groupAhead: number): number {
    const i = (this.coarseIndex + groupAhead) & this.coarseMask, pos = this.pool.append(this.coarse[i]!);
    this.coarse[i] = pos; this.coarseCount++;
    return pos;
  }

  /** A position for an event of the current bucket (into the heap) or beyond the span (the far chain). */
  private fileOutsideRing(time: number, key: number, bucket: number): number {
    if (bucket <= this.cur) {
      const pos = this.poppedCount > 0 ? this.popped[--this.poppedCount]!
        : this.runReused < this.runHead ? this.runAt[this.runReused++]!
        : (this.direct = this.pool.append(this.direct));
      this.heapPush(time, key, pos);
      return pos;
    }
    if (bucket !== bucket) throw new RangeError(`EventQueue.push: time ${time} is not a number`);
    const pos = this.far = this.pool.append(this.far); this.farCount++;
    if (bucket < this.farBucket) this.farBucket = bucket;
    return pos;
  }

  /** Time of the earliest event, or Infinity when empty. */
  peekTime(): number {
    if (this.runHead === this.runEnd && this.heapCount === 0 && !this.refill()) return Infinity;
    if (this.heapCount === 0) return this.runTimes[this.runHead]!;
    if (this.runHead === this.runEnd) return this.keys[0]!;
    return Math.min(this.runTimes[this.runHead]!, this.keys[0]!);
  }

  /** Remove the earliest event into the pop* fields; false when empty. */
  pop(): boolean {
    const r = this.runHead;
    let pos: number;
    if (this.heapCount === 0 && r < this.runEnd) {
      this.runHead = r + 1;
      pos = this.runAt[r]!; this.popTime = this.runTimes[r]!;
    } else {
      if (r === this.runEnd && this.heapCount === 0 && !this.refill()) return false;
      pos = this.popEither();
    }
    const pool = this.pool, int = pool.int, o = 8 * pos + 4, ref = int[o]!;
    this.popKey = pool.num[4 * pos + 1]!;
    this.popA = int[o + 1]!; this.popB = int[o + 2]!; this.popC = int[o + 3]!;
    this.popRef = ref === NO_REF ? null : this.refs.take(ref);
    this.popCount++;
    return true;
  }

  /** The earlier front of run and heap (at least one is non-empty): take it, set popTime, return its position. */
  private popEither(): number {
    const r = this.runHead, k = this.keys;
    if (r < this.runEnd) {
      const rt = this.runTimes[r]!;
      if (this.heapCount === 0 || rt < k[0]! || (rt === k[0]! && this.pool.num[4 * this.runAt[r]! + 1]! < k[1]!)) {
        this.runHead = r + 1; this.popTime = rt;
        return this.runAt[r]!;
      }
    }
    const pos = this.at[0]!;
    this.popTime = k[0]!;
    if (this.poppedCount === this.popped.length) this.popped = grown(this.popped, 2 * this.poppedCount);
    this.popped[this.poppedCount++] = pos;
    heapRemoveRoot(k, this.at, --this.heapCount);
    return pos;
  }

  private heapPush(time: number, key: number, pos: number): void {
    if (this.heapCount === this.at.length) {
      const n = this.heapCount * 2;
      this.keys = grown(this.keys, 2 * n); this.at = grown(this.at, n);
    }
    heapInsert(this.keys, this.at, this.heapCount++, time, key, pos);
  }

  /** Move a chain's blocks to the spent list, freed when the heap next runs dry. */
  private spend(last: number): void {
    const next = this.pool.next;
    let block = last >> BLOCK_BITS;
    if (this.spentTail === NONE) this.spentTail = block;
    for (;;) {
      const older = next[block]!;
      next[block] = this.spentHead; this.spentHead = block;
      if (older === NONE) return;
      block = older;
    }
  }

  /** Run and heap are empty: sort the next non-empty bucket into the run. False when no event is left. */
  private refill(): boolean {
    // Every event of the current bucket has been popped: its blocks are free again.
    if (this.direct !== NONE) { this.spend(this.direct); this.direct = NONE; }
    if (this.spentHead !== NONE) { this.pool.freeList(this.spentHead, this.spentTail); this.spentHead = this.spentTail = NONE; }
    this.poppedCount = 0; this.runReused = this.runHead = this.runEnd = 0;
    if (this.nextSeq === this.popCount) return false;
    const fill = this.fill;
    for (;;) {
      if (this.ringCount === 0) {
        if (this.coarseCount === 0) { this.relayout(); if (this.heapCount > 0) return true; continue; }
        // Nothing left in the ring: go straight to the end of the group before the next split.
        const jump = this.splitAt - 1 - this.cur;
        this.cur += jump; this.curIndex = (this.curIndex + jump) & this.ringMask; fill.skipped += jump;
      }
      fill.pushed = this.nextSeq - this.seqAtLayout;
      if (fillIsBad(fill, this.nextSeq - this.popCount, this.span, this.farCount)) { this.relayout(); if (this.heapCount > 0) return true; continue; }
      this.cur++; this.curIndex = (this.curIndex + 1) & this.ringMask;
      if (this.coarseMask === 0) this.nearEnd++;
      else if (this.cur === this.splitAt) this.split();
      // Far events must be in the calendar before cur reaches them. Pouring once the first of
      // them is an eighth of a span ahead (not as soon as it enters the span) files everything
      // up to a whole span ahead, so a pour comes at most once per 7/8 of a span, not per
      // bucket, and an event far ahead is filed again fewer times on its way in.
      if (this.farBucket <= this.cur + (this.span >> 3)) this.pourFar();
      const last = this.last[this.curIndex]!;
      if (last === NONE) { fill.skipped++; continue; }
      this.last[this.curIndex] = NONE;
      const n = this.load(last);
      this.spend(last);
      this.ringCount -= n;
      fill.loads++; fill.loaded += n;
      return true;
    }
  }

  /**
   * Copy a chain's times and positions into the run, oldest block first (so a bucket filed in
   * order is already sorted), and sort it (bucket-load.ts): a bucket of a few times is dealt
   * out by the classes given as it is copied; others are spread by where in the bucket each
   * time falls as they are copied, then sorted (nearly in order by then) by time alone when the
   * chain is in key order (it is unless a pour or re-layout filed older events after newer
   * ones), by (time, key) otherwise.
   */
  private load(last: number): number {
    const pool = this.pool, n = pool.length(last);
    if (n > this.runAt.length) {
      let cap = this.runAt.length;
      while (cap < n) cap *= 2;
      this.runTimes = new Float64Array(cap); this.runAt = new Int32Array(cap);
      this.spareTimes = new Float64Array(cap); this.spareAt = new Int32Array(cap);
      this.runClass = new Uint8Array(cap); this.spread.slot = new Int32Array(cap); this.spread.counts = new Int32Array(cap + 1);
    }
    const spread = this.spread;
    spread.bucket = this.cur; spread.inverse = this.inverse;
    const how = loadBucket(pool.num, pool.next, last, n, this.runTimes, this.runAt, this.runClass, this.spareTimes, this.spareAt, spread);
    if (how === SORTED || how === IN_SPARE) { this.fill.dealtLoads++; this.fill.dealt += n; }
    if (how === IN_SPARE || how === SPREAD_BY_TIME || how === SPREAD_BY_KEY) this.swapRun();
    if (how !== SORTED && how !== IN_SPARE &&
      sortRun(this.runTimes, this.runAt, n, this.spareTimes, this.spareAt, how === BY_KEY || how === SPREAD_BY_KEY ? pool.num : null)) this.swapRun();
    this.runHead = 0; this.runEnd = n;
    return n;
  }

  /** The spare arrays become the run, and the run's the spare. */
  private swapRun(): void {
    const rt = this.runTimes, ra = this.runAt;
    this.runTimes = this.spareTimes; this.runAt = this.spareAt; this.spareTimes = rt; this.spareAt = ra;
  }

  /** cur has entered nearGroup: file the next group's events into the ring. */
  private split(): void {
    this.nearGroup++; this.splitAt += GROUP; this.nearEnd += GROUP;
    const i = this.coarseIndex = (this.coarseIndex + 1) & this.coarseMask, chain = this.coarse[i]!;
    if (chain === NONE) return;
    this.coarse[i] = NONE;
    this.coarseCount -= this.pool.length(chain);
    this.refile(chain);
  }

  /** The far chain's first bucket has come within the span: file its events again. */
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
    const pool = this.pool, newest = last >> BLOCK_BITS;
    for (let block = pool.reverse(last); block !== NONE;) {
      const start = block << BLOCK_BITS, end = block === newest ? last : start + BLOCK_MASK;
      for (let e = start; e <= end; e++) this.move(e);
      const newer = pool.next[block]!;
      pool.freeList(block, block);
      block = newer;
    }
  }

  /** File the event at `from` again: copy it to a position of its bucket under the current layout. */
  private move(from: number): void {
    const pool = this.pool, time = pool.num[4 * from]!;
    const bucket = Math.floor(time * this.inverse);
    let pos: number;
    if (bucket > this.cur && bucket <= this.nearEnd) {
      // First: a split files every event into the ring.
      const i = (this.curIndex + bucket - this.cur) & this.ringMask;
      pos = this.last[i] = pool.append(this.last[i]!); this.ringCount++;
    } else if (bucket <= this.cur) {
      pos = this.direct = pool.append(this.direct);
      this.heapPush(time, pool.num[4 * from + 1]!, pos);
    } else if (this.coarseMask > 0 && Math.floor(bucket / GROUP) - this.nearGroup <= this.coarseMask) {
      const i = (this.coarseIndex + Math.floor(bucket / GROUP) - this.nearGroup) & this.coarseMask;
      pos = this.coarse[i] = pool.append(this.coarse[i]!); this.coarseCount++;
    } else {
      pos = this.far = pool.append(this.far); this.farCount++;
      if (bucket < this.farBucket) this.farBucket = bucket;
    }
    // Copied as 32-bit words (bit-exact, unlike a copy through doubles; and a copyWithin call costs more than 8 moves).
    const int = pool.int, d = 8 * pos, f = 8 * from;
    int[d] = int[f]!; int[d + 1] = int[f + 1]!; int[d + 2] = int[f + 2]!; int[d + 3] = int[f + 3]!;
    int[d + 4] = int[f + 4]!; int[d + 5] = int[f + 5]!; int[d + 6] = int[f + 6]!; int[d + 7] = int[f + 7]!;
  }

  /**
   * Re-choose width and ring size from the pending events (all outside run and heap
   * here, from a sample of their times) and file them again.
   */
  private relayout(): void {
    const m = this.ringCount + this.coarseCount + this.farCount;
    const chains: number[] = [];
    for (let i = 0; i <= this.ringMask; i++) if (this.last[i] !== NONE) chains.push(this.last[i]!);
    for (let i = 0; i <= this.coarseMask; i++) if (this.coarse[i] !== NONE) chains.push(this.coarse[i]!);
    if (this.far !== NONE) chains.push(this.far);
    const step = Math.max(1, Math.floor(m / 1024));
    const sample: number[] = [];
    let minT = Infinity, seen = 0;
    const visit = (t: number): void => { if (t < minT) minT = t; if (seen++ % step === 0) sample.push(t); };
    for (const last of chains) this.pool.forEachTime(last, visit);
    sample.sort((x, y) => x - y);
    const fill = this.fill, { width, span, onStep, informed, kept } = layoutFor(sample, m, minT, fill.informed ? 1 / this.inverse : 0);
    // Two levels once the span is 32 groups or more and the events are spread over many buckets:
    // a ring of two groups, a coarse ring of span / GROUP. A sample of one instant (the width
    // kept) cannot tell the spread: the levels are kept too (a gossip round's timers at 1M
    // nodes, whose calls then spread over ~75,000 buckets; on one level each push a cache miss).
    const wide = kept ? this.coarseMask > 0 : spreadWide(sample, 1 / width);
    const groups = span >= 32 * GROUP && wide ? span / GROUP : 0, ring = groups > 0 ? 2 * GROUP : span;
    if (ring !== this.last.length) this.last = new Int32Array(ring);
    this.last.fill(NONE); this.ringMask = ring - 1;
    if (Math.max(1, groups) !== this.coarse.length) this.coarse = new Int32Array(Math.max(1, groups));
    this.coarse.fill(NONE); this.coarseMask = Math.max(0, groups - 1); this.coarseIndex = 0; this.coarseCount = 0;
    this.inverse = 1 / width;
    this.cur = Number.isFinite(minT) ? Math.floor(minT * this.inverse) - 1 : minT;
    this.curIndex = 0;
    if (groups > 0) {
      this.nearGroup = Math.floor(this.cur / GROUP) + 1; this.splitAt = this.nearGroup * GROUP;
      this.nearEnd = this.splitAt + GROUP - 1; this.span = groups * GROUP;
    } else {
      this.nearGroup = 0; this.splitAt = Infinity; this.nearEnd = this.cur + this.ringMask; this.span = this.ringMask;
    }
    this.ringCount = 0; this.far = NONE; this.farCount = 0; this.farBucket = Infinity;
    fill.loads = 0; fill.loaded = 0; fill.skipped = 0; fill.dealtLoads = 0; fill.dealt = 0; fill.onStep = onStep; fill.informed = informed;
    this.seqAtLayout = this.nextSeq;
    for (const last of chains) this.refile(last);
  }
}

