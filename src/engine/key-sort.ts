/**
 * Sorting a run of events in place by (time, sort key): times[i] = time, at[i] = the
 * event's position in the block pool, whose sort key (insertion sequence × 256 + kind) is
 * num[4 × position + 1]. The event queue sorts each bucket once as it becomes current, then
 * pops it front to back.
 *
 * A run copied from a chain filed in sequence order (the usual case) is sorted by time alone,
 * stably: ties keep their order, which is already the keys' order, so only times and
 * positions move and no key is read. Otherwise (`num` given) ties are settled by reading the
 * two events' keys from the pool: rare except for times on a grid.
 *
 * Insertion sort for short or nearly sorted runs (a bucket holds a few dozen events, or one
 * instant's events filed in order), a bottom-up merge for long disordered ones, so no bucket
 * costs n². A fat bucket of a few instants (latencies on a grid) filed in key order does not
 * come here: it is dealt out by time class as it is loaded (bucket-load.ts).
 */
const SHORT = 16;
/** A move budget no run reaches (a small integer: a budget of Infinity would be a boxed double). */
const UNLIMITED = 0x3fffffff;

/**
 * Sort times/at[0, n), using spareTimes/spareAt (at least n entries) for merging; `num`:
 * the pool's buffer when ties must be settled by key, null when the run is in key order.
 * Returns false when the sorted run is in times/at, true when it ended up in the spare arrays.
 */
export function sortRun(times: Float64Array, at: Int32Array, n: number, spareTimes: Float64Array, spareAt: Int32Array, num: Float64Array | null): boolean {
  if (n <= 2 * SHORT) { insertionSort(times, at, 0, n, UNLIMITED, num); return false; }
  // Nearly in order: one insertion pass sorts it. Past a budget of moves the run is far
  // from sorted and the merge takes over from wherever the pass stopped.
  if (insertionSort(times, at, 0, n, n + 64, num)) return false;
  for (let lo = 0; lo < n; lo += SHORT) insertionSort(times, at, lo, Math.min(n, lo + SHORT), UNLIMITED, num);
  let srcT = times, srcA = at, dstT = spareTimes, dstA = spareAt, inSpare = false;
  for (let w = SHORT; w < n; w *= 2) {
    for (let lo = 0; lo < n; lo += 2 * w) {
      const mid = Math.min(n, lo + w), hi = Math.min(n, lo + 2 * w);
      merge(srcT, srcA, dstT, dstA, lo, mid, hi, num);
    }
    const t = srcT, a = srcA; srcT = dstT; srcA = dstA; dstT = t; dstA = a; inSpare = !inSpare;
  }
  return inSpare;
}

/** Insertion sort of [lo, hi); false (and left partly sorted) once it has made more than `budget` moves. */
function insertionSort(ts: Float64Array, at: Int32Array, lo: number, hi: number, budget: number, num: Float64Array | null): boolean {
  for (let i = lo + 1; i < hi; i++) {
    const t = ts[i]!, pt = ts[i - 1]!;
    if (t > pt) continue;
    const p = at[i]!;
    if (t === pt && (num === null || num[4 * p + 1]! > num[4 * at[i - 1]! + 1]!)) continue;
    let j = i;
    do {
      ts[j] = ts[j - 1]!; at[j] = at[j - 1]!; j--;
    } while (j > lo && (t < ts[j - 1]! || (t === ts[j - 1]! && num !== null && num[4 * p + 1]! < num[4 * at[j - 1]! + 1]!)));
    ts[j] = t; at[j] = p;
    budget -= i - j;
    if (budget < 0) return false;
  }
  return true;
}

function merge(st: Float64Array, sa: Int32Array, dt: Float64Array, da: Int32Array, lo: number, mid: number, hi: number, num: Float64Array | null): void {
  let i = lo, j = mid, o = lo;
  // Already in order (a bucket filed in sequence): copy through.
  if (mid >= hi || st[mid - 1]! < st[mid]! || (st[mid - 1]! === st[mid]! && (num === null || num[4 * sa[mid - 1]! + 1]! < num[4 * sa[mid]! + 1]!))) {
    for (let x = lo; x < hi; x++) { dt[x] = st[x]!; da[x] = sa[x]!; }
    return;
  }
  while (i < mid && j < hi) {
    const it = st[i]!, jt = st[j]!;
    // Stable: the right one goes first only if strictly earlier.
    if (jt < it || (jt === it && num !== null && num[4 * sa[j]! + 1]! < num[4 * sa[i]! + 1]!)) { dt[o] = jt; da[o++] = sa[j++]!; }
    else { dt[o] = it; da[o++] = sa[i++]!; }
  }
  for (; i < mid; i++) { dt[o] = st[i]!; da[o++] = sa[i]!; }
  for (; j < hi; j++) { dt[o] = st[j]!; da[o++] = sa[j]!; }
}
