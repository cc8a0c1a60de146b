/**
 * A 4-ary min-heap of events ordered by (time, insertion sequence), stored in flat
 * typed arrays so millions of pending events cost no per-event objects or closures.
 * Each event carries a small integer `kind` and three integer arguments; anything
 * bigger goes in `ref` (one object slot, e.g. a message) which the caller owns.
 * Ties at the same instant pop in insertion order: determinism by construction.
 *
 * Why 4-ary: half the levels of a binary heap, and a node's four children's keys sit
 * side by side (time and sequence interleaved), so each level of a sift touches about
 * one cache line of keys: at a million pending events that, not comparisons, is the cost.
 */
const CHUNK_BITS = 16, CHUNK = 1 << CHUNK_BITS, CHUNK_MASK = CHUNK - 1;

export class EventQueue {
  // Payload by slot; slots are recycled through a free list.
  private kindOf: Int32Array;
  private argA: Int32Array;
  private argB: Int32Array;
  private argC: Int32Array;
  // Object refs in fixed-size chunks: one JS array of tens of millions of elements would
  // fall back to a dictionary and abort past 2^25 slots ('invalid table size').
  private readonly refChunks: unknown[][] = [];
  private freeSlots: Int32Array;
  private freeCount = 0;
  private nextSlot = 0;
  // The heap: keys[2i] = time, keys[2i+1] = sequence of entry i; slotOf[i] = its payload slot.
  private keys: Float64Array;
  private slotOf: Int32Array;
  private count = 0;
  private nextSeq = 0;

  // The event last popped: read these after pop() returns true.
  popTime = 0;
  popKind = 0;
  popA = 0;
  popB = 0;
  popC = 0;
  popRef: unknown = null;

  constructor(initialCapacity = 1024) {
    const n = Math.max(16, initialCapacity);
    this.kindOf = new Int32Array(n); this.argA = new Int32Array(n);
    this.argB = new Int32Array(n); this.argC = new Int32Array(n);
    this.freeSlots = new Int32Array(n);
    this.keys = new Float64Array(2 * n); this.slotOf = new Int32Array(n);
  }

  get size(): number { return this.count; }
  /** Total events ever scheduled. */
  get scheduled(): number { return this.nextSeq; }

  push(time: number, kind: number, a = 0, b = 0, c = 0, ref: unknown = null): void {
    const slot = this.freeCount > 0 ? this.freeSlots[--this.freeCount]! : this.allocSlot();
    this.kindOf[slot] = kind; this.argA[slot] = a; this.argB[slot] = b; this.argC[slot] = c;
    this.refChunks[slot >>> CHUNK_BITS]![slot & CHUNK_MASK] = ref;
    if (this.count === this.slotOf.length) {
      const n = this.count * 2;
      this.keys = growF(this.keys, 2 * n); this.slotOf = grow(this.slotOf, n);
    }
    // Sift up: move parents down until the new key's place is found.
    const k = this.keys, so = this.slotOf;
    const seq = this.nextSeq++;
    let i = this.count++;
    while (i > 0) {
      const p = (i - 1) >> 2, pt = k[2 * p]!;
      if (pt < time || (pt === time && k[2 * p + 1]! < seq)) break;
      k[2 * i] = pt; k[2 * i + 1] = k[2 * p + 1]!; so[i] = so[p]!; i = p;
    }
    k[2 * i] = time; k[2 * i + 1] = seq; so[i] = slot;
  }

  /** Time of the earliest event, or Infinity when empty. */
  peekTime(): number { return this.count > 0 ? this.keys[0]! : Infinity; }

  /** Remove the earliest event into the pop* fields; false when empty. */
  pop(): boolean {
    if (this.count === 0) return false;
    const k = this.keys, so = this.slotOf;
    const slot = so[0]!;
    this.popTime = k[0]!; this.popKind = this.kindOf[slot]!;
    this.popA = this.argA[slot]!; this.popB = this.argB[slot]!; this.popC = this.argC[slot]!;
    const chunk = this.refChunks[slot >>> CHUNK_BITS]!;
    this.popRef = chunk[slot & CHUNK_MASK]; chunk[slot & CHUNK_MASK] = null;
    this.freeSlots[this.freeCount++] = slot; // never overflows: it holds at most the slots allocated
    const n = --this.count;
    if (n === 0) return true;
    // Sift the last entry down from the root, one level of four children at a time.
    const t = k[2 * n]!, sq = k[2 * n + 1]!, sl = so[n]!;
    let i = 0;
    for (;;) {
      const first = 4 * i + 1;
      if (first >= n) break;
      let c = first, ct = k[2 * c]!, cs = k[2 * c + 1]!;
      const last = first + 3 < n ? first + 3 : n - 1;
      for (let j = first + 1; j <= last; j++) {
        const jt = k[2 * j]!;
        if (jt < ct || (jt === ct && k[2 * j + 1]! < cs)) { c = j; ct = jt; cs = k[2 * j + 1]!; }
      }
      if (t < ct || (t === ct && sq < cs)) break;
      k[2 * i] = ct; k[2 * i + 1] = cs; so[i] = so[c]!; i = c;
    }
    k[2 * i] = t; k[2 * i + 1] = sq; so[i] = sl;
    return true;
  }

  private allocSlot(): number {
    const slot = this.nextSlot++;
    if (slot === this.kindOf.length) {
      const n = this.kindOf.length * 2;
      this.kindOf = grow(this.kindOf, n); this.argA = grow(this.argA, n);
      this.argB = grow(this.argB, n); this.argC = grow(this.argC, n);
      this.freeSlots = grow(this.freeSlots, n);
    }
    if ((slot & CHUNK_MASK) === 0) this.refChunks.push(new Array<unknown>(CHUNK).fill(null));
    return slot;
  }
}

function grow(a: Int32Array, n: number): Int32Array { const b = new Int32Array(n); b.set(a); return b; }
function growF(a: Float64Array, n: number): Float64Array { const b = new Float64Array(n); b.set(a); return b; }
