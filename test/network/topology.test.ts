import { describe, expect, it } from 'vitest';
import { Topology } from '../../src/network/topology.js';

describe('Topology.fromEdges', () => {
  it('drops self-loops and repeats (first latency wins) and sorts every row', () => {
    const t = Topology.fromEdges(5, [3, 1, 0, 1, 4, 2, 2], [1, 3, 4, 1, 0, 0, 4], [7, 8, 9, 1, 2, 3, 4]);
    expect(t.links).toBe(4); // 1-3, 0-4, 0-2, 2-4 (3-1 and 4-0 repeat, 1-1 loops)
    expect([...t.neighbors(0)]).toEqual([2, 4]);
    expect([...t.neighbors(4)]).toEqual([0, 2]);
    expect([...t.neighbors(1)]).toEqual([3]);
    expect(t.linkLatency![t.linkBetween(1, 3)]).toBe(7);
    expect(t.linkLatency![t.linkBetween(4, 0)]).toBe(9);
    expect(t.linkBetween(0, 1)).toBe(-1);
    expect(t.maxDegree()).toBe(2);
  });

  it('agrees with a naive construction on a random multigraph', () => {
    let s = 12345;
    const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const n = 200, us: number[] = [], vs: number[] = [];
    for (let i = 0; i < 3000; i++) { us.push(Math.floor(rnd() * n)); vs.push(Math.floor(rnd() * n)); }
    const t = Topology.fromEdges(n, us, vs);
    const naive = Array.from({ length: n }, () => new Set<number>());
    us.forEach((u, i) => { if (u !== vs[i]) { naive[u]!.add(vs[i]!); naive[vs[i]!]!.add(u); } });
    let links = 0;
    for (let v = 0; v < n; v++) {
      expect([...t.neighbors(v)]).toEqual([...naive[v]!].sort((a, b) => a - b));
      links += naive[v]!.size;
      for (const w of t.neighbors(v)) {
        const l = t.linkBetween(v, w);
        expect([t.linkU[l], t.linkV[l]]).toEqual([Math.min(v, w), Math.max(v, w)]);
      }
    }
    expect(t.links).toBe(links / 2);
  });

  it('numbers links in (lower, higher) order and keeps the first latency of a repeat, with hubs longer than a short row', () => {
    let s = 777;
    const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const n = 300, us: number[] = [], vs: number[] = [], lat: number[] = [];
    for (let i = 0; i < 6000; i++) {
      // Node 0 and node 7 are hubs (rows of hundreds), the rest random, with many repeats.
      const a = i % 3 === 0 ? 0 : i % 5 === 0 ? 7 : Math.floor(rnd() * n), b = Math.floor(rnd() * n);
      if (rnd() < 0.5) { us.push(a); vs.push(b); } else { us.push(b); vs.push(a); }
      lat.push(i);
    }
    const t = Topology.fromEdges(n, us, vs, lat);
    // The naive answer: first occurrence of each unordered pair, pairs sorted.
    const first = new Map<number, number>();
    us.forEach((u, i) => { const v = vs[i]!; if (u !== v) { const key = Math.min(u, v) * n + Math.max(u, v); if (!first.has(key)) first.set(key, lat[i]!); } });
    const pairs = [...first.keys()].sort((a, b) => a - b);
    expect(t.links).toBe(pairs.length);
    expect(t.degree(0)).toBeGreaterThan(64);
    pairs.forEach((key, l) => {
      expect([t.linkU[l], t.linkV[l]]).toEqual([Math.floor(key / n), key % n]);
      expect(t.linkLatency![l]).toBe(first.get(key));
    });
    // The same latencies by half-edge, in row order, as LinkModel reads them.
    expect(t.slotLatency!.length).toBe(t.targets.length);
    for (let k = 0; k < t.targets.length; k++) expect(t.slotLatency![k]).toBe(t.linkLatency![t.linkOf[k]!]);
  });

  it('builds the same rows, links and latencies as a naive construction when no pair repeats, hubs included', () => {
    // A hub (node 0, linked to everyone) and a shuffled ring: no pair twice, rows past a short row's length.
    const n = 120, pairs: [number, number][] = [];
    for (let v = 1; v < n; v++) pairs.push(v % 2 ? [0, v] : [v, 0]);
    for (let v = 1; v < n; v++) pairs.push([v, v % (n - 1) + 1]);
    let s = 99;
    for (let i = pairs.length - 1; i > 0; i--) { s = (Math.imul(s, 1103515245) + 12345) >>> 0; const j = s % (i + 1); [pairs[i], pairs[j]] = [pairs[j]!, pairs[i]!]; }
    const lat = pairs.map((_, i) => i + 0.25);
    const t = Topology.fromEdges(n, pairs.map((p) => p[0]), pairs.map((p) => p[1]), lat);
    const keyed = new Map(pairs.map(([a, b], i) => [Math.min(a, b) * n + Math.max(a, b), lat[i]!]));
    const sorted = [...keyed.keys()].sort((a, b) => a - b);
    expect(t.links).toBe(sorted.length);
    sorted.forEach((key, l) => {
      expect([t.linkU[l], t.linkV[l], t.linkLatency![l]]).toEqual([Math.floor(key / n), key % n, keyed.get(key)]);
    });
    for (let v = 0; v < n; v++) {
      const want = [...keyed.keys()].filter((k) => Math.floor(k / n) === v || k % n === v).map((k) => (Math.floor(k / n) === v ? k % n : Math.floor(k / n))).sort((a, b) => a - b);
      expect([...t.neighbors(v)]).toEqual(want);
      for (let k = t.offsets[v]!; k < t.offsets[v + 1]!; k++) {
        const l = t.linkOf[k]!;
        expect([t.linkU[l], t.linkV[l]]).toEqual([Math.min(v, t.targets[k]!), Math.max(v, t.targets[k]!)]);
        expect(t.slotLatency![k]).toBe(t.linkLatency![l]);
      }
    }
    expect(t.degree(0)).toBe(n - 1);
  });

  it('has latency by half-edge exactly when it has latency by link', () => {
    expect(Topology.fromEdges(3, [0, 1], [1, 2]).slotLatency).toBeNull();
    expect(Array.from(Topology.fromEdges(3, [2, 1], [1, 0], [5, 6]).slotLatency!)).toEqual([6, 6, 5, 5]);
  });
});
