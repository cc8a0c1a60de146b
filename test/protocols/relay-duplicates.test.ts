/**
 * Relays forward each copy once: a transmission the link duplicated is dropped at
 * the next relay instead of being forwarded again (before, a 40-node line with
 * duplicate 0.5 multiplied one end-to-end message to the 50 M-event cap).
 */
import { describe, expect, it } from 'vitest';
import type { Observer, TraceEvent } from '../../src/api/trace.js';
import { run } from '../support/run.js';

/** Sends per label, and the receptions of each label at each node. */
class Counts implements Observer {
  readonly sent = new Map<string, number>();
  readonly received = new Map<string, number>();
  event(e: TraceEvent): void {
    if (e.type === 'send') this.sent.set(e.label, (this.sent.get(e.label) ?? 0) + 1);
    if (e.type === 'receive') this.received.set(`${e.label}@${e.node}`, (this.received.get(`${e.label}@${e.node}`) ?? 0) + 1);
  }
  s(label: string): number { return this.sent.get(label) ?? 0; }
  r(label: string, node: number): number { return this.received.get(`${label}@${node}`) ?? 0; }
}

const line = { topology: { kind: 'line', nodes: 40 }, link: { latency: 1, duplicate: 0.5 }, maxEvents: 100_000 };

describe('relays drop duplicated copies', () => {
  it('unicast end-to-end on a 40-node line, duplicate 0.5: one data copy per link, acks bounded', () => {
    let duplicatedAtEnd = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const c = new Counts();
      const r = run({
        seed, ...line,
        protocol: { type: 'unicast', retransmit: 'end-to-end', timeout: 1000 },
        workload: [{ at: 0, from: 0, to: 39 }],
      }, { observers: [c] });
      expect(r.metrics.delivered).toBe(1);
      expect(r.stop).toBe('idle');
      // No loss, and the ack is back (≈ 80 ms) long before the 1000 ms timeout: one attempt.
      expect(c.s('data')).toBe(39);
      expect(c.s('retransmit')).toBe(0);
      // The destination acks every copy it receives (1 or 2); relay 38 forwards one of them.
      const atDestination = c.r('data', 39);
      expect(atDestination === 1 || atDestination === 2).toBe(true);
      expect(c.s('ack')).toBe(atDestination + 38);
      duplicatedAtEnd += atDestination - 1;
      // Each relay received one or two copies of the data and forwarded one.
      for (let v = 1; v < 39; v++) expect(c.r('data', v)).toBeLessThanOrEqual(2);
    }
    // Duplication did happen on the last link in some runs (P(never in 20) = 2^-20).
    expect(duplicatedAtEnd).toBeGreaterThan(0);
  });

  it('unicast end-to-end: each retransmission passes the relays once more', () => {
    const c = new Counts();
    run({
      ...line,
      protocol: { type: 'unicast', retransmit: 'end-to-end', timeout: 10, maxRetries: 3 },
      workload: [{ at: 0, from: 0, to: 39 }],
    }, { observers: [c] });
    // The round trip is 78 ms: all 3 retransmissions go before the first ack returns, each relayed once.
    expect(c.s('data')).toBe(39);
    expect(c.s('retransmit')).toBe(3 * 39);
  });

  for (const order of ['none', 'total'] as const) {
    it(`reliable (order ${order}) on a 40-node line, duplicate 0.5: each envelope crosses each link once`, () => {
      for (let seed = 1; seed <= 10; seed++) {
        const c = new Counts();
        const r = run({
          seed, ...line,
          groups: { g: [0, 39] },
          protocol: { type: 'reliable', group: 'g', order, timeout: 1000 },
          workload: [{ at: 0, from: 0 }],
        }, { observers: [c] });
        expect(r.metrics.delivered).toBe(1);
        expect(r.stop).toBe('idle');
        // none: data 0→39; total: the sequencer is member 0 itself, so one order envelope 0→39.
        expect(c.s(order === 'none' ? 'data' : 'order')).toBe(39);
        expect(c.s('retransmit')).toBe(0);
        // 39 acks per copy the destination acked (1 or 2): never more.
        expect(c.s('ack')).toBeGreaterThanOrEqual(39);
        expect(c.s('ack')).toBeLessThanOrEqual(78);
      }
    });
  }
});
