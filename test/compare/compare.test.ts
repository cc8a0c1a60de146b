import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compare, compareScenario, compareTypes, loadCompareScenario } from '../../src/compare/compare.js';
import { COMPARE_TYPES, defaultWorkload } from '../../src/compare/default-workloads.js';
import { parseScenario } from '../../src/scenario/load.js';
import { buildTopology, simulate } from '../../src/simulation/simulate.js';

const DEFAULT = new URL('../../scenarios/default.yaml', import.meta.url).pathname;

const base = (extra: Record<string, unknown> = {}) => parseScenario({
  seed: 4,
  topology: { kind: 'random-regular', nodes: 48, degree: 3 },
  link: { latency: { dist: 'uniform', min: 2, max: 8 } },
  protocol: { type: 'broadcast' },
  ...extra,
}, '<test>');

/** Hops from `s` to every node, by a plain BFS written here (not the simulator's router). */
function bfs(adj: number[][], s: number): number[] {
  const d = adj.map(() => Infinity);
  d[s] = 0;
  const q = [s];
  for (let i = 0; i < q.length; i++) for (const w of adj[q[i]!]!) if (d[w] === Infinity) { d[w] = d[q[i]!]! + 1; q.push(w); }
  return d;
}

describe('compare', () => {
  // DEPENDS on the gossip and reliable plug-ins being registered (they are written concurrently).
  it('runs all six types on the bundled default network: same nodes, links and topology fingerprint on every row', () => {
    const rows = compare(loadCompareScenario(DEFAULT));
    expect(rows.map((r) => r.protocol)).toEqual([...COMPARE_TYPES]);
    expect(compareTypes().missing).toEqual([]);
    for (const r of rows) {
      expect(r.nodes).toBe(128);
      expect(r.links).toBe(256); // 4-regular: 128·4/2
      expect(r.topologyFingerprint).toBe(rows[0]!.topologyFingerprint);
      expect(r.seed).toBe(1);
      expect(r.stop).toBe('idle');
    }
  });

  it('every row that can run now shares one network, in table order', () => {
    const rows = compare(base());
    const { available } = compareTypes();
    expect(rows.map((r) => r.protocol)).toEqual(available);
    expect(available).toEqual(expect.arrayContaining(['unicast', 'broadcast']));
    const topo = buildTopology(base());
    for (const r of rows) {
      expect([r.nodes, r.links]).toEqual([48, 72]);
      expect(r.topologyFingerprint).toBe(rows[0]!.topologyFingerprint);
    }
    expect(topo.links).toBe(72);
  });

  it('the broadcast row is exactly `run` of the same network with a flood from the source (common random numbers)', () => {
    const s = base({ link: { latency: { dist: 'exponential', mean: 4 }, loss: 0.1 } });
    const [row] = compare(s, { types: ['broadcast'] });
    const direct = simulate(parseScenario({ seed: 4, topology: { kind: 'random-regular', nodes: 48, degree: 3 }, link: { latency: { dist: 'exponential', mean: 4 }, loss: 0.1 }, protocol: { type: 'broadcast', mode: 'flood' } }, '<test>'));
    expect(row!.fingerprint).toBe(direct.fingerprint);
    expect(row!.metrics).toEqual(direct.metrics);
  });

  it('unicast goes from the source to the node farthest from it in hops, ties to the lowest id', () => {
    for (const seed of [1, 2, 3]) {
      const s = { ...base(), seed, workload: [{ at: 0, from: 5 }] };
      const topo = buildTopology(s);
      const adj = Array.from({ length: topo.nodes }, (_, v) => Array.from(topo.neighbors(v)));
      const d = bfs(adj, 5);
      const far = Math.max(...d.filter((x) => x < Infinity));
      const want = d.indexOf(far);
      const scenario = compareScenario('unicast', s, topo);
      expect(scenario.workload).toEqual([{ at: 0, from: 5, to: want }]);
      const [row] = compare(s, { types: ['unicast'] });
      expect(row!.metrics.expected).toBe(1);
      expect(row!.metrics.delivered).toBe(1);
      expect(row!.metrics.hops.max).toBe(far);
      expect(row!.metrics.sent).toBe(far); // no loss, no retransmission: one transmission per hop
    }
    // On a line from node 0 the farthest node is the other end.
    const line = parseScenario({ topology: { kind: 'line', nodes: 9 }, protocol: { type: 'broadcast' } }, '<test>');
    expect(compareScenario('unicast', line, buildTopology(line)).workload).toEqual([{ at: 0, from: 0, to: 8 }]);
  });

  it('the scenario protocol block is ignored and --set still applies', () => {
    const dir = mkdtempSync(join(tmpdir(), 'castsim-compare-'));
    const file = join(dir, 'net.yaml');
    writeFileSync(file, 'topology: { kind: ring, nodes: 20 }\nprotocol: { type: no-such-type, fanout: 3 }\nworkload: [{ at: 0, from: 3 }]\n');
    const s = loadCompareScenario(file, ['link.loss=0.5', 'seed=9']);
    expect(s.link.loss).toBe(0.5);
    expect(s.seed).toBe(9);
    const rows = compare(s);
    const broadcast = rows.find((r) => r.protocol === 'broadcast')!;
    expect(broadcast.metrics.dropped).toBeGreaterThan(0);
    expect(broadcast.metrics.delivered).toBeLessThan(19);
    const unicast = compareScenario('unicast', s, buildTopology(s));
    expect(unicast.workload).toEqual([{ at: 0, from: 3, to: 13 }]); // opposite side of a 20-ring
  });

  it('is deterministic: the same scenario gives the same rows', () => {
    expect(JSON.stringify(compare(base()))).toBe(JSON.stringify(compare(base())));
  });
});

describe('default groups', () => {
  it('multicast and reliable use a quarter of the nodes including the source; its members are uniform over seeds', () => {
    const n = 40, k = 10, seeds = 400;
    const counts = new Array<number>(n).fill(0);
    for (let seed = 1; seed <= seeds; seed++) {
      const s = parseScenario({ seed, topology: { kind: 'ring', nodes: n }, protocol: { type: 'broadcast' }, workload: [{ at: 0, from: 7 }] }, '<test>');
      const topo = buildTopology(s);
      const multicast = defaultWorkload('multicast', s, topo);
      expect(defaultWorkload('reliable', s, topo)).toEqual(multicast);
      expect(multicast.workload).toEqual([{ at: 0, from: 7, group: 'compare-quarter' }]);
      const members = multicast.groups['compare-quarter']!.members;
      expect(members).toHaveLength(k);
      expect(new Set(members).size).toBe(k);
      expect([...members].sort((a, b) => a - b)).toEqual(members);
      for (const m of members) counts[m]!++;
    }
    expect(counts[7]).toBe(seeds); // the source is always a member
    // Each other node is drawn with probability (k−1)/(n−1): Binomial(400, 9/39), mean 92.3, sd 8.4.
    const p = (k - 1) / (n - 1);
    const sd = Math.sqrt(seeds * p * (1 - p));
    counts.forEach((c, v) => { if (v !== 7) expect(Math.abs(c - seeds * p), `node ${v}`).toBeLessThan(4.5 * sd); });
  });

  it('the multicast row expects the quarter minus its source, and a new seed draws another group', () => {
    const s = base();
    const a = compareScenario('multicast', s, buildTopology(s));
    expect(a.groups['compare-quarter']!.members).toHaveLength(12); // round(48 / 4)
    expect(a.groups['compare-quarter']!.members).toContain(0);
    expect(compare(s, { types: ['multicast'] })[0]!.metrics.expected).toBe(11);
    const b = { ...s, seed: 5 };
    expect(compareScenario('multicast', b, buildTopology(b)).groups['compare-quarter']!.members).not.toEqual(a.groups['compare-quarter']!.members);
  });

  it('anycast: every node sends one request to a group of 5% of the nodes, at least 2', () => {
    const small = base();
    const a = compareScenario('anycast', small, buildTopology(small));
    expect(a.groups['compare-anycast']!.members).toHaveLength(2); // round(0.05 · 48) = 2
    expect(a.workload.map((w) => w.from)).toEqual(Array.from({ length: 48 }, (_, v) => v));
    const big = parseScenario({ topology: { kind: 'random-regular', nodes: 200, degree: 4 }, protocol: { type: 'broadcast' } }, '<test>');
    expect(compareScenario('anycast', big, buildTopology(big)).groups['compare-anycast']!.members).toHaveLength(10);
    const [row] = compare(small, { types: ['anycast'] });
    expect(row!.metrics.messages).toBe(48);
    expect(row!.metrics.expected).toBe(48);
  });
});
