/**
 * A few messages on the wire, by number, so that an arrival's queue entry can carry its
 * message in its kind (World: kind 3 + 2n for number n) instead of an object reference.
 *
 * Why: the event queue keeps an object reference as an id into a table of its own; it
 * shares an id only between consecutive pushes of one object. Flooding nodes take turns
 * forwarding a few shared copies (one per hop count), so the ids were as many as the turns
 * with copies in flight, and each pop read its id's slot at a random place: at 10⁶ nodes
 * three quarters of World.run's perf samples sat on that load. Here a message sent again
 * while it holds a number keeps it if it is one of the RECENT last numbered, so a flood
 * needs 14–16 numbers, all in cache.
 *
 * The queue's kinds are 0–255, so there are at most MAX numbers. When none is free (many
 * distinct messages in flight, as gossip sends), take returns −1 and the World passes that
 * message to the queue as an object, as before. A number is taken when a message is sent
 * that was not sent just before (World.takeMessage), counts the copies queued with it, and
 * is freed once none is queued and it is no longer the message being sent.
 */
import type { Message } from '../api/process.js';

/** Numbers there can be: kinds 3 + 2n up to 255. */
export const MAX = 127;
/** How many of the numbers last made take looks through (a power of two). */
const RECENT = 16;

export class Wire {
  private readonly messages: Array<Message | null> = [];
  /** Copies queued, by number. */
  private readonly queued = new Int32Array(MAX);
  /** Free numbers, a stack (the last freed is reused first: likely still in cache). */
  private readonly free = new Int32Array(MAX);
  private freeCount = 0;
  /** The number of the message being sent (−1: none, it goes to the queue as an object), kept while it has no copy queued. */
  current = -1;
  /** The numbers last made, a ring (−1: none; a number since freed holds another message or null). */
  private readonly recent = new Int32Array(RECENT).fill(-1);
  private recentNext = 0;

  /**
   * Number `msg`, the message now being sent (its copies are then counted with `add`); −1
   * when all MAX numbers hold queued copies. A message taken again while its copies are
   * still queued keeps its number if it is one of the RECENT last made.
   */
  take(msg: Message): number {
    const old = this.current, messages = this.messages, recent = this.recent;
    for (let i = 0; i < RECENT; i++) {
      const n = recent[i]!;
      if (n >= 0 && messages[n] === msg) {
        if (old !== n && old >= 0 && this.queued[old] === 0) this.release(old);
        return this.current = n;
      }
    }
    if (old >= 0 && this.queued[old] === 0) this.release(old);
    let n: number;
    if (this.freeCount > 0) n = this.free[--this.freeCount]!;
    else if (messages.length < MAX) { n = messages.length; messages.push(null); }
    else return this.current = -1;
    messages[n] = msg;
    recent[this.recentNext] = n;
    this.recentNext = (this.recentNext + 1) & (RECENT - 1);
    return this.current = n;
  }

  /** Whether take(msg) would find `msg` numbered by an earlier take (it is one of the RECENT last made). */
  holds(msg: Message): boolean {
    const messages = this.messages, recent = this.recent;
    for (let i = 0; i < RECENT; i++) {
      const n = recent[i]!;
      if (n >= 0 && messages[n] === msg) return true;
    }
    return false;
  }

  /** One more copy of message `n` queued. */
  add(n: number): void { this.queued[n]!++; }

  /** `count` more copies of message `n` queued. */
  addCopies(n: number, count: number): void { this.queued[n]! += count; }

  /** A copy of message `n` came off the queue: the message, its number freed if nothing else holds it. */
  arrived(n: number): Message {
    const msg = this.messages[n]!;
    if (--this.queued[n]! === 0 && n !== this.current) this.release(n);
    return msg;
  }

  /** Numbers ever made (at most MAX; a test reads it). */
  get capacity(): number { return this.messages.length; }

  private release(n: number): void {
    this.messages[n] = null;
    this.free[this.freeCount++] = n;
  }
}
