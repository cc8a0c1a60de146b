/**
 * Sorting a run of event keys in place: keys[2i] = time, keys[2i + 1] = insertion sequence,
 * at[i] = the event's position, ordered by (time, sequence). The event queue sorts each
 * bucket once as it becomes current, then pops it front to back.
 *
 * Insertion sort for short runs (a bucket holds a few dozen events), a bottom-up merge for
 * long ones: a bucket of ten thousand events at one instant (filed in order) must not cost
 * n², and sorted stretches (skipped merges) keep such a bucket O(n).
 */
const SHORT = 16;

/**
 * Sort keys/at[0, n), using spareKeys/spareAt (at least n entries) for merging. Returns
 * false when the sorted run is in keys/at, true when it ended up in the spare arrays.
 */
export function sortKeys(keys: Float64Array, at: Int32Array, n: number, spareKeys: Float64Array, spareAt: Int32Array): boolean {
  if (n <= SHORT) { insertionSort(keys, at, 0, n); return false; }
  for (let lo = 0; lo < n; lo += SHORT) insertionSort(keys, at, lo, Math.min(n, lo + SHORT));
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

function insertionSort(k: Float64Array, at: Int32Array, lo: number, hi: number): void {
  for (let i = lo + 1; i < hi; i++) {
    const t = k[2 * i]!, s = k[2 * i + 1]!, pt = k[2 * i - 2]!;
    if (t > pt || (t === pt && s > k[2 * i - 1]!)) continue;
    const p = at[i]!;
    let j = i;
    do {
      k[2 * j] = k[2 * j - 2]!; k[2 * j + 1] = k[2 * j - 1]!; at[j] = at[j - 1]!; j--;
    } while (j > lo && (t < k[2 * j - 2]! || (t === k[2 * j - 2]! && s < k[2 * j - 1]!)));
    k[2 * j] = t; k[2 * j + 1] = s; at[j] = p;
  }
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
