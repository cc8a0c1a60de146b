/**
 * The delivery metrics' result from hand-made traces, checked against figures worked out here
 * independently: the latency summary when the latencies come in order (one message: their own
 * sorted order, no copy or sort) and when they do not (two messages interleaved), and the
 * expected count with and without a recipient down at the end.
 */
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../src/api/trace.js';
import { DeliveryMetricsObserver, type RequestDetail } from '../../src/observe/delivery-metrics.js';

const ev = (e: Partial<TraceEvent> & Pick<TraceEvent, 'type' | 't'>): TraceEvent => ({ node: -1, peer: -1, link: -1, msg: -1, hops: -1, label: '', detail: null, ...e });
const request = (id: number, source: number, at: number, expected: number[]): TraceEvent =>
  ev({ type: 'request', t: at, node: source, msg: id, detail: { request: { id, source, at }, expected } satisfies RequestDetail });

/** Nearest-rank summary and convergence times of `latencies`, sorted and summed as plain numbers. */
function byHand(latencies: number[], expected: number) {
  const s = [...latencies].sort((a, b) => a - b), n = s.length, rank = (p: number) => s[Math.max(1, Math.ceil(p * n)) - 1]!;
  let sum = 0;
  for (const v of s) sum += v;
  const tx = (f: number) => { const k = Math.max(1, Math.ceil(f * expected - 1e-9)); return k <= n ? s[k - 1]! : null; };
  return { latency: { min: s[0], mean: Number((sum / n).toPrecision(9)), p50: rank(0.5), p95: rank(0.95), max: s[n - 1] }, convergence: { t50: tx(0.5), t90: tx(0.9), t99: tx(0.99), t100: tx(1) } };
}

describe('delivery metrics', () => {
  const nodes = 400;

  it('latencies that come in order (one message) and out of order (two interleaved) give the sorted summary', () => {
    for (const interleaved of [false, true]) {
      const m = new DeliveryMetricsObserver(nodes), latencies: number[] = [];
      m.event(request(0, 0, 0, Array.from({ length: nodes - 1 }, (_, i) => i + 1)));
      if (interleaved) m.event(request(1, 5, 3.5, Array.from({ length: nodes }, (_, i) => i).filter((v) => v !== 5)));
      let t = 0.1;
      for (let v = 1; v < nodes; v++) {
        t += (v % 7) * 0.013;
        m.event(ev({ type: 'deliver', t, node: v, msg: 0, hops: 1 + (v % 5) }));
        latencies.push(t);
        if (interleaved && v !== 5 && t > 3.5) { m.event(ev({ type: 'deliver', t, node: v, msg: 1, hops: 2 })); latencies.push(t - 3.5); }
      }
      const r = m.result(), want = byHand(latencies, r.expected);
      expect(r.delivered).toBe(latencies.length);
      expect(r.latency).toEqual(want.latency);
      expect(r.convergence).toEqual(want.convergence);
    }
  });

  it('a zero latency and one out of order give the sorted summary', () => {
    const m = new DeliveryMetricsObserver(10);
    m.event(request(0, 0, 2, [1, 2, 3]));
    m.event(ev({ type: 'deliver', t: 2, node: 1, msg: 0, hops: 1 })); // latency +0
    m.event(ev({ type: 'deliver', t: 5, node: 2, msg: 0, hops: 1 }));
    m.event(ev({ type: 'deliver', t: 4, node: 3, msg: 0, hops: 1 })); // out of order
    expect(m.result().latency).toEqual({ min: 0, mean: 1.66666667, p50: 2, p95: 3, max: 3 });
  });

  it('counts a recipient down at the end as expected only if it delivered', () => {
    const expected = [1, 2, 3, 4, 5];
    const run = (faults: TraceEvent[]) => {
      const m = new DeliveryMetricsObserver(10);
      m.event(request(0, 0, 0, expected));
      for (const v of [1, 2, 4]) m.event(ev({ type: 'deliver', t: v, node: v, msg: 0, hops: 1 }));
      for (const f of faults) m.event(f);
      return m.result();
    };
    expect(run([]).expected).toBe(5);
    expect(run([ev({ type: 'crash', t: 6, node: 3 }), ev({ type: 'crash', t: 6, node: 4 })]).expected).toBe(4); // 3 never delivered: not expected; 4 delivered
    expect(run([ev({ type: 'crash', t: 6, node: 3 }), ev({ type: 'recover', t: 7, node: 3 })]).expected).toBe(5);
    expect(run([ev({ type: 'crash', t: 6, node: 3 }), ev({ type: 'crash', t: 6, node: 3 }), ev({ type: 'recover', t: 7, node: 3 })]).expected).toBe(5);
  });
});
