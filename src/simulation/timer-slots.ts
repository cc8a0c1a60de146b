/**
 * Pending timers, so that cancelling one costs no lasting memory. Each pending timer
 * holds a slot; the slot is freed when its event comes off the queue (fired, dropped
 * by a crash, or skipped because cancelled) and reused. A TimerId names a slot and the
 * slot's generation, so cancelling a timer that already fired finds the generation
 * moved on and does nothing: bookkeeping is bounded by the timers pending at once,
 * never by the timers ever cancelled.
 */
const SLOT_BITS = 2 ** 26;
/** Generations per slot before it is retired: ids stay below 2^53. */
const MAX_GENERATION = 2 ** 27 - 1;
const FREE = 0, PENDING = 1, CANCELLED = 2;

export class TimerSlots {
  private state = new Uint8Array(256);
  private owner = new Int32Array(256);
  private generation = new Uint32Array(256);
  private free: number[] = [];
  private used = 0;

  /** Slots ever allocated: the bookkeeping's size, bounded by the timers pending at once. */
  get capacity(): number { return this.used; }

  /** Take a slot for a new timer of `node`; returns its slot (for the queue) and id (for the protocol). */
  open(node: number): number {
    let slot = this.free.pop();
    if (slot === undefined) {
      slot = this.used++;
      if (slot >= SLOT_BITS) throw new RangeError(`more than ${SLOT_BITS} timers pending at once`);
      if (slot === this.state.length) this.grow();
    }
    this.state[slot] = PENDING;
    this.owner[slot] = node;
    return slot;
  }

  idOf(slot: number): number { return this.generation[slot]! * SLOT_BITS + slot; }

  /** Cancel timer `id` of `node`: nothing happens if it already fired, was cancelled or is another node's. */
  cancel(node: number, id: number): void {
    if (!Number.isInteger(id) || id < 0) return;
    const slot = id % SLOT_BITS;
    if (slot >= this.used || this.state[slot] !== PENDING || this.owner[slot] !== node) return;
    if (this.generation[slot] !== (id - slot) / SLOT_BITS) return;
    this.state[slot] = CANCELLED;
  }

  /** The slot's event came off the queue: free the slot; true when the timer should fire. */
  close(slot: number): boolean {
    const live = this.state[slot] === PENDING;
    this.state[slot] = FREE;
    if (this.generation[slot]! < MAX_GENERATION) {
      this.generation[slot]!++;
      this.free.push(slot);
    }
    return live;
  }

  private grow(): void {
    const n = this.state.length * 2;
    const state = new Uint8Array(n); state.set(this.state); this.state = state;
    const owner = new Int32Array(n); owner.set(this.owner); this.owner = owner;
    const generation = new Uint32Array(n); generation.set(this.generation); this.generation = generation;
  }
}
