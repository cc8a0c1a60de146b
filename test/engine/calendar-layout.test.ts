import { describe, expect, it } from 'vitest';
import { fillIsBad, spreadWide } from '../../src/engine/calendar-layout.js';

describe('calendar layout choices', () => {
  it('a clustered wave inside the ring is not re-laid out as it outgrows the ring; one spilling past the ring is', () => {
    // 20 buckets passed for each one loaded (times on a grid coarser than the width), 2M
    // pending against a ring of 1,024 buckets (more than 4 × TARGET a bucket).
    const clustered = { pushed: 1_500_000, loads: 1000, loaded: 500_000, skipped: 20_000 };
    expect(fillIsBad(clustered, 2_000_000, 1024, 0)).toBe(false);
    expect(fillIsBad(clustered, 2_000_000, 1024, 1_000_000)).toBe(true);
    // Spread times (no bucket passed empty): the ring grows with the queue.
    expect(fillIsBad({ pushed: 1_500_000, loads: 1000, loaded: 16_000, skipped: 0 }, 2_000_000, 1024, 0)).toBe(true);
    // Too soon after the last layout: never.
    expect(fillIsBad({ ...clustered, pushed: 10 }, 2_000_000, 1024, 1_000_000)).toBe(false);
  });

  it('two levels only for events spread over more buckets than stay in cache', () => {
    const sorted = (xs: number[]): number[] => xs.sort((a, b) => a - b);
    // 1,024 samples on 900 instants of a 0.01 ms grid (a flood's wave), width 0.001 ms: one level.
    const wave = sorted(Array.from({ length: 1024 }, (_, i) => 1 + ((i * 7919) % 900) / 100));
    expect(spreadWide(wave, 1000)).toBe(false);
    // The same count spread over 100,000 buckets: two levels.
    const spread = sorted(Array.from({ length: 1024 }, (_, i) => ((i * 7919) % 100_000) / 1000));
    expect(spreadWide(spread, 1000)).toBe(true);
    // A tenth of the events at one instant does not hide the spread of the rest.
    const tied = sorted(spread.map((t, i) => (i % 10 === 0 ? 50 : t)));
    expect(spreadWide(tied, 1000)).toBe(true);
  });
});
