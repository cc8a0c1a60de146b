/**
 * The object refs of queued events (a message, a timer's data), by ref id: an event record
 * holds the id (block-pool.ts), so filing an event again copies the id with the record and
 * never touches this table. Consecutive pushes of one object share an id, counted (a node
 * forwarding one message to its neighbours, a flood's wave: a handful of ids however many
 * events), so a pop reads a slot that is already in cache. Ids are reused last-freed first.
 * The objects sit in fixed-size chunks made on first use: one JS array of tens of millions
 * of elements would fall back to a dictionary and abort past 2^25 slots ('invalid table
 * size'). A freed slot is cleared, so a popped message is not kept alive.
 */
import { grown } from './grown.js';

const REF_BITS = 16, REF_CHUNK = 1 << REF_BITS, REF_MASK = REF_CHUNK - 1;
/** No ref (the event's ref is null), and the end of the free ids' list. */
export const NO_REF = -1;

export class RefStore {
  private readonly chunks: Array<unknown[] | undefined> = [];
  /** Events holding each id; a free id holds −2 − the next free id. */
  private uses = new Int32Array(1024);
  private free = NO_REF;
  private made = 0;
  /** The object last given an id, and that id (while it is held). */
  private lastRef: unknown = null;
  private lastId = NO_REF;

  /** Bytes of the chunks made so far (8 a slot) and the use counts. */
  get bytes(): number {
    let made = 0;
    for (const chunk of this.chunks) if (chunk !== undefined) made++;
    return made * REF_CHUNK * 8 + this.uses.byteLength;
  }

  /** An id holding `ref` (not null) for one more event. */
  hold(ref: unknown): number {
    if (ref === this.lastRef) { this.uses[this.lastId]++; return this.lastId; }
    return this.fresh(ref);
  }

  private fresh(ref: unknown): number {
    let id = this.free;
    if (id !== NO_REF) this.free = -2 - this.uses[id]!;
    else {
      id = this.made++;
      if (id === this.uses.length) this.uses = grown(this.uses, 2 * id);
      if (this.chunks.length <= id >>> REF_BITS) this.chunks.push(new Array<unknown>(REF_CHUNK).fill(null));
    }
    this.chunks[id >>> REF_BITS]![id & REF_MASK] = ref;
    this.uses[id] = 1; this.lastRef = ref; this.lastId = id;
    return id;
  }

  /** The ref of id, released by one event (its slot cleared when no event holds it). */
  take(id: number): unknown {
    const chunk = this.chunks[id >>> REF_BITS]!, ref = chunk[id & REF_MASK];
    if (--this.uses[id]! === 0) this.release(id, chunk);
    return ref;
  }

  private release(id: number, chunk: unknown[]): void {
    chunk[id & REF_MASK] = null;
    this.uses[id] = -2 - this.free; this.free = id;
    if (id === this.lastId) { this.lastRef = null; this.lastId = NO_REF; }
  }
}
