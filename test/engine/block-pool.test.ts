import { describe, expect, it } from 'vitest';
import { BLOCK, BlockPool, NONE } from '../../src/engine/block-pool.js';
import { EventQueue } from '../../src/engine/event-queue.js';

describe('BlockPool growth', () => {
  it('keeps every event and chain link as it grows into its reserve and then doubles past it', () => {
    // 4 blocks at first, a reserve of 40 blocks, then 80, 160: growth of both kinds, with
    // chains interleaved so each grow copies blocks of every chain, and freed blocks reused.
    const pool = new BlockPool(32, 40 * BLOCK);
    const chains = 7, events = 10_500;
    const last = new Array<number>(chains).fill(NONE), count = new Array<number>(chains).fill(0);
    let dropped = 0;
    const sizes: number[] = [];
    for (let j = 0; j < events; j++) {
      // Chains picked out of step, so a growth finds blocks of every chain part-filled.
      const c = (j * j + 3 * j + (j >> 4)) % chains, i = count[c]++;
      const pos = last[c] = pool.append(last[c]!);
      pool.num[4 * pos] = c * 1e6 + i + 0.25; pool.num[4 * pos + 1] = -i;
      for (let k = 0; k < 4; k++) pool.int[8 * pos + 4 + k] = c * 1000 + k - i;
      if (sizes[sizes.length - 1] !== pool.bytes) sizes.push(pool.bytes);
      // Chain 0 is emptied now and then: its blocks go back to the free list and are reused.
      if (c === 0 && i % 200 === 199) {
        const oldest = pool.reverse(last[0]!);
        let tail = oldest;
        while (pool.next[tail] !== NONE) tail = pool.next[tail]!;
        pool.freeList(oldest, tail);
        last[0] = NONE; dropped = i + 1;
      }
    }
    // 4 blocks, the reserve of 40, then doubling (plus the next[] links, 4 bytes a block).
    expect(sizes.slice(0, 4)).toEqual([4, 40, 80, 160].map((b) => b * (BLOCK * 32 + 4)));
    expect(sizes.length).toBeGreaterThan(4);
    for (let c = 0; c < chains; c++) {
      const first = c === 0 ? dropped : 0;
      expect(count[c]).toBeGreaterThan(first);
      expect(pool.length(last[c]!)).toBe(count[c]! - first);
      // Newest first: event i of chain c holds exactly what was written for it.
      let i = count[c]! - 1, bad = 0;
      for (let block = last[c]! >> 3, end = last[c]!; ;) {
        for (let e = end; e >= block * BLOCK; e--, i--) {
          const ints = [0, 1, 2, 3].map((k) => pool.int[8 * e + 4 + k]);
          if (pool.num[4 * e] !== c * 1e6 + i + 0.25 || pool.num[4 * e + 1] !== -i ||
            ints.some((v, k) => v !== c * 1000 + k - i)) bad++;
        }
        block = pool.next[block]!;
        if (block === NONE) break;
        end = block * BLOCK + BLOCK - 1;
      }
      expect(bad).toBe(0);
      expect(i).toBe(first - 1);
    }
  });

  it('a reserve the allocator refuses is skipped: the pool doubles instead, keeping every event', () => {
    // 2^45 events would be 1 PiB of address space: no allocator maps that.
    const pool = new BlockPool(32, 2 ** 45);
    let last = NONE;
    const sizes: number[] = [];
    for (let i = 0; i < 100; i++) {
      last = pool.append(last);
      pool.num[4 * last] = i + 0.5;
      if (sizes[sizes.length - 1] !== pool.bytes) sizes.push(pool.bytes);
    }
    expect(sizes).toEqual([4, 8, 16].map((b) => b * (BLOCK * 32 + 4)));
    expect(pool.length(last)).toBe(100);
    const times: number[] = [];
    pool.forEachTime(last, (t) => times.push(t));
    expect(times.sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i + 0.5));
  });

  it('a queue given a reserve grows straight to it', () => {
    const q = new EventQueue(16, 4096);
    for (let i = 0; i < 3000; i++) q.push(i % 7, 0, i);
    const pool = (q as unknown as { pool: BlockPool }).pool;
    expect(pool.num.length).toBe(4 * 4096);
    let n = 0;
    while (q.pop()) n++;
    expect(n).toBe(3000);
  });

  it('a queue grown from 16 events past the reserve pops every event in (time, insertion) order', () => {
    const q = new EventQueue(16);
    (q as unknown as { pool: BlockPool }).pool = new BlockPool(16, 512);
    const n = 20_000;
    // Times on a coarse grid (many ties), pushed out of order.
    for (let i = 0; i < n; i++) q.push((i * 7919) % 997 * 0.5, i % 256, i, -i, i * 3);
    const got: number[] = [];
    let wrong = 0;
    while (q.pop()) {
      got.push(q.popA);
      if (q.popB !== -q.popA || q.popC !== 3 * q.popA || q.popKind !== q.popA % 256) wrong++;
    }
    const want = Array.from({ length: n }, (_, i) => i).sort((x, y) => (x * 7919) % 997 - (y * 7919) % 997 || x - y);
    expect(wrong).toBe(0);
    expect(got).toEqual(want);
  });
});
