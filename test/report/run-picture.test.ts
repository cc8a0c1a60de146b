import { describe, expect, it } from 'vitest';
import { RunPictureObserver } from '../../src/observe/run-picture.js';
import { loadScenario } from '../../src/scenario/load.js';
import { buildTopology, simulate } from '../../src/simulation/simulate.js';
import { DeliveryLog } from '../support/trace-collector.js';

const bundled = (name: string) => loadScenario(new URL(`../../scenarios/${name}.yaml`, import.meta.url).pathname);

describe('RunPictureObserver agrees with the run metrics', () => {
  for (const name of ['flood-grid', 'flood-random-1k', 'reliable-total-lossy', 'gossip-partition-heal', 'anycast-failover', 'multicast-churn', 'unicast-lossy']) {
    it(name, () => {
      const scenario = bundled(name);
      const topology = buildTopology(scenario);
      const pic = new RunPictureObserver(topology.nodes, 2000);
      const log = new DeliveryLog();
      const r = simulate(scenario, { topology, observers: [pic, log] });
      const p = pic.result();
      const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
      expect(sum(p.deliveries.map((b) => b.count))).toBe(r.metrics.delivered);
      expect(sum(p.latency.map((b) => b.count))).toBe(r.metrics.delivered);
      expect(sum(p.hops.map((h) => h.count))).toBe(r.metrics.delivered);
      expect(sum(p.traffic.map((b) => b.data + b.ack + b.control))).toBe(r.metrics.sent);
      expect(sum(p.traffic.map((b) => b.drop))).toBe(r.metrics.dropped);
      expect(sum(p.traffic.map((b) => b.duplicate))).toBe(r.metrics.duplicates);
      // The latency bins end with the one holding the largest latency.
      if (r.metrics.latency.max !== null) {
        expect(p.latency.at(-1)!.start).toBeLessThanOrEqual(r.metrics.latency.max);
        expect(p.latency.at(-1)!.end).toBeGreaterThan(r.metrics.latency.max);
      }
      // Per-node facts about message 0: the delivery time is the first delivery of it there.
      const f = p.nodes!;
      const first = new Map<number, number>();
      for (const d of log.deliveries) if (d.msg === 0 && !first.has(d.node)) first.set(d.node, d.t - d.sentAt);
      for (let v = 0; v < topology.nodes; v++) {
        if (first.has(v) && v !== f.source) expect(f.deliveredAt[v]).toBe(first.get(v));
      }
    });
  }

  it('the delivery tree of a flood on a grid is a spanning tree over real links, parents delivering first', () => {
    const scenario = bundled('flood-grid');
    const topology = buildTopology(scenario);
    const pic = new RunPictureObserver(topology.nodes, 2000);
    simulate(scenario, { topology, observers: [pic] });
    const f = pic.result().nodes!;
    expect(f.source).toBe(0);
    expect(f.parent[0]).toBe(-1);
    expect([...f.expected]).toEqual([0, ...Array(24).fill(1)]);
    for (let v = 1; v < topology.nodes; v++) {
      const u = f.parent[v]!;
      expect(topology.linkBetween(u, v)).toBeGreaterThanOrEqual(0);
      if (u !== 0) expect(f.deliveredAt[u]!).toBeLessThan(f.deliveredAt[v]!);
    }
  });

  it('marks the nodes a partition cuts off from the source, and none other', () => {
    const scenario = bundled('gossip-partition-heal');
    const topology = buildTopology(scenario);
    const pic = new RunPictureObserver(topology.nodes, 2000);
    simulate(scenario, { topology, observers: [pic] });
    const f = pic.result().nodes!;
    // Source 0 is on the listed side 0..19; the other 80 nodes are cut off.
    expect([...f.cutOff].map((c, v) => (c ? v : -1)).filter((v) => v >= 0)).toEqual(Array.from({ length: 80 }, (_, i) => i + 20));
  });

  it('marks crashed nodes: 2 when still down at the end', () => {
    const scenario = bundled('anycast-failover');
    const topology = buildTopology(scenario);
    const pic = new RunPictureObserver(topology.nodes, 2000);
    simulate(scenario, { topology, observers: [pic] });
    const crashed = pic.result().nodes!.crashed;
    expect([...crashed].map((c, v) => (c ? `${v}:${c}` : '')).filter(Boolean)).toEqual(['63:2']);
  });

  it('keeps no per-node facts above the drawing limit', () => {
    const o = new RunPictureObserver(5000, 2000);
    expect(o.result().nodes).toBeNull();
  });
});
