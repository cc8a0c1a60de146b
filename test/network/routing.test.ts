import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../src/engine/random.js';
import { generateTopology } from '../../src/network/generators.js';
import { linkWeights, Router } from '../../src/network/routing.js';
import { Topology } from '../../src/network/topology.js';
import type { RouteMetric } from '../../src/api/process.js';

/** All-pairs distances by Floyd–Warshall, independent of the Router. */
function floydWarshall(t: Topology, weight: (link: number) => number): number[][] {
  const n = t.nodes;
  const d = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 0 : Infinity)));
  for (let l = 0; l < t.links; l++) {
    const u = t.linkU[l]!, v = t.linkV[l]!, w = weight(l);
    d[u]![v] = Math.min(d[u]![v]!, w); d[v]![u] = Math.min(d[v]![u]!, w);
  }
  for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    if (d[i]![k]! + d[k]![j]! < d[i]![j]!) d[i]![j] = d[i]![k]! + d[k]![j]!;
  }
  return d;
}

function randomGraph(seed: number, n: number, p: number): Topology {
  return generateTopology({ kind: 'erdos-renyi', nodes: n, p }, new RandomStreams(seed).stream('topology'));
}

function checkAgainstFloydWarshall(t: Topology, weights: Float64Array, metric: RouteMetric): void {
  const router = new Router(t, weights);
  const d = floydWarshall(t, (l) => (metric === 'hops' ? 1 : weights[l]!));
  const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
  for (let from = 0; from < t.nodes; from++) {
    for (let to = 0; to < t.nodes; to++) {
      const expected = d[from]![to]!, got = router.distance(from, to, metric);
      if (expected === Infinity) expect(got).toBe(Infinity);
      else expect(close(got, expected)).toBe(true);
      // The next hop: the lowest-id neighbour on some shortest path.
      let best = -1;
      if (from !== to && expected < Infinity) {
        for (const u of t.neighbors(from)) {
          const w = metric === 'hops' ? 1 : weights[t.linkBetween(from, u)]!;
          if (close(w + d[u]![to]!, expected)) { best = u; break; }
        }
      }
      expect(router.nextHop(from, to, metric)).toBe(best);
    }
  }
}

describe('Router against Floyd–Warshall', () => {
  it('hops on random graphs (some disconnected)', () => {
    for (let seed = 1; seed <= 15; seed++) {
      const t = randomGraph(seed, 14, 0.2);
      checkAgainstFloydWarshall(t, new Float64Array(t.links).fill(1), 'hops');
    }
  });

  it('latency with small integer weights (many exact ties)', () => {
    for (let seed = 1; seed <= 15; seed++) {
      const t = randomGraph(seed, 14, 0.3), rng = new RandomStreams(seed).stream('links');
      const w = Float64Array.from({ length: t.links }, () => 1 + Math.floor(rng() * 3));
      checkAgainstFloydWarshall(t, w, 'latency');
    }
  });

  it('latency with weights whose sums tie only up to rounding (0.1 + 0.2 vs 0.3)', () => {
    for (let seed = 1; seed <= 15; seed++) {
      const t = randomGraph(seed, 14, 0.3), rng = new RandomStreams(seed).stream('links');
      const w = Float64Array.from({ length: t.links }, () => [0.1, 0.2, 0.3][Math.floor(rng() * 3)]!);
      checkAgainstFloydWarshall(t, w, 'latency');
    }
  });

  it('latency with continuous random weights', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const t = randomGraph(seed, 16, 0.25), rng = new RandomStreams(seed).stream('links');
      const w = Float64Array.from({ length: t.links }, () => rng() * 10);
      checkAgainstFloydWarshall(t, w, 'latency');
    }
  });
});

describe('tie-breaking and paths', () => {
  const grid = generateTopology({ kind: 'grid', width: 4, height: 3 }, () => 0);
  const router = new Router(grid, new Float64Array(grid.links).fill(5));

  it('goes corner to corner through the lowest ids first', () => {
    for (const metric of ['hops', 'latency'] as const) {
      expect(router.pathTo(0, 11, metric)).toEqual([0, 1, 2, 3, 7, 11]);
      expect(router.pathTo(11, 0, metric)).toEqual([11, 7, 3, 2, 1, 0]);
      expect(router.nextHop(0, 11, metric)).toBe(1);
    }
    expect(router.distance(0, 11, 'hops')).toBe(5);
    expect(router.distance(0, 11, 'latency')).toBe(25);
  });

  it('parents: −1 at the root, lowest closer neighbour elsewhere', () => {
    expect(Array.from(router.parents(0, 'hops'))).toEqual([-1, 0, 1, 2, 0, 1, 2, 3, 4, 5, 6, 7]);
    expect(router.pathTo(6, 6, 'hops')).toEqual([6]);
    expect(router.nextHop(6, 6, 'hops')).toBe(-1);
  });

  it('prefers a longer route in hops when it is faster', () => {
    // 0—3 directly costs 10 ms; 0—1—2—3 costs 3 ms.
    const t = Topology.fromEdges(4, [0, 0, 1, 2], [3, 1, 2, 3]);
    const w = new Float64Array(t.links);
    for (let l = 0; l < t.links; l++) w[l] = t.linkU[l] === 0 && t.linkV[l] === 3 ? 10 : 1;
    const r = new Router(t, w);
    expect(r.pathTo(0, 3, 'hops')).toEqual([0, 3]);
    expect(r.pathTo(0, 3, 'latency')).toEqual([0, 1, 2, 3]);
    expect(r.distance(0, 3, 'latency')).toBe(3);
  });

  it('reports unreachable nodes in a disconnected graph', () => {
    const t = Topology.fromEdges(5, [0, 1, 3], [1, 2, 4]);
    const r = new Router(t, new Float64Array(t.links).fill(1));
    for (const metric of ['hops', 'latency'] as const) {
      expect(r.nextHop(0, 4, metric)).toBe(-1);
      expect(r.distance(0, 4, metric)).toBe(Infinity);
      expect(r.pathTo(0, 4, metric)).toEqual([]);
      expect(Array.from(r.parents(0, metric))).toEqual([-1, 0, 1, -1, -1]);
      expect(Array.from(r.tree(4, metric).dist)).toEqual([Infinity, Infinity, Infinity, 1, 0]);
    }
  });

  it('zero-weight links do not make parent cycles', () => {
    const ring = generateTopology({ kind: 'ring', nodes: 9 }, () => 0);
    const r = new Router(ring, new Float64Array(ring.links));
    for (let v = 0; v < 9; v++) {
      const path = r.pathTo(v, 4, 'latency');
      expect(path[0]).toBe(v);
      expect(path[path.length - 1]).toBe(4);
      expect(path.length).toBeLessThanOrEqual(9);
    }
  });

  it('rejects out-of-range nodes and mismatched weights', () => {
    expect(() => router.nextHop(12, 0, 'hops')).toThrow(RangeError);
    expect(() => router.tree(-1, 'hops')).toThrow(RangeError);
    expect(() => new Router(grid, new Float64Array(3))).toThrow(/link weights/);
    expect(() => new Router(grid, new Float64Array(grid.links).fill(-1))).toThrow(/≥ 0/);
  });

  it('makes weights given as a function once, on the first route that needs them', () => {
    let made = 0;
    const lazy = new Router(grid, () => { made++; return new Float64Array(grid.links).fill(5); });
    expect(lazy.nextHop(0, 11, 'hops')).toBe(router.nextHop(0, 11, 'hops'));
    expect(made).toBe(0);
    expect(lazy.distance(0, 11, 'latency')).toBe(router.distance(0, 11, 'latency'));
    expect(lazy.distance(3, 8, 'latency')).toBe(router.distance(3, 8, 'latency'));
    expect(made).toBe(1);
    const bad = new Router(grid, () => new Float64Array(grid.links).fill(-1));
    expect(() => bad.distance(0, 11, 'latency')).toThrow(/≥ 0/);
  });
});

describe('cache and scale', () => {
  it('reuses cached trees and evicts the least recently used', () => {
    const t = generateTopology({ kind: 'ring', nodes: 400 }, () => 0);
    const r = new Router(t, new Float64Array(t.links).fill(1));
    const first = r.tree(0, 'hops');
    expect(r.tree(0, 'hops')).toBe(first);
    expect(r.tree(0, 'latency')).not.toBe(first);
    for (let root = 1; root < 400; root++) { r.tree(root, 'hops'); r.tree(399, 'hops'); }
    const recent = r.tree(399, 'hops');
    expect(r.tree(0, 'hops')).not.toBe(first); // evicted after 256 other trees
    expect(r.tree(0, 'hops').dist).toEqual(first.dist);
    expect(r.tree(399, 'hops')).toBe(recent); // kept: used all along
  });

  it('routes on a 200,000-node grid', () => {
    const t = generateTopology({ kind: 'grid', width: 500, height: 400 }, () => 0);
    const r = new Router(t, new Float64Array(t.links).fill(2));
    expect(r.distance(0, t.nodes - 1, 'hops')).toBe(898);
    expect(r.distance(0, t.nodes - 1, 'latency')).toBe(1796);
    expect(r.pathTo(t.nodes - 1, 0, 'hops').length).toBe(899);
  });
});

describe('linkWeights', () => {
  it('uses edge-list latencies when present, else the mean', () => {
    const withLatency = Topology.fromEdges(3, [0, 1], [1, 2], [4, 7]);
    expect(Array.from(linkWeights(withLatency, { dist: 'constant', value: 1 }))).toEqual([4, 7]);
    const plain = Topology.fromEdges(3, [0, 1], [1, 2]);
    expect(Array.from(linkWeights(plain, { dist: 'uniform', min: 2, max: 4 }))).toEqual([3, 3]);
  });
});
