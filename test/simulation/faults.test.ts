import { describe, expect, it } from 'vitest';
import { run } from '../support/run.js';

describe('faults', () => {
  it('a partition that cuts the source off gives deliveryRatio < 1 and t100 null', () => {
    const r = run({
      topology: { kind: 'grid', width: 5, height: 5 },
      link: { latency: 10 },
      // Nodes not listed form the other side together.
      faults: [{ at: 0, partition: [[0, 1, 5, 6]] }],
      protocol: { type: 'broadcast' },
    });
    // Only the source's own side (1, 5, 6) can be reached.
    expect(r.metrics.delivered).toBe(3);
    expect(r.metrics.deliveryRatio).toBeLessThan(1);
    expect(r.metrics.convergence.t100).toBeNull();
    expect(r.metrics.dropped).toBeGreaterThan(0);
  });

  it('with retransmission and a later heal, delivery completes', () => {
    const r = run({
      topology: { kind: 'ring', nodes: 8 },
      link: { latency: 10 },
      faults: [{ at: 0, partition: [[0, 1, 2, 3], [4, 5, 6, 7]] }, { at: 400, heal: true }],
      protocol: { type: 'unicast', retransmit: 'end-to-end', timeout: 100, maxRetries: 20 },
      workload: [{ at: 0, from: 0, to: 5 }],
    });
    expect(r.metrics.delivered).toBe(1);
    expect(r.metrics.convergence.t100).toBeGreaterThanOrEqual(400);
    // The same run never healed delivers nothing.
    const never = run({
      topology: { kind: 'ring', nodes: 8 }, link: { latency: 10 },
      faults: [{ at: 0, partition: [[0, 1, 2, 3], [4, 5, 6, 7]] }],
      protocol: { type: 'unicast', retransmit: 'end-to-end', timeout: 100, maxRetries: 20 },
      workload: [{ at: 0, from: 0, to: 5 }],
    });
    expect(never.metrics.delivered).toBe(0);
    expect(never.metrics.convergence.t100).toBeNull();
  });

  it('a crashed relay stops the flood behind it; a crashed node is not expected', () => {
    // Line 0-1-2-3-4: crash node 2 at t=0; the flood reaches 1 only; 2 is down (not expected), 3 and 4 are missed.
    const r = run({ topology: { kind: 'line', nodes: 5 }, faults: [{ at: 0, crash: [2] }], protocol: { type: 'broadcast' } });
    expect(r.metrics.expected).toBe(3);
    expect(r.metrics.delivered).toBe(1);
  });

  it('a node that recovers relays later traffic', () => {
    const r = run({
      topology: { kind: 'line', nodes: 3 }, link: { latency: 10 },
      faults: [{ at: 0, crash: [1] }, { at: 50, recover: [1] }],
      protocol: { type: 'broadcast' },
      workload: [{ at: 0, from: 0 }, { at: 100, from: 0 }],
    });
    // Message 0 dies at the crashed relay (2 of 2 missed); message 1 reaches both.
    expect(r.metrics.expected).toBe(3); // node 1 was down when message 0 was sent
    expect(r.metrics.delivered).toBe(2);
  });
});
