import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import type { GossipMetricsResult } from '../../src/protocols/gossip-metrics.js';
import type { ProtocolPlugin } from '../../src/api/process.js';
import type { Observer, TraceEvent } from '../../src/api/trace.js';
import { gossip } from '../../src/protocols/gossip.js';
import { choosePartners } from '../../src/protocols/gossip-partners.js';
import { coverageChart } from '../../src/report/coverage-chart.js';
import { ScenarioError } from '../../src/scenario/errors.js';
import { parseScenario } from '../../src/scenario/load.js';
import { buildTopology, simulate, type RunResult } from '../../src/simulation/simulate.js';
import { ProtocolError } from '../../src/simulation/world.js';
import { castsim } from '../support/cli.js';
import { run } from '../support/run.js';
import { DeliveryLog } from '../support/trace-collector.js';

const block = (r: RunResult) => r.metrics.gossip as GossipMetricsResult;

/** Every transmission, as the trace shows it. */
class Sends implements Observer {
  readonly list: Array<{ t: number; node: number; peer: number; link: number; label: string; msg: number }> = [];
  event(e: TraceEvent): void {
    if (e.type === 'send') this.list.push({ t: e.t, node: e.node, peer: e.peer, link: e.link, label: e.label, msg: e.msg });
  }
  count(label: string): number { return this.list.filter((s) => s.label === label).length; }
}

/** Hop distances from `source` by breadth-first search over the scenario's topology, written here independently. */
function bfs(raw: Record<string, unknown>, source: number): Int32Array {
  const topo = buildTopology(parseScenario(raw, '<test>'));
  const dist = new Int32Array(topo.nodes).fill(-1);
  dist[source] = 0;
  const queue = [source];
  for (let i = 0; i < queue.length; i++) {
    const u = queue[i]!;
    for (const v of topo.neighbors(u)) if (dist[v] === -1) { dist[v] = dist[u]! + 1; queue.push(v); }
  }
  return dist;
}

function maxDegree(raw: Record<string, unknown>): number {
  return buildTopology(parseScenario(raw, '<test>')).maxDegree();
}

describe('gossip: exact behaviour', () => {
  // fanout ≥ every degree and stop after one round: each node pushes to all its neighbours
  // exactly once, in the round after it learned the rumor: a flood paced by rounds.
  const graphs = [
    { kind: 'grid', width: 9, height: 6 },
    { kind: 'random-regular', nodes: 300, degree: 4 },
    { kind: 'watts-strogatz', nodes: 200, k: 4, beta: 0.2 },
    { kind: 'barabasi-albert', nodes: 150, m: 2 },
    { kind: 'tree', nodes: 120, branching: 3 },
  ];
  for (const topology of graphs) {
    it(`${topology.kind}: every node is informed in round = hops = its BFS distance`, () => {
      const interval = 50;
      const base = { seed: 4, topology, link: { latency: { dist: 'uniform', min: 1, max: 45 } } };
      const source = 3;
      const fanout = maxDegree({ ...base, protocol: { type: 'gossip' } });
      const raw = { ...base, protocol: { type: 'gossip', mode: 'push', fanout, interval, stop: { rounds: 1 } }, workload: [{ at: 0, from: source }] };
      const dist = bfs(raw, source);
      const log = new DeliveryLog(), sends = new Sends();
      const r = simulate(parseScenario(raw, '<test>'), { observers: [log, sends] });
      const n = r.nodes;
      expect(dist.every((d) => d >= 0), 'the test graph is connected').toBe(true);
      expect(log.deliveries.length).toBe(n - 1);
      for (const d of log.deliveries) {
        expect(Math.floor(d.t / interval) + 1, `round of node ${d.node}`).toBe(dist[d.node]);
        expect(d.hops, `hops of node ${d.node}`).toBe(dist[d.node]);
      }
      // Each node sends once to each neighbour: 2|E| transmissions; all but n − 1 arrive as duplicates.
      expect(r.metrics.sent).toBe(2 * r.links);
      expect(r.metrics.duplicates).toBe(2 * r.links - (n - 1));
      expect(sends.list.every((s) => s.t % interval === 0 && s.label === 'push' && s.link >= 0)).toBe(true);
      const g = block(r);
      const ecc = Math.max(...dist);
      expect(g.roundsTo.r100).toBe(ecc);
      expect(g.rounds).toBe(ecc + 1); // the farthest nodes push once more, to nodes that know
      expect(g.residue).toBe(0);
      // Coverage at the end of round k: the source and every node within k hops.
      g.coverage.forEach(([t, f], k) => {
        expect(t).toBe(k * interval);
        expect(f).toBeCloseTo(dist.filter((d) => d <= k).length / n, 7);
      });
      expect(g.trafficPerNode).toBeCloseTo(2 * r.links / n, 7);
      expect(g.redundancy).toBeCloseTo(r.metrics.duplicates / r.metrics.delivered, 7);
    });
  }

  it('coverage never decreases and ends at 1 − residue when a crash cuts the graph', () => {
    // A 20-node line with node 10 down from the start: nodes 11..19 can never hear the rumor.
    const r = run({
      topology: { kind: 'line', nodes: 20 }, link: { latency: 3 },
      faults: [{ at: 0, crash: [10] }],
      protocol: { type: 'gossip', mode: 'push-pull', fanout: 2, stop: 'none', maxRounds: 60 },
    });
    const g = block(r);
    // Expected: the 18 live others; informed: the source and nodes 1..9.
    expect(r.metrics.expected).toBe(18);
    expect(r.metrics.delivered).toBe(9);
    expect(g.residue).toBeCloseTo(9 / 19, 7);
    for (let k = 1; k < g.coverage.length; k++) expect(g.coverage[k]![1]).toBeGreaterThanOrEqual(g.coverage[k - 1]![1]);
    expect(g.coverage.at(-1)![1]).toBeCloseTo(1 - g.residue!, 7);
    // Half of the 19 is 10 nodes: the source and 1..9, the last of them informed in round 9.
    expect(g.roundsTo.r50).toBe(9);
    expect(g.roundsTo.r90).toBeNull();
    // Anti-entropy cannot finish, so the rumor runs for exactly maxRounds rounds.
    expect(g.rounds).toBe(60);
    expect(r.stop).toBe('idle');
  });

  it('{rounds: N}: every informed node pushes exactly N × fanout times', () => {
    for (const [N, fanout] of [[1, 1], [2, 3], [4, 2]] as const) {
      const r = run({ seed: N, topology: { kind: 'ring', nodes: 300 }, protocol: { type: 'gossip', peers: 'all', fanout, stop: { rounds: N } } });
      expect(r.metrics.sent).toBe((r.metrics.delivered + 1) * N * fanout);
    }
  });

  it('a blind counter is the same rule as {rounds: k}: identical runs', () => {
    const common = { seed: 9, topology: { kind: 'random-regular', nodes: 200, degree: 6 } };
    const a = run({ ...common, protocol: { type: 'gossip', fanout: 2, stop: { rounds: 3 } } });
    const b = run({ ...common, protocol: { type: 'gossip', fanout: 2, stop: { counter: 3, feedback: false } } });
    expect(b.fingerprint).toBe(a.fingerprint);
  });

  it('{counter: k, feedback: true}: each informed node hears exactly k "already knew" replies', () => {
    // Push, fanout 1, latency below the round: a node's one push per round is answered in the
    // same round, so it stops at its k-th feedback and no later feedback is addressed to it.
    for (const k of [1, 2, 3]) {
      const sends = new Sends();
      const r = simulate(parseScenario({ seed: k, topology: { kind: 'ring', nodes: 400 }, link: { latency: 10 },
        protocol: { type: 'gossip', peers: 'all', stop: { counter: k, feedback: true } } }, '<test>'), { observers: [sends] });
      const informed = r.metrics.delivered + 1;
      expect(sends.count('feedback')).toBe(k * informed);
      expect(r.metrics.duplicates).toBe(k * informed); // every push to a node that knew drew one feedback
      expect(sends.count('push')).toBe(r.metrics.delivered + r.metrics.duplicates);
    }
  });

  it('pull: the rumor travels only in replies to pulls; push never pulls', () => {
    const log = new DeliveryLog(), sends = new Sends();
    const r = simulate(parseScenario({ topology: { kind: 'ring', nodes: 200 }, protocol: { type: 'gossip', mode: 'pull', peers: 'all', stop: 'none' } }, '<test>'), { observers: [log, sends] });
    expect(r.metrics.delivered).toBe(199);
    expect(new Set(sends.list.map((s) => s.label))).toEqual(new Set(['pull', 'reply']));
    expect(sends.list.filter((s) => s.msg >= 0).every((s) => s.label === 'reply')).toBe(true);
    const push = new Sends();
    simulate(parseScenario({ topology: { kind: 'ring', nodes: 200 }, protocol: { type: 'gossip', mode: 'push', peers: 'all' } }, '<test>'), { observers: [push] });
    expect(new Set(push.list.map((s) => s.label))).toEqual(new Set(['push']));
  });

  it('peers: all reaches non-neighbours over overlay links (link −1) that obey the link model', () => {
    const sends = new Sends();
    const r = simulate(parseScenario({ topology: { kind: 'ring', nodes: 500 }, protocol: { type: 'gossip', mode: 'push-pull', peers: 'all' } }, '<test>'), { observers: [sends] });
    expect(r.metrics.delivered).toBe(499);
    expect(sends.list.filter((s) => s.link === -1).length).toBeGreaterThan(sends.list.length * 0.9);
    expect(block(r).roundsTo.r100!).toBeLessThan(30); // a ring by its own links would need ≥ 250 rounds
    const lost = run({ topology: { kind: 'ring', nodes: 50 }, link: { loss: 1 }, protocol: { type: 'gossip', peers: 'all', stop: { rounds: 2 } } });
    expect(lost.metrics.delivered).toBe(0);
    expect(lost.metrics.dropped).toBe(lost.metrics.sent);
    expect(lost.metrics.sent).toBe(2); // the source's two rounds, then the rumor is over
  });

  it('a plug-in without the overlay flag still may not send past its neighbours', () => {
    const rogue: ProtocolPlugin<Record<string, never>> = {
      type: 'rogue', description: 'sends to a non-neighbour', options: gossip.options as never,
      expected: () => [], createProcess: () => ({ request: (ctx) => ctx.send(ctx.id + 2, { kind: 'x' }) }),
    };
    const scenario = parseScenario({ topology: { kind: 'line', nodes: 5 }, protocol: { type: 'rogue' } }, '<test>');
    expect(() => simulate(scenario, { protocols: [rogue] })).toThrow(ProtocolError);
  });

  it('crashed nodes are never chosen as partners, and not expected', () => {
    const crashed = Array.from({ length: 40 }, (_, i) => 2 * i + 1);
    const sends = new Sends();
    const r = simulate(parseScenario({
      topology: { kind: 'ring', nodes: 200 }, faults: [{ at: 0, crash: crashed }],
      protocol: { type: 'gossip', mode: 'push-pull', peers: 'all', fanout: 3 },
    }, '<test>'), { observers: [sends] });
    expect(r.metrics.expected).toBe(159);
    expect(r.metrics.delivered).toBe(159);
    const down = new Set(crashed);
    expect(sends.list.some((s) => down.has(s.peer))).toBe(false);
    expect(r.metrics.dropped).toBe(0);
  });

  it('a node that recovers resumes and is informed', () => {
    const log = new DeliveryLog();
    const r = simulate(parseScenario({
      topology: { kind: 'ring', nodes: 100 }, link: { latency: 5 },
      faults: [{ at: 150, crash: [0, 7] }, { at: 900, recover: [7] }],
      protocol: { type: 'gossip', mode: 'pull', peers: 'all', stop: 'none' },
    }, '<test>'), { observers: [log] });
    // 0 (the source) stays down; the rumor had spread beyond it before the crash.
    expect(r.metrics.expected).toBe(99);
    expect(r.metrics.delivered).toBe(99);
    expect(log.deliveries.find((d) => d.node === 7)!.t).toBeGreaterThan(900);
  });

  it('anti-entropy informs a node that comes back after everyone else knew', () => {
    for (const mode of ['push', 'pull', 'push-pull']) {
      const log = new DeliveryLog();
      const r = simulate(parseScenario({
        topology: { kind: 'ring', nodes: 100 }, link: { latency: 5 },
        // Node 5 is up when the message is sent (so expected), down while it spreads.
        faults: [{ at: 1, crash: [5] }, { at: 5000, recover: [5] }],
        protocol: { type: 'gossip', mode, peers: 'all', stop: 'none' },
      }, '<test>'), { observers: [log] });
      const others = log.deliveries.filter((d) => d.node !== 5);
      expect(others.length, mode).toBe(98);
      expect(Math.max(...others.map((d) => d.t)), mode).toBeLessThan(5000);
      expect(log.deliveries.find((d) => d.node === 5)?.t, mode).toBeGreaterThan(5000);
      expect(r.metrics.deliveryRatio, mode).toBe(1);
    }
  });

  it('sync rounds start at multiples of interval; phase: random gives each node its own offset', () => {
    const rounds = (phase: string) => {
      const sends = new Sends();
      simulate(parseScenario({ topology: { kind: 'ring', nodes: 100 }, link: { latency: 4 },
        protocol: { type: 'gossip', mode: 'pull', peers: 'all', interval: 80, phase, stop: 'none' } }, '<test>'), { observers: [sends] });
      const offsets = new Map<number, Set<number>>();
      for (const s of sends.list.filter((x) => x.label === 'pull')) {
        const set = offsets.get(s.node) ?? new Set<number>();
        set.add(Number((s.t % 80).toFixed(6)));
        offsets.set(s.node, set);
      }
      return offsets;
    };
    const sync = rounds('sync');
    expect([...sync.values()].every((s) => s.size === 1 && s.has(0))).toBe(true);
    const random = rounds('random');
    expect([...random.values()].every((s) => s.size === 1)).toBe(true); // one offset per node
    expect(new Set([...random.values()].map((s) => [...s][0])).size).toBeGreaterThan(90);
  });

  it('several messages each reach everyone; coverage describes the first', () => {
    const r = run({
      topology: { kind: 'random-regular', nodes: 300, degree: 5 }, link: { latency: { dist: 'exponential', mean: 10 } },
      protocol: { type: 'gossip', mode: 'push-pull', fanout: 2, stop: 'none' },
      workload: [{ at: 0, from: 0 }, { at: 30, from: 17 }, { every: 250, count: 3, start: 100, from: 'random' }],
    });
    expect(r.metrics.messages).toBe(5);
    expect(r.metrics.delivered).toBe(5 * 299);
    expect(block(r).coverage.at(-1)![1]).toBe(1);
  });

  it('is deterministic: same seed, same run', () => {
    const raw = { seed: 5, topology: { kind: 'erdos-renyi', nodes: 200, p: 0.05 }, link: { loss: 0.1, duplicate: 0.05, latency: { dist: 'lognormal', mu: 2, sigma: 0.5 } },
      protocol: { type: 'gossip', mode: 'push-pull', fanout: 2, phase: 'random', stop: { coin: 2 } } };
    expect(run(raw)).toEqual(run(raw));
    expect(run({ ...raw, seed: 6 }).fingerprint).not.toBe(run(raw).fingerprint);
  });
});

describe('gossip: partner choice', () => {
  it('draws distinct live partners, each live candidate equally often', () => {
    // 12 candidates, 4 of them down, fanout 3: each live one should be picked with probability 3/8.
    const list = Array.from({ length: 12 }, (_, i) => 100 + i);
    const down = new Set([100, 103, 104, 111]);
    const network = { isAlive: (v: number) => !down.has(v) };
    let seed = 12345;
    const rng = { random: () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32) };
    const out = new Int32Array(3), counts = new Map<number, number>();
    const trials = 40_000;
    for (let i = 0; i < trials; i++) {
      expect(choosePartners(list, 0, -1, 3, network, rng, out)).toBe(3);
      expect(new Set(out).size).toBe(3);
      for (const v of out) counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    expect([...counts.keys()].some((v) => down.has(v))).toBe(false);
    // Binomial(40000, 3/8): sd ≈ 97, so ±5 sd is ±485.
    for (const c of counts.values()) expect(Math.abs(c - trials * 3 / 8)).toBeLessThan(485);
    // As many or fewer live candidates than the fanout: all of them.
    expect(choosePartners(list.slice(0, 6), 0, -1, 3, network, rng, out)).toBe(3);
    expect([...out].sort()).toEqual([101, 102, 105]);
    expect(choosePartners([101, 102, 103], 0, -1, 3, network, rng, out)).toBe(2);
    expect([...out.subarray(0, 2)]).toEqual([101, 102]);
    // No list: every node but `self`.
    expect(choosePartners(null, 2, 0, 3, { isAlive: () => true }, rng, out)).toBe(1);
    expect(out[0]).toBe(1);
  });
});

describe('gossip: options', () => {
  it('fills defaults', () => {
    const s = parseScenario({ topology: { kind: 'ring', nodes: 5 }, protocol: { type: 'gossip' } }, '<test>');
    expect(s.protocol).toEqual({ type: 'gossip', mode: 'push', fanout: 1, interval: 100, peers: 'neighbors', phase: 'sync', stop: 'none', maxRounds: 1000 });
    const c = parseScenario({ topology: { kind: 'ring', nodes: 5 }, protocol: { type: 'gossip', stop: { coin: 3 } } }, '<test>');
    expect(c.protocol.stop).toEqual({ coin: 3, feedback: true });
  });

  const problems = (protocol: Record<string, unknown>): string[] => {
    try {
      parseScenario({ topology: { kind: 'ring', nodes: 5 }, protocol: { type: 'gossip', ...protocol } }, '<test>');
      return [];
    } catch (err) {
      expect(err).toBeInstanceOf(ScenarioError);
      return (err as ScenarioError).issues.map((i) => `${i.path}: ${i.message}`);
    }
  };

  it('names the field and what is allowed', () => {
    expect(problems({ stop: 'never' })[0]).toMatch(/^protocol\.stop: must be 'none', \{rounds: N\}/);
    expect(problems({ stop: { counter: 0 } })[0]).toMatch(/^protocol\.stop\.counter: must be an integer from 1/);
    expect(problems({ stop: { counter: 2, feedbak: true } })[0]).toMatch(/^protocol\.stop\.feedbak: unknown field 'feedbak'.*allowed: counter, feedback/);
    expect(problems({ stop: { rounds: 2, coin: 2 } })[0]).toMatch(/^protocol\.stop\.coin: a stop rule has exactly one of rounds, counter, coin/);
    expect(problems({ stop: { coin: 0.5 } })[0]).toMatch(/^protocol\.stop\.coin: must be a number ≥ 1/);
    expect(problems({ fanout: 0 })[0]).toMatch(/^protocol\.fanout: must be ≥ 1/);
    expect(problems({ interval: 0 })[0]).toMatch(/^protocol\.interval: must be a time in ms > 0 and ≤ 1e15, got 0$/);
    expect(problems({ peers: 'everyone' })[0]).toMatch(/^protocol\.peers: .*neighbors, all/);
    expect(problems({ mode: 'push-pull', phase: 'sync', maxRounds: 3 })).toEqual([]);
  });
});

describe('gossip: report', () => {
  it('draws the coverage curve: one column per round, the last one full', () => {
    const coverage: Array<[number, number]> = [[0, 0.001], [100, 0.25], [200, 0.5], [300, 1]];
    const lines = coverageChart({ coverage }, new Chalk({ level: 0 })).split('\n');
    const rows = lines.slice(1, 9).map((l) => l.slice(6));
    expect(rows.every((row) => row.length === 4)).toBe(true);
    expect(rows.map((row) => row[3]).join('')).toBe('████████');
    expect(rows.map((row) => row[2]).join('')).toBe('    ████');
    expect(rows.map((row) => row[0]).join('')).toBe('        ');
  });

  it('castsim run prints the chart under the gossip block', () => {
    const r = castsim(['run', 'gossip-push-pull'], { env: { NO_COLOR: '1' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('coverage (fraction of nodes informed at the end of each round)');
    expect(r.stdout).toMatch(/100% ┤ *█/);
  });
});
