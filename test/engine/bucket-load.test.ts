import { describe, expect, it } from 'vitest';
import { BlockPool, NONE } from '../../src/engine/block-pool.js';
import { BY_KEY, IN_SPARE, loadBucket, SORTED, type Spread, SPREAD_BY_KEY, SPREAD_BY_TIME } from '../../src/engine/bucket-load.js';
import { sortRun } from '../../src/engine/key-sort.js';
import { RandomStreams } from '../../src/engine/random.js';

/** A chain of events with the given times, keys 0, 256, 512, … (sequence order) unless given. */
function chain(times: number[], keys = times.map((_, i) => i * 256)): { pool: BlockPool; last: number } {
  const pool = new BlockPool(16);
  let last = NONE;
  times.forEach((t, i) => { last = pool.append(last); pool.num[4 * last] = t; pool.num[4 * last + 1] = keys[i]!; });
  return { pool, last };
}

/** Load the chain of `times` as bucket `bucket` of width 1 / inverse (default: bucket 0, 16 wide). */
function load(times: number[], keys?: number[], bucket = 0, inverse = 1 / 16): { how: number; order: number[]; runTimes: number[]; sorted: number[] } {
  const { pool, last } = chain(times, keys);
  const n = times.length;
  const rt = new Float64Array(n), ra = new Int32Array(n), st = new Float64Array(n), sa = new Int32Array(n);
  const spread: Spread = { bucket, inverse, slot: new Int32Array(n), counts: new Int32Array(n + 1) };
  const how = loadBucket(pool.num, pool.next, last, n, rt, ra, new Uint8Array(n), st, sa, spread);
  const inSpare = how === IN_SPARE || how === SPREAD_BY_TIME || how === SPREAD_BY_KEY;
  const [t, a, t2, a2] = inSpare ? [st, sa, rt, ra] : [rt, ra, st, sa];
  // Positions back to the index the event was pushed as (its key / 256).
  const index = (at: Int32Array): number[] => Array.from(at, (p) => pool.num[4 * p + 1]! / 256);
  const order = index(a), runTimes = Array.from(t);
  // What the queue does next: sort what is left unsorted, by time (keys in order) or by key.
  let sorted = order;
  if (how !== SORTED && how !== IN_SPARE) {
    const ts = Float64Array.from(t), as = Int32Array.from(a);
    const swapped = sortRun(ts, as, n, t2, a2, how === BY_KEY || how === SPREAD_BY_KEY ? pool.num : null);
    sorted = index(swapped ? a2 : as);
  }
  return { how, order, runTimes, sorted };
}

/** Indexes of `times` in (time, index) order, or by (time, key) when keys are given. */
function reference(times: number[], keys = times.map((_, i) => i)): number[] {
  return times.map((t, i) => i).sort((i, j) => times[i]! - times[j]! || keys[i]! - keys[j]!);
}

describe('loadBucket', () => {
  const rng = new RandomStreams(3).stream('bucket');
  // Sums on a 0.01 grid that differ only by rounding: distinct doubles a few ulps apart.
  const variants = [0.1 + 0.2, 0.3, 0.7 - 0.4, 0.15 + 0.15];

  it('deals a fat bucket of a few rounding variants out stably by time', () => {
    expect(new Set(variants).size).toBe(3);
    const times = Array.from({ length: 300 }, () => variants[Math.floor(rng() * 4)]!);
    const want = times.map((t, i) => [t, i] as const).sort((x, y) => x[0] - y[0] || x[1] - y[1]);
    const got = load(times);
    expect(got.how).toBe(IN_SPARE);
    expect(got.order).toEqual(want.map((x) => x[1]));
    expect(got.runTimes).toEqual(want.map((x) => x[0]));
  });

  it('leaves a bucket in time order where it is, and hands on one of more than eight times or out of key order', () => {
    expect(load(Array.from({ length: 100 }, (_, i) => 1 + Math.floor(i / 30))).how).toBe(SORTED);
    // Nine distinct times, the ninth last: classed as far as eight, then left to the sort by time.
    const nine = Array.from({ length: 90 }, (_, i) => 1 + (i % 9) * 0.25);
    const many = load(nine);
    expect(many.how).toBe(SPREAD_BY_TIME);
    expect(many.sorted).toEqual(reference(nine));
    // Keys out of order (a pour filed an older event after newer ones): ties must be settled by key.
    const keys = Array.from({ length: 40 }, (_, i) => (i === 39 ? 5 : i + 10) * 256);
    const outOfOrder = load(Array.from({ length: 40 }, () => 2), keys);
    expect(outOfOrder.how).toBe(SPREAD_BY_KEY);
    expect(outOfOrder.sorted).toEqual(reference(Array.from({ length: 40 }, () => 2), keys).map((i) => keys[i]! / 256));
    // Short buckets are spread by time without classing.
    expect(load([3, 1, 2]).how).toBe(SPREAD_BY_TIME);
  });

  it('spreads a bucket of spread times by place in the bucket, stably, so the sort after it moves little', () => {
    // Bucket 37 of width 0.25 (times in [9.25, 9.5)), with ties: 60 events.
    const inverse = 4, base = 37 / inverse;
    const times = Array.from({ length: 60 }, (_, i) => (i % 7 === 3 ? base + 0.125 : base + rng() * 0.25));
    const got = load(times, undefined, 37, inverse);
    expect(got.how).toBe(SPREAD_BY_TIME);
    // In slot order (floor of the place in the bucket × n), ties and a slot's events in push order.
    const slot = (t: number): number => Math.floor((t * inverse - 37) * 60);
    for (let i = 1; i < 60; i++) {
      expect(slot(got.runTimes[i]!)).toBeGreaterThanOrEqual(slot(got.runTimes[i - 1]!));
      if (slot(got.runTimes[i]!) === slot(got.runTimes[i - 1]!)) expect(got.order[i]!).toBeGreaterThan(got.order[i - 1]!);
    }
    expect(got.sorted).toEqual(reference(times));
    // Far from the push order: the spread did the sorting's bulk.
    let inversions = 0;
    for (let i = 0; i < 60; i++) for (let j = i + 1; j < 60; j++) if (got.runTimes[i]! > got.runTimes[j]!) inversions++;
    expect(inversions).toBeLessThan(60);
  });

  it('holds a place outside the bucket to its first or last slot: the order is exact for any bucket named', () => {
    const base = 2 ** 20, times = Array.from({ length: 50 }, (_, i) => (i % 9 === 0 ? base + 0.5 : base + rng()));
    times.push(base + 1 - 2 ** -32, base);
    const want = reference(times);
    for (const bucket of [base, base - 3, base + 1, base + 1e12, 0, -5]) {
      const got = load(times, undefined, bucket, 1);
      expect(got.how).toBe(SPREAD_BY_TIME);
      expect(got.sorted).toEqual(want);
    }
    // A bucket far from 0: the place has few bits left, the order is still exact.
    const far = 2 ** 40, few = [far + 0.75, far + 0.25, far + 0.5, far + 0.25];
    expect(load(few, undefined, far, 1).sorted).toEqual(reference(few));
  });
});
