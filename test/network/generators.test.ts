import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../src/engine/random.js';
import { generateTopology } from '../../src/network/generators.js';
import { MAX_LINKS, TopologyError, topologyNodeCount } from '../../src/network/topology-rules.js';
import type { Topology } from '../../src/network/topology.js';
import type { TopologySpec } from '../../src/network/topology-spec.js';

const rng = (seed = 1) => new RandomStreams(seed).stream('topology');
const make = (spec: TopologySpec, seed = 1) => generateTopology(spec, rng(seed));
const neighbours = (t: Topology, v: number) => Array.from(t.neighbors(v));
const degrees = (t: Topology) => Array.from({ length: t.nodes }, (_, v) => t.degree(v));
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

function thrown(f: () => unknown): TopologyError {
  try { f(); } catch (error) { if (error instanceof TopologyError) return error; throw error; }
  throw new Error('expected a TopologyError');
}

describe('deterministic kinds: link counts and numbering', () => {
  it('complete has n(n−1)/2 links', () => {
    const t = make({ kind: 'complete', nodes: 12 });
    expect([t.nodes, t.links]).toEqual([12, 66]);
    expect(degrees(t).every((d) => d === 11)).toBe(true);
  });

  it('ring links i—i+1 and n−1—0, n links', () => {
    const t = make({ kind: 'ring', nodes: 10 });
    expect(t.links).toBe(10);
    expect(neighbours(t, 0)).toEqual([1, 9]);
    expect(neighbours(t, 5)).toEqual([4, 6]);
    expect(make({ kind: 'ring', nodes: 2 }).links).toBe(1);
    expect(make({ kind: 'ring', nodes: 1 }).links).toBe(0);
  });

  it('line has n−1 links in id order', () => {
    const t = make({ kind: 'line', nodes: 7 });
    expect(t.links).toBe(6);
    expect(neighbours(t, 0)).toEqual([1]);
    expect(neighbours(t, 3)).toEqual([2, 4]);
    expect(neighbours(t, 6)).toEqual([5]);
  });

  it('star has node 0 as the hub', () => {
    const t = make({ kind: 'star', nodes: 6 });
    expect(t.links).toBe(5);
    expect(neighbours(t, 0)).toEqual([1, 2, 3, 4, 5]);
    expect(neighbours(t, 4)).toEqual([0]);
  });

  it('grid is row-major with w(h−1) + h(w−1) links', () => {
    const w = 5, h = 4, t = make({ kind: 'grid', width: w, height: h });
    expect([t.nodes, t.links]).toEqual([20, w * (h - 1) + h * (w - 1)]);
    const id = (r: number, c: number) => r * w + c;
    expect(neighbours(t, id(1, 2))).toEqual([id(0, 2), id(1, 1), id(1, 3), id(2, 2)]);
    expect(neighbours(t, 0)).toEqual([1, w]);
    expect(neighbours(t, id(3, 4))).toEqual([id(2, 4), id(3, 3)]);
  });

  it('torus wraps both ways with 2wh links for w, h ≥ 3', () => {
    const w = 4, h = 5, t = make({ kind: 'torus', width: w, height: h });
    expect(t.links).toBe(2 * w * h);
    expect(degrees(t).every((d) => d === 4)).toBe(true);
    expect(neighbours(t, 0)).toEqual([1, 3, 4, 16]);
  });

  it('torus with a side ≤ 2 has no repeated or self links', () => {
    // width 2: one horizontal link per row; height 3: a 3-ring per column.
    expect(make({ kind: 'torus', width: 2, height: 3 }).links).toBe(3 + 2 * 3);
    expect(make({ kind: 'torus', width: 1, height: 1 }).links).toBe(0);
    expect(make({ kind: 'torus', width: 1, height: 4 }).links).toBe(4);
  });

  it('tree: root 0, children of i are b·i+1 … b·i+b', () => {
    const t = make({ kind: 'tree', nodes: 14, branching: 3 });
    expect(t.links).toBe(13);
    expect(neighbours(t, 0)).toEqual([1, 2, 3]);
    expect(neighbours(t, 1)).toEqual([0, 4, 5, 6]);
    expect(neighbours(t, 4)).toEqual([1, 13]);
    expect(neighbours(t, 13)).toEqual([4]);
  });
});

describe('random-regular', () => {
  // Topology.fromEdges silently drops loops and repeats, so exactly n·d/2 links
  // with every degree d proves the generator produced a simple graph.
  it('n = 10,000, d = 8: every degree exactly 8, simple', () => {
    const t = make({ kind: 'random-regular', nodes: 10_000, degree: 8 });
    expect(t.links).toBe(40_000);
    expect(degrees(t).every((d) => d === 8)).toBe(true);
    for (let v = 0; v < t.nodes; v++) expect(t.neighbors(v).includes(v)).toBe(false);
  });

  it.each([[2, 1], [3, 2], [4, 3], [10, 3], [10, 7], [11, 6], [50, 48], [1000, 3]])('n = %i, d = %i', (n, d) => {
    for (const seed of [1, 2, 3]) {
      const t = make({ kind: 'random-regular', nodes: n, degree: d }, seed);
      expect(t.links).toBe(n * d / 2);
      expect(degrees(t).every((x) => x === d)).toBe(true);
    }
  });

  it('rejects odd n·d and degree ≥ n', () => {
    const odd = thrown(() => make({ kind: 'random-regular', nodes: 9, degree: 3 }));
    expect(odd.field).toBe('topology.degree');
    expect(odd.message).toMatch(/even/);
    const big = thrown(() => make({ kind: 'random-regular', nodes: 8, degree: 8 }));
    expect(big.field).toBe('topology.degree');
    expect(big.message).toMatch(/less than nodes \(8\), got 8/);
  });
});

describe('erdos-renyi', () => {
  it('mean link count is within 4σ of p·n(n−1)/2 over seeds', () => {
    const n = 300, p = 0.02, pairs = n * (n - 1) / 2, seeds = 40;
    let total = 0;
    for (let s = 1; s <= seeds; s++) total += make({ kind: 'erdos-renyi', nodes: n, p }, s).links;
    const sigma = Math.sqrt(pairs * p * (1 - p) / seeds);
    expect(Math.abs(total / seeds - p * pairs)).toBeLessThan(4 * sigma);
  });

  it('every pair is equally likely (no pair skipped by the geometric jumps)', () => {
    const n = 6, p = 0.3, runs = 3000, counts = new Map<number, number>();
    for (let s = 1; s <= runs; s++) {
      const t = make({ kind: 'erdos-renyi', nodes: n, p }, s);
      for (let l = 0; l < t.links; l++) {
        const key = t.linkU[l]! * n + t.linkV[l]!;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
    expect(counts.size).toBe(15);
    const sigma = Math.sqrt(runs * p * (1 - p));
    for (const c of counts.values()) expect(Math.abs(c - runs * p)).toBeLessThan(4.5 * sigma);
  });

  it('p = 0 and p = 1 are the empty and complete graphs; large n is fast', () => {
    expect(make({ kind: 'erdos-renyi', nodes: 50, p: 0 }).links).toBe(0);
    expect(make({ kind: 'erdos-renyi', nodes: 50, p: 1 }).links).toBe(1225);
    const t = make({ kind: 'erdos-renyi', nodes: 200_000, p: 2e-5 });
    const expected = 2e-5 * 200_000 * 199_999 / 2;
    expect(Math.abs(t.links - expected)).toBeLessThan(5 * Math.sqrt(expected));
  });
});

describe('watts-strogatz', () => {
  it('keeps exactly n·k/2 links for any beta', () => {
    for (const beta of [0, 0.1, 0.5, 1]) {
      const t = make({ kind: 'watts-strogatz', nodes: 500, k: 6, beta });
      expect(t.links).toBe(1500);
      expect(sum(degrees(t))).toBe(3000);
    }
  });

  it('beta = 0 is the ring lattice; beta > 0 rewires some links', () => {
    const lattice = make({ kind: 'watts-strogatz', nodes: 20, k: 4, beta: 0 });
    expect(neighbours(lattice, 0)).toEqual([1, 2, 18, 19]);
    expect(degrees(lattice).every((d) => d === 4)).toBe(true);
    const rewired = make({ kind: 'watts-strogatz', nodes: 1000, k: 4, beta: 0.5 });
    expect(degrees(rewired).some((d) => d !== 4)).toBe(true);
  });

  it('k = n − 1 (complete) with beta = 1 terminates', () => {
    expect(make({ kind: 'watts-strogatz', nodes: 7, k: 6, beta: 1 }).links).toBe(21);
  });

  it('rejects odd k', () => {
    const e = thrown(() => make({ kind: 'watts-strogatz', nodes: 10, k: 3, beta: 0.1 }));
    expect(e.field).toBe('topology.k');
    expect(e.message).toMatch(/even/);
  });
});

describe('barabasi-albert', () => {
  // Nodes 0..m−1 start unlinked; each of the n − m later nodes adds m links.
  it('has m·(n − m) links, degrees summing to 2|E|, every node linked', () => {
    const n = 2000, m = 3, t = make({ kind: 'barabasi-albert', nodes: n, m });
    expect(t.links).toBe(m * (n - m));
    expect(sum(degrees(t))).toBe(2 * t.links);
    for (let v = m; v < n; v++) expect(t.degree(v)).toBeGreaterThanOrEqual(m);
    for (let v = 0; v < m; v++) expect(t.degree(v)).toBeGreaterThanOrEqual(1);
  });

  it('grows hubs, unlike a random graph of the same mean degree', () => {
    const n = 5000, m = 3;
    const ba = make({ kind: 'barabasi-albert', nodes: n, m });
    const er = make({ kind: 'erdos-renyi', nodes: n, p: 2 * m / n });
    expect(ba.maxDegree()).toBeGreaterThan(60);
    expect(er.maxDegree()).toBeLessThan(25);
  });
});

describe('determinism', () => {
  const kinds: TopologySpec[] = [
    { kind: 'random-regular', nodes: 500, degree: 4 },
    { kind: 'erdos-renyi', nodes: 500, p: 0.01 },
    { kind: 'watts-strogatz', nodes: 500, k: 4, beta: 0.2 },
    { kind: 'barabasi-albert', nodes: 500, m: 2 },
  ];
  it.each(kinds.map((s) => [s.kind, s] as const))('%s: same seed, same graph; other seed, other graph', (_, spec) => {
    const a = make(spec, 7), b = make(spec, 7), c = make(spec, 8);
    expect(b.targets).toEqual(a.targets);
    expect(b.offsets).toEqual(a.offsets);
    expect(c.targets).not.toEqual(a.targets);
  });
});

describe('parameters and helpers', () => {
  it('reports the field and what is allowed', () => {
    expect(thrown(() => make({ kind: 'ring' })).field).toBe('topology.nodes');
    expect(thrown(() => make({ kind: 'ring', nodes: 0 })).message).toMatch(/integer from 1/);
    expect(thrown(() => make({ kind: 'tree', nodes: 5, branching: 0 })).field).toBe('topology.branching');
    expect(thrown(() => make({ kind: 'erdos-renyi', nodes: 5, p: 1.5 })).field).toBe('topology.p');
    expect(thrown(() => make({ kind: 'barabasi-albert', nodes: 5, m: 5 })).field).toBe('topology.m');
    expect(thrown(() => make({ kind: 'grid', width: 3 })).field).toBe('topology.height');
    expect(thrown(() => make({ kind: 'edgelist' })).field).toBe('topology.file');
  });

  it('a tree without branching is binary, as the scenario schema defaults it', () => {
    expect(make({ kind: 'tree', nodes: 9 }).targets).toEqual(make({ kind: 'tree', nodes: 9, branching: 2 }).targets);
  });

  it('refuses graphs above MAX_LINKS before allocating them', () => {
    const e = thrown(() => make({ kind: 'complete', nodes: 20_000 }));
    expect(e.message).toContain(String(MAX_LINKS));
  });

  it('topologyNodeCount', () => {
    expect(topologyNodeCount({ kind: 'grid', width: 4, height: 6 })).toBe(24);
    expect(topologyNodeCount({ kind: 'star', nodes: 9 })).toBe(9);
    expect(topologyNodeCount({ kind: 'edgelist', file: 'x.txt' })).toBeNull();
  });

  it('edgelist goes through the reader it is given, keeping latencies', () => {
    const files: Record<string, string> = { '/net.txt': '0 1 2.5\n1 2 4\n# done\n' };
    const t = generateTopology({ kind: 'edgelist', file: '/net.txt' }, rng(), (p) => files[p]!);
    expect([t.nodes, t.links]).toEqual([3, 2]);
    expect(Array.from(t.linkLatency!)).toEqual([2.5, 4]);
  });
});
