/**
 * Requests are generated as the run reaches them: a series of 10⁸ messages used to be
 * planned up front (6.7 GB, then a heap abort) and `until` could not stop it.
 */
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { DeliveryLog } from '../support/trace-collector.js';
import { run } from '../support/run.js';

describe('lazy workload', () => {
  it('count: 100000000 with until: 50 issues the 51 requests due by then and stops', () => {
    const log = new DeliveryLog();
    const r = run({
      topology: { kind: 'ring', nodes: 10 }, link: { latency: 1 },
      protocol: { type: 'broadcast' },
      workload: [{ every: 1, count: 100_000_000, from: 'random' }],
      until: 50,
    }, { observers: [log] });
    expect(r.stop).toBe('until');
    expect(log.requests.size).toBe(51);
    expect(r.metrics.messages).toBe(51);
  });

  it('count: 100000000 with maxEvents stops at the cap', () => {
    const r = run({
      topology: { kind: 'line', nodes: 2 }, link: { latency: 1 },
      protocol: { type: 'broadcast' },
      workload: [{ every: 1, count: 100_000_000, from: 0 }],
      maxEvents: 1000,
    });
    expect(r.stop).toBe('event-cap');
    expect(r.events).toBe(1000);
  });

  it('each item draws its random nodes from its own stream, in its own order, however items interleave', () => {
    const seed = 7, n = 50;
    const log = new DeliveryLog();
    run({
      seed,
      topology: { kind: 'complete', nodes: n }, link: { latency: 1 },
      protocol: { type: 'unicast' },
      workload: [
        { every: 10, count: 30, from: 'random', to: 'random' },
        { every: 7, count: 40, start: 3, from: 'random', to: 'random' },
        { at: 15, from: 4, to: 'random' },
      ],
    }, { observers: [log] });
    // Independent reference: item i's k-th message takes the next draws of stream
    // 'workload' (item 0) or 'workload.i': a source, then a destination other than it.
    const expected: Array<{ at: number; item: number; source: number; to: number }> = [];
    const draw = (item: number) => seedrandom.alea(`castsim:${seed}:${item === 0 ? 'workload' : `workload.${item}`}`);
    const pair = (rng: () => number, from?: number) => {
      const source = from ?? Math.floor(rng() * n);
      const v = Math.floor(rng() * (n - 1));
      return { source, to: v >= source ? v + 1 : v };
    };
    const r0 = draw(0), r1 = draw(1), r2 = draw(2);
    for (let k = 0; k < 30; k++) expected.push({ at: 10 * k, item: 0, ...pair(r0) });
    for (let k = 0; k < 40; k++) expected.push({ at: 3 + 7 * k, item: 1, ...pair(r1) });
    expected.push({ at: 15, item: 2, ...pair(r2, 4) });
    expected.sort((a, b) => a.at - b.at || a.item - b.item);
    const got = [...log.requests.entries()].sort((a, b) => a[0] - b[0]).map(([, q]) => ({ at: q.at, source: q.source, to: q.to }));
    expect(got).toEqual(expected.map(({ at, source, to }) => ({ at, source, to })));
    // Ids follow time order.
    expect([...log.requests.keys()].sort((a, b) => a - b)).toEqual(expected.map((_, i) => i));
  });
});
