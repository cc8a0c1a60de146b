import { describe, expect, it } from 'vitest';
import { run } from '../support/run.js';

// Flooding with duplicate suppression: the source sends deg(s) copies and every
// other node forwards deg(v) − 1, so a connected graph costs Σdeg − (n−1) = 2|E| − (n−1).
describe('broadcast: flood', () => {
  it('5×5 grid from a corner, 100 ms links: 56 sent, 24 delivered, max hops 8, t100 800 ms', () => {
    const r = run({ topology: { kind: 'grid', width: 5, height: 5 }, link: { latency: 100 }, protocol: { type: 'broadcast', mode: 'flood' } });
    const edges = 5 * 4 + 4 * 5;
    expect(r.links).toBe(edges);
    expect(r.metrics.sent).toBe(2 * edges - 24);
    expect(r.metrics.sent).toBe(56);
    expect(r.metrics.delivered).toBe(24);
    expect(r.metrics.deliveryRatio).toBe(1);
    expect(r.metrics.hops.max).toBe(8);
    expect(r.metrics.convergence.t100).toBe(800);
    // Every node but the source receives one copy per neighbour (minus the one it forwards back
    // to nobody): receptions − first receptions.
    expect(r.metrics.duplicates).toBe(56 - 24);
  });

  it('complete graph on 25 nodes sends 2·300 − 24 = 576', () => {
    const r = run({ topology: { kind: 'complete', nodes: 25 }, protocol: { type: 'broadcast' } });
    expect(r.metrics.sent).toBe(576);
    expect(r.metrics.delivered).toBe(24);
    expect(r.metrics.hops.max).toBe(1);
  });

  it('a 25-node line from one end sends 24', () => {
    const r = run({ topology: { kind: 'line', nodes: 25 }, protocol: { type: 'broadcast' } });
    expect(r.metrics.sent).toBe(24);
    expect(r.metrics.hops.max).toBe(24);
    expect(r.metrics.duplicates).toBe(0);
  });

  it('matches 2|E| − (n−1) on random connected graphs', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const r = run({ seed, topology: { kind: 'random-regular', nodes: 300, degree: 4 }, link: { latency: { dist: 'exponential', mean: 10 } }, protocol: { type: 'broadcast' } });
      expect(r.metrics.delivered).toBe(299); // 4-regular random graphs are connected w.h.p.; delivery proves it here
      expect(r.metrics.sent).toBe(2 * r.links - 299);
    }
  });

  it('ttl bounds how far a flood travels', () => {
    const r = run({ topology: { kind: 'line', nodes: 10 }, protocol: { type: 'broadcast', ttl: 3 } });
    expect(r.metrics.delivered).toBe(3);
    expect(r.metrics.hops.max).toBe(3);
    expect(r.metrics.convergence.t100).toBeNull();
  });

  it('overlapping messages from several sources are each suppressed on their own: 2|E| − (n−1) apiece', () => {
    const r = run({
      topology: { kind: 'grid', width: 5, height: 5 },
      link: { latency: { dist: 'uniform', min: 1, max: 10 } },
      protocol: { type: 'broadcast' },
      workload: [{ at: 0, from: 0 }, { at: 1, from: 24 }, { at: 2, from: 12 }, { at: 2, from: 0 }],
    });
    expect(r.metrics.messages).toBe(4);
    expect(r.metrics.delivered).toBe(4 * 24);
    expect(r.metrics.sent).toBe(4 * (2 * 40 - 24));
  });

  it('a run of more messages than get a bit per node (32) suppresses each one on its own too', () => {
    // 40 messages from all over the grid, overlapping in time: the first 32 are kept in bits,
    // the later ones in sets (broadcast.ts, DENSE_MESSAGES); each costs 2|E| − (n−1) = 56 sends.
    const workload = Array.from({ length: 40 }, (_, i) => ({ at: i / 4, from: (i * 7) % 25 }));
    const r = run({
      topology: { kind: 'grid', width: 5, height: 5 },
      link: { latency: { dist: 'uniform', min: 1, max: 10 } },
      protocol: { type: 'broadcast' },
      workload,
    });
    expect(r.metrics.messages).toBe(40);
    expect(r.metrics.delivered).toBe(40 * 24);
    expect(r.metrics.sent).toBe(40 * 56);
    expect(r.metrics.duplicates).toBe(40 * (56 - 24));
  });
});

describe('broadcast: tree', () => {
  it('sends exactly n − 1 on any connected graph and delivers to all', () => {
    const graphs = [
      { kind: 'grid', width: 7, height: 5 },
      { kind: 'complete', nodes: 30 },
      { kind: 'random-regular', nodes: 200, degree: 3 },
      { kind: 'watts-strogatz', nodes: 150, k: 4, beta: 0.3 },
      { kind: 'barabasi-albert', nodes: 150, m: 2 },
      { kind: 'tree', nodes: 100, branching: 3 },
    ];
    for (const topology of graphs) {
      const r = run({ topology, link: { latency: { dist: 'uniform', min: 1, max: 9 } }, protocol: { type: 'broadcast', mode: 'tree' }, workload: [{ at: 0, from: 5 }] });
      expect(r.metrics.delivered, topology.kind).toBe(r.nodes - 1);
      expect(r.metrics.sent, topology.kind).toBe(r.nodes - 1);
      expect(r.metrics.duplicates).toBe(0);
    }
  });

  it('hops equal BFS distance from the source', () => {
    const r = run({ topology: { kind: 'grid', width: 6, height: 4 }, protocol: { type: 'broadcast', mode: 'tree' }, workload: [{ at: 0, from: 0 }] });
    // Corner to far corner of a 6×4 grid: 5 + 3 hops.
    expect(r.metrics.hops.max).toBe(8);
    expect(r.metrics.hops.min).toBe(1);
  });
});
