/**
 * The random-regular generator keeps its edges in adjacency rows (small degrees) or a
 * hash table (large), and builds the CSR straight from the rows. Either way it must
 * give exactly the graph of the plain configuration model with switchings, drawn in
 * the same order: that graph is computed here independently (a JS Set of pairs, then
 * Topology.fromEdges) and compared array by array, for degrees on both sides of the
 * switch, conflict-heavy small graphs and the dense (complement) construction.
 */
import { describe, expect, it } from 'vitest';
import { randomInt, RandomStreams, type Rng } from '../../src/engine/random.js';
import { generateTopology } from '../../src/network/generators.js';
import { Topology } from '../../src/network/topology.js';

const rng = (seed: number) => new RandomStreams(seed).stream('topology');

/** The reference: the same algorithm with a Set of 'lo,hi' keys and a plain edge list. */
function referencePairing(n: number, d: number, r: Rng): Array<[number, number]> | null {
  const points: number[] = [];
  for (let v = 0; v < n; v++) for (let j = 0; j < d; j++) points.push(v);
  for (let i = points.length - 1; i > 0; i--) {
    const j = randomInt(r, i + 1);
    [points[i], points[j]] = [points[j]!, points[i]!];
  }
  const key = (a: number, b: number) => (a < b ? `${a},${b}` : `${b},${a}`);
  const set = new Set<string>(), edges: Array<[number, number]> = [], conflicts: Array<[number, number]> = [];
  for (let i = 0; i < points.length; i += 2) {
    const u = points[i]!, v = points[i + 1]!;
    if (u === v || set.has(key(u, v))) { conflicts.push([u, v]); continue; }
    set.add(key(u, v)); edges.push([u, v]);
  }
  for (const [u, v] of conflicts) {
    if (u !== v && !set.has(key(u, v))) { set.add(key(u, v)); edges.push([u, v]); continue; }
    let done = false;
    for (let attempt = 0; attempt < 1000 && !done && edges.length > 0; attempt++) {
      const j = randomInt(r, edges.length);
      const flip = r() < 0.5;
      const [a, b] = edges[j]!;
      const x = flip ? b : a, y = flip ? a : b;
      if (u === x || v === y || set.has(key(u, x)) || set.has(key(v, y))) continue;
      set.delete(key(x, y)); set.add(key(u, x)); set.add(key(v, y));
      edges[j] = [u, x]; edges.push([v, y]);
      done = true;
    }
    if (!done) return null;
  }
  return edges;
}

function reference(n: number, d: number, seed: number): Topology {
  const r = rng(seed);
  let edges: Array<[number, number]> | null = null;
  if (2 * d <= n - 1) {
    while (!edges) edges = referencePairing(n, d, r);
  } else {
    const c = n - 1 - d, absent = new Set<string>();
    if (c > 0) {
      let sparse: Array<[number, number]> | null = null;
      while (!sparse) sparse = referencePairing(n, c, r);
      for (const [u, v] of sparse) absent.add(`${Math.min(u, v)},${Math.max(u, v)}`);
    }
    edges = [];
    for (let u = 0; u < n; u++) for (let v = u + 1; v < n; v++) if (!absent.has(`${u},${v}`)) edges.push([u, v]);
  }
  return Topology.fromEdges(n, edges.map((e) => e[0]), edges.map((e) => e[1]));
}

const arrays = (t: Topology) => ({ offsets: Array.from(t.offsets), targets: Array.from(t.targets), linkOf: Array.from(t.linkOf), linkU: Array.from(t.linkU), linkV: Array.from(t.linkV) });

describe('random-regular: the same graph as the plain configuration model', () => {
  it.each([
    [2, 1], [4, 1], [10, 3], [12, 4], [20, 9], [30, 8], [101, 8], [600, 8], [800, 3], [300, 32], // rows
    [200, 33], [300, 40], // hash table
    [10, 7], [11, 6], [50, 48], [40, 30], // dense: complement of a sparse graph
  ])('n = %i, d = %i, seeds 1–4', (n, d) => {
    for (const seed of [1, 2, 3, 4]) {
      const got = generateTopology({ kind: 'random-regular', nodes: n, degree: d }, rng(seed));
      expect(arrays(got)).toEqual(arrays(reference(n, d, seed)));
      for (let v = 0; v < n; v++) {
        const row = got.neighbors(v);
        for (let i = 1; i < row.length; i++) expect(row[i]!).toBeGreaterThan(row[i - 1]!);
      }
    }
  });
});

describe('Topology.fromSortedRows', () => {
  it('gives the arrays fromEdges gives, link ids included', () => {
    const us = [0, 0, 1, 2, 3], vs = [1, 3, 2, 3, 4];
    const a = Topology.fromEdges(5, us, vs);
    const b = Topology.fromSortedRows(5, a.offsets.slice(), a.targets.slice());
    expect(arrays(b)).toEqual(arrays(a));
  });

  it('refuses rows that list a link from one end only', () => {
    expect(() => Topology.fromSortedRows(3, Int32Array.of(0, 2, 2, 3), Int32Array.of(1, 2, 0))).toThrow(RangeError);
    expect(() => Topology.fromSortedRows(2, Int32Array.of(0, 1, 2), Int32Array.of(1, 1))).toThrow(RangeError);
  });
});
