/**
 * Where the event queue keeps its events: fixed blocks of BLOCK events chained into lists
 * (a calendar bucket is one chain), each event stored whole in one buffer seen two ways:
 * event e has time = num[4e], sort key = num[4e + 1] (insertion sequence × 256 + kind), and
 * ref id, a, b, c = int[8e + 4 … 8e + 7] (32 bytes). Filing an event is a store into its chain's open block,
 * and reading a bucket reads a few contiguous blocks: no pointer chase through scattered
 * slots, which at a million pending costs a cache miss per event.
 *
 * A chain is named by its last-filed position: that event's block is the open one, and
 * next[] leads to the older, full blocks. NONE is the empty chain.
 */
export const BLOCK_BITS = 3;
export const BLOCK = 1 << BLOCK_BITS;
export const BLOCK_MASK = BLOCK - 1;
if (BLOCK !== 8) throw new Error('block-pool.ts: length() reads the 4 lines of a block of 8 events');
export const NONE = -1;
/**
 * Events the pool jumps to when it first outgrows its initial size (8 MiB blocks × 32 bytes:
 * 256 MiB of address space). A zero-filled ArrayBuffer this large is mapped fresh by the
 * allocator and its pages cost memory only once written, so the reserve costs nothing until
 * filled; a pool doubling by copying instead paid a page fault a 4 KB page twice (the copy and
 * the new events), 18 % of the 100k flood's page faults. Up to this many pending events (a
 * flood of 1M nodes peaks at 4.5M) nothing is copied; past it the pool doubles as before.
 */
export const RESERVE = 1 << 23;

export class BlockPool {
  num: Float64Array;
  int: Int32Array;
  /** The next (older) block of a chain or of a block list. */
  next: Int32Array;
  /** Head of the free blocks' list. */
  free = NONE;
  private carved = 0;
  /** Events of the first growth (RESERVE, or the caller's estimate of its peak; a test passes a small one to cross both kinds of growth). */
  private readonly reserve: number;

  constructor(events: number, reserve = RESERVE) {
    const blocks = Math.max(4, Math.ceil(events / BLOCK));
    const buffer = new ArrayBuffer(blocks * BLOCK * 32);
    this.num = new Float64Array(buffer); this.int = new Int32Array(buffer);
    this.next = new Int32Array(blocks);
    this.reserve = reserve;
  }

  /** Bytes allocated, the reserve's untouched pages included (they cost address space, not memory). */
  get bytes(): number { return this.num.byteLength + this.next.byteLength; }

  /** The position after `last` in its chain, opening a new block when the open one is full (or there is none). */
  append(last: number): number {
    return last !== NONE && (last & BLOCK_MASK) !== BLOCK_MASK ? last + 1 : this.openBlock(last);
  }

  /** The first position of a new block in front of the chain ending at `last`. */
  openBlock(last: number): number {
    let block = this.free;
    if (block !== NONE) this.free = this.next[block]!;
    else block = this.carve();
    this.next[block] = last === NONE ? NONE : last >> BLOCK_BITS;
    return block << BLOCK_BITS;
  }

  /** Free a list of blocks linked by next[] from `head` to `tail`, in one step. */
  freeList(head: number, tail: number): void {
    this.next[tail] = this.free; this.free = head;
  }

  /**
   * Number of events in the chain ending at `last`. It also reads each of the chain's blocks
   * (one value in each 64-byte line), because the caller is about to read the chain: issued
   * together, those cache misses overlap, where a copy block by block would wait on them one
   * block at a time (the queue alone on the 100k flood: 0.89× the CPU).
   */
  length(last: number): number {
    const next = this.next, num = this.num;
    let n = (last & BLOCK_MASK) + 1, touched = 0;
    for (let block = last >> BLOCK_BITS; ;) {
      const s = block << (BLOCK_BITS + 2); // 4 doubles an event, 8 a line: 4 lines a block of 8
      touched += num[s]! + num[s + 8]! + num[s + 16]! + num[s + 24]!;
      block = next[block]!;
      if (block === NONE) break;
      n += BLOCK;
    }
    // Never true for finite times; the test keeps the reads from being optimised away.
    if (touched !== touched) this.sink = touched;
    return n;
  }

  /** Where length() puts what it read (see there). */
  sink = 0;

  /** Reverse the block links of the chain ending at `last`; returns its oldest block, which now leads to the newer ones. */
  reverse(last: number): number {
    const next = this.next;
    let block = last >> BLOCK_BITS, prev = NONE;
    while (block !== NONE) { const after = next[block]!; next[block] = prev; prev = block; block = after; }
    return prev;
  }

  /** Every time in the chain ending at `last`, newest block first. */
  forEachTime(last: number, visit: (time: number) => void): void {
    const num = this.num, next = this.next;
    for (let block = last >> BLOCK_BITS, end = last; ;) {
      for (let e = block << BLOCK_BITS; e <= end; e++) visit(num[4 * e]!);
      block = next[block]!;
      if (block === NONE) return;
      end = (block << BLOCK_BITS) + BLOCK_MASK;
    }
  }

  private carve(): number {
    const block = this.carved++;
    if (block === this.next.length) this.grow(block);
    return block;
  }

  /** All `blocks` blocks are carved: move to buffers of the reserve's size (the first time) or twice as large. */
  private grow(blocks: number): void {
    let more = Math.max(2 * blocks, Math.ceil(this.reserve / BLOCK)), buffer: ArrayBuffer;
    try {
      buffer = new ArrayBuffer(more * BLOCK * 32);
    } catch (error) {
      // A reserve the allocator refuses (more address space than it will map) is not needed
      // at once: grow by doubling instead, as past the reserve.
      if (more === 2 * blocks) throw error;
      more = 2 * blocks; buffer = new ArrayBuffer(more * BLOCK * 32);
    }
    const num = new Float64Array(buffer); num.set(this.num);
    this.num = num; this.int = new Int32Array(buffer);
    const next = new Int32Array(more); next.set(this.next); this.next = next;
  }
}
