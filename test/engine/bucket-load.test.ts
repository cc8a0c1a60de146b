import { describe, expect, it } from 'vitest';
import { BlockPool, NONE } from '../../src/engine/block-pool.js';
import { BY_KEY, BY_TIME, IN_SPARE, loadBucket, SORTED } from '../../src/engine/bucket-load.js';
import { RandomStreams } from '../../src/engine/random.js';

/** A chain of events with the given times, keys 0, 256, 512, … (sequence order) unless given. */
function chain(times: number[], keys = times.map((_, i) => i * 256)): { pool: BlockPool; last: number } {
  const pool = new BlockPool(16);
  let last = NONE;
  times.forEach((t, i) => { last = pool.append(last); pool.num[4 * last] = t; pool.num[4 * last + 1] = keys[i]!; });
  return { pool, last };
}

function load(times: number[], keys?: number[]): { how: number; order: number[]; runTimes: number[] } {
  const { pool, last } = chain(times, keys);
  const n = times.length;
  const rt = new Float64Array(n), ra = new Int32Array(n), st = new Float64Array(n), sa = new Int32Array(n);
  const how = loadBucket(pool.num, pool.next, last, n, rt, ra, new Uint8Array(n), st, sa);
  const [t, a] = how === IN_SPARE ? [st, sa] : [rt, ra];
  // Positions back to the index the event was pushed as (its key / 256).
  return { how, order: Array.from(a, (p) => pool.num[4 * p + 1]! / 256), runTimes: Array.from(t) };
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
    expect(many.how).toBe(BY_TIME);
    expect(many.runTimes).toEqual(nine);
    expect(many.order).toEqual(nine.map((_, i) => i));
    // Keys out of order (a pour filed an older event after newer ones): ties must be settled by key.
    const keys = Array.from({ length: 40 }, (_, i) => (i === 39 ? 5 : i + 10) * 256);
    expect(load(Array.from({ length: 40 }, () => 2), keys).how).toBe(BY_KEY);
    // Short buckets are only copied (insertion sort orders them).
    expect(load([3, 1, 2]).how).toBe(BY_TIME);
  });
});
