/**
 * Turning a bucket (a chain of blocks in the pool) into the run the queue pops front to back:
 * its events' times and positions copied out oldest block first, and, in the same pass, each
 * event classed by its time among the first FEW distinct times met.
 *
 * A fat bucket is usually a few instants: latencies on a grid give sums that differ only by
 * rounding (the 100k flood: 323 events a bucket, 1 to 5 distinct times in most). Then a stable
 * deal by class sorts it in one more pass, reading the class each event was given while it was
 * copied: no search for its time again. This replaced a copy followed by three passes over the
 * times (find the distinct ones, count, deal), each searching the few times for every event.
 *
 * The run must pop in (time, insertion sequence) order. A chain filed in sequence order (it is
 * unless a pour or re-layout filed older events after newer ones) is in key order oldest block
 * first, so a stable sort by time alone gives that order. Other chains, and those with more
 * than FEW times or fewer than SHORT_RUN events, are spread by where in the bucket each time
 * falls (spreadCopy), which leaves them nearly sorted, and left to key-sort.ts.
 */

import { BLOCK_BITS, BLOCK_MASK, NONE } from './block-pool.js';

// The loop below writes these constants out as numbers (a module constant costs a check at each use).
if (BLOCK_BITS !== 3 || BLOCK_MASK !== 7 || NONE !== -1) throw new Error('bucket-load.ts: update the constants written out in loadBucket');

/** Distinct times a bucket may have for the deal. */
export const FEW = 8;
/** What loadBucket left: the run sorted in place, sorted into the spare arrays, or to be sorted by key. */
export const SORTED = 0, IN_SPARE = 1, BY_KEY = 2;
/** Spread by place in the bucket into the spare arrays (spreadCopy), still to be sorted by time or by key there. */
export const SPREAD_BY_TIME = 4, SPREAD_BY_KEY = 5;

const fewTimes = new Float64Array(FEW), fewCount = new Int32Array(FEW), fewStart = new Int32Array(FEW);

/**
 * Copy the n events of the chain ending at `last` into times/at[0, n) (oldest block first) and
 * class them; a bucket of up to FEW times is sorted by time here (into spareTimes/spareAt when
 * not already in order), another is spread by time into them (spreadCopy). `cls` has room for n.
 * Returns SORTED, IN_SPARE, BY_KEY, SPREAD_BY_TIME or SPREAD_BY_KEY.
 */
export function loadBucket(num: Float64Array, next: Int32Array, last: number, n: number, times: Float64Array, at: Int32Array,
  cls: Uint8Array, spareTimes: Float64Array, spareAt: Int32Array, spread: Spread): number {
  if (n <= SHORT_RUN) return spreadCopy(num, next, last, n, spareTimes, spareAt, spread);
  let w = n, keysInOrder = true, timesInOrder = true, newerKey = Infinity, newerTime = Infinity;
  let d = 0, lastT = NaN, j = 0;
  const few = fewTimes, count = fewCount; // locals: a module binding is re-read (and checked) at each use
  count.fill(0);
  for (let block = last >> 3, end = last; ;) { // BLOCK_BITS
    const start = block << 3;
    w -= end - start + 1;
    let prevKey = -1, prevT = -Infinity;
    for (let e = start, i = w; e <= end; e++, i++) {
      const t = num[4 * e]!, key = num[4 * e + 1]!;
      if (key < prevKey) keysInOrder = false;
      if (t < prevT) timesInOrder = false;
      prevKey = key; prevT = t;
      times[i] = t; at[i] = e;
      if (t !== lastT) {
        // A time other than the last one met: find its class. Past FEW times the bucket is
        // copied again without classes (times spread out: it usually shows in the first few
        // dozen events) and left to key-sort.ts.
        j = 0;
        while (j < d && few[j] !== t) j++;
        if (j === d) { if (d === FEW) return spreadCopy(num, next, last, n, spareTimes, spareAt, spread); few[d++] = t; }
        lastT = t;
      }
      cls[i] = j; count[j]++;
    }
    // Blocks come newest first: this one must end before the newer one began.
    if (prevKey > newerKey) keysInOrder = false;
    if (prevT > newerTime) timesInOrder = false;
    newerKey = num[4 * start + 1]!; newerTime = num[4 * start]!;
    block = next[block]!;
    if (block === -1) break; // NONE
    end = (block << 3) + 7; // BLOCK_MASK
  }
  if (!keysInOrder) return BY_KEY;
  if (timesInOrder) return SORTED;
  return dealByClass(times, at, cls, n, d, spareTimes, spareAt);
}

/**
 * A short bucket (a hold model's, or a sparse wave's) is spread by time without classing
 * (spreadCopy): classing each event by time cost more than sorting when every time differs
 * (the hold model: 0.8× the events a second). So is a bucket found to have more than FEW times.
 * Buckets of times on no grid hold about 2 × TARGET (calendar-layout.ts): most stay under this.
 */
const SHORT_RUN = 64;

/** Stable deal of times/at[0, n) by class (cls, d classes) into the spare arrays, classes in time order. */
function dealByClass(times: Float64Array, at: Int32Array, cls: Uint8Array, n: number, d: number, spareTimes: Float64Array, spareAt: Int32Array): number {
  // The classes in time order (d ≤ FEW: an insertion sort of their numbers), each given its first place.
  const order = rankOrder;
  for (let k = 0; k < d; k++) {
    const t = fewTimes[k]!;
    let r = k;
    while (r > 0 && fewTimes[order[r - 1]!]! > t) { order[r] = order[r - 1]!; r--; }
    order[r] = k;
  }
  const first = fewStart;
  for (let r = 0, sum = 0; r < d; r++) { const k = order[r]!; first[k] = sum; sum += fewCount[k]!; }
  for (let i = 0; i < n; i++) {
    const o = first[cls[i]!]!++;
    spareTimes[o] = times[i]!; spareAt[o] = at[i]!;
  }
  return IN_SPARE;
}

const rankOrder = new Int32Array(FEW);

/** What spreadCopy needs: the bucket's number and 1 / width, and scratch of n + 1 entries. */
export interface Spread { bucket: number; inverse: number; slot: Int32Array; counts: Int32Array }

/**
 * Spread the chain's times and positions stably into outTimes/outAt by where in the bucket
 * each time falls (n slots over the bucket's width), noting whether the keys are in order, so
 * the sort that follows finds them nearly in order: an insertion sort then moves only events
 * that shared a slot (about a third of a move an event under spread times, against n / 4 from
 * the chain's order: 4 at 16 events). Two walks of the chain, counting then placing, with no
 * copy between them (the second finds the blocks in cache: 1.06–1.14× the hold model against
 * a copy first). The slot is monotone in time (a product and a difference of doubles round
 * monotonically), so the spread never puts an event after a later one of another slot; ties
 * keep their order.
 */
function spreadCopy(num: Float64Array, next: Int32Array, last: number, n: number,
  outTimes: Float64Array, outAt: Int32Array, spread: Spread): number {
  const { bucket, inverse, slot, counts } = spread, top = n - 1;
  for (let s = 0; s <= n; s++) counts[s] = 0;
  // First walk: each event's slot (by its place in the chain, oldest block first) and the counts.
  let w = n, keysInOrder = true, newerKey = Infinity;
  for (let block = last >> 3, end = last; ;) { // BLOCK_BITS
    const start = block << 3;
    w -= end - start + 1;
    let prevKey = -1;
    for (let e = start, i = w; e <= end; e++, i++) {
      const key = num[4 * e + 1]!;
      if (key < prevKey) keysInOrder = false;
      prevKey = key;
      // The place is in [0, n) when the bucket is floor(time × inverse), as the queue files it;
      // held to the first and last slot otherwise, so the order is exact for any bucket named.
      const x = (num[4 * e]! * inverse - bucket) * n, c = x >= top ? top : x > 0 ? x | 0 : 0;
      slot[i] = c; counts[c + 1]++;
    }
    if (prevKey > newerKey) keysInOrder = false;
    newerKey = num[4 * start + 1]!;
    block = next[block]!;
    if (block === -1) break; // NONE
    end = (block << 3) + 7; // BLOCK_MASK
  }
  // counts[c + 1] becomes the end of slot c.
  for (let s = 1; s <= n; s++) counts[s] += counts[s - 1]!;
  // Second walk (the blocks are in cache now), newest event first, as the chain leads: each
  // event to the last free place of its slot, so a slot's events keep the chain's order.
  w = n;
  for (let block = last >> 3, end = last; ;) { // BLOCK_BITS
    const start = block << 3;
    for (let e = end, i = w - 1; e >= start; e--, i--) {
      const o = --counts[slot[i]! + 1]!;
      outTimes[o] = num[4 * e]!; outAt[o] = e;
    }
    w -= end - start + 1;
    block = next[block]!;
    if (block === -1) break; // NONE
    end = (block << 3) + 7; // BLOCK_MASK
  }
  return keysInOrder ? SPREAD_BY_TIME : SPREAD_BY_KEY;
}
