/**
 * Hold-back queues for the per-origin orders. A message enters when it becomes
 * available (received, and stable when uniform) and leaves when the order allows:
 *
 * none    at once.
 * fifo    in each origin's sequence order: seq k waits for seq 0..k-1 of its origin.
 * causal  vector clocks (Birman, Schiper and Stephenson, 1991): a message carries
 *         its origin's delivered count per origin at send time (`deps`); it waits
 *         until this member has delivered that many from every origin, and its own
 *         origin's earlier messages.
 * Total order has its own queue, the sequencer's slots (sequencer.ts).
 */
import type { NodeId } from '../../api/process.js';
import type { DataItem } from './envelope.js';

export interface HoldBack {
  /** Add an available message; returns the messages now deliverable, in delivery order. */
  offer(item: DataItem): DataItem[];
  /** The `deps` a message sent now must carry (causal only). */
  deps(): number[] | undefined;
}

export function holdBack(order: 'none' | 'fifo' | 'causal'): HoldBack {
  switch (order) {
    case 'none': return { offer: (item) => [item], deps: () => undefined };
    case 'fifo': return new FifoHoldBack();
    case 'causal': return new CausalHoldBack();
  }
}

/** Messages delivered per origin. */
class DeliveredCounts {
  private readonly counts = new Map<NodeId, number>();
  get(origin: NodeId): number { return this.counts.get(origin) ?? 0; }
  bump(origin: NodeId): void { this.counts.set(origin, this.get(origin) + 1); }
  flat(): number[] {
    const out: number[] = [];
    for (const [origin, n] of [...this.counts].sort((a, b) => a[0] - b[0])) out.push(origin, n);
    return out;
  }
}

class FifoHoldBack implements HoldBack {
  private readonly delivered = new DeliveredCounts();
  private readonly waiting = new Map<NodeId, Map<number, DataItem>>();

  offer(item: DataItem): DataItem[] {
    let q = this.waiting.get(item.origin);
    if (!q) this.waiting.set(item.origin, (q = new Map()));
    q.set(item.seq, item);
    const out: DataItem[] = [];
    for (let next = q.get(this.delivered.get(item.origin)); next; next = q.get(this.delivered.get(item.origin))) {
      q.delete(next.seq);
      this.delivered.bump(item.origin);
      out.push(next);
    }
    return out;
  }

  deps(): undefined { return undefined; }
}

class CausalHoldBack implements HoldBack {
  private readonly delivered = new DeliveredCounts();
  private waiting: DataItem[] = [];

  offer(item: DataItem): DataItem[] {
    this.waiting.push(item);
    const out: DataItem[] = [];
    // Delivering one message may release others: sweep until nothing moves.
    for (let moved = true; moved;) {
      moved = false;
      for (let i = 0; i < this.waiting.length; i++) {
        const m = this.waiting[i]!;
        if (!this.ready(m)) continue;
        this.waiting.splice(i--, 1);
        this.delivered.bump(m.origin);
        out.push(m);
        moved = true;
      }
    }
    return out;
  }

  deps(): number[] { return this.delivered.flat(); }

  private ready(m: DataItem): boolean {
    if (this.delivered.get(m.origin) !== m.seq) return false;
    const d = m.deps ?? [];
    for (let i = 0; i < d.length; i += 2) {
      if (d[i] !== m.origin && this.delivered.get(d[i]!) < d[i + 1]!) return false;
    }
    return true;
  }
}
