import { describe, expect, it } from 'vitest';
import { bucketWidth, fillIsBad, gridStep, layoutFor, MIN_RING, ringSize, SPREAD_FACTOR, spreadWide } from '../../src/engine/calendar-layout.js';
import { RandomStreams } from '../../src/engine/random.js';

describe('calendar layout choices', () => {
  it('a clustered wave inside the ring is not re-laid out as it outgrows the ring; one spilling past the ring is', () => {
    // 20 buckets passed for each one loaded (times on a grid coarser than the width), 2M
    // pending against a ring of 1,024 buckets (more than 4 × TARGET a bucket).
    const clustered = { pushed: 1_500_000, loads: 1000, loaded: 500_000, skipped: 20_000, dealtLoads: 0, dealt: 0, onStep: false, informed: true };
    expect(fillIsBad(clustered, 2_000_000, 1024, 0)).toBe(false);
    expect(fillIsBad(clustered, 2_000_000, 1024, 1_000_000)).toBe(true);
    // Spread times (no bucket passed empty): the ring grows with the queue.
    expect(fillIsBad({ pushed: 1_500_000, loads: 1000, loaded: 16_000, skipped: 0, dealtLoads: 0, dealt: 0, onStep: false, informed: true }, 2_000_000, 1024, 0)).toBe(true);
    // Too soon after the last layout: never.
    expect(fillIsBad({ ...clustered, pushed: 10 }, 2_000_000, 1024, 1_000_000)).toBe(false);
  });

  it('fat buckets of a few instants each (dealt in one pass) are not re-laid out, neither for their size nor for the ring', () => {
    // A flood's wave on a grid's step: no bucket passed empty, 700 fat buckets dealt, 300 short ones (33 events each).
    const onStep = { pushed: 1_500_000, loads: 1000, loaded: 500_000, skipped: 0, dealtLoads: 700, dealt: 490_000, onStep: true, informed: true };
    expect(fillIsBad(onStep, 2_000_000, 1024, 0)).toBe(false);
    // Many waiting past the ring: the ring grows.
    expect(fillIsBad(onStep, 2_000_000, 1024, 1_000_000)).toBe(true);
    // The same fat buckets of many times each (sorted, not dealt): the width is re-chosen.
    const sorted = { ...onStep, dealtLoads: 200, dealt: 100_000 };
    expect(fillIsBad(sorted, 100_000, 1 << 20, 0)).toBe(true);
    expect(fillIsBad(sorted, 2_000_000, 1024, 0)).toBe(true);
    // Off a grid's step, with a width from the events' spread: the same for the buckets' size.
    expect(fillIsBad({ ...onStep, onStep: false }, 100_000, 1 << 20, 0)).toBe(false);
    // With a width guessed from one instant, fat buckets count whatever their times.
    expect(fillIsBad({ ...onStep, onStep: false, informed: false }, 100_000, 1 << 20, 0)).toBe(true);
    // Buckets of 200 (not fat), mostly dealt, 2M pending against a ring of 1,024: on the step
    // the ring is long enough; off it, it grows as before.
    const grown = { pushed: 1_500_000, loads: 5000, loaded: 1_000_000, skipped: 0, dealtLoads: 4000, dealt: 900_000, onStep: true, informed: true };
    expect(fillIsBad(grown, 2_000_000, 1024, 0)).toBe(false);
    expect(fillIsBad({ ...grown, onStep: false }, 2_000_000, 1024, 0)).toBe(true);
  });

  it('a fat one-instant bucket does not hide fat sorted buckets beside it; under a width guessed from one instant it counts as fat itself', () => {
    // 100,000 events at one instant (one dealt bucket, most of the events loaded), then
    // 80,000 at spread times.
    const round = { pushed: 200_000, loads: 9, loaded: 180_000, skipped: 0, dealtLoads: 1, dealt: 100_000, onStep: false, informed: true };
    // The spread ones in 8 buckets of 10,000: re-laid out.
    expect(fillIsBad(round, 100_000, 32_768, 0)).toBe(true);
    // In 800 buckets of 100: not.
    expect(fillIsBad({ ...round, loads: 801 }, 100_000, 32_768, 0)).toBe(false);
    // The one-instant bucket alone: not.
    expect(fillIsBad({ ...round, loads: 1, loaded: 100_000 }, 100_000, 32_768, 0)).toBe(false);
    // Laid out from that one instant alone (a gossip run's first timers, then the calls they
    // send): re-laid out at once.
    expect(fillIsBad({ ...round, loads: 1, loaded: 100_000, informed: false }, 100_000, 32_768, 0)).toBe(true);
  });

  it('keeps an informed width when the sample is one instant, and guesses only without one', () => {
    const timers = new Array<number>(1024).fill(200);
    expect(layoutFor(timers, 100_000, 200, 0.0014)).toEqual({ width: 0.0014, span: ringSize(100_000), onStep: false, informed: true, kept: true });
    const guess = layoutFor(timers, 100_000, 200, 0);
    expect(guess.informed).toBe(false);
    expect(guess.kept).toBe(false);
    expect(guess.width).toBe(1);
    // Rounding variants of one instant are one instant too.
    const variants = [200 * (1 - 2 ** -52), 200, 200, 200 * (1 + 2 ** -52)];
    expect(layoutFor(variants, 1000, variants[0]!, 0.5).width).toBe(0.5);
    // Two instants inform the width.
    const two = layoutFor([...timers.slice(1), 212.5], 100_000, 200, 0.0014);
    expect(two.informed).toBe(true);
    expect(two.kept).toBe(false);
    expect(two.width).not.toBe(0.0014);
    // Events at infinity alone: the width kept too.
    expect(layoutFor([Infinity, Infinity], 2, Infinity, 0.25).width).toBe(0.25);
  });

  it('finds the step of times on a grid through their rounding variants, and no step in spread times', () => {
    const rng = new RandomStreams(3).stream('grid');
    const lat = (): number => (100 + Math.floor(rng() * 901)) / 100; // 1–10 ms in 0.01 ms steps
    // Sums of three grid latencies in two orders: the same instant, often a few units in the last place apart.
    const sums = Array.from({ length: 1024 }, (_, i) => { const a = lat(), b = lat(), c = lat(); return i % 2 === 0 ? a + b + c : c + b + a; });
    sums.sort((x, y) => x - y);
    let variants = 0;
    for (let i = 1; i < sums.length; i++) if (sums[i]! > sums[i - 1]! && sums[i]! - sums[i - 1]! < 1e-9) variants++;
    expect(variants).toBeGreaterThan(10); // the case the step must see through
    const step = gridStep(sums);
    expect(Math.abs(step - 0.01)).toBeLessThan(1e-12);
    // Spread times, a grid too fine to tell from rounding, and too few instants: no step.
    expect(gridStep(Array.from({ length: 1024 }, () => rng() * 30).sort((x, y) => x - y))).toBe(0);
    expect(gridStep(Array.from({ length: 1024 }, (_, i) => 1e6 + i * 1e-7))).toBe(0);
    expect(gridStep([1, 1.5, 2, 2, 3, 3.5, 4, 5])).toBe(0);
    // A timer far ahead on the same grid does not hide it; one off the grid does.
    expect(Math.abs(gridStep([...sums, 5000]) - 0.01)).toBeLessThan(1e-12);
    expect(gridStep([...sums, 5000.003])).toBe(0);
    // Infinite times are left out.
    expect(Math.abs(gridStep([...sums, Infinity, Infinity]) - 0.01)).toBeLessThan(1e-12);
  });

  it('lays a wave on a grid out on the step, a shade wide, with a ring spanning the same time', () => {
    const grid = Array.from({ length: 1024 }, (_, i) => 1 + ((i * 7919) % 900) / 100).sort((x, y) => x - y);
    // 4,000 events on 900 instants: TARGET a bucket would be ~3.5 steps wide.
    const { width, span } = layoutFor(grid, 4000, grid[0]!);
    expect(width).toBeGreaterThan(0.01);
    expect(width).toBeLessThan(0.01 * (1 + 2 ** -19));
    expect(span).toBe(4 * ringSize(4000));
    expect(layoutFor(grid, 4000, grid[0]!).onStep).toBe(true);
    // 4,000 events on 23 instants 0.4 ms apart: TARGET a bucket would be finer than a step; one step, the ring as is.
    const sparse = Array.from({ length: 1024 }, (_, i) => 1 + 0.4 * ((i * 7919) % 23)).sort((x, y) => x - y);
    const wide = layoutFor(sparse, 4000, 1);
    expect(Math.abs(wide.width - 0.4)).toBeLessThan(1e-6);
    // 40 events on the 900 instants: buckets of many steps, as before.
    const few = layoutFor(grid, 40, grid[0]!);
    expect(few.width).toBeGreaterThan(0.1);
    expect(few.span).toBe(ringSize(40));
    expect(few.onStep).toBe(false);
    // Spread times (no grid): buckets SPREAD_FACTOR times TARGET's, the ring as much shorter, spanning the same time.
    const rng = new RandomStreams(4).stream('spread');
    const spread = Array.from({ length: 1024 }, () => rng() * 10).sort((x, y) => x - y);
    const s = layoutFor(spread, 100_000, spread[0]!);
    expect(SPREAD_FACTOR).toBe(2);
    expect(s.span).toBe(ringSize(100_000) / 2);
    expect(s.width).toBe(2 * bucketWidth(spread, 100_000, spread[0]!));
    expect(s.width).toBeLessThan(0.01);
    expect(s.onStep).toBe(false);
    // Never shorter than the smallest ring.
    expect(layoutFor(spread, 10, spread[0]!).span).toBe(MIN_RING);
  });

  it('a step-wide bucket is a shade wider than the step, so an instant on a boundary keeps its rounding variants together', () => {
    // Instants that would sit exactly on bucket boundaries (k × 0.25, exact in binary) with variants a unit in
    // the last place either side: each instant's variants share one bucket, and no two instants do.
    const exact: number[] = [];
    for (let k = 400; k < 700; k++) { const t = k * 0.25; exact.push(t * (1 - 2 ** -52), t, t * (1 + 2 ** -52)); }
    expect(gridStep(exact)).toBe(0.25);
    const onEdge = layoutFor(exact, 100_000, exact[0]!), buckets = new Set<number>();
    for (let i = 0; i < exact.length; i += 3) {
      const b = Math.floor(exact[i]! / onEdge.width);
      expect([Math.floor(exact[i + 1]! / onEdge.width), Math.floor(exact[i + 2]! / onEdge.width)]).toEqual([b, b]);
      buckets.add(b);
    }
    expect(buckets.size).toBe(300);
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
