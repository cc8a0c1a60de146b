/**
 * The memory estimate works from the scenario alone; its link counts must match (or
 * bound) what the generators build, and its total must cover what a run really uses.
 */
import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../src/engine/random.js';
import { generateTopology } from '../../src/network/generators.js';
import type { TopologySpec } from '../../src/network/topology-spec.js';
import { parseScenario } from '../../src/scenario/load.js';
import { estimateLinks, estimateMemory, formatBytes } from '../../src/simulation/memory-estimate.js';

const specs: Array<[TopologySpec, 'exact' | 'bound' | 'mean']> = [
  [{ kind: 'complete', nodes: 40 }, 'exact'],
  [{ kind: 'ring', nodes: 40 }, 'exact'],
  [{ kind: 'line', nodes: 40 }, 'exact'],
  [{ kind: 'star', nodes: 40 }, 'exact'],
  [{ kind: 'tree', nodes: 40, branching: 3 }, 'exact'],
  [{ kind: 'grid', width: 7, height: 5 }, 'exact'],
  [{ kind: 'torus', width: 7, height: 5 }, 'exact'],
  [{ kind: 'random-regular', nodes: 40, degree: 4 }, 'exact'],
  [{ kind: 'watts-strogatz', nodes: 40, k: 4, beta: 0.3 }, 'exact'],
  [{ kind: 'barabasi-albert', nodes: 40, m: 2 }, 'bound'],
  [{ kind: 'erdos-renyi', nodes: 200, p: 0.1 }, 'mean'],
];

describe('memory estimate', () => {
  for (const [spec, how] of specs) {
    it(`estimates the links of ${spec.kind} (${how})`, () => {
      const t = generateTopology(spec, new RandomStreams(1).stream('topology'));
      const estimate = estimateLinks(spec, t.nodes);
      if (how === 'exact') expect(estimate).toBe(t.links);
      else if (how === 'bound') expect(estimate).toBeGreaterThanOrEqual(t.links);
      // G(n, p): links ~ Binomial(n(n−1)/2, p); 19900 pairs, p = 0.1: sd ≈ 42, so ±5 sd.
      else expect(Math.abs(estimate - t.links)).toBeLessThan(5 * Math.sqrt(19900 * 0.1 * 0.9));
    });
  }

  it('grows linearly in nodes and links, and splits heap from typed arrays', () => {
    const at = (nodes: number) => estimateMemory(parseScenario({ topology: { kind: 'random-regular', nodes, degree: 8 }, protocol: { type: 'broadcast' } }), nodes);
    const small = at(1_000_000), large = at(12_000_000);
    expect(large.links).toBe(48_000_000);
    expect(large.heap).toBeGreaterThan(10 * (small.heap - 64 * 2 ** 20));
    expect(large.offHeap).toBeGreaterThan(10 * small.offHeap * 0.9);
    expect(large.total).toBe(large.heap + large.offHeap);
    // 48 M links cannot take less than their CSR, endpoints and weights: 32 bytes each.
    expect(large.offHeap).toBeGreaterThan(48_000_000 * 32);
  });

  it('formats sizes', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(30 * 2 ** 30)).toBe('30.0 GiB');
    expect(formatBytes(300 * 2 ** 30)).toBe('300 GiB');
  });
});
