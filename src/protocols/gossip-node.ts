/**
 * One gossip node. It knows only its own state, its ctx and the messages it
 * receives: the rumors it has heard of (with their ids, birth round and the hops
 * of the copy that informed it), its round loop, and what partners told it.
 *
 * A node is susceptible to a rumor (has no copy), infective (gossips it) or removed
 * (knows it and has stopped). In each of its rounds a node contacts `fanout`
 * distinct live partners:
 *   push       an infective node sends the rumor ('push').
 *   pull       every node sends a request ('pull') carrying a digest of the rumors it
 *              knows; a partner infective for a rumor missing from the digest answers
 *              with it ('reply').
 *   push-pull  both in one exchange: the first 'push' carries the digest (a node with
 *              nothing to push sends a 'pull').
 * A node informed during a round starts gossiping (and answering pulls) in its next
 * round. Feedback (Demers et al. 1987) comes in real messages: a node that receives a
 * push it already knew says so — in its first 'reply' when it sends one (`knew`),
 * otherwise in a 'feedback' transmission; a pull's digest tells the answering node.
 *
 * Every copy carries its rumor's birth (the start of its round 1), so each node can
 * tell when a rumor is `maxRounds` rounds old and stop gossiping it. In pull modes
 * every node calls in every round from the start (the random-call model: a caller need
 * not know that a rumor exists) until `maxRounds` rounds after the newest rumor it has
 * heard of; under rumor mongering a node that gossips nothing also stops after
 * `quietLimit` rounds without news, and news (a digest naming a rumor it lacks) wakes it.
 */
import type { Context, Message, Request } from '../api/process.js';
import { firstRoundAt, type GossipOptions, type StopPlan } from './gossip-options.js';
import { choosePartners } from './gossip-partners.js';

const INFECTIVE = 1, REMOVED = 2;

interface Push extends Message { kind: 'push'; msgId: number; hops: number; birth: number; known?: readonly number[]; newest?: number }
interface Pull extends Message { kind: 'pull'; known: readonly number[]; newest: number }
interface Reply extends Message { kind: 'reply'; msgId: number; hops: number; birth: number; knew?: number }
interface Feedback extends Message { kind: 'feedback'; ref: number }
export type GossipMessage = Push | Pull | Reply | Feedback;
type Ctx = Context<GossipMessage>;

const NOTHING: readonly number[] = Object.freeze([]);

/** What every node of a run is configured with: read-only, no state. */
export interface GossipConfig {
  readonly o: GossipOptions;
  readonly plan: StopPlan;
  readonly push: boolean;
  readonly pull: boolean;
  readonly feedback: boolean;
  /**
   * Pull modes: how many rounds in a row a node that gossips nothing keeps calling
   * without news (learning a rumor, a digest naming one it lacks, a pull it answered).
   * Infinite for anti-entropy, whose calls stop only with the rumor's lifetime.
   */
  readonly quietLimit: number;
  /** maxRounds · interval: a rumor's lifetime from its birth. */
  readonly lifetime: number;
  readonly nodes: number;
}

/** This node's view of one rumor. */
class Rumor {
  state = INFECTIVE;
  /** Rounds or unnecessary contacts so far, for counter rules. */
  counter = 0;
  constructor(readonly id: number, readonly birth: number, readonly gen: number, readonly informedAt: number) {}
}

export class GossipNode {
  /** Rumors this node knows, in the order it learned them. */
  private rumors: Rumor[] | null = null;
  private looping = false;
  /** Its round offset in [0, interval) with `phase: random`. */
  private phase = 0;
  /** In pull modes it calls until this time: `lifetime` after the newest rumor it heard of (or the run start). */
  private horizon: number;
  /** Digest of the rumors it knows that are still alive (a fresh frozen array whenever it changes). */
  private digest: readonly number[] = NOTHING;
  private digestNewest = 0;
  /** Rumor mongering in pull modes: rounds in a row it called while not infective and heard no news. */
  private quiet = 0;
  /** The digest holds until a rumor in it grows too old, or it learns one. */
  private digestUntil = -Infinity;

  constructor(private readonly c: GossipConfig) {
    this.horizon = c.lifetime;
  }

  start(ctx: Ctx): void {
    if (this.c.o.phase === 'random') this.phase = ctx.random() * this.c.o.interval;
    if (this.c.pull) this.ensureLoop(ctx, true);
  }

  request(ctx: Ctx, req: Request): void {
    if (this.find(req.id)) return;
    const birth = firstRoundAt(ctx.now(), this.c.o.interval, this.c.o.phase);
    // The source gossips in its first round at or after the request.
    this.add(new Rumor(req.id, birth, 0, -Infinity));
    this.ensureLoop(ctx, true);
  }

  timer(ctx: Ctx): void {
    this.looping = false;
    this.round(ctx);
  }

  recover(ctx: Ctx): void {
    this.looping = false; // its timers died with the crash
    if (this.wantsRound(ctx.now())) this.ensureLoop(ctx, false);
  }

  message(ctx: Ctx, from: number, msg: GossipMessage): void {
    switch (msg.kind) {
      case 'push': {
        const knew = this.learn(ctx, msg.msgId, msg.hops, msg.birth);
        const ref = knew && this.c.feedback ? msg.msgId : -1;
        if (msg.known) this.answer(ctx, from, msg.known, msg.newest!, ref);
        else if (ref >= 0) ctx.send(from, { kind: 'feedback', ref });
        break;
      }
      case 'pull': this.answer(ctx, from, msg.known, msg.newest, -1); break;
      case 'reply':
        this.learn(ctx, msg.msgId, msg.hops, msg.birth);
        if (msg.knew !== undefined) this.heardKnew(ctx, msg.knew);
        break;
      case 'feedback': this.heardKnew(ctx, msg.ref); break;
    }
  }

  /** One round: contact partners, then age the rumors it gossiped. */
  private round(ctx: Ctx): void {
    const t = ctx.now(), c = this.c;
    // Scratch, emptied on every use: rounds never nest (sends only queue events).
    const ripe = RIPE;
    ripe.length = 0;
    const rumors = this.rumors;
    if (rumors !== null) {
      for (let i = 0; i < rumors.length; i++) {
        const r = rumors[i]!;
        if (r.state === INFECTIVE && r.informedAt < t && t < r.birth + c.lifetime) ripe.push(r);
      }
    }
    const pulling = c.pull && t < this.horizon && (ripe.length > 0 || this.quiet < c.quietLimit);
    if (pulling && ripe.length === 0) this.quiet++;
    const pushing = c.push ? ripe.length : 0;
    if (pushing > 0 || pulling) this.contact(ctx, ripe, pushing, pulling);
    const { roundLimit, roundCoin } = c.plan;
    for (let i = 0; i < ripe.length; i++) {
      const r = ripe[i]!;
      if (roundLimit > 0 ? ++r.counter >= roundLimit : roundCoin > 0 && ctx.random() < roundCoin) r.state = REMOVED;
    }
    ripe.length = 0;
    if (this.wantsRound(t)) this.ensureLoop(ctx, false);
  }

  /** Whether it has a reason to play its next round: a rumor to push, or (pull modes) calls to make. */
  private wantsRound(t: number): boolean {
    if (this.c.pull && this.nextRound(t, false) < this.horizon && this.quiet < this.c.quietLimit) return true;
    for (const r of this.rumors ?? NO_RUMORS) if (r.state === INFECTIVE && t < r.birth + this.c.lifetime) return true;
    return false;
  }

  private contact(ctx: Ctx, ripe: readonly Rumor[], pushing: number, pulling: boolean): void {
    const v = ctx.id, c = this.c;
    const list = c.o.peers === 'all' ? null : ctx.neighbors();
    const partners = partnerScratch(Math.min(c.o.fanout, Math.max(1, c.nodes)));
    const count = choosePartners(list, c.nodes, v, c.o.fanout, ctx.network, ctx, partners);
    if (count === 0) return;
    const known = pulling ? this.digestNow(ctx.now()) : undefined;
    // One message per rumor, shared by all partners: messages in flight are frozen.
    const msgs: GossipMessage[] = [];
    for (let i = 0; i < pushing; i++) {
      const r = ripe[i]!;
      const m: Push = { kind: 'push', msgId: r.id, hops: r.gen + 1, birth: r.birth };
      if (i === 0 && known) { m.known = known; m.newest = this.digestNewest; }
      msgs.push(m);
    }
    if (pushing === 0) msgs.push({ kind: 'pull', known: known!, newest: this.digestNewest });
    for (let j = 0; j < count; j++) {
      for (const m of msgs) ctx.send(partners[j]!, m);
    }
  }

  /** It receives a copy: learns the rumor (false) or already knew it (true). */
  private learn(ctx: Ctx, id: number, hops: number, birth: number): boolean {
    if (this.find(id)) return true;
    const t = ctx.now();
    const r = new Rumor(id, birth, hops, t);
    this.quiet = 0;
    if (t >= birth + this.c.lifetime) r.state = REMOVED; // too old to gossip on
    this.add(r);
    ctx.deliver(id, hops);
    if (r.state === INFECTIVE) this.ensureLoop(ctx, false);
    return false;
  }

  /** Answer a digest: send every rumor it gossips that the digest lacks; `ref` is feedback to piggyback. */
  private answer(ctx: Ctx, to: number, known: readonly number[], newest: number, ref: number): void {
    const t = ctx.now();
    // A digest tells of rumors it may not have: keep calling for their lifetime.
    if (this.c.pull && this.lacksAny(known)) {
      this.quiet = 0;
      if (newest + this.c.lifetime > this.horizon) this.horizon = newest + this.c.lifetime;
      this.ensureLoop(ctx, false);
    }
    const roundStart = this.roundStart(t);
    let replied = false;
    for (const r of this.rumors ?? NO_RUMORS) {
      if (r.state !== INFECTIVE || !(r.informedAt < roundStart) || t >= r.birth + this.c.lifetime) continue;
      if (known.includes(r.id)) { this.unnecessaryContact(ctx, r); continue; }
      const m: Reply = { kind: 'reply', msgId: r.id, hops: r.gen + 1, birth: r.birth };
      if (!replied && ref >= 0) m.knew = ref;
      ctx.send(to, m);
      replied = true;
      this.quiet = 0;
    }
    if (!replied && ref >= 0) ctx.send(to, { kind: 'feedback', ref });
  }

  private lacksAny(ids: readonly number[]): boolean {
    for (let i = 0; i < ids.length; i++) if (!this.find(ids[i]!)) return true;
    return false;
  }

  /** Feedback: a partner already knew rumor `id`, which it had pushed. */
  private heardKnew(ctx: Ctx, id: number): void {
    const r = this.find(id);
    if (r && r.state === INFECTIVE) this.unnecessaryContact(ctx, r);
  }

  private unnecessaryContact(ctx: Ctx, r: Rumor): void {
    const { contactLimit, contactCoin } = this.c.plan;
    if (contactLimit > 0 ? ++r.counter >= contactLimit : contactCoin > 0 && ctx.random() < contactCoin) r.state = REMOVED;
  }

  private find(id: number): Rumor | undefined {
    const rs = this.rumors;
    if (rs === null) return undefined;
    for (let i = 0; i < rs.length; i++) if (rs[i]!.id === id) return rs[i];
    return undefined;
  }

  private add(r: Rumor): void {
    // An exact-size array for the first rumor: most nodes of a run only ever learn one.
    if (this.rumors === null) this.rumors = [r]; else this.rumors.push(r);
    if (r.birth + this.c.lifetime > this.horizon) this.horizon = r.birth + this.c.lifetime;
    this.digestUntil = -Infinity;
  }

  /** The ids of the rumors it knows that are younger than `maxRounds` rounds, and the newest birth among them. */
  private digestNow(t: number): readonly number[] {
    if (t < this.digestUntil) return this.digest;
    const alive = (this.rumors ?? NO_RUMORS).filter((r) => t < r.birth + this.c.lifetime);
    this.digest = alive.length === 0 ? NOTHING : alive.map((r) => r.id);
    this.digestNewest = alive.reduce((m, r) => Math.max(m, r.birth), 0);
    this.digestUntil = alive.reduce((m, r) => Math.min(m, r.birth + this.c.lifetime), Infinity);
    return this.digest;
  }

  private ensureLoop(ctx: Ctx, inclusive: boolean): void {
    if (this.looping) return;
    this.looping = true;
    const t = ctx.now();
    ctx.setTimer(this.nextRound(t, inclusive) - t);
  }

  /** Its first round start after t (at or after t when `inclusive`). */
  private nextRound(t: number, inclusive: boolean): number {
    const x = (t - this.phase) / this.c.o.interval;
    return this.phase + (inclusive ? Math.ceil(x) : Math.floor(x) + 1) * this.c.o.interval;
  }

  /** Start of its round containing t. */
  private roundStart(t: number): number {
    return this.phase + Math.floor((t - this.phase) / this.c.o.interval) * this.c.o.interval;
  }
}

const NO_RUMORS: readonly Rumor[] = [];
/** Scratch for one round's ripe rumors (never nested: a round's sends only queue events). */
const RIPE: Rumor[] = [];
/** Scratch for one contact's partners (at least `size` long), read before the contact returns. */
let partnersBuf = new Int32Array(16);
function partnerScratch(size: number): Int32Array {
  if (partnersBuf.length < size) partnersBuf = new Int32Array(size);
  return partnersBuf; // choosePartners fills and reports only the first `count`
}
