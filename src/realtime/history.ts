/**
 * Reliable group streams, as Centrifugo keeps channel history: each group has an
 * epoch (named when the stream starts) and an offset that counts its reliable
 * messages from 1; the last `size` messages are kept so a client that reconnects
 * with its resume token gets back exactly what it missed, in order, or a clear
 * "cannot recover" when what it missed has already been dropped from the history.
 */
import { randomBytes } from 'node:crypto';

export interface StoredMessage {
  offset: number;
  /** The frame as sent to members (JSON text), replayed unchanged on recovery. */
  frame: string;
  from: number;
  /** Recipients that have not acknowledged it yet. */
  pending: Set<number>;
}

export type Recovery =
  | { recovered: true; messages: StoredMessage[] }
  | { recovered: false; oldest: number; latest: number };

export class GroupStream {
  readonly epoch = randomBytes(4).toString('hex');
  private offset = 0;
  private readonly kept: StoredMessage[] = [];
  private head = 0;

  constructor(private readonly size: number) {}

  get latest(): number { return this.offset; }
  /** Oldest offset still kept (latest + 1 when none is). */
  get oldest(): number { return this.kept.length === 0 ? this.offset + 1 : this.kept[this.head]!.offset; }

  nextOffset(): number { return ++this.offset; }

  /** Keep a message; the oldest is dropped beyond `size`. */
  store(m: StoredMessage): void {
    if (this.size <= 0) return;
    if (this.kept.length < this.size) { this.kept.push(m); return; }
    this.kept[this.head] = m;
    this.head = (this.head + 1) % this.size;
  }

  find(offset: number): StoredMessage | undefined {
    const i = offset - this.oldest;
    if (i < 0 || i >= this.kept.length) return undefined;
    return this.kept[(this.head + i) % this.kept.length];
  }

  /** Everything after `since`, or "cannot recover" if part of it was dropped. */
  after(since: number): Recovery {
    if (since >= this.offset) return { recovered: true, messages: [] };
    if (since + 1 < this.oldest) return { recovered: false, oldest: this.oldest, latest: this.offset };
    const out: StoredMessage[] = [];
    for (let o = since + 1; o <= this.offset; o++) out.push(this.find(o)!);
    return { recovered: true, messages: out };
  }
}
