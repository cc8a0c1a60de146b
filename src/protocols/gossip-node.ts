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
 *
 * Its state is its own slot of the run's arrays (gossip-state.ts): the node holds its id
 * and touches no other slot.
 */
import type { Context, Request } from '../api/process.js';
import { firstRoundAt } from './gossip-options.js';
import { choosePartners } from './gossip-partners.js';
import { type GossipMessage, type GossipRun, INFECTIVE, NONE, type Reply, REMOVED } from './gossip-state.js';

export type { GossipConfig, GossipMessage } from './gossip-state.js';

type Ctx = Context<GossipMessage>;

export class GossipNode {
  /** `v` is this node's own id: its slot in the run's arrays. */
  constructor(private readonly s: GossipRun, private readonly v: number) {}

  start(ctx: Ctx): void {
    const s = this.s, c = s.c;
    if (s.phase !== null) s.phase[this.v] = ctx.random() * c.o.interval;
    if (c.pull) this.ensureLoop(ctx, true);
  }

  request(ctx: Ctx, req: Request): void {
    const s = this.s;
    if (s.rumors.find(this.v, req.id) !== NONE) return;
    const birth = firstRoundAt(ctx.now(), s.c.o.interval, s.c.o.phase);
    // The source gossips in its first round at or after the request.
    this.add(req.id, birth, 0, -Infinity);
    this.ensureLoop(ctx, true);
  }

  timer(ctx: Ctx): void {
    this.s.looping[this.v] = 0;
    this.round(ctx);
  }

  recover(ctx: Ctx): void {
    this.s.looping[this.v] = 0; // its timers died with the crash
    if (this.wantsRound(ctx.now())) this.ensureLoop(ctx, false);
  }

  message(ctx: Ctx, from: number, msg: GossipMessage): void {
    switch (msg.kind) {
      case 'push': {
        const knew = this.learn(ctx, msg.msgId, msg.hops, msg.birth);
        const ref = knew && this.s.c.feedback ? msg.msgId : -1;
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
    const t = ctx.now(), s = this.s, c = s.c, v = this.v, R = s.rumors;
    // Its ripe rumors' slots: in the common case of one rumor, just `first` (no list).
    let ripeCount = 0, first = NONE;
    if (R.id[v] !== NONE) {
      for (let r = v; r !== NONE; r = R.next[r]!) {
        if (!(R.state[r] === INFECTIVE && R.informedAt[r]! < t && t < R.birth[r]! + c.lifetime)) continue;
        if (ripeCount === 0) first = r;
        else { if (ripeCount === 1) { RIPE.length = 0; RIPE.push(first); } RIPE.push(r); }
        ripeCount++;
      }
    }
    const pulling = c.pull && t < s.horizon[v]! && (ripeCount > 0 || s.quiet[v]! < c.quietLimit);
    if (pulling && ripeCount === 0) s.quiet[v]++;
    const pushing = c.push ? ripeCount : 0;
    if (pushing > 0 || pulling) this.contact(ctx, first, pushing, pulling);
    const { roundLimit, roundCoin } = c.plan;
    if (roundLimit > 0 || roundCoin > 0) {
      for (let i = 0; i < ripeCount; i++) {
        const r = ripeCount === 1 ? first : RIPE[i]!;
        if (roundLimit > 0 ? ++R.counter[r]! >= roundLimit : ctx.random() < roundCoin) R.state[r] = REMOVED;
      }
    }
    if (this.wantsRound(t)) this.ensureLoop(ctx, false);
  }

  /** Whether it has a reason to play its next round: a rumor to push, or (pull modes) calls to make. */
  private wantsRound(t: number): boolean {
    const s = this.s, c = s.c, v = this.v, R = s.rumors;
    if (c.pull && this.nextRound(t, false) < s.horizon[v]! && s.quiet[v]! < c.quietLimit) return true;
    if (R.id[v] === NONE) return false;
    for (let r = v; r !== NONE; r = R.next[r]!) if (R.state[r] === INFECTIVE && t < R.birth[r]! + c.lifetime) return true;
    return false;
  }

  /** `first` is its first ripe rumor's slot; with more than one ripe, RIPE lists them all. */
  private contact(ctx: Ctx, first: number, pushing: number, pulling: boolean): void {
    const v = this.v, s = this.s, c = s.c, R = s.rumors;
    const list = c.o.peers === 'all' ? null : ctx.neighbors();
    const partners = partnerScratch(Math.min(c.o.fanout, Math.max(1, c.nodes)));
    const count = choosePartners(list, c.nodes, v, c.o.fanout, ctx.network, ctx, partners);
    if (count === 0) return;
    const known = pulling ? this.digestNow(ctx.now()) : undefined;
    // One message per rumor, shared by all partners: messages in flight are frozen.
    if (pushing <= 1) {
      let m: GossipMessage;
      if (pushing === 0) m = s.msgs.pull(known!, s.digestNewest[v]!);
      else {
        const r = first;
        m = known ? s.msgs.pushWithDigest(R.id[r]!, R.gen[r]! + 1, R.birth[r]!, known, s.digestNewest[v]!)
          : s.msgs.push(R.id[r]!, R.gen[r]! + 1, R.birth[r]!);
      }
      for (let j = 0; j < count; j++) ctx.send(partners[j]!, m);
      return;
    }
    const msgs: GossipMessage[] = [];
    for (let i = 0; i < pushing; i++) {
      const r = RIPE[i]!;
      msgs.push(i === 0 && known ? s.msgs.pushWithDigest(R.id[r]!, R.gen[r]! + 1, R.birth[r]!, known, s.digestNewest[v]!)
        : s.msgs.push(R.id[r]!, R.gen[r]! + 1, R.birth[r]!));
    }
    for (let j = 0; j < count; j++) {
      for (const m of msgs) ctx.send(partners[j]!, m);
    }
  }

  /** It receives a copy: learns the rumor (false) or already knew it (true). */
  private learn(ctx: Ctx, id: number, hops: number, birth: number): boolean {
    const s = this.s, R = s.rumors;
    if (R.find(this.v, id) !== NONE) return true;
    const t = ctx.now();
    s.quiet[this.v] = 0;
    const r = this.add(id, birth, hops, t);
    if (t >= birth + s.c.lifetime) R.state[r] = REMOVED; // too old to gossip on
    ctx.deliver(id, hops);
    if (R.state[r] === INFECTIVE) this.ensureLoop(ctx, false);
    return false;
  }

  /** Answer a digest: send every rumor it gossips that the digest lacks; `ref` is feedback to piggyback. */
  private answer(ctx: Ctx, to: number, known: readonly number[], newest: number, ref: number): void {
    const t = ctx.now(), s = this.s, c = s.c, v = this.v, R = s.rumors;
    // A digest tells of rumors it may not have: keep calling for their lifetime.
    if (c.pull && this.lacksAny(known)) {
      s.quiet[v] = 0;
      if (newest + c.lifetime > s.horizon[v]!) s.horizon[v] = newest + c.lifetime;
      this.ensureLoop(ctx, false);
    }
    if (R.id[v] === NONE) {
      if (ref >= 0) ctx.send(to, { kind: 'feedback', ref });
      return;
    }
    const roundStart = this.roundStart(t);
    let replied = false;
    for (let r = v; r !== NONE; r = R.next[r]!) {
      if (R.state[r] !== INFECTIVE || !(R.informedAt[r]! < roundStart) || t >= R.birth[r]! + c.lifetime) continue;
      if (known.includes(R.id[r]!)) { this.unnecessaryContact(ctx, r); continue; }
      let m: Reply;
      if (!replied && ref >= 0) m = { kind: 'reply', msgId: R.id[r]!, hops: R.gen[r]! + 1, birth: R.birth[r]!, knew: ref };
      else m = s.msgs.reply(R.id[r]!, R.gen[r]! + 1, R.birth[r]!);
      ctx.send(to, m);
      replied = true;
      s.quiet[v] = 0;
    }
    if (!replied && ref >= 0) ctx.send(to, { kind: 'feedback', ref });
  }

  private lacksAny(ids: readonly number[]): boolean {
    const R = this.s.rumors;
    for (let i = 0; i < ids.length; i++) if (R.find(this.v, ids[i]!) === NONE) return true;
    return false;
  }

  /** Feedback: a partner already knew rumor `id`, which it had pushed. */
  private heardKnew(ctx: Ctx, id: number): void {
    const R = this.s.rumors, r = R.find(this.v, id);
    if (r !== NONE && R.state[r] === INFECTIVE) this.unnecessaryContact(ctx, r);
  }

  private unnecessaryContact(ctx: Ctx, r: number): void {
    const R = this.s.rumors, { contactLimit, contactCoin } = this.s.c.plan;
    if (contactLimit > 0 ? ++R.counter[r]! >= contactLimit : contactCoin > 0 && ctx.random() < contactCoin) R.state[r] = REMOVED;
  }

  /** Learn a rumor: its slot. */
  private add(id: number, birth: number, gen: number, informedAt: number): number {
    const s = this.s, v = this.v;
    const r = s.rumors.add(v, id, birth, gen, informedAt);
    if (birth + s.c.lifetime > s.horizon[v]!) s.horizon[v] = birth + s.c.lifetime;
    s.digestUntil[v] = -Infinity;
    return r;
  }

  /** The ids of the rumors it knows that are younger than `maxRounds` rounds (and the newest birth among them). */
  private digestNow(t: number): readonly number[] {
    const s = this.s, v = this.v, R = s.rumors, lifetime = s.c.lifetime;
    if (t < s.digestUntil[v]!) return s.digest[v]!;
    const alive: number[] = [];
    let newest = 0, until = Infinity;
    if (R.id[v] !== NONE) {
      for (let r = v; r !== NONE; r = R.next[r]!) {
        if (!(t < R.birth[r]! + lifetime)) continue;
        alive.push(R.id[r]!);
        newest = Math.max(newest, R.birth[r]!);
        until = Math.min(until, R.birth[r]! + lifetime);
      }
    }
    s.digest[v] = s.digestOf(alive);
    s.digestNewest[v] = newest;
    s.digestUntil[v] = until;
    return s.digest[v]!;
  }

  private ensureLoop(ctx: Ctx, inclusive: boolean): void {
    const s = this.s;
    if (s.looping[this.v] !== 0) return;
    s.looping[this.v] = 1;
    const t = ctx.now();
    ctx.setTimer(this.nextRound(t, inclusive) - t);
  }

  /** Its first round start after t (at or after t when `inclusive`). */
  private nextRound(t: number, inclusive: boolean): number {
    const s = this.s, phase = s.phase === null ? 0 : s.phase[this.v]!, interval = s.c.o.interval;
    const x = (t - phase) / interval;
    return phase + (inclusive ? Math.ceil(x) : Math.floor(x) + 1) * interval;
  }

  /** Start of its round containing t. */
  private roundStart(t: number): number {
    const s = this.s, phase = s.phase === null ? 0 : s.phase[this.v]!, interval = s.c.o.interval;
    return phase + Math.floor((t - phase) / interval) * interval;
  }
}

/** Scratch for one round's ripe rumors' slots when it has more than one (never nested: a round's sends only queue events). */
const RIPE: number[] = [];
/** Scratch for one contact's partners (at least `size` long), read before the contact returns. */
let partnersBuf = new Int32Array(16);
function partnerScratch(size: number): Int32Array {
  if (partnersBuf.length < size) partnersBuf = new Int32Array(size);
  return partnersBuf; // choosePartners fills and reports only the first `count`
}
