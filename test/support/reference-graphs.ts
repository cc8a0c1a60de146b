/**
 * Reference graphs and distances computed independently of the simulator, so tests
 * can check its routing and delivery against a second, naive implementation.
 */

export type Edge = [number, number, number];

/** A tiny LCG so a test's graphs and groups do not depend on the code under test. */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

/** A connected random graph: a random spanning tree plus extra random edges, latencies 1..20. */
export function randomGraph(n: number, extra: number, seed: number): Edge[] {
  const rnd = lcg(seed);
  const edges = new Map<string, Edge>();
  const add = (u: number, v: number) => {
    if (u === v) return;
    const k = u < v ? `${u} ${v}` : `${v} ${u}`;
    if (!edges.has(k)) edges.set(k, [u, v, 1 + Math.floor(rnd() * 20)]);
  };
  for (let v = 1; v < n; v++) add(v, Math.floor(rnd() * v));
  for (let i = 0; i < extra; i++) add(Math.floor(rnd() * n), Math.floor(rnd() * n));
  return [...edges.values()];
}

/** All-pairs shortest paths by Floyd–Warshall, independent of the simulator's Router. */
export function floyd(n: number, edges: Edge[], weight: (w: number) => number): number[][] {
  const d = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 0 : Infinity)));
  for (const [u, v, w] of edges) { d[u]![v] = Math.min(d[u]![v]!, weight(w)); d[v]![u] = d[u]![v]!; }
  for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    const via = d[i]![k]! + d[k]![j]!;
    if (via < d[i]![j]!) d[i]![j] = via;
  }
  return d;
}
