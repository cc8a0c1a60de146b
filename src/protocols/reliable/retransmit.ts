/**
 * Retransmission until acknowledged, with exponential backoff and a retry bound.
 * One pending entry per key (a message, an order slot, a control message) holds the
 * members that have not acknowledged it yet; its timer resends to exactly those.
 */
import type { Context, NodeId } from '../../api/process.js';

/** Retransmission delays: timeout · backoff^attempt, capped at maxTimeout. */
export class Backoff {
  constructor(readonly timeout: number, readonly factor: number, readonly maxTimeout: number, readonly maxRetries: number) {}

  delay(attempt: number): number {
    return Math.min(this.timeout * this.factor ** attempt, this.maxTimeout);
  }

  /** How long a sender keeps resending one entry: the sum of every wait until it gives up. */
  horizon(): number {
    let sum = 0;
    for (let i = 0; i <= this.maxRetries; i++) sum += this.delay(i);
    return sum;
  }
}

/** Resend the entry to one member (the layer above builds the copy). */
export type Resend = (ctx: Context<any>, to: NodeId) => void;

interface Pending { targets: Set<NodeId>; attempt: number; timer: number; resend: Resend }

/** What a retransmission timer carries: the group and the pending key. */
export interface OutboxTimer { t: 'outbox'; g: string; key: string }

export class Outbox {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly g: string, private readonly schedule: Backoff) {}

  /** Wait for acks of `key` from `targets` (added to any already awaited); arms the timer on first use. */
  track(ctx: Context<any>, key: string, targets: Iterable<NodeId>, resend: Resend): void {
    let p = this.pending.get(key);
    if (!p) {
      if (this.schedule.maxRetries === 0) return;
      p = { targets: new Set(), attempt: 0, timer: -1, resend };
      this.pending.set(key, p);
    }
    for (const v of targets) p.targets.add(v);
    if (p.targets.size === 0) { this.pending.delete(key); return; }
    if (p.timer < 0) p.timer = ctx.setTimer(this.schedule.delay(p.attempt), this.tag(key));
  }

  /** `from` acknowledged `key`. */
  ack(ctx: Context<any>, key: string, from: NodeId): void {
    const p = this.pending.get(key);
    if (!p || !p.targets.delete(from)) return;
    if (p.targets.size === 0) this.drop(ctx, key);
  }

  /** Whether `key` still waits for anyone. */
  waiting(key: string): boolean { return this.pending.has(key); }

  /** The timer of `key` fired: resend to those still silent (minus `gone` ones), or give up after maxRetries. */
  fire(ctx: Context<any>, key: string, gone: (v: NodeId) => boolean): void {
    const p = this.pending.get(key);
    if (!p) return;
    p.timer = -1;
    for (const v of p.targets) if (gone(v)) p.targets.delete(v);
    if (p.targets.size === 0 || p.attempt >= this.schedule.maxRetries) { this.pending.delete(key); return; }
    p.attempt++;
    for (const v of p.targets) p.resend(ctx, v);
    p.timer = ctx.setTimer(this.schedule.delay(p.attempt), this.tag(key));
  }

  /** Stop waiting for `key`. */
  cancel(ctx: Context<any>, key: string): void {
    if (this.pending.has(key)) this.drop(ctx, key);
  }

  /** Stop waiting for every key that `match` selects. */
  cancelWhere(ctx: Context<any>, match: (key: string) => boolean): void {
    for (const key of [...this.pending.keys()]) if (match(key)) this.drop(ctx, key);
  }

  /** After a crash the timers are gone: arm them again. */
  rearm(ctx: Context<any>): void {
    for (const [key, p] of this.pending) p.timer = ctx.setTimer(this.schedule.delay(p.attempt), this.tag(key));
  }

  private drop(ctx: Context<any>, key: string): void {
    const p = this.pending.get(key)!;
    if (p.timer >= 0) ctx.cancelTimer(p.timer);
    this.pending.delete(key);
  }

  private tag(key: string): OutboxTimer { return { t: 'outbox', g: this.g, key }; }
}
