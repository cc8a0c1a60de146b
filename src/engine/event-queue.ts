/**
 * A binary min-heap of events ordered by (time, insertion sequence), stored in flat
 * typed arrays so millions of pending events cost no per-event objects or closures.
 * Each event carries a small integer `kind` and three integer arguments; anything
 * bigger goes in `ref` (one object slot, e.g. a message) which the caller owns.
 * Ties at the same instant pop in insertion order: determinism by construction.
 */
export class EventQueue {
  // Payload by slot; slots are recycled through a free list.
  private kindOf: Int32Array;
  private argA: Int32Array;
  private argB: Int32Array;
  private argC: Int32Array;
  private refs: unknown[];
  private freeSlots: Int32Array;
  private freeCount = 0;
  private nextSlot = 0;
  // The heap itself: keys travel with their entry, so sifting reads contiguous memory.
  private heapTime: Float64Array;
  private heapSeq: Float64Array;
  private heapSlot: Int32Array;
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
    this.refs = new Array(n).fill(null);
    this.freeSlots = new Int32Array(n);
    this.heapTime = new Float64Array(n); this.heapSeq = new Float64Array(n); this.heapSlot = new Int32Array(n);
  }

  get size(): number { return this.count; }
  /** Total events ever scheduled. */
  get scheduled(): number { return this.nextSeq; }

  push(time: number, kind: number, a = 0, b = 0, c = 0, ref: unknown = null): void {
    const slot = this.freeCount > 0 ? this.freeSlots[--this.freeCount]! : this.allocSlot();
    this.kindOf[slot] = kind; this.argA[slot] = a; this.argB[slot] = b; this.argC[slot] = c;
    this.refs[slot] = ref;
    if (this.count === this.heapSlot.length) {
      const n = this.count * 2;
      this.heapTime = growF(this.heapTime, n); this.heapSeq = growF(this.heapSeq, n); this.heapSlot = grow(this.heapSlot, n);
    }
    // Sift up: move parents down until the new key's place is found.
    const ht = this.heapTime, hs = this.heapSeq, hslot = this.heapSlot;
    const seq = this.nextSeq++;
    let i = this.count++;
    while (i > 0) {
      const p = (i - 1) >> 1, pt = ht[p]!;
      if (pt < time || (pt === time && hs[p]! < seq)) break;
      ht[i] = pt; hs[i] = hs[p]!; hslot[i] = hslot[p]!; i = p;
    }
    ht[i] = time; hs[i] = seq; hslot[i] = slot;
  }

  /** Time of the earliest event, or Infinity when empty. */
  peekTime(): number { return this.count > 0 ? this.heapTime[0]! : Infinity; }

  /** Remove the earliest event into the pop* fields; false when empty. */
  pop(): boolean {
    if (this.count === 0) return false;
    const ht = this.heapTime, hs = this.heapSeq, hslot = this.heapSlot;
    const slot = hslot[0]!;
    this.popTime = ht[0]!; this.popKind = this.kindOf[slot]!;
    this.popA = this.argA[slot]!; this.popB = this.argB[slot]!; this.popC = this.argC[slot]!;
    this.popRef = this.refs[slot]; this.refs[slot] = null;
    if (this.freeCount === this.freeSlots.length) this.freeSlots = grow(this.freeSlots, this.freeSlots.length * 2);
    this.freeSlots[this.freeCount++] = slot;
    const n = --this.count;
    if (n === 0) return true;
    // Sift the last entry down from the root.
    const t = ht[n]!, sq = hs[n]!, sl = hslot[n]!;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      let ct = ht[c]!, cs = hs[c]!;
      if (c + 1 < n) {
        const rt = ht[c + 1]!, rs = hs[c + 1]!;
        if (rt < ct || (rt === ct && rs < cs)) { c++; ct = rt; cs = rs; }
      }
      if (t < ct || (t === ct && sq < cs)) break;
      ht[i] = ct; hs[i] = cs; hslot[i] = hslot[c]!; i = c;
    }
    ht[i] = t; hs[i] = sq; hslot[i] = sl;
    return true;
  }

  private allocSlot(): number {
    const slot = this.nextSlot++;
    if (slot === this.kindOf.length) {
      const n = this.kindOf.length * 2;
      this.kindOf = grow(this.kindOf, n); this.argA = grow(this.argA, n);
      this.argB = grow(this.argB, n); this.argC = grow(this.argC, n);
      this.refs.length = n; this.refs.fill(null, slot);
    }
    return slot;
  }
}

function grow(a: Int32Array, n: number): Int32Array { const b = new Int32Array(n); b.set(a); return b; }
function growF(a: Float64Array, n: number): Float64Array { const b = new Float64Array(n); b.set(a); return b; }
