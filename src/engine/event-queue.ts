/**
 * A binary min-heap of events ordered by (time, insertion sequence), stored in flat
 * typed arrays so millions of pending events cost no per-event objects or closures.
 * Each event carries a small integer `kind` and three integer arguments; anything
 * bigger goes in `ref` (one object slot, e.g. a message) which the caller owns.
 * Ties at the same instant pop in insertion order: determinism by construction.
 */
export class EventQueue {
  private time: Float64Array;
  private seq: Float64Array;
  private kindOf: Int32Array;
  private argA: Int32Array;
  private argB: Int32Array;
  private argC: Int32Array;
  private refs: unknown[];
  /** heap[i] is a slot index; slots are recycled through a free list. */
  private heap: Int32Array;
  private freeSlots: Int32Array;
  private freeCount = 0;
  private nextSlot = 0;
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
    this.time = new Float64Array(n); this.seq = new Float64Array(n);
    this.kindOf = new Int32Array(n); this.argA = new Int32Array(n);
    this.argB = new Int32Array(n); this.argC = new Int32Array(n);
    this.refs = new Array(n).fill(null);
    this.heap = new Int32Array(n); this.freeSlots = new Int32Array(n);
  }

  get size(): number { return this.count; }
  /** Total events ever scheduled. */
  get scheduled(): number { return this.nextSeq; }

  push(time: number, kind: number, a = 0, b = 0, c = 0, ref: unknown = null): void {
    const slot = this.freeCount > 0 ? this.freeSlots[--this.freeCount]! : this.allocSlot();
    this.time[slot] = time; this.seq[slot] = this.nextSeq++;
    this.kindOf[slot] = kind; this.argA[slot] = a; this.argB[slot] = b; this.argC[slot] = c;
    this.refs[slot] = ref;
    if (this.count === this.heap.length) this.heap = grow(this.heap, this.heap.length * 2);
    this.siftUp(this.count++, slot);
  }

  /** Time of the earliest event, or Infinity when empty. */
  peekTime(): number { return this.count > 0 ? this.time[this.heap[0]!]! : Infinity; }

  /** Remove the earliest event into the pop* fields; false when empty. */
  pop(): boolean {
    if (this.count === 0) return false;
    const slot = this.heap[0]!;
    this.popTime = this.time[slot]!; this.popKind = this.kindOf[slot]!;
    this.popA = this.argA[slot]!; this.popB = this.argB[slot]!; this.popC = this.argC[slot]!;
    this.popRef = this.refs[slot]; this.refs[slot] = null;
    if (this.freeCount === this.freeSlots.length) this.freeSlots = grow(this.freeSlots, this.freeSlots.length * 2);
    this.freeSlots[this.freeCount++] = slot;
    const last = this.heap[--this.count]!;
    if (this.count > 0) this.siftDown(0, last);
    return true;
  }

  private allocSlot(): number {
    const slot = this.nextSlot++;
    if (slot === this.time.length) {
      const n = this.time.length * 2;
      this.time = growF(this.time, n); this.seq = growF(this.seq, n);
      this.kindOf = grow(this.kindOf, n); this.argA = grow(this.argA, n);
      this.argB = grow(this.argB, n); this.argC = grow(this.argC, n);
      this.refs.length = n; this.refs.fill(null, slot);
    }
    return slot;
  }

  private before(x: number, y: number): boolean {
    const tx = this.time[x]!, ty = this.time[y]!;
    return tx < ty || (tx === ty && this.seq[x]! < this.seq[y]!);
  }

  private siftUp(i: number, slot: number): void {
    const heap = this.heap;
    while (i > 0) {
      const p = (i - 1) >> 1, ps = heap[p]!;
      if (!this.before(slot, ps)) break;
      heap[i] = ps; i = p;
    }
    heap[i] = slot;
  }

  private siftDown(i: number, slot: number): void {
    const heap = this.heap, n = this.count;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && this.before(heap[c + 1]!, heap[c]!)) c++;
      if (!this.before(heap[c]!, slot)) break;
      heap[i] = heap[c]!; i = c;
    }
    heap[i] = slot;
  }
}

function grow(a: Int32Array, n: number): Int32Array { const b = new Int32Array(n); b.set(a); return b; }
function growF(a: Float64Array, n: number): Float64Array { const b = new Float64Array(n); b.set(a); return b; }
