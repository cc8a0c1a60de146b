/**
 * A typed array of length `n` (≥ a.length) holding `a`'s values, the rest `fill`: how the
 * growable typed tables (event queue, timer slots, gossip's rumor table) double.
 */
export function grown<T extends Int32Array | Float64Array | Uint8Array>(a: T, n: number, fill = 0): T {
  const b = new (a.constructor as new (length: number) => T)(n);
  b.set(a);
  if (fill !== 0) b.fill(fill, a.length);
  return b;
}
