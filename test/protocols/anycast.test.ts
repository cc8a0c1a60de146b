/**
 * Anycast: the serving member is the nearest by an independent shortest-path
 * computation; `load` spreads requests on a skewed placement; a crash of the nearest
 * member loses exactly the requests sent before detection, and no more; bad input.
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

/** Grid links with unit weight (row-major ids, as docs/scenario-format.md numbers them). */
function gridEdges(w: number, h: number): Edge[] {
  const e: Edge[] = [];
  for (let r = 0; r < h; r++) for (let c = 0; c < w; c++) {
    const v = r * w + c;
    if (c + 1 < w) e.push([v, v + 1, 1]);
    if (r + 1 < h) e.push([v, v + w, 1]);
  }
  return e;
}

/** The nearest member other than the client, ties to the lowest id. */
function nearest(client: number, members: number[], d: number[][]): number {
  let best = -1;
  for (const m of [...members].sort((a, b) => a - b)) {
    if (m !== client && (best < 0 || d[client]![m]! < d[client]![best]!)) best = m;
  }
  return best;
}

function jain(xs: number[]): number {
  const sum = xs.reduce((a, b) => a + b, 0), squares = xs.reduce((a, b) => a + b * b, 0);
  return (sum * sum) / (xs.length * squares);
}

/** Requests, who served them (first delivery away from the client) and when the response came back. */
class Log implements Observer {
  readonly requests = new Map<number, { client: number; at: number; server: number; servedAt: number; hops: number; answeredAt: number }>();
  event(e: TraceEvent): void {
    if (e.type === 'request') {
      const { request } = e.detail as RequestDetail;
      this.requests.set(e.msg, { client: request.source, at: e.t, server: -1, servedAt: NaN, hops: -1, answeredAt: NaN });
    } else if (e.type === 'deliver') {
      const r = this.requests.get(e.msg)!;
      if (e.node === r.client) r.answeredAt = e.t;
      else if (r.server < 0) { r.server = e.node; r.servedAt = e.t; r.hops = e.hops; }
    }
  }
}

describe('anycast picks the nearest member', () => {
  const dir = mkdtempSync(join(tmpdir(), 'castsim-anycast-'));
  const n = 50;

  it('by latency and by hops, for many random clients on random graphs (independent Floyd–Warshall distances)', () => {
    for (const seed of [1, 2, 3]) {
      const edges = randomGraph(n, 40, seed);
      const file = join(dir, `g${seed}.txt`);
      writeFileSync(file, edges.map(([u, v, w]) => `${u} ${v} ${w}`).join('\n') + '\n');
      const members = [3, 11, 19, 27, 38, 46];
      for (const select of ['latency', 'hops'] as const) {
        const d = floyd(n, edges, select === 'latency' ? (w) => w : () => 1);
        const log = new Log();
        const r = run({ seed, topology: { kind: 'edgelist', file }, groups: { servers: members }, protocol: { type: 'anycast', group: 'servers', select }, workload: [{ every: 1000, count: 150, from: 'random' }] }, { observers: [log] });
        expect(r.metrics.delivered).toBe(150);
        let sumHops = 0, rtt = 0;
        for (const q of log.requests.values()) {
          expect(q.server).toBe(nearest(q.client, members, d));
          if (select === 'latency') expect(q.servedAt - q.at).toBe(d[q.client]![q.server]);
          sumHops += q.hops;
          rtt = Math.max(rtt, q.answeredAt - q.at);
        }
        const m = r.metrics.anycast as any;
        if (select === 'latency') {
          expect(m.stretch).toEqual({ mean: 1, max: 1 });
          // The response comes back over a path of the same (shortest) latency.
          expect(m.rtt.max).toBe(rtt);
          expect(m.rtt.max).toBe(Math.max(...[...log.requests.values()].map((q) => 2 * d[q.client]![q.server]!)));
        } else {
          // Request and response are both transmissions, each along a shortest path in hops.
          expect(sumHops).toBe([...log.requests.values()].reduce((s, q) => s + d[q.client]![q.server]!, 0));
          expect(r.metrics.sent).toBe(2 * sumHops);
        }
        const counts = members.map((x) => [...log.requests.values()].filter((q) => q.server === x).length);
        expect(m.servedBy).toEqual(Object.fromEntries(members.map((x, i) => [String(x), counts[i]])));
        expect(m.jain).toBeCloseTo(jain(counts), 6);
        expect(m.failover).toEqual({ lostRequests: 0, time: null });
      }
    }
  });

  it('a client that is a member is served by the nearest other member', () => {
    const log = new Log();
    run({ topology: { kind: 'line', nodes: 10 }, groups: { s: [2, 4, 9] }, protocol: { type: 'anycast', group: 's' }, workload: [{ at: 0, from: 4 }, { at: 100, from: 3 }] }, { observers: [log] });
    expect(log.requests.get(0)!.server).toBe(2);
    // 3 is one link from 2 and from 4: the lower id wins.
    expect(log.requests.get(1)!.server).toBe(2);
  });
});

describe('select: load', () => {
  // Skewed placement: three members crowded at one end of a line of 30, so the
  // nearest member for 27 of the 30 clients is node 2.
  const members = [0, 1, 2];
  const line = (select: string, seed: number, observers: Observer[] = []) => run({
    seed, topology: { kind: 'line', nodes: 30 }, groups: { s: members },
    protocol: { type: 'anycast', group: 's', select, service: 40 },
    workload: [{ every: 5, count: 400, from: 'random' }],
  }, { observers });

  it('spreads requests: Jain index closer to 1 than latency selection, which matches the independent nearest-member count', () => {
    const d = floyd(30, Array.from({ length: 29 }, (_, i) => [i, i + 1, 1] as Edge), (w) => w);
    for (const seed of [1, 2, 3, 4, 5]) {
      const log = new Log();
      const byLatency = line('latency', seed, [log]);
      const byLoad = line('load', seed);
      const counts = members.map((m) => [...log.requests.values()].filter((q) => nearest(q.client, members, d) === m).length);
      const jLatency = (byLatency.metrics.anycast as any).jain, jLoad = (byLoad.metrics.anycast as any).jain;
      expect(jLatency).toBeCloseTo(jain(counts), 6);
      expect(jLatency).toBeLessThan(0.5);
      // 400 requests, every 5 ms, each 40 ms in service: ~8 in service at once, so the
      // least-loaded member changes constantly and the three share the work.
      expect(jLoad).toBeGreaterThan(0.9);
      expect(byLoad.metrics.delivered).toBe(400);
      expect((byLoad.metrics.anycast as any).stretch.max).toBeGreaterThan(1);
    }
  });

  it('with service 0 nothing is ever in service, so load selection is latency selection', () => {
    const a = run({ topology: { kind: 'line', nodes: 30 }, groups: { s: members }, protocol: { type: 'anycast', group: 's', select: 'load' }, workload: [{ every: 5, count: 100, from: 'random' }] });
    const b = run({ topology: { kind: 'line', nodes: 30 }, groups: { s: members }, protocol: { type: 'anycast', group: 's', select: 'latency' }, workload: [{ every: 5, count: 100, from: 'random' }] });
    expect(a.fingerprint).toBe(b.fingerprint);
  });
});

describe('anycast failover', () => {
  it('one client: exactly the requests that reach the crashed member before detection are lost, then all are served by the next best', () => {
    // Line 0..20, client 10, members 5 (5 links away) and 18 (8 links). Member 5 crashes at 1000.
    const every = 10, detect = 200, crashAt = 1000, count = 300;
    const log = new Log();
    const r = run({ topology: { kind: 'line', nodes: 21 }, link: { latency: 1 }, groups: { s: [5, 18] }, faults: [{ at: crashAt, crash: [5] }], protocol: { type: 'anycast', group: 's', detect }, workload: [{ every, count, from: 10 }] }, { observers: [log] });
    // Lost: sent while 5 was still chosen (before crash + detect) but arriving at or after the crash.
    const lost = [...Array(count).keys()].map((i) => i * every).filter((t) => t + 5 >= crashAt && t < crashAt + detect).length;
    expect(lost).toBe(detect / every);
    const m = r.metrics.anycast as any;
    expect(m.failover.lostRequests).toBe(lost);
    for (const q of log.requests.values()) {
      if (q.at >= crashAt + detect) expect(q.server).toBe(18);
      else if (q.at + 5 < crashAt) expect(q.server).toBe(5);
      else expect(q.server).toBe(-1);
    }
    // From the crash to the first request after detection being served, 8 ms away.
    expect(m.failover.time).toBe(crashAt + detect + 8 - crashAt);
    const times = [...Array(count).keys()].map((i) => i * every);
    expect(m.servedBy).toEqual({ 5: times.filter((t) => t + 5 < crashAt).length, 18: times.filter((t) => t >= crashAt + detect).length });
  });

  it('random clients on a grid: lost requests are bounded by detection time × request rate, and every request after detection is served', () => {
    const w = 8, detect = 300, crashAt = 2000, every = 4, count = 1500;
    const members = [0, 7, 56, 63];
    const d = floyd(w * w, gridEdges(w, w), (x) => x);
    for (const seed of [1, 2, 3]) {
      const log = new Log();
      const r = run({ seed, topology: { kind: 'grid', width: w, height: w }, link: { latency: 1 }, groups: { s: members }, faults: [{ at: crashAt, crash: [63] }], protocol: { type: 'anycast', group: 's', detect }, workload: [{ every, count, from: 'random' }] }, { observers: [log] });
      const qs = [...log.requests.values()];
      // Independently: requests whose nearest member is 63 that arrive after the crash and were sent before detection.
      const doomed = qs.filter((q) => q.client !== 63 && nearest(q.client, members, d) === 63 && q.at + d[q.client]![63]! >= crashAt && q.at < crashAt + detect);
      const m = r.metrics.anycast as any;
      // The crashed node's own requests after the crash are never issued.
      expect(m.failover.lostRequests).toBe(doomed.length);
      // Requests reach the crashed member at most `far` ms after they are sent, so only those
      // sent in [crash − far, crash + detect) can be lost: (detect + far) × rate, plus one.
      const far = Math.max(...doomed.map((q) => d[q.client]![63]!));
      expect(m.failover.lostRequests).toBeLessThanOrEqual(Math.ceil((detect + far) / every) + 1);
      expect(m.failover.lostRequests).toBeGreaterThan(0);
      for (const q of qs) if (q.at >= crashAt + detect && q.client !== 63) expect(q.server).toBeGreaterThanOrEqual(0);
      // Failover ends when a client that lost a request is first served by another member.
      const affected = new Set(doomed.map((q) => q.client));
      const firstServed = Math.min(...qs.filter((q) => affected.has(q.client) && q.at >= crashAt && q.server >= 0).map((q) => q.servedAt));
      expect(m.failover.time).toBe(firstServed - crashAt);
      // Until detection those clients still choose the crashed member. After it, some ten or
      // more affected clients of 64 each send with probability 1/64 a slot, so waiting 50
      // slots has probability < (54/64)⁵⁰ ≈ 2e-4; a member is then ≤ 14 links away.
      expect(m.failover.time).toBeGreaterThanOrEqual(detect);
      expect(m.failover.time).toBeLessThanOrEqual(detect + 50 * every + 14);
    }
  });
});

describe('anycast: bad input names the field', () => {
  const base = { topology: { kind: 'ring', nodes: 10 }, groups: { s: [1, 2], none: { members: [] as number[], leaves: [] } }, workload: [{ at: 0, from: 0 }] };
  const issues = (protocol: Record<string, unknown>) => {
    try {
      parseScenario({ ...base, protocol: { type: 'anycast', ...protocol } }, '<test>');
    } catch (err) {
      if (err instanceof ScenarioError) return err.issues.map((i) => `${i.path}: ${i.message}`);
      throw err;
    }
    return [];
  };

  it('rejects an unknown group, an empty group, an unknown select and a negative detect', () => {
    expect(issues({ group: 'x' })).toEqual(["protocol.group: unknown group 'x' — defined: s, none"]);
    expect(issues({ group: 'none' })).toEqual(["protocol.group: group 'none' is empty — it must have at least one member or join"]);
    expect(issues({ group: 's', select: 'random' })[0]).toMatch(/^protocol\.select: .*hops.*latency.*load/);
    expect(issues({ group: 's', detect: -1 })[0]).toMatch(/^protocol\.detect: /);
    expect(issues({ group: 's', select: 'load', detect: 0, service: 10 })).toEqual([]);
  });

  it('castsim run exits 2 and names the field', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'castsim-anycast-cli-')), 'bad.yaml');
    writeFileSync(file, 'topology: { kind: ring, nodes: 10 }\ngroups: { s: [1, 2] }\nprotocol: { type: anycast, group: s, select: closest }\n');
    const r = castsim(['run', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/protocol\.select: /);
  });
});
