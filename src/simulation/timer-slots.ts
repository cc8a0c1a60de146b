/**
 * Pending timers, so that cancelling one costs no lasting memory. Each pending timer
 * holds a slot; the slot is freed when its event comes off the queue (fired, dropped
 * by a crash, or skipped because cancelled) and reused. A TimerId names a slot and the
 * slot's generation, so cancelling a timer that already fired finds the generation
 * moved on and does nothing: bookkeeping is bounded by the timers pending at once,
 * never by the timers ever cancelled.
 */
import { grown } from '../engine/grown.js';

const SLOT_BITS = 2 ** 26;
/** Generations per slot before it is retired: ids stay below 2^53. */
const MAX_GENERATION = 2 ** 27 - 1;
const FREE = 0, PENDING = 1, CANCELLED = 2;

export class TimerSlots {
  /**
   * Slot s at [2s]: its owner; at [2s + 1]: generation · 4 + state. A timer's open, id and
   * close then touch one place (at millions of pending timers, one cache miss rather than three).
   */
  private cells = new Int32Array(512);
  /** Free slots, a stack (the last freed is reused first: it is likely still in cache). */
  private free = new Int32Array(256);
  private freeCount = 0;
  private used = 0;

  /** Slots ever allocated: the bookkeeping's size, bounded by the timers pending at once. */
  get capacity(): number { return this.used; }

  /** Take a slot for a new timer of `node`; returns its slot (for the queue) and id (for the protocol). */
  open(node: number): number {
    let slot: number;
    if (this.freeCount > 0) slot = this.free[--this.freeCount]!;
    else {
      slot = this.used++;
      if (slot >= SLOT_BITS) throw new RangeError(`more than ${SLOT_BITS} timers pending at once`);
      if (2 * slot === this.cells.length) this.grow();
    }
    const cells = this.cells;
    cells[2 * slot] = node;
    cells[2 * slot + 1] = (cells[2 * slot + 1]! & ~3) | PENDING;
    return slot;
  }

  idOf(slot: number): number { return (this.cells[2 * slot + 1]! >>> 2) * SLOT_BITS + slot; }

  /** Cancel timer `id` of `node`: nothing happens if it already fired, was cancelled or is another node's. */
  cancel(node: number, id: number): void {
    if (!Number.isInteger(id) || id < 0) return;
    const slot = id % SLOT_BITS;
    if (slot >= this.used) return;
    const tag = this.cells[2 * slot + 1]!;
    if ((tag & 3) !== PENDING || this.cells[2 * slot] !== node || tag >>> 2 !== (id - slot) / SLOT_BITS) return;
    this.cells[2 * slot + 1] = (tag & ~3) | CANCELLED;
  }

  /** The slot's event came off the queue: free the slot; true when the timer should fire. */
  close(slot: number): boolean {
    const tag = this.cells[2 * slot + 1]!, generation = tag >>> 2;
    if (generation < MAX_GENERATION) {
      this.cells[2 * slot + 1] = (generation + 1) << 2 | FREE;
      if (this.freeCount === this.free.length) this.free = grown(this.free, 2 * this.free.length);
      this.free[this.freeCount++] = slot;
    } else {
      this.cells[2 * slot + 1] = generation << 2 | FREE; // retired
    }
    return (tag & 3) === PENDING;
  }

  private grow(): void { this.cells = grown(this.cells, 2 * this.cells.length); }
}

