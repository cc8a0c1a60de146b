/**
 * `--transport ws`: the same plug-ins over real WebSockets on loopback. On a
 * loss-free network the counts (expected, delivered, transmissions, duplicates)
 * must equal the simulator's exactly for every type whose behaviour does not
 * depend on timing. Timers that could race real delays (reliable's retransmission)
 * are set far above the injected latency, so any difference is a transport bug.
 */
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/load.js';
import { simulate } from '../../src/simulation/simulate.js';
import { runOverSockets } from '../../src/transport/run-over-sockets.js';

const TOPOLOGIES = {
  ring: { kind: 'ring', nodes: 10 },
  grid: { kind: 'grid', width: 4, height: 4 },
  random: { kind: 'random-regular', nodes: 16, degree: 3 },
} as const;

const group = { g: [1, 4, 6, 9] };
const slowTimers = { timeout: 5000, maxTimeout: 10000 };
const CASES: Record<string, Record<string, unknown>> = {
  'unicast': { protocol: { type: 'unicast' }, workload: [{ at: 0, from: 0, to: 7 }, { at: 2, from: 3, to: 8 }, { at: 2, from: 9, to: 2 }] },
  'unicast end-to-end': { protocol: { type: 'unicast', retransmit: 'end-to-end', ...{ timeout: 5000 } }, workload: [{ at: 0, from: 0, to: 7 }, { at: 1, from: 5, to: 1 }] },
  'multicast source-tree': { protocol: { type: 'multicast', group: 'g' }, groups: group, workload: [{ at: 0, from: 1 }, { at: 3, from: 9 }] },
  'multicast shared-tree': { protocol: { type: 'multicast', group: 'g', mode: 'shared-tree' }, groups: group, workload: [{ at: 0, from: 4 }] },
  'multicast unicast-each': { protocol: { type: 'multicast', group: 'g', mode: 'unicast-each' }, groups: group, workload: [{ at: 0, from: 6 }] },
  'broadcast flood': { protocol: { type: 'broadcast' }, workload: [{ at: 0, from: 0 }, { at: 1, from: 5 }] },
  'broadcast tree': { protocol: { type: 'broadcast', mode: 'tree' }, workload: [{ at: 0, from: 3 }] },
  'anycast hops': { protocol: { type: 'anycast', group: 'g' }, groups: group, workload: [{ at: 0, from: 0 }, { at: 0, from: 3 }, { at: 1, from: 8 }, { at: 2, from: 2 }] },
  'anycast latency': { protocol: { type: 'anycast', group: 'g', select: 'latency' }, groups: group, workload: [{ at: 0, from: 7 }, { at: 1, from: 2 }] },
  'reliable fifo': { protocol: { type: 'reliable', group: 'g', order: 'fifo', ...slowTimers }, groups: group, workload: [{ at: 0, from: 1 }, { at: 0, from: 4 }, { at: 1, from: 1 }] },
  'reliable causal': { protocol: { type: 'reliable', group: 'g', order: 'causal', ...slowTimers }, groups: group, workload: [{ at: 0, from: 6 }, { at: 2, from: 9 }] },
};

function scenario(topology: object, c: Record<string, unknown>) {
  return parseScenario({ name: 'transport-test', seed: 3, topology, link: { latency: { dist: 'uniform', min: 1, max: 3 } }, ...c }, 'transport-test.yaml');
}

const counts = (m: { expected: number; delivered: number; sent: number; dropped: number; duplicates: number; messages: number }) =>
  ({ messages: m.messages, expected: m.expected, delivered: m.delivered, sent: m.sent, dropped: m.dropped, duplicates: m.duplicates });

describe('--transport ws counts equal the simulator on loss-free networks', () => {
  for (const [topoName, topology] of Object.entries(TOPOLOGIES)) {
    for (const [caseName, c] of Object.entries(CASES)) {
      it(`${caseName} on a ${topoName}`, async () => {
        const s = scenario(topology, c);
        const sim = simulate(s);
        const ws = await runOverSockets(s, { timeScale: 1 });
        expect(sim.metrics.delivered).toBeGreaterThan(0);
        expect(counts(ws.metrics)).toEqual(counts(sim.metrics));
        expect(ws).toMatchObject({ transport: 'ws', deterministic: false, stop: 'idle', topologyFingerprint: sim.topologyFingerprint });
        // Hops of the first copy can differ only where timing picks which copy arrives first (flooding).
        if (!caseName.startsWith('broadcast flood')) expect(ws.metrics.hops).toEqual(sim.metrics.hops);
        // Real time: every latency is at least the injected minimum per hop (less the timer clock's 1 ms granularity).
        expect(ws.metrics.latency.min!).toBeGreaterThan(sim.metrics.hops.min! * 1 - 1);
      });
    }
  }
});

describe('--transport ws gossip: compared by its coverage curve', () => {
  it('push-pull on a random graph: both informs everyone; rounds to 50% and 100% agree within a round on average over seeds', async () => {
    const seeds = [1, 2, 3, 4, 5];
    const r = { sim50: 0, ws50: 0, sim100: 0, ws100: 0 };
    for (const seed of seeds) {
      const s = parseScenario({
        name: 'gossip', seed, topology: { kind: 'random-regular', nodes: 24, degree: 4 }, link: { latency: { dist: 'uniform', min: 1, max: 3 } },
        protocol: { type: 'gossip', mode: 'push-pull', fanout: 2, interval: 150, stop: { rounds: 6 } },
      }, 'gossip.yaml');
      const sim = simulate(s);
      const ws = await runOverSockets(s);
      for (const res of [sim, ws]) {
        const g = res.metrics.gossip as { coverage: Array<[number, number]>; roundsTo: { r50: number; r100: number } };
        expect(g.coverage.at(-1)![1]).toBe(1);
        // A coverage curve never falls.
        for (let k = 1; k < g.coverage.length; k++) expect(g.coverage[k]![1]).toBeGreaterThanOrEqual(g.coverage[k - 1]![1]);
      }
      const gs = sim.metrics.gossip as { roundsTo: { r50: number; r100: number } }, gw = ws.metrics.gossip as typeof gs;
      r.sim50 += gs.roundsTo.r50; r.ws50 += gw.roundsTo.r50; r.sim100 += gs.roundsTo.r100; r.ws100 += gw.roundsTo.r100;
      expect(ws.metrics.delivered).toBe(sim.metrics.delivered);
    }
    // Push-pull with fanout 2 on 24 nodes finishes in about log₃ 24 ≈ 3 rounds; its spread over seeds is under a round.
    expect(Math.abs(r.sim50 - r.ws50) / seeds.length).toBeLessThanOrEqual(1);
    expect(Math.abs(r.sim100 - r.ws100) / seeds.length).toBeLessThanOrEqual(1);
  });
});

describe('--transport ws injects loss', () => {
  it('every transmission is lost with loss 1: nothing is delivered, every send is a drop', async () => {
    const s = parseScenario({ name: 'lossy', topology: TOPOLOGIES.grid, link: { latency: 1, loss: 1 }, protocol: { type: 'broadcast' } }, 'lossy.yaml');
    const ws = await runOverSockets(s);
    expect(ws.metrics.delivered).toBe(0);
    expect(ws.metrics.sent).toBe(2); // the corner's two neighbours
    expect(ws.metrics.dropped).toBe(2);
  });

  it('with loss 0.3 the drop fraction over many transmissions is within 4 standard deviations of 0.3', async () => {
    const s = parseScenario({
      name: 'lossy', seed: 5, topology: { kind: 'ring', nodes: 6 }, link: { latency: 1, loss: 0.3 },
      protocol: { type: 'unicast', retransmit: 'hop-by-hop', timeout: 50, maxRetries: 50 },
      workload: [{ every: 1, count: 60, from: 0, to: 3 }],
    }, 'lossy.yaml');
    const ws = await runOverSockets(s);
    const p = ws.metrics.dropped / ws.metrics.sent;
    const sd = Math.sqrt(0.3 * 0.7 / ws.metrics.sent);
    expect(ws.metrics.sent).toBeGreaterThan(300);
    expect(Math.abs(p - 0.3)).toBeLessThan(4 * sd);
  });
});
