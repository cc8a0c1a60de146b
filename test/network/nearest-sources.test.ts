import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../src/engine/random.js';
import { generateTopology } from '../../src/network/generators.js';
import { nearestTwoSources } from '../../src/network/nearest-sources.js';
import { Router } from '../../src/network/routing.js';

describe('nearestTwoSources', () => {
  it('equals the two best (distance, id) sources from per-source trees, by hops and by latency', () => {
    for (const seed of [1, 2, 3, 4]) {
      const rng = new RandomStreams(seed).stream('topology');
      const t = generateTopology({ kind: 'erdos-renyi', nodes: 150, p: 0.03 }, rng);
      const w = Float64Array.from({ length: t.links }, () => 1 + Math.floor(rng() * 9) + (rng() < 0.5 ? 0.25 : 0));
      const router = new Router(t, w);
      const sources = [...new Set(Array.from({ length: 12 }, () => Math.floor(rng() * 150)))];
      for (const metric of ['hops', 'latency'] as const) {
        const r = nearestTwoSources(t, metric === 'hops' ? null : w, sources);
        for (let v = 0; v < t.nodes; v++) {
          const ranked = sources
            .map((s) => ({ s, d: router.tree(s, metric).dist[v]! }))
            .filter((x) => x.d < Infinity)
            .sort((a, b) => a.d - b.d || a.s - b.s);
          expect([r.first[v], r.second[v]], `node ${v} ${metric} seed ${seed}`).toEqual([ranked[0]?.s ?? -1, ranked[1]?.s ?? -1]);
          if (ranked[0]) expect(r.firstDist[v]).toBeCloseTo(ranked[0].d, 9);
          if (ranked[1]) expect(r.secondDist[v]).toBeCloseTo(ranked[1].d, 9);
        }
      }
    }
  });

  it('a source is its own nearest at distance 0; unreachable nodes get −1', () => {
    const rng = new RandomStreams(1).stream('topology');
    const t = generateTopology({ kind: 'line', nodes: 5 }, rng);
    const r = nearestTwoSources(t, null, [3, 0]);
    expect([...r.first]).toEqual([0, 0, 3, 3, 3]);
    expect([...r.second]).toEqual([3, 3, 0, 0, 0]);
    expect([...r.firstDist]).toEqual([0, 1, 1, 0, 1]);
    const none = nearestTwoSources(t, null, []);
    expect([...none.first]).toEqual([-1, -1, -1, -1, -1]);
  });
});
