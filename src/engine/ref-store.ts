/**
 * The object refs of queued events (a message, a timer's data), by event position, in
 * fixed-size chunks made on first use: one JS array of tens of millions of elements would
 * fall back to a dictionary and abort past 2^25 slots ('invalid table size'). A null ref
 * is never stored, and each take clears its slot, so a popped message is not kept alive.
 */
const REF_BITS = 16, REF_CHUNK = 1 << REF_BITS, REF_MASK = REF_CHUNK - 1;

export class RefStore {
  private readonly chunks: Array<unknown[] | undefined> = [];
  /** Whether a non-null ref was ever stored: until then a pop need not look. */
  any = false;

  /** Bytes of the chunks made so far, 8 a slot. */
  get bytes(): number {
    let made = 0;
    for (const chunk of this.chunks) if (chunk !== undefined) made++;
    return made * REF_CHUNK * 8;
  }

  store(pos: number, ref: unknown): void {
    let chunk = this.chunks[pos >>> REF_BITS];
    if (chunk === undefined) {
      while (this.chunks.length <= pos >>> REF_BITS) this.chunks.push(undefined);
      chunk = this.chunks[pos >>> REF_BITS] = new Array<unknown>(REF_CHUNK).fill(null);
    }
    chunk[pos & REF_MASK] = ref; this.any = true;
  }

  /** The ref at `pos` (null if none), clearing its slot. */
  take(pos: number): unknown {
    const chunk = this.chunks[pos >>> REF_BITS];
    if (chunk === undefined) return null;
    const ref = chunk[pos & REF_MASK];
    if (ref !== null) chunk[pos & REF_MASK] = null;
    return ref;
  }
}
