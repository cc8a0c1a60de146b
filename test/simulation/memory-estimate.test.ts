/**
 * The memory estimate works from the scenario alone; its link counts must match (or
 * bound) what the generators build, and its total must cover what a run really uses.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../src/engine/random.js';
import { generateTopology } from '../../src/network/generators.js';
import type { TopologySpec } from '../../src/network/topology-spec.js';
import { parseScenario } from '../../src/scenario/load.js';
import { loadScenario } from '../../src/scenario/load.js';
import { BYTES, estimateLinks, estimateMemory, formatBytes, peakQueuedEvents } from '../../src/simulation/memory-estimate.js';

const MiB = 2 ** 20, GiB = 2 ** 30;
const rr = (nodes: number, protocol: Record<string, unknown>) => parseScenario({ topology: { kind: 'random-regular', nodes, degree: 8 }, protocol });
const pushPull = { type: 'gossip', mode: 'push-pull', fanout: 1, stop: 'none' };

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
    // 48 M links cannot take less than their CSR and endpoints: 24 bytes each (a flood builds no routing weights).
    expect(large.offHeap).toBeGreaterThan(48_000_000 * 24);
  });

  it('charges routing weights and trees only to types that route', () => {
    const n = 1_000_000, links = 4_000_000;
    const flood = estimateMemory(rr(n, { type: 'broadcast' }), n);
    const unicast = estimateMemory(parseScenario({ topology: { kind: 'random-regular', nodes: n, degree: 8 }, protocol: { type: 'unicast' }, workload: [{ at: 0, from: 0, to: 1 }] }), n);
    // Weights, the tree cache (capped) and the router's scratch; unicast queues 10^6 events where the flood queues 8 × 10^6.
    const routing = links * BYTES.weightPerLink + BYTES.routeCacheMax + n * BYTES.routeScratchPerNode;
    expect(unicast.offHeap - flood.offHeap).toBe(routing - (8_000_000 - n) * BYTES.queuedEventOffHeap);
    const gossip = estimateMemory(rr(n, pushPull), n);
    expect(gossip.offHeap).toBeLessThan(unicast.offHeap);
  });

  it("queues gossip's events by node and fanout, not by link", () => {
    const one = estimateMemory(rr(1_000_000, pushPull), 1_000_000);
    const three = estimateMemory(rr(1_000_000, { ...pushPull, fanout: 3 }), 1_000_000);
    // fanout 1: a timer, a contact and an answer a node; fanout 3: a timer and 3 × 2.
    expect(three.offHeap - one.offHeap).toBe(1_000_000 * 4 * BYTES.queuedEventOffHeap);
  });

  it('counts the peak pending events the World reserves its queue for', () => {
    // A flood: every link busy both ways (40M links at 10^7 nodes of degree 8); gossip fanout 1: 3 a node.
    expect(peakQueuedEvents(rr(10_000_000, { type: 'broadcast' }), 10_000_000, 40_000_000)).toBe(80_000_000);
    expect(peakQueuedEvents(rr(10_000_000, pushPull), 10_000_000, 40_000_000)).toBe(30_000_000);
    // A tree keeps half a link's worth, but never less than one event a node.
    const tree = parseScenario({ topology: { kind: 'random-regular', nodes: 1000, degree: 8 }, protocol: { type: 'multicast' },
      groups: { g: [1, 2] }, workload: [{ at: 0, from: 0, group: 'g' }] });
    expect(peakQueuedEvents(tree, 1000, 1000)).toBe(1000);
    expect(peakQueuedEvents(tree, 1000, 4000)).toBe(2000);
  });

  it('covers the peaks bench/memory-probe.mjs measured (bench/RESULTS.md)', () => {
    // Flood, 10^6 nodes, degree 8: 215 MiB of heap, 546 MiB of typed arrays (4.4M messages in flight).
    const flood = estimateMemory(rr(1_000_000, { type: 'broadcast' }), 1_000_000);
    expect(flood.heap - 64 * MiB).toBeGreaterThan(215 * MiB);
    expect(flood.offHeap).toBeGreaterThan(546 * MiB);
    // Push-pull anti-entropy, 2 × 10^5 nodes: 153 MiB of heap, 64 MiB of typed arrays.
    const gossip = estimateMemory(rr(200_000, pushPull), 200_000);
    expect(gossip.heap - 64 * MiB).toBeGreaterThan(153 * MiB);
    expect(gossip.offHeap).toBeGreaterThan(64 * MiB);
  });

  it("lets the 10M-node flood and gossip of bench/scenarios run on a 24 GiB machine (85% of it)", () => {
    for (const name of ['broadcast-10m', 'gossip-10m']) {
      const s = loadScenario(new URL(`../../bench/scenarios/${name}.yaml`, import.meta.url).pathname);
      const e = estimateMemory(s, 10_000_000);
      expect(e.links).toBe(40_000_000);
      expect(e.total, name).toBeLessThan(0.85 * 24 * GiB);
      // The heap the memory guard then asks V8 for (1.5 × the estimate) fits beside the typed arrays.
      expect(1.5 * e.heap + e.offHeap, name).toBeLessThan(0.85 * 24 * GiB);
    }
  });

  it("charges an edge list's latencies twice: by link, and by half-edge in row order", () => {
    const dir = mkdtempSync(join(tmpdir(), 'castsim-estimate-'));
    const file = join(dir, 'g.edges');
    writeFileSync(file, '0 1 2.5\n1 2 3\n');
    const flood = { type: 'broadcast' };
    const listed = estimateMemory(parseScenario({ topology: { kind: 'edgelist', file }, protocol: flood }), 1_000_000, 4_000_000);
    const generated = estimateMemory(rr(1_000_000, flood), 1_000_000, 4_000_000);
    expect(listed.offHeap - generated.offHeap).toBe(4_000_000 * (2 * BYTES.latencyPerLink + BYTES.latencyPerHalfEdge));
  });

  it('formats sizes', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(30 * 2 ** 30)).toBe('30.0 GiB');
    expect(formatBytes(300 * 2 ** 30)).toBe('300 GiB');
  });
});
