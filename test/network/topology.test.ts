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
});
