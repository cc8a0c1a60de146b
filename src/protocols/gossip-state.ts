/**
 * Gossip's per-node state, held per run as arrays indexed by node id (struct of arrays).
 *
 * At millions of nodes a node's state spread over objects (the node, its rumor list, each
 * rumor, boxed doubles) costs a chain of cache misses on every round and contact, and
 * hundreds of bytes a node that the garbage collector walks again and again. Here node v's
 * state is slot v of a few typed arrays. A node still knows only its own state: its
 * Process holds its own id and reads and writes slot v only (the authoring guide allows
 * "arrays where each node touches only its own entry"); over a transport where each node
 * has its own WorldView, each node has its own arrays.
 *
 * Rumors: node v's first rumor lives in slot v of the rumor columns; a node that learns more
 * chains further slots (`next`) past the n first ones. Most nodes of a run learn one rumor.
 */
import type { Message } from '../api/process.js';
import type { GossipOptions, StopPlan } from './gossip-options.js';
import { grown } from '../engine/grown.js';

export interface Push extends Message { kind: 'push'; msgId: number; hops: number; birth: number; known?: readonly number[]; newest?: number }
export interface Pull extends Message { kind: 'pull'; known: readonly number[]; newest: number }
export interface Reply extends Message { kind: 'reply'; msgId: number; hops: number; birth: number; knew?: number }
export interface Feedback extends Message { kind: 'feedback'; ref: number }
export type GossipMessage = Push | Pull | Reply | Feedback;

export const INFECTIVE = 1, REMOVED = 2;
/** No rumor in this slot / end of a node's rumor chain. */
export const NONE = -1;

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

/** The rumors every node knows, one row (slot) per rumor a node knows. */
export class RumorTable {
  id: Int32Array;
  birth: Float64Array;
  /** Hops of the copy that informed the node (0 at the source). */
  gen: Int32Array;
  informedAt: Float64Array;
  state: Uint8Array;
  /** Rounds or unnecessary contacts so far, for counter rules. */
  counter: Int32Array;
  /** The node's next rumor's slot, in the order it learned them; NONE at the end. */
  next: Int32Array;
  private used: number;

  constructor(private readonly n: number) {
    const cap = n + 8;
    this.id = new Int32Array(cap).fill(NONE);
    this.birth = new Float64Array(cap);
    this.gen = new Int32Array(cap);
    this.informedAt = new Float64Array(cap);
    this.state = new Uint8Array(cap);
    this.counter = new Int32Array(cap);
    this.next = new Int32Array(cap).fill(NONE);
    this.used = n;
  }

  /** Node v's slot for rumor `id`, or NONE. */
  find(v: number, id: number): number {
    if (this.id[v] === NONE) return NONE;
    for (let s = v; s !== NONE; s = this.next[s]!) if (this.id[s] === id) return s;
    return NONE;
  }

  /** Append a rumor to node v's list (infective, counter 0); returns its slot. */
  add(v: number, id: number, birth: number, gen: number, informedAt: number): number {
    let s = v;
    if (this.id[v] !== NONE) {
      s = this.used++;
      if (s === this.id.length) this.grow();
      let last = v;
      while (this.next[last] !== NONE) last = this.next[last]!;
      this.next[last] = s;
    }
    this.id[s] = id;
    this.birth[s] = birth;
    this.gen[s] = gen;
    this.informedAt[s] = informedAt;
    this.state[s] = INFECTIVE;
    this.counter[s] = 0;
    this.next[s] = NONE;
    return s;
  }

  /** Room for more chained rumors: the part past the n first slots doubles. */
  private grow(): void {
    const cap = this.id.length + Math.max(8, this.id.length - this.n);
    this.id = grown(this.id, cap, NONE);
    this.birth = grown(this.birth, cap);
    this.gen = grown(this.gen, cap);
    this.informedAt = grown(this.informedAt, cap);
    this.state = grown(this.state, cap);
    this.counter = grown(this.counter, cap);
    this.next = grown(this.next, cap, NONE);
  }
}

const NOTHING: readonly number[] = Object.freeze([]);

/** One run's gossip state: node v reads and writes index v only (and its own rumor chain). */
export class GossipRun {
  readonly rumors: RumorTable;
  /** Round offset in [0, interval) with `phase: random`; null (all 0) with `phase: sync`. */
  readonly phase: Float64Array | null;
  /** In pull modes a node calls until this time: `lifetime` after the newest rumor it heard of (or the run start). */
  readonly horizon: Float64Array;
  /** Whether its round timer is pending. */
  readonly looping: Uint8Array;
  /** Rumor mongering in pull modes: rounds in a row it called while not infective and heard no news. */
  readonly quiet: Int32Array;
  /** Its digest holds until a rumor in it grows too old, or it learns one. */
  readonly digestUntil: Float64Array;
  readonly digestNewest: Float64Array;
  /** Its digest: the ids of the rumors it knows that are still alive. */
  readonly digest: Array<readonly number[]> = [];
  readonly msgs: MessageCache;
  /** Nodes whose process was created on this run (see gossip.ts). */
  private readonly created: Uint8Array;

  constructor(readonly c: GossipConfig) {
    const n = c.nodes;
    this.rumors = new RumorTable(n);
    this.phase = c.o.phase === 'random' ? new Float64Array(n) : null;
    this.horizon = new Float64Array(n).fill(c.lifetime);
    this.looping = new Uint8Array(n);
    this.quiet = new Int32Array(n);
    this.digestUntil = new Float64Array(n).fill(-Infinity);
    this.digestNewest = new Float64Array(n);
    // Pushed one by one: a JS array made at its full length would start in dictionary mode.
    for (let v = 0; v < n; v++) this.digest.push(NOTHING);
    this.msgs = new MessageCache();
    this.created = new Uint8Array(n);
  }

  /** Node v's process is being created: false if it already was on this run. */
  claim(v: number): boolean {
    if (!(v >= 0 && v < this.created.length) || this.created[v] !== 0) return false;
    this.created[v] = 1;
    return true;
  }

  /** A digest of these ids: one shared frozen array for a single id (a value, like a number). */
  digestOf(ids: readonly number[]): readonly number[] {
    if (ids.length === 0) return NOTHING;
    if (ids.length > 1) return ids;
    return this.msgs.single(ids[0]!);
  }
}


/**
 * Messages are immutable values once sent (the World freezes them), so equal messages
 * may be one object: nodes of a run that send the same push, pull or reply share it
 * instead of each allocating (and the World freezing) its own every round. Only messages
 * whose digest is a shared one (empty, or a single id) are kept: at most a few per rumor
 * and hop count. What a node sends is unchanged, field for field.
 */
class MessageCache {
  private readonly singles = new Map<number, readonly number[]>();
  private readonly pushes = new Map<number, Push[]>();
  private readonly pushesWithDigest = new Map<number, Push[]>();
  private readonly replies = new Map<number, Reply[]>();
  private readonly pulls = new Map<readonly number[], Pull>();

  single(id: number): readonly number[] {
    let d = this.singles.get(id);
    if (d === undefined) this.singles.set(id, (d = Object.freeze([id])));
    return d;
  }

  private shared(known: readonly number[]): boolean {
    return known.length === 0 ? known === NOTHING : known.length === 1 && this.singles.get(known[0]!) === known;
  }

  push(msgId: number, hops: number, birth: number): Push {
    const byHops = row(this.pushes, msgId);
    const m = byHops[hops];
    if (m !== undefined && m.birth === birth) return m;
    return (byHops[hops] = { kind: 'push', msgId, hops, birth });
  }

  pushWithDigest(msgId: number, hops: number, birth: number, known: readonly number[], newest: number): Push {
    const fresh = (): Push => ({ kind: 'push', msgId, hops, birth, known, newest });
    if (!this.shared(known)) return fresh();
    const byHops = row(this.pushesWithDigest, msgId);
    const m = byHops[hops];
    if (m !== undefined && m.birth === birth && m.known === known && m.newest === newest) return m;
    return (byHops[hops] = fresh());
  }

  reply(msgId: number, hops: number, birth: number): Reply {
    const byHops = row(this.replies, msgId);
    const m = byHops[hops];
    if (m !== undefined && m.birth === birth) return m;
    return (byHops[hops] = { kind: 'reply', msgId, hops, birth });
  }

  pull(known: readonly number[], newest: number): Pull {
    if (!this.shared(known)) return { kind: 'pull', known, newest };
    const m = this.pulls.get(known);
    if (m !== undefined && m.newest === newest) return m;
    const p: Pull = { kind: 'pull', known, newest };
    this.pulls.set(known, p);
    return p;
  }
}

function row<T>(map: Map<number, T[]>, key: number): T[] {
  let r = map.get(key);
  if (r === undefined) map.set(key, (r = []));
  return r;
}
