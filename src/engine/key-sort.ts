/**
 * Sorting a run of event keys in place: keys[2i] = time, keys[2i + 1] = insertion sequence,
 * at[i] = the event's position, ordered by (time, sequence). The event queue sorts each
 * bucket once as it becomes current, then pops it front to back.
 *
 * Insertion sort for short or nearly sorted runs (a bucket holds a few dozen events, or one
 * instant's events filed in order), a bottom-up merge for long disordered ones, so no
 * bucket costs n².
 */
const SHORT = 16;
/** A move budget no run reaches (a small integer: a budget of Infinity would be a boxed double). */
const UNLIMITED = 0x3fffffff;

/**
 * Sort keys/at[0, n), using spareKeys/spareAt (at least n entries) for merging. Returns
 * false when the sorted run is in keys/at, true when it ended up in the spare arrays.
 */
export function sortKeys(keys: Float64Array, at: Int32Array, n: number, spareKeys: Float64Array, spareAt: Int32Array): boolean {
  if (n <= 2 * SHORT) { insertionSort(keys, at, 0, n, UNLIMITED); return false; }
  const few = sortFewTimes(keys, at, n, spareKeys, spareAt);
  if (few !== NOT_FEW) return few === IN_SPARE;
  // Nearly in order: one insertion pass sorts it. Past a budget of moves the run is far
  // from sorted and the merge takes over from wherever the pass stopped.
  if (insertionSort(keys, at, 0, n, n + 64)) return false;
  for (let lo = 0; lo < n; lo += SHORT) insertionSort(keys, at, lo, Math.min(n, lo + SHORT), UNLIMITED);
  let srcK = keys, srcA = at, dstK = spareKeys, dstA = spareAt, inSpare = false;
  for (let w = SHORT; w < n; w *= 2) {
    for (let lo = 0; lo < n; lo += 2 * w) {
      const mid = Math.min(n, lo + w), hi = Math.min(n, lo + 2 * w);
      merge(srcK, srcA, dstK, dstA, lo, mid, hi);
    }
    const k = srcK, a = srcA; srcK = dstK; srcA = dstA; dstK = k; dstA = a; inSpare = !inSpare;
  }
  return inSpare;
}

const NOT_FEW = 0, IN_PLACE = 1, IN_SPARE = 2;
const FEW = 8;
const fewTimes = new Float64Array(FEW), fewStart = new Int32Array(FEW);

/**
 * A fat bucket is usually a few instants (latencies on a grid: sums that differ only by
 * rounding) whose events were filed in sequence order. Then a stable distribution by time
 * sorts it in two passes. NOT_FEW when the run has more than FEW distinct times or is not
 * in sequence order.
 */
function sortFewTimes(k: Float64Array, at: Int32Array, n: number, dk: Float64Array, da: Int32Array): number {
  let d = 0, last = NaN, inOrder = true;
  for (let i = 0; i < n; i++) {
    if (i > 0 && k[2 * i + 1]! < k[2 * i - 1]!) return NOT_FEW;
    const t = k[2 * i]!;
    if (t === last) continue;
    if (t < last) inOrder = false;
    last = t;
    let j = 0;
    while (j < d && fewTimes[j] !== t) j++;
    if (j === d) { if (d === FEW) return NOT_FEW; fewTimes[d++] = t; }
  }
  if (inOrder) return IN_PLACE;
  // Sort the distinct times, count each, and deal the events out in order.
  for (let i = 1; i < d; i++) { const t = fewTimes[i]!; let j = i; while (j > 0 && fewTimes[j - 1]! > t) { fewTimes[j] = fewTimes[j - 1]!; j--; } fewTimes[j] = t; }
  fewStart.fill(0);
  for (let i = 0; i < n; i++) { const t = k[2 * i]!; let j = 0; while (fewTimes[j] !== t) j++; fewStart[j]++; }
  for (let j = 0, sum = 0; j < d; j++) { const c = fewStart[j]!; fewStart[j] = sum; sum += c; }
  for (let i = 0; i < n; i++) {
    const t = k[2 * i]!;
    let j = 0;
    while (fewTimes[j] !== t) j++;
    const o = fewStart[j]++;
    dk[2 * o] = t; dk[2 * o + 1] = k[2 * i + 1]!; da[o] = at[i]!;
  }
  return IN_SPARE;
}

/** Insertion sort of [lo, hi); false (and left partly sorted) once it has made more than `budget` moves. */
function insertionSort(k: Float64Array, at: Int32Array, lo: number, hi: number, budget: number): boolean {
  for (let i = lo + 1; i < hi; i++) {
    const t = k[2 * i]!, s = k[2 * i + 1]!, pt = k[2 * i - 2]!;
    if (t > pt || (t === pt && s > k[2 * i - 1]!)) continue;
    const p = at[i]!;
    let j = i;
    do {
      k[2 * j] = k[2 * j - 2]!; k[2 * j + 1] = k[2 * j - 1]!; at[j] = at[j - 1]!; j--;
    } while (j > lo && (t < k[2 * j - 2]! || (t === k[2 * j - 2]! && s < k[2 * j - 1]!)));
    k[2 * j] = t; k[2 * j + 1] = s; at[j] = p;
    budget -= i - j;
    if (budget < 0) return false;
  }
  return true;
}

function merge(sk: Float64Array, sa: Int32Array, dk: Float64Array, da: Int32Array, lo: number, mid: number, hi: number): void {
  let i = lo, j = mid, o = lo;
  // Already in order (a bucket filed in sequence): copy through.
  if (mid >= hi || sk[2 * mid - 2]! < sk[2 * mid]! || (sk[2 * mid - 2]! === sk[2 * mid]! && sk[2 * mid - 1]! < sk[2 * mid + 1]!)) {
    for (let x = 2 * lo; x < 2 * hi; x++) dk[x] = sk[x]!;
    for (let x = lo; x < hi; x++) da[x] = sa[x]!;
    return;
  }
  while (i < mid && j < hi) {
    const it = sk[2 * i]!, jt = sk[2 * j]!;
    if (it < jt || (it === jt && sk[2 * i + 1]! < sk[2 * j + 1]!)) {
      dk[2 * o] = it; dk[2 * o + 1] = sk[2 * i + 1]!; da[o++] = sa[i++]!;
    } else {
      dk[2 * o] = jt; dk[2 * o + 1] = sk[2 * j + 1]!; da[o++] = sa[j++]!;
    }
  }
  for (; i < mid; i++) { dk[2 * o] = sk[2 * i]!; dk[2 * o + 1] = sk[2 * i + 1]!; da[o++] = sa[i]!; }
  for (; j < hi; j++) { dk[2 * o] = sk[2 * j]!; dk[2 * o + 1] = sk[2 * j + 1]!; da[o++] = sa[j]!; }
}
