import { describe, expect, it } from 'vitest';
import { run } from '../support/run.js';

// A flood on a ring of 30: 1 request + 2|E| − (n − 1) = 1 + 60 − 29 = 32 events.
const ring = { seed: 2, topology: { kind: 'ring', nodes: 30 }, link: { latency: 1 }, protocol: { type: 'broadcast' } };

describe('how a run stops', () => {
  it('counts every event of a flood and ends idle, also when the cap is exactly that count', () => {
    const full = run({ ...ring, workload: [{ at: 0, from: 0 }] });
    expect(full.events).toBe(32);
    expect(full.stop).toBe('idle');
    const capped = run({ ...ring, workload: [{ at: 0, from: 0 }], maxEvents: 32 });
    expect([capped.events, capped.stop]).toEqual([32, 'idle']);
    expect(capped.fingerprint).toBe(full.fingerprint);
  });

  it('stops at the event cap with events still queued, and with requests still scripted', () => {
    for (const cap of [1, 2, 17, 31]) {
      const r = run({ ...ring, workload: [{ at: 0, from: 0 }], maxEvents: cap });
      expect([r.events, r.stop]).toEqual([cap, 'event-cap']);
    }
    const series = run({ ...ring, workload: [{ start: 0, every: 100, count: 5, from: 0 }], maxEvents: 40 });
    expect([series.events, series.stop]).toEqual([40, 'event-cap']);
    expect(run({ ...ring, workload: [{ start: 0, every: 100, count: 5, from: 0 }] }).events).toBe(5 * 32);
  });

  it('stops at until with events still queued, the clock at until', () => {
    const r = run({ ...ring, workload: [{ at: 0, from: 0 }], until: 3.5 });
    expect(r.stop).toBe('until');
    expect(r.time).toBe(3.5);
    // By 3.5 ms the copies of hops 1..3 arrived, two per hop: 1 request + 6 arrivals.
    expect(r.events).toBe(7);
  });
});
