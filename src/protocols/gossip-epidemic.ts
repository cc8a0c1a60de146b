/**
 * The state of one run's gossip, shared by its per-node processes: for each rumor
 * (application message) every node's epidemic state in flat typed arrays, so a
 * million nodes cost a few bytes each. Each process reads and writes only its own
 * node's entries, except for two run-wide oracles: `isOver` (is a rumor finished
 * for good?), which decides when nodes stop gossiping it, and `wakeAll`, which
 * starts every node's pull rounds when a rumor appears. Both are documented in the
 * README as simulator-only shortcuts.
 *
 * A node is susceptible (does not know the rumor), infective (knows it and gossips
 * it) or removed (knows it and has stopped). In each of its rounds a node contacts
 * `fanout` distinct live partners:
 *   push       an infective node sends the rumor ('push').
 *   pull       every node sends a request ('pull') carrying a digest of the rumors it
 *              knows; a partner infective for a rumor missing from the digest answers
 *              with it ('reply').
 *   push-pull  both in one exchange: the first 'push' carries the digest (a node with
 *              nothing to push sends a 'pull').
 * A node informed during a round starts gossiping (and answering pulls) in its next
 * round. Feedback (Demers et al. 1987): a node that receives a push it already knew
 * tells the sender — piggybacked on its first 'reply' when it sends one, otherwise as
 * a 'feedback' transmission; a pull's digest tells the answering node directly.
 */
import type { Context, Message, NetworkServices, Request } from '../api/process.js';
import { firstRoundAt, stopPlan, type GossipOptions, type StopPlan } from './gossip-options.js';
import { choosePartners } from './gossip-partners.js';

const SUSCEPTIBLE = 0, INFECTIVE = 1, REMOVED = 2;

interface Push extends Message { kind: 'push'; msgId: number; hops: number; known?: readonly number[] }
interface Pull extends Message { kind: 'pull'; known: readonly number[] }
interface Reply extends Message { kind: 'reply'; msgId: number; hops: number; knew?: number }
interface Feedback extends Message { kind: 'feedback'; ref: number }
export type GossipMessage = Push | Pull | Reply | Feedback;
type Ctx = Context<GossipMessage>;

const NOTHING: readonly number[] = Object.freeze([]);

class Rumor {
  readonly state: Uint8Array;
  /** Infection generation: the hops of the copy that informed the node (0 at the source). */
  readonly gen: Int32Array;
  readonly informedAt: Float64Array;
  /** Rounds or unnecessary contacts so far, for counter rules. */
  readonly counter: Int32Array | null;
  infective = 1;
  informed = 1;
  /** When a copy of the rumor was last sent. */
  lastCopyAt = -Infinity;
  over = false;
  /** Where the liveness scans resume (see Epidemic.isOver). */
  liveCursor = 0;
  pendingCursor = 0;

  constructor(readonly id: number, readonly origin: number, nodes: number, counted: boolean) {
    this.state = new Uint8Array(nodes);
    this.gen = new Int32Array(nodes);
    this.informedAt = new Float64Array(nodes);
    this.counter = counted ? new Int32Array(nodes) : null;
  }
}

export class Epidemic {
  private readonly rumors = new Map<number, Rumor>();
  /** Rumors not yet over, in request order, and their ids (a fresh array on every change: digests in flight keep theirs). */
  private active: Rumor[] = [];
  private activeIds: readonly number[] = NOTHING;
  /** 1 while a node has a round timer pending. */
  private readonly looping: Uint8Array;
  /** Each node's round offset in [0, interval) with `phase: random`. */
  private readonly phase: Float64Array | null;
  /** Every node's context, kept to resume parked round loops (see `wakeAll`). */
  private readonly contexts: Array<Ctx | undefined>;
  private readonly plan: StopPlan;
  private readonly push: boolean;
  private readonly pull: boolean;
  private readonly feedback: boolean;
  private readonly interval: number;
  private readonly partners: Int32Array;
  private readonly ripe: Rumor[] = [];

  constructor(private readonly o: GossipOptions, private readonly nodes: number, private readonly network: NetworkServices) {
    this.plan = stopPlan(o.stop);
    this.push = o.mode !== 'pull';
    this.pull = o.mode !== 'push';
    this.feedback = this.plan.contactLimit > 0 || this.plan.contactCoin > 0;
    this.interval = o.interval;
    this.looping = new Uint8Array(nodes);
    this.phase = o.phase === 'random' ? new Float64Array(nodes) : null;
    this.contexts = new Array<Ctx | undefined>(nodes);
    this.partners = new Int32Array(Math.min(o.fanout, Math.max(1, nodes)));
  }

  start(ctx: Ctx): void {
    if (this.phase) this.phase[ctx.id] = ctx.random() * this.interval;
    this.contexts[ctx.id] = ctx;
  }

  request(ctx: Ctx, req: Request): void {
    if (this.rumors.has(req.id)) return;
    const v = ctx.id, t = ctx.now();
    const r = new Rumor(req.id, firstRoundAt(t, this.interval, this.o.phase), this.nodes, this.plan.roundLimit > 0 || this.plan.contactLimit > 0);
    r.state[v] = INFECTIVE;
    r.informedAt[v] = -Infinity; // the source gossips in its first round at or after the request
    r.liveCursor = r.pendingCursor = v;
    this.rumors.set(req.id, r);
    this.active.push(r);
    this.activeIds = this.active.map((x) => x.id);
    this.ensureLoop(ctx, true);
    if (this.pull) this.wakeAll(true);
  }

  timer(ctx: Ctx): void {
    this.looping[ctx.id] = 0;
    this.round(ctx);
  }

  recover(ctx: Ctx): void {
    const v = ctx.id, t = ctx.now();
    this.looping[v] = 0; // its timers died with the crash
    if (this.plan.untilAllInformed) this.reopen(v, t);
    this.prune(t);
    if ((this.pull && this.active.length > 0) || this.infectiveAt(v)) this.ensureLoop(ctx, false);
  }

  /**
   * Anti-entropy with a node back that missed a rumor declared over while it was down:
   * the rumor is active again (within maxRounds) until that node knows it too.
   */
  private reopen(v: number, t: number): void {
    let reopened = false;
    for (const r of this.rumors.values()) {
      if (!r.over || r.state[v] !== SUSCEPTIBLE || t >= r.origin + this.o.maxRounds * this.interval) continue;
      r.over = false;
      r.pendingCursor = v;
      if (!this.active.includes(r)) this.active.push(r); // it may be over but not yet pruned
      reopened = true;
    }
    if (!reopened) return;
    this.active.sort((a, b) => a.id - b.id);
    this.activeIds = this.active.map((r) => r.id);
    this.wakeAll(false);
  }

  message(ctx: Ctx, from: number, msg: GossipMessage): void {
    switch (msg.kind) {
      case 'push': {
        const knew = this.receive(ctx, msg.msgId, msg.hops);
        const ref = knew && this.feedback ? msg.msgId : -1;
        if (msg.known) this.answer(ctx, from, msg.known, ref);
        else if (ref >= 0) ctx.send(from, { kind: 'feedback', ref });
        break;
      }
      case 'pull': this.answer(ctx, from, msg.known, -1); break;
      case 'reply':
        this.receive(ctx, msg.msgId, msg.hops);
        if (msg.knew !== undefined) this.heardKnew(ctx, msg.knew);
        break;
      case 'feedback': this.heardKnew(ctx, msg.ref); break;
    }
  }

  /** One round at node v: contact partners, then age the rumors it gossiped. */
  private round(ctx: Ctx): void {
    const v = ctx.id, t = ctx.now(), ripe = this.ripe;
    this.prune(t);
    let ripeCount = 0;
    for (const r of this.active) {
      if (r.state[v] === INFECTIVE && r.informedAt[v] < t) ripe[ripeCount++] = r;
    }
    const pulling = this.pull && this.active.length > 0;
    const pushing = this.push ? ripeCount : 0;
    if (pushing > 0 || pulling) this.contact(ctx, pushing, pulling);
    const { roundLimit, roundCoin } = this.plan;
    for (let i = 0; i < ripeCount; i++) {
      const r = ripe[i]!;
      if (roundLimit > 0 ? ++r.counter![v]! >= roundLimit : roundCoin > 0 && ctx.random() < roundCoin) this.remove(r, v);
    }
    ripe.length = 0;
    if (pulling || this.infectiveAt(v)) this.ensureLoop(ctx, false);
  }

  private contact(ctx: Ctx, pushing: number, pulling: boolean): void {
    const v = ctx.id, t = ctx.now();
    const list = this.o.peers === 'all' ? null : ctx.neighbors();
    const count = choosePartners(list, this.nodes, v, this.o.fanout, this.network, ctx, this.partners);
    if (count === 0) return;
    const known = pulling ? this.digest(v) : undefined;
    // One message per rumor, shared by all partners: receivers never modify a message.
    const msgs: GossipMessage[] = [];
    for (let i = 0; i < pushing; i++) {
      const r = this.ripe[i]!;
      const m: Push = { kind: 'push', msgId: r.id, hops: r.gen[v]! + 1 };
      if (i === 0 && known) m.known = known;
      msgs.push(m);
      r.lastCopyAt = t;
    }
    if (pushing === 0) msgs.push({ kind: 'pull', known: known! });
    for (let j = 0; j < count; j++) {
      for (const m of msgs) ctx.send(this.partners[j]!, m);
    }
  }

  /** Node v learns a rumor (false) or already knew it (true). */
  private receive(ctx: Ctx, id: number, hops: number): boolean {
    const r = this.rumors.get(id), v = ctx.id;
    if (!r || r.state[v] !== SUSCEPTIBLE) return true;
    const t = ctx.now();
    const over = this.isOver(r, t);
    r.state[v] = over ? REMOVED : INFECTIVE;
    r.gen[v] = hops;
    r.informedAt[v] = t;
    r.informed++;
    ctx.deliver(id, hops);
    if (!over) {
      r.infective++;
      this.ensureLoop(ctx, false);
    }
    return false;
  }

  /** Answer a pull: send every rumor v gossips that the digest lacks; `ref` is feedback to piggyback. */
  private answer(ctx: Ctx, to: number, known: readonly number[], ref: number): void {
    const v = ctx.id, t = ctx.now();
    const roundStart = this.roundStart(v, t);
    let replied = false;
    for (const r of this.active) {
      if (r.state[v] !== INFECTIVE || !(r.informedAt[v]! < roundStart) || this.isOver(r, t)) continue;
      if (known.includes(r.id)) { this.unnecessaryContact(ctx, r); continue; }
      const m: Reply = { kind: 'reply', msgId: r.id, hops: r.gen[v]! + 1 };
      if (!replied && ref >= 0) m.knew = ref;
      ctx.send(to, m);
      r.lastCopyAt = t;
      replied = true;
    }
    if (!replied && ref >= 0) ctx.send(to, { kind: 'feedback', ref });
  }

  /** Feedback: a partner already knew rumor `id`, which v pushed. */
  private heardKnew(ctx: Ctx, id: number): void {
    const r = this.rumors.get(id);
    if (r && !r.over && r.state[ctx.id] === INFECTIVE) this.unnecessaryContact(ctx, r);
  }

  private unnecessaryContact(ctx: Ctx, r: Rumor): void {
    const v = ctx.id, { contactLimit, contactCoin } = this.plan;
    if (contactLimit > 0 ? ++r.counter![v]! >= contactLimit : contactCoin > 0 && ctx.random() < contactCoin) this.remove(r, v);
  }

  private remove(r: Rumor, v: number): void {
    r.state[v] = REMOVED;
    r.infective--;
  }

  private infectiveAt(v: number): boolean {
    for (const r of this.active) if (r.state[v] === INFECTIVE) return true;
    return false;
  }

  /** The ids of the active rumors node v knows. */
  private digest(v: number): readonly number[] {
    let known = 0;
    for (const r of this.active) if (r.state[v] !== SUSCEPTIBLE) known++;
    if (known === 0) return NOTHING;
    if (known === this.active.length) return this.activeIds;
    return this.active.filter((r) => r.state[v] !== SUSCEPTIBLE).map((r) => r.id);
  }

  /**
   * Whether a rumor is over: nothing more can happen to it, so no node needs to gossip
   * it and, in pull modes, round loops can park. Simulation bookkeeping over all nodes,
   * like the engine's "no events left": it is over after `maxRounds` rounds; under
   * `stop: none` when every live node knows it; otherwise when no live node is infective
   * and no copy was sent during the last interval (so none is still in flight, provided
   * latency is below the interval: a copy arriving later is delivered, not gossiped on).
   * Once over, it stays over, except that anti-entropy reopens it for a node that comes
   * back without it (`reopen`).
   */
  private isOver(r: Rumor, t: number): boolean {
    if (r.over) return true;
    if (t >= r.origin + this.o.maxRounds * this.interval) return (r.over = true);
    if (this.plan.untilAllInformed) return (r.over = this.allLiveInformed(r));
    if (r.lastCopyAt > t - this.interval) return false;
    return (r.over = !this.liveInfective(r));
  }

  private prune(t: number): void {
    let ended = false;
    for (const r of this.active) if (this.isOver(r, t)) ended = true;
    if (!ended) return;
    this.active = this.active.filter((r) => !r.over);
    this.activeIds = this.active.map((r) => r.id);
  }

  /** Some live node is infective; the scan resumes where the last one found one. */
  private liveInfective(r: Rumor): boolean {
    if (r.infective === 0) return false;
    const n = this.nodes;
    for (let i = 0, v = r.liveCursor; i < n; i++, v = v + 1 === n ? 0 : v + 1) {
      if (r.state[v] === INFECTIVE && this.network.isAlive(v)) { r.liveCursor = v; return true; }
    }
    return false;
  }

  /** No live node is still susceptible; the scan resumes where the last one found one. */
  private allLiveInformed(r: Rumor): boolean {
    if (r.informed === this.nodes) return true;
    const n = this.nodes;
    for (let i = 0, v = r.pendingCursor; i < n; i++, v = v + 1 === n ? 0 : v + 1) {
      if (r.state[v] === SUSCEPTIBLE && this.network.isAlive(v)) { r.pendingCursor = v; return false; }
    }
    return true;
  }

  /**
   * Resume the round loop of every live node that has something to do: in pull modes
   * every node takes part in every round while a rumor is active; otherwise the nodes
   * infective for one. Rounds with nothing to do change nothing, so loops park then and
   * resume here when a rumor appears (or reappears), as if they had kept running. Down
   * nodes resume on recovery.
   */
  private wakeAll(inclusive: boolean): void {
    for (let v = 0; v < this.nodes; v++) {
      const ctx = this.contexts[v];
      if (ctx && !this.looping[v] && this.network.isAlive(v) && (this.pull || this.infectiveAt(v))) this.ensureLoop(ctx, inclusive);
    }
  }

  private ensureLoop(ctx: Ctx, inclusive: boolean): void {
    const v = ctx.id;
    if (this.looping[v]) return;
    this.looping[v] = 1;
    const t = ctx.now();
    ctx.setTimer(this.nextRound(v, t, inclusive) - t);
  }

  /** Node v's first round start after t (at or after t when `inclusive`). */
  private nextRound(v: number, t: number, inclusive: boolean): number {
    const offset = this.phase ? this.phase[v]! : 0;
    const x = (t - offset) / this.interval;
    return offset + (inclusive ? Math.ceil(x) : Math.floor(x) + 1) * this.interval;
  }

  /** Start of node v's round containing t. */
  private roundStart(v: number, t: number): number {
    const offset = this.phase ? this.phase[v]! : 0;
    return offset + Math.floor((t - offset) / this.interval) * this.interval;
  }
}
