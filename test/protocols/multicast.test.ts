/**
 * Multicast: link stress and transmissions on a star, exact stretch and pruned-tree
 * size on random graphs against an independent shortest-path computation, delivery to
 * exactly the members at send time (joins, leaves and crashes included), and bad input.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Observer, TraceEvent } from '../../src/api/trace.js';
import type { RequestDetail } from '../../src/observe/delivery-metrics.js';
import { ScenarioError } from '../../src/scenario/errors.js';
import { parseScenario } from '../../src/scenario/load.js';
import { castsim } from '../support/cli.js';
import { run } from '../support/run.js';
import { floyd, lcg, randomGraph, type Edge } from '../support/reference-graphs.js';

/** Links of the union of tree paths from each target up to the root (parent = lowest-id neighbour on a shortest path). */
function prunedTreeLinks(n: number, edges: Edge[], d: number[][], weight: (w: number) => number, root: number, targets: number[]): number {
  const adj = Array.from({ length: n }, () => [] as Array<[number, number]>);
  for (const [u, v, w] of edges) { adj[u]!.push([v, weight(w)]); adj[v]!.push([u, weight(w)]); }
  const parent = (v: number) => Math.min(...adj[v]!.filter(([u, w]) => d[root]![u]! + w === d[root]![v]).map(([u]) => u));
  const onTree = new Set<number>();
  for (const m of targets) for (let v = m; v !== root && !onTree.has(v); v = parent(v)) onTree.add(v);
  return onTree.size;
}

/** The member with the least total distance to the others, ties to the lowest id. */
function median(members: number[], d: number[][]): number {
  const sums = [...members].sort((a, b) => a - b).map((c) => [c, members.reduce((s, m) => s + d[m]![c]!, 0)] as const);
  return sums.reduce((best, x) => (x[1] < best[1] ? x : best))[0];
}

/** Requests, deliveries and copies per link, straight from the trace. */
class Log implements Observer {
  readonly requests = new Map<number, { source: number; at: number; members: number[] }>();
  readonly deliveries = new Map<number, Array<{ node: number; t: number }>>();
  /** msg → "u-v" (u < v) → copies */
  readonly copies = new Map<number, Map<string, number>>();
  event(e: TraceEvent): void {
    if (e.type === 'request') {
      const { request } = e.detail as RequestDetail;
      this.requests.set(e.msg, { source: request.source, at: e.t, members: [...(request.members ?? [])] });
      this.deliveries.set(e.msg, []);
      this.copies.set(e.msg, new Map());
    } else if (e.type === 'deliver') {
      this.deliveries.get(e.msg)!.push({ node: e.node, t: e.t });
    } else if (e.type === 'send' && e.msg >= 0) {
      const key = `${Math.min(e.node, e.peer)}-${Math.max(e.node, e.peer)}`;
      const m = this.copies.get(e.msg)!;
      m.set(key, (m.get(key) ?? 0) + 1);
    }
  }
  deliverers(msg: number): number[] { return this.deliveries.get(msg)!.map((x) => x.node).sort((a, b) => a - b); }
}

const MODES = ['unicast-each', 'source-tree', 'shared-tree'] as const;

describe('multicast on a star (node 0 the hub), from leaf 1 to the five other leaves', () => {
  const star = (mode: string) => {
    const log = new Log();
    const r = run({ topology: { kind: 'star', nodes: 7 }, groups: { g: [2, 3, 4, 5, 6] }, protocol: { type: 'multicast', group: 'g', mode }, workload: [{ at: 0, from: 1 }] }, { observers: [log] });
    return { r, m: r.metrics.multicast as any, copies: log.copies.get(0)! };
  };

  it('unicast-each: five copies on the source link 0–1, ten transmissions', () => {
    const { r, m, copies } = star('unicast-each');
    expect(copies.get('0-1')).toBe(5);
    for (const leaf of [2, 3, 4, 5, 6]) expect(copies.get(`0-${leaf}`)).toBe(1);
    expect(r.metrics.sent).toBe(10);
    // Six links carried 10 copies.
    expect(m.linkStress.max).toBe(5);
    expect(m.linkStress.mean).toBeCloseTo(10 / 6, 6);
    expect(r.metrics.delivered).toBe(5);
    expect(r.metrics.expected).toBe(5);
  });

  it('source-tree: one copy per link, six transmissions', () => {
    const { r, m, copies } = star('source-tree');
    expect(copies.get('0-1')).toBe(1);
    expect(m.linkStress).toEqual({ max: 1, mean: 1 });
    expect(r.metrics.sent).toBe(6);
    expect(r.metrics.delivered).toBe(5);
    expect(m.stretch).toEqual({ mean: 1, max: 1 });
    expect(m.nonMemberDeliveries).toBe(0);
    // Six links of the default 1 ms latency.
    expect(m.treeCost).toBe(6);
  });

  it('shared-tree: up to the core (leaf 2, the lowest id of five equally central members), then down its tree', () => {
    const { r, m, copies } = star('shared-tree');
    // 1→0→2 to the core, then 2→0 and 0→3..6 down the tree: 2 + 5 transmissions.
    expect(r.metrics.sent).toBe(7);
    expect(copies.get('0-2')).toBe(2);
    expect(m.linkStress.max).toBe(2);
    expect(r.metrics.delivered).toBe(5);
    // Leaf 2 gets it after 2 links (shortest: 2); leaves 3..6 after 4 (shortest: 2).
    expect(m.stretch).toEqual({ mean: (1 + 4 * 2) / 5, max: 2 });
  });
});

describe('multicast on random graphs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'castsim-multicast-'));
  const n = 40;
  const graphs = [1, 2, 3, 4].map((seed) => {
    const edges = randomGraph(n, 35, seed);
    const file = join(dir, `g${seed}.txt`);
    writeFileSync(file, edges.map(([u, v, w]) => `${u} ${v} ${w}`).join('\n') + '\n');
    const rnd = lcg(100 + seed);
    const members = new Set<number>();
    while (members.size < 8) members.add(Math.floor(rnd() * n));
    // Sources: two members and three other nodes, one message each, far apart in time.
    const memberList = [...members].sort((a, b) => a - b);
    const others = [...Array(n).keys()].filter((v) => !members.has(v));
    const sources = [memberList[0]!, memberList[5]!, others[3]!, others[10]!, others[20]!];
    return { edges, file, members: memberList, workload: sources.map((from, i) => ({ at: i * 1000, from })) };
  });
  const latency = (w: number) => w, hop = () => 1;

  it('source-tree routed by latency: every delivery takes exactly the shortest-path latency (stretch 1), only members deliver', () => {
    for (const g of graphs) {
      const d = floyd(n, g.edges, latency);
      const log = new Log();
      const r = run({ topology: { kind: 'edgelist', file: g.file }, groups: { g: g.members }, protocol: { type: 'multicast', group: 'g', mode: 'source-tree', routing: 'latency' }, workload: g.workload }, { observers: [log] });
      const m = r.metrics.multicast as any;
      expect(m.stretch).toEqual({ mean: 1, max: 1 });
      expect(m.nonMemberDeliveries).toBe(0);
      expect(m.linkStress.max).toBe(1);
      let cost = 0;
      for (const [id, req] of log.requests) {
        expect(log.deliverers(id)).toEqual(g.members.filter((v) => v !== req.source));
        for (const x of log.deliveries.get(id)!) expect(x.t - req.at).toBe(d[req.source]![x.node]);
        // One copy per link of the source's shortest-path tree pruned to the members.
        const targets = g.members.filter((v) => v !== req.source);
        expect([...log.copies.get(id)!.values()].reduce((a, b) => a + b, 0)).toBe(prunedTreeLinks(n, g.edges, d, latency, req.source, targets));
        const w = new Map(g.edges.map(([u, v, x]) => [`${Math.min(u, v)}-${Math.max(u, v)}`, x]));
        cost += [...log.copies.get(id)!.keys()].reduce((s, k) => s + w.get(k)!, 0);
      }
      expect(m.treeCost).toBeCloseTo(cost / log.requests.size, 6);
    }
  });

  it('source-tree by hops on erdos-renyi graphs with equal latencies: stretch exactly 1, no non-member deliveries', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const r = run({ seed, topology: { kind: 'erdos-renyi', nodes: 60, p: 0.08 }, link: { latency: 3 }, groups: { g: [4, 9, 17, 23, 31, 42, 50, 58] }, protocol: { type: 'multicast', group: 'g', mode: 'source-tree' }, workload: [{ every: 500, count: 6, from: 'random' }] });
      const m = r.metrics.multicast as any;
      expect(r.metrics.delivered).toBeGreaterThan(0);
      expect(m.stretch).toEqual({ mean: 1, max: 1 });
      expect(m.nonMemberDeliveries).toBe(0);
      expect(m.linkStress.max).toBe(1);
    }
  });

  it('unicast-each by hops sends the sum of the hop distances to the members; source-tree sends the pruned tree, never more', () => {
    for (const g of graphs) {
      const d = floyd(n, g.edges, hop);
      const each = run({ topology: { kind: 'edgelist', file: g.file }, groups: { g: g.members }, protocol: { type: 'multicast', group: 'g', mode: 'unicast-each' }, workload: g.workload });
      const tree = run({ topology: { kind: 'edgelist', file: g.file }, groups: { g: g.members }, protocol: { type: 'multicast', group: 'g', mode: 'source-tree' }, workload: g.workload });
      let sumDistances = 0, treeLinks = 0;
      for (const { from } of g.workload) {
        const targets = g.members.filter((v) => v !== from);
        for (const m of targets) sumDistances += d[from]![m]!;
        treeLinks += prunedTreeLinks(n, g.edges, d, hop, from, targets);
      }
      expect(each.metrics.sent).toBe(sumDistances);
      expect(tree.metrics.sent).toBe(treeLinks);
      expect(tree.metrics.sent).toBeLessThanOrEqual(each.metrics.sent);
      expect((each.metrics.multicast as any).linkStress.max).toBeGreaterThanOrEqual(1);
    }
  });

  it('shared-tree: stretch ≥ 1 for every delivery; the default core is the members\' median', () => {
    for (const g of graphs) {
      const d = floyd(n, g.edges, latency);
      const scenario = (core?: number) => ({ topology: { kind: 'edgelist', file: g.file }, groups: { g: g.members }, protocol: { type: 'multicast', group: 'g', mode: 'shared-tree', routing: 'latency', ...(core !== undefined && { core }) }, workload: g.workload });
      const log = new Log();
      const r = run(scenario(), { observers: [log] });
      const m = r.metrics.multicast as any;
      expect(r.metrics.delivered).toBe(r.metrics.expected);
      expect(m.nonMemberDeliveries).toBe(0);
      for (const [id, req] of log.requests) {
        for (const x of log.deliveries.get(id)!) expect((x.t - req.at) / d[req.source]![x.node]!).toBeGreaterThanOrEqual(1);
      }
      expect(m.stretch.mean).toBeGreaterThanOrEqual(1);
      // Naming the independently computed median as the core gives the very same run.
      const core = median(g.members, d);
      expect(run(scenario(core)).fingerprint).toBe(r.fingerprint);
      const other = g.members.find((v) => v !== core)!;
      expect(run(scenario(other)).fingerprint).not.toBe(r.fingerprint);
    }
  });

  it('all three modes deliver to exactly the members at send time: joins, leaves and a crashed member honoured', () => {
    const g = graphs[1]!;
    const degree = new Array<number>(n).fill(0);
    for (const [u, v] of g.edges) { degree[u]!++; degree[v]!++; }
    // A member that crashes must be a leaf of the graph: a crashed relay would cut others off.
    const leaves = [...Array(n).keys()].filter((v) => degree[v] === 1);
    const pool = [...Array(n).keys()].filter((v) => !leaves.includes(v));
    expect(leaves.length).toBeGreaterThanOrEqual(2);
    const initial = [pool[1]!, pool[4]!, pool[8]!, pool[12]!, pool[20]!, leaves[0]!];
    const joiner1 = pool[15]!, joiner2 = leaves[1]!, crashed = leaves[0]!;
    const leaver = initial[1]!;
    const groups = { g: { members: initial, joins: [{ at: 1500, node: joiner1 }, { at: 2500, node: joiner2 }], leaves: [{ at: 1800, node: leaver }] } };
    const faults = [{ at: 3500, crash: [crashed] }];
    const sources = [initial[0]!, pool[6]!, joiner1, pool[10]!, initial[2]!, pool[14]!];
    const workload = sources.map((from, i) => ({ at: i * 1000, from }));
    const membersAt = (t: number) => {
      const s = new Set(initial);
      if (t >= 1500) s.add(joiner1);
      if (t >= 1800) s.delete(leaver);
      if (t >= 2500) s.add(joiner2);
      return s;
    };
    const expectedAt = (t: number, source: number) => [...membersAt(t)].filter((v) => v !== source && !(v === crashed && t >= 3500)).sort((a, b) => a - b);
    const total = workload.reduce((s, w) => s + expectedAt(w.at, w.from).length, 0);

    for (const protocol of [...MODES.map((mode) => ({ mode })), { mode: 'shared-tree', core: 0 }]) {
      const log = new Log();
      const r = run({ topology: { kind: 'edgelist', file: g.file }, groups, faults, protocol: { type: 'multicast', group: 'g', routing: 'latency', ...protocol }, workload }, { observers: [log] });
      for (const [id, req] of log.requests) expect(log.deliverers(id), `${protocol.mode} message ${id}`).toEqual(expectedAt(req.at, req.source));
      expect(r.metrics.expected).toBe(total);
      expect(r.metrics.delivered).toBe(total);
      expect((r.metrics.multicast as any).nonMemberDeliveries).toBe(0);
    }
  });
});

describe('multicast: bad input names the field', () => {
  const base = { topology: { kind: 'ring', nodes: 10 }, groups: { g: [1, 2], none: [] as number[] }, workload: [{ at: 0, from: 0 }] };
  const issues = (protocol: Record<string, unknown>) => {
    try {
      parseScenario({ ...base, protocol: { type: 'multicast', ...protocol } }, '<test>');
    } catch (err) {
      if (err instanceof ScenarioError) return err.issues.map((i) => `${i.path}: ${i.message}`);
      throw err;
    }
    return [];
  };

  it('rejects an unknown group, an empty group, a core outside the graph and an unknown mode', () => {
    expect(issues({ group: 'h' })).toEqual(["protocol.group: unknown group 'h' — defined: g, none"]);
    expect(issues({ group: 'none' })).toEqual(["protocol.group: group 'none' is empty — it must have at least one member or join"]);
    expect(issues({ group: 'g', mode: 'shared-tree', core: 10 })).toEqual(['protocol.core: must be a node id from 0 to 9, got 10']);
    expect(issues({ group: 'g', mode: 'flood' })[0]).toMatch(/^protocol\.mode: /);
    expect(issues({})).toEqual(['workload[0].group: missing — multicast sends to a group: give protocol.group or a group on each workload item']);
    expect(issues({ group: 'g', mode: 'shared-tree', core: 9 })).toEqual([]);
  });

  it('castsim run exits 2 and names the field', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'castsim-multicast-cli-')), 'bad.yaml');
    writeFileSync(file, 'topology: { kind: ring, nodes: 10 }\ngroups: { g: [1, 2] }\nprotocol: { type: multicast, group: gg, core: 12 }\n');
    const r = castsim(['run', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("protocol.group: unknown group 'gg'");
    expect(r.stderr).toContain('protocol.core: must be a node id from 0 to 9, got 12');
  });
});
