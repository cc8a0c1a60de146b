/**
 * Negative acknowledgements (as in JGroups' NAKACK2). A stream is one origin's
 * numbered messages: an origin's data (`d:ORIGIN`) or one sequencer epoch's order
 * slots (`o:EPOCH`). A receiver that sees a gap — a higher number than it has, in a
 * copy or in a digest — asks the stream's origin for the missing numbers after
 * `timeout`, and again with backoff while they stay missing (at most maxRetries
 * times without progress). Each ask also goes to one other member, the nearest
 * first and then the next ones in turn (as JGroups' xmit_from_random_member and
 * SRM's local recovery do): any member holding the message answers, and a near one
 * is reached over fewer lossy links than a far origin. An origin cannot know who lacks the last messages, so
 * after each new message it sends a digest (its next number) to the members, again
 * with backoff, maxRetries + 1 times in all: that is what reveals a lost tail.
 */
import type { Context, NodeId } from '../../api/process.js';
import type { Backoff } from './retransmit.js';

/** At most this many numbers in one nak; the rest are asked for next time. */
const MAX_NAK = 64;

interface Gaps { target: NodeId; received: Set<number>; low: number; high: number; attempt: number; timer: number }
interface Digest { attempt: number; timer: number }

export type NakTimer = { t: 'nak'; g: string; stream: string } | { t: 'digest'; g: string; stream: string };

export interface NakHost {
  /** Ask for `missing`; `attempt` counts the asks without progress (the host may spread them over other holders). */
  sendNak(ctx: Context<any>, origin: NodeId, stream: string, missing: number[], attempt: number): void;
  sendDigest(ctx: Context<any>, stream: string): void;
}

export class NakRecovery {
  private readonly gaps = new Map<string, Gaps>();
  private readonly digests = new Map<string, Digest>();

  constructor(private readonly g: string, private readonly schedule: Backoff, private readonly host: NakHost) {}

  /** Number `seq` of `stream` (whose origin is `target`) arrived. */
  received(ctx: Context<any>, stream: string, target: NodeId, seq: number): void {
    const s = this.stream(stream, target);
    if (seq < s.low || s.received.has(seq)) return;
    s.received.add(seq);
    while (s.received.has(s.low)) s.received.delete(s.low++);
    s.high = Math.max(s.high, seq + 1);
    s.attempt = 0;
    this.watch(ctx, stream, s);
  }

  /** The origin says its next number is `high`. */
  digest(ctx: Context<any>, stream: string, target: NodeId, high: number): void {
    const s = this.stream(stream, target);
    if (high <= s.high) return;
    s.high = high;
    this.watch(ctx, stream, s);
  }

  /** Numbers below `low` need no recovery (e.g. an epoch's base). */
  skipTo(stream: string, target: NodeId, low: number): void {
    const s = this.stream(stream, target);
    if (low <= s.low) return;
    for (const n of s.received) if (n < low) s.received.delete(n);
    s.low = low;
    s.high = Math.max(s.high, low);
    while (s.received.has(s.low)) s.received.delete(s.low++);
  }

  /** Origin side: a new message went out on `stream`; restart its digests. */
  sent(ctx: Context<any>, stream: string): void {
    const d = this.digests.get(stream);
    if (d && d.timer >= 0) ctx.cancelTimer(d.timer);
    this.digests.set(stream, { attempt: 0, timer: ctx.setTimer(this.schedule.delay(0), this.tag('digest', stream)) });
  }

  /** Stop recovering `stream` altogether (an epoch that ended). */
  forget(ctx: Context<any>, stream: string): void {
    const s = this.gaps.get(stream);
    if (s && s.timer >= 0) ctx.cancelTimer(s.timer);
    this.gaps.delete(stream);
    this.stopDigests(ctx, stream);
  }

  stopDigests(ctx: Context<any>, stream: string): void {
    const d = this.digests.get(stream);
    if (d && d.timer >= 0) ctx.cancelTimer(d.timer);
    this.digests.delete(stream);
  }

  fire(ctx: Context<any>, timer: NakTimer): void {
    if (timer.t === 'digest') {
      const d = this.digests.get(timer.stream);
      if (!d) return;
      this.host.sendDigest(ctx, timer.stream);
      if (d.attempt >= this.schedule.maxRetries) { this.digests.delete(timer.stream); return; }
      d.attempt++;
      d.timer = ctx.setTimer(this.schedule.delay(d.attempt), this.tag('digest', timer.stream));
      return;
    }
    const s = this.gaps.get(timer.stream);
    if (!s) return;
    s.timer = -1;
    const missing = this.missing(s);
    if (missing.length === 0 || s.attempt > this.schedule.maxRetries) return;
    this.host.sendNak(ctx, s.target, timer.stream, missing, s.attempt);
    s.attempt++;
    s.timer = ctx.setTimer(this.schedule.delay(s.attempt), this.tag('nak', timer.stream));
  }

  /** After a crash the timers are gone: arm them again. */
  rearm(ctx: Context<any>): void {
    for (const [stream, d] of this.digests) d.timer = ctx.setTimer(this.schedule.delay(d.attempt), this.tag('digest', stream));
    for (const [stream, s] of this.gaps) { s.timer = -1; this.watch(ctx, stream, s); }
  }

  /** Whether any gap is still open. */
  hasGaps(): boolean {
    for (const s of this.gaps.values()) if (s.low < s.high) return true;
    return false;
  }

  private watch(ctx: Context<any>, stream: string, s: Gaps): void {
    if (s.timer < 0 && s.low < s.high) s.timer = ctx.setTimer(this.schedule.delay(s.attempt), this.tag('nak', stream));
  }

  private missing(s: Gaps): number[] {
    const out: number[] = [];
    for (let n = s.low; n < s.high && out.length < MAX_NAK; n++) if (!s.received.has(n)) out.push(n);
    return out;
  }

  private stream(stream: string, target: NodeId): Gaps {
    let s = this.gaps.get(stream);
    if (!s) this.gaps.set(stream, (s = { target, received: new Set(), low: 0, high: 0, attempt: 0, timer: -1 }));
    s.target = target;
    return s;
  }

  private tag(t: 'nak' | 'digest', stream: string): NakTimer { return { t, g: this.g, stream }; }
}
