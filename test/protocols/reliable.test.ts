/**
 * Reliable group communication: delivery of everything under heavy loss at every
 * order level (checked by the order checker and by the common metrics), the exact
 * cost without loss against an independent hop-distance computation, crashes of a
 * sender and of the sequencer, uniform delivery only after a majority holds the
 * message (judged from the trace), hold-back, and bad options.
 */
import { describe, expect, it } from 'vitest';
import { checkTrace, type CheckEvent, type OrderLevel } from '../../src/observe/order-checker.js';
import { traceLine } from '../../src/observe/trace-file.js';
import type { Observer, TraceEvent } from '../../src/api/trace.js';
import type { ReliableMetricsResult } from '../../src/protocols/reliable/metrics.js';
import { ScenarioError } from '../../src/scenario/errors.js';
import { parseScenario } from '../../src/scenario/load.js';
import { buildTopology, type RunResult } from '../../src/simulation/simulate.js';
import { run } from '../support/run.js';

/** Keeps what the order checker reads, plus every receive of a message copy. */
class Events implements Observer {
  readonly check: CheckEvent[] = [];
  readonly receives: Array<{ t: number; node: number; msg: number }> = [];
  event(e: TraceEvent): void {
    if (e.type === 'request' || e.type === 'deliver' || e.type === 'crash' || e.type === 'leave') this.check.push(traceLine(e));
    else if (e.type === 'receive' && e.msg >= 0) this.receives.push({ t: e.t, node: e.node, msg: e.msg });
  }
  deliveries(): CheckEvent[] { return this.check.filter((e) => e.type === 'deliver'); }
}

const rel = (r: RunResult) => r.metrics.reliable as ReliableMetricsResult;

/** Hop distances from every node, by breadth-first search over the scenario's own topology. */
function hopDistances(raw: Record<string, unknown>): number[][] {
  const topo = buildTopology(parseScenario(raw, '<test>'));
  return Array.from({ length: topo.nodes }, (_, s) => {
    const d = new Array<number>(topo.nodes).fill(Infinity);
    d[s] = 0;
    const queue = [s];
    for (let i = 0; i < queue.length; i++) {
      const u = queue[i]!;
      for (const v of topo.neighbors(u)) if (d[v] === Infinity) { d[v] = d[u]! + 1; queue.push(v); }
    }
    return d;
  });
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

// ---------------------------------------------------------------- the lossy network

const MEMBERS = Array.from({ length: 20 }, (_, i) => 2 * i);
const SENDERS = [0, 2, 4, 6, 8];

function lossy(seed: number, protocol: Record<string, unknown>): Record<string, unknown> {
  return {
    seed,
    topology: { kind: 'random-regular', nodes: 40, degree: 4 },
    link: { latency: { dist: 'uniform', min: 1, max: 50 }, loss: 0.3 },
    groups: { g: MEMBERS },
    protocol: { type: 'reliable', group: 'g', ...protocol },
    workload: SENDERS.map((from, i) => ({ every: 25, count: 8, start: 5 * i, from })),
  };
}

describe('reliable: 30% loss on every link, 1–50 ms jitter, 20 members of 40 nodes, 40 messages from 5 senders', () => {
  const cases: Array<[OrderLevel, 'ack' | 'nak', number[]]> = [];
  for (const order of ['none', 'fifo', 'causal', 'total'] as const) {
    cases.push([order, 'ack', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]]);
    cases.push([order, 'nak', [1, 2, 3, 4, 5]]);
  }
  for (const [order, ack, seeds] of cases) {
    it(`order ${order}, ack ${ack}: every member delivers every message once, no violation (seeds ${seeds.join(', ')})`, () => {
      for (const seed of seeds) {
        const ev = new Events();
        const r = run(lossy(seed, { order, ack }), { observers: [ev] });
        expect(r.metrics.expected).toBe(40 * 19);
        expect(r.metrics.delivered).toBe(40 * 19);
        // The senders deliver their own messages too: 20 members × 40 messages.
        expect(ev.deliveries().length).toBe(20 * 40);
        expect(rel(r).violations).toEqual([]);
        expect(rel(r).retransmissions).toBeGreaterThan(0);
        expect(r.metrics.dropped).toBeGreaterThan(0);
        // Total order by a FIFO sequencer is also FIFO and causal.
        if (order === 'total') expect(checkTrace(ev.check, { order: 'causal' }).violations).toEqual([]);
      }
    });
  }
});

describe('reliable: the checker sees what order none does not promise', () => {
  it('order none with jitter breaks FIFO, causal and total order; each order level keeps its own', () => {
    const raw = (order: OrderLevel) => ({ ...lossy(7, { order }), link: { latency: { dist: 'uniform', min: 1, max: 50 } } });
    const none = new Events();
    run(raw('none'), { observers: [none] });
    for (const level of ['fifo', 'causal', 'total'] as const) {
      const props = new Set(checkTrace(none.check, { order: level }).violations.map((v) => v.property));
      expect(props.has(level === 'causal' ? 'fifo' : level), level).toBe(true);
    }
    expect(checkTrace(none.check, { order: 'causal' }).violations.some((v) => v.property === 'causal')).toBe(true);
    for (const level of ['fifo', 'causal', 'total'] as const) {
      const ev = new Events();
      const r = run(raw(level), { observers: [ev] });
      expect(rel(r).violations).toEqual([]);
      expect(checkTrace(ev.check, { order: level }).violations).toEqual([]);
    }
  });
});

// ---------------------------------------------------------------- cost without loss

describe('reliable: cost without loss (closed form against breadth-first distances)', () => {
  // A sparse random graph, so that members are several hops apart; constant 1 ms links
  // and a 200 ms timeout, so no retransmission can fire.
  const base = (protocol: Record<string, unknown>) => ({
    seed: 4,
    topology: { kind: 'random-regular', nodes: 30, degree: 3 },
    link: { latency: 1 },
    groups: { g: [1, 4, 5, 9, 12, 17, 20, 23, 26, 29] },
    protocol: { type: 'reliable', group: 'g', ...protocol },
    workload: [{ every: 3, count: 4, from: 4 }, { every: 3, count: 3, start: 1, from: 17 }, { at: 2, from: 29 }],
  });
  const members = [1, 4, 5, 9, 12, 17, 20, 23, 26, 29];
  const sources = [4, 4, 4, 4, 17, 17, 17, 29];

  for (const order of ['none', 'fifo', 'causal'] as const) {
    it(`ack, order ${order}: Σ d(s,q) data copies and as many acks per message`, () => {
      const d = hopDistances(base({}));
      const data = sum(sources.map((s) => sum(members.filter((q) => q !== s).map((q) => d[s]![q]!))));
      expect(data).toBeGreaterThan(sources.length * (members.length - 1)); // members are not all neighbours
      const r = run(base({ order }));
      const m = rel(r);
      expect(m.transmissions.data).toBe(data);
      expect(m.transmissions.ack).toBe(data);
      expect(m.retransmissions).toBe(0);
      expect(r.metrics.sent).toBe(2 * data);
      expect(r.metrics.delivered).toBe(sources.length * (members.length - 1));
    });
  }

  it('ack, order total: d(s,S) per submission, Σ d(S,q) order copies and as many acks, S the lowest member', () => {
    const d = hopDistances(base({}));
    const S = 1;
    const submit = sum(sources.map((s) => d[s]![S]!));
    const order = sources.length * sum(members.filter((q) => q !== S).map((q) => d[S]![q]!));
    const r = run(base({ order: 'total' }));
    const m = rel(r);
    expect(m.transmissions.submit).toBe(submit);
    expect(m.transmissions.order).toBe(order);
    expect(m.transmissions.ack).toBe(order);
    expect(r.metrics.sent).toBe(submit + 2 * order);
    expect(r.metrics.delivered).toBe(sources.length * (members.length - 1));
  });

  it('nak: Σ d(s,q) data, no naks, and maxRetries + 1 digests per origin after its last message', () => {
    const d = hopDistances(base({}));
    const fan = (s: number) => sum(members.filter((q) => q !== s).map((q) => d[s]![q]!));
    const r = run(base({ ack: 'nak', maxRetries: 3 }));
    const m = rel(r);
    expect(m.transmissions.data).toBe(sum(sources.map(fan)));
    expect(m.naks).toBe(0);
    expect(m.transmissions.digest).toBe(4 * (fan(4) + fan(17) + fan(29)));
    expect(r.metrics.sent).toBe(m.transmissions.data + m.transmissions.digest);
  });

  it('relay: every member also sends one copy to every other member but the origin, each acked', () => {
    const d = hopDistances(base({}));
    const data = sum(sources.map((s) => sum(members.filter((q) => q !== s).map((q) => d[s]![q]!))));
    const relay = sum(sources.map((s) => sum(members.filter((q) => q !== s).map((q) => sum(members.filter((x) => x !== q && x !== s).map((x) => d[q]![x]!))))));
    const r = run(base({ relay: true }));
    const m = rel(r);
    expect(m.transmissions.data).toBe(data);
    expect(m.transmissions.relay).toBe(relay);
    expect(m.transmissions.ack).toBe(data + relay);
    expect(r.metrics.sent).toBe(2 * (data + relay));
  });

  it('uniform: the origin announces stability to every member, acked too (4 Σ d(s,q))', () => {
    const d = hopDistances(base({}));
    const data = sum(sources.map((s) => sum(members.filter((q) => q !== s).map((q) => d[s]![q]!))));
    const m = rel(run(base({ uniform: true })));
    expect(m.transmissions.data).toBe(data);
    expect(m.transmissions.stable).toBe(data);
    expect(m.transmissions.ack).toBe(2 * data);
  });

  it('neighbours only (a complete graph): members − 1 data copies and members − 1 acks per message', () => {
    const r = run({ topology: { kind: 'complete', nodes: 9 }, link: { latency: 2 }, groups: { g: [0, 2, 3, 5, 8] }, protocol: { type: 'reliable', group: 'g' }, workload: [{ every: 1, count: 6, from: 3 }] });
    expect(rel(r).transmissions.data).toBe(6 * 4);
    expect(rel(r).transmissions.ack).toBe(6 * 4);
    expect(r.metrics.sent).toBe(6 * 8);
  });
});

// ---------------------------------------------------------------- crashes

describe('reliable: crashes', () => {
  // Node 3 sends at t=0 and crashes at 0.5 ms, before any copy can arrive (1–50 ms
  // links) and before any retransmission; node 5 keeps sending. A complete graph keeps
  // routes off the crashed node, so only the protocol is under test.
  const senderCrash = (seed: number, protocol: Record<string, unknown>) => ({
    seed,
    topology: { kind: 'complete', nodes: 10 },
    link: { latency: { dist: 'uniform', min: 1, max: 50 }, loss: 0.3 },
    groups: { g: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] },
    faults: [{ at: 0.5, crash: [3] }],
    protocol: { type: 'reliable', group: 'g', ...protocol },
    workload: [{ at: 0, from: 3 }, { every: 10, count: 5, from: 5 }],
  });
  const seeds = Array.from({ length: 10 }, (_, i) => i + 1);

  it('without relay, a sender crashing mid-broadcast leaves correct members disagreeing', () => {
    // Each of the 9 others gets the only copy with probability 0.7: all or none of them
    // with probability 0.7^9 + 0.3^9 ≈ 0.04, so nearly every seed disagrees.
    const disagreeing = seeds.filter((seed) => rel(run(senderCrash(seed, {}))).violations.some((v) => v.property === 'agreement'));
    expect(disagreeing.length).toBeGreaterThanOrEqual(7);
  });

  it('with relay: true the correct members agree, regular and uniform', () => {
    for (const seed of seeds) {
      const ev = new Events();
      const r = run(senderCrash(seed, { relay: true }), { observers: [ev] });
      expect(rel(r).violations).toEqual([]);
      expect(rel(r).transmissions.relay).toBeGreaterThan(0);
      // Message 0: delivered by all 9 correct members or by none (its crashed sender delivered it at once).
      const got = new Set(ev.deliveries().filter((e) => e.msg === 0 && e.node !== 3).map((e) => e.node));
      expect([0, 9]).toContain(got.size);
      const u = run(senderCrash(seed, { relay: true, uniform: true }));
      expect(rel(u).violations).toEqual([]);
    }
  });

  const sequencerCrash = (seed: number, at: number, protocol: Record<string, unknown>) => ({
    seed,
    topology: { kind: 'complete', nodes: 12 },
    link: { latency: { dist: 'uniform', min: 1, max: 50 }, loss: 0.2 },
    groups: { g: [0, 1, 2, 3, 4, 5, 6, 7] },
    faults: [{ at, crash: [0] }],
    protocol: { type: 'reliable', group: 'g', order: 'total', ...protocol },
    workload: [1, 2, 3, 0].map((from, i) => ({ every: 20, count: 10, start: 3 * i, from })),
  });

  for (const ack of ['ack', 'nak'] as const) {
    it(`a crashed sequencer does not stop total order among the survivors (ack ${ack})`, () => {
      for (const [seed, at] of [[1, 5], [2, 90], [3, 150], [4, 90], [5, 40]] as const) {
        const ev = new Events();
        const r = run(sequencerCrash(seed, at, { ack }), { observers: [ev] });
        const m = rel(r);
        expect(m.violations).toEqual([]);
        expect(m.transmissions.install).toBeGreaterThan(0);
        // Every message of the surviving senders, including those sent after the
        // takeover, reaches all 7 survivors, in one order.
        const survivors = [1, 2, 3, 4, 5, 6, 7];
        const orderAt = (v: number) => ev.deliveries().filter((e) => e.node === v).map((e) => e.msg);
        for (const v of survivors) expect(orderAt(v).length).toBeGreaterThanOrEqual(30);
        const reference = orderAt(1);
        for (const v of survivors) expect(orderAt(v)).toEqual(reference);
        const late = ev.check.filter((e) => e.type === 'request' && e.t > at + 1000 && e.node !== 0).map((e) => e.msg);
        for (const id of late) expect(reference).toContain(id);
      }
    });
  }

  it('the sequencer crash with uniform and relay keeps uniform total order', () => {
    for (const seed of [1, 2, 3]) {
      const ev = new Events();
      const r = run(sequencerCrash(seed, 90, { uniform: true, relay: true }), { observers: [ev] });
      expect(rel(r).violations).toEqual([]);
      expect(checkTrace(ev.check, { order: 'total', uniform: true }).violations).toEqual([]);
    }
  });
});

// ---------------------------------------------------------------- uniform delivery

describe('reliable: uniform delivers only what a majority holds', () => {
  /** Deliveries made before a majority of the group had received a copy (or sent it), by the trace. */
  function early(ev: Events, members: number[]): number {
    const majority = Math.floor(members.length / 2) + 1;
    const held = new Map<number, Map<number, number>>();
    const hold = (msg: number, node: number, t: number) => {
      if (!members.includes(node)) return;
      let m = held.get(msg);
      if (!m) held.set(msg, (m = new Map()));
      if (!m.has(node)) m.set(node, t);
    };
    for (const e of ev.check) if (e.type === 'request') hold(e.msg!, e.node, e.t);
    for (const r of ev.receives) hold(r.msg, r.node, r.t);
    return ev.deliveries().filter((d) => [...(held.get(d.msg!)?.values() ?? [])].filter((t) => t <= d.t).length < majority).length;
  }

  for (const order of ['none', 'total'] as const) {
    it(`order ${order}: no delivery before a majority holds the message; without uniform, many`, () => {
      const raw = (uniform: boolean) => ({ ...lossy(3, { order, uniform }), link: { latency: { dist: 'uniform', min: 1, max: 50 }, loss: 0.2 } });
      const u = new Events();
      const ru = run(raw(true), { observers: [u] });
      expect(rel(ru).violations).toEqual([]);
      expect(ru.metrics.delivered).toBe(ru.metrics.expected);
      expect(early(u, MEMBERS)).toBe(0);
      const plain = new Events();
      run(raw(false), { observers: [plain] });
      expect(early(plain, MEMBERS)).toBeGreaterThan(40);
    });
  }
});

// ---------------------------------------------------------------- hold-back and bad input

describe('reliable: hold-back', () => {
  const raw = (order: OrderLevel) => ({ ...lossy(5, { order }), link: { latency: { dist: 'uniform', min: 1, max: 50 } } });

  it('order none delivers on first receipt: no hold-back, never more than one message held', () => {
    const m = rel(run(raw('none')));
    expect(m.holdBack.max).toBe(0);
    expect(m.largestBuffer).toBe(1);
  });

  it('fifo holds back messages that overtook earlier ones', () => {
    const m = rel(run(raw('fifo')));
    expect(m.holdBack.max!).toBeGreaterThan(0);
    expect(m.largestBuffer).toBeGreaterThan(1);
  });
});

describe('reliable: determinism and bad options', () => {
  it('the same seed gives the same run', () => {
    const a = run(lossy(2, { order: 'total' })), b = run(lossy(2, { order: 'total' }));
    expect(a.fingerprint).toBe(b.fingerprint);
    expect(a.metrics).toEqual(b.metrics);
  });

  function problems(protocol: Record<string, unknown>, groups: Record<string, unknown> = { g: [0, 1, 2] }): string[] {
    try {
      parseScenario({ topology: { kind: 'ring', nodes: 5 }, groups, protocol: { type: 'reliable', ...protocol } }, '<test>');
    } catch (err) {
      if (err instanceof ScenarioError) return err.issues.map((i) => `${i.path}: ${i.message}`);
      throw err;
    }
    return [];
  }

  it('rejects uniform with naks, a static-group violation, an unknown group and bad values', () => {
    expect(problems({ group: 'g', uniform: true, ack: 'nak' })).toEqual([expect.stringMatching(/^protocol\.uniform: needs ack: ack/)]);
    expect(problems({ group: 'g' }, { g: { members: [0, 1], joins: [{ at: 5, node: 2 }] } })).toEqual([expect.stringMatching(/^protocol\.group: group 'g' has joins or leaves/)]);
    expect(problems({ group: 'h' })).toEqual([expect.stringMatching(/^protocol\.group: unknown group 'h'/)]);
    expect(problems({ group: 'g', order: 'random' })[0]).toMatch(/^protocol\.order: /);
    expect(problems({ group: 'g', timeout: 1500 })).toEqual([expect.stringMatching(/^protocol\.maxTimeout: must be ≥ timeout \(1500\)/)]);
    expect(problems({ group: 'g', maxRetries: -1 })[0]).toMatch(/^protocol\.maxRetries: /);
    expect(problems({ group: 'g' })).toEqual([]);
  });
});
