/**
 * A 4-ary min-heap of event keys in flat arrays: entry i has time keys[2i], insertion
 * sequence keys[2i + 1] and event position at[i], ordered by (time, sequence). The event
 * queue keeps beside its sorted run the events pushed into the current bucket after that
 * bucket was sorted (zero or tiny delays); the caller owns the arrays and their growth.
 * Four children a level halve the depth of a binary heap, and the four sit in one or two
 * cache lines.
 */

/** Add (time, seq, pos) to the heap of n entries (the arrays have room for n + 1). */
export function heapInsert(k: Float64Array, at: Int32Array, n: number, time: number, seq: number, pos: number): void {
  let i = n;
  while (i > 0) {
    const p = (i - 1) >> 2, pt = k[2 * p]!;
    if (pt < time || (pt === time && k[2 * p + 1]! < seq)) break;
    k[2 * i] = pt; k[2 * i + 1] = k[2 * p + 1]!; at[i] = at[p]!; i = p;
  }
  k[2 * i] = time; k[2 * i + 1] = seq; at[i] = pos;
}

/** Remove the root of the heap of n + 1 entries (read it first): the last entry sifts down from the root. */
export function heapRemoveRoot(k: Float64Array, at: Int32Array, n: number): void {
  if (n === 0) return;
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
}
