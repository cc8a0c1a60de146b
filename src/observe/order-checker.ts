/**
 * Checks a run's events against the properties of reliable broadcast (after Cachin,
 * Guerraoui and Rodrigues, "Introduction to Reliable and Secure Distributed
 * Programming", 2011). It needs only request, deliver, crash and leave events, so it
 * judges any protocol's trace, a user's own included.
 *
 * A node is correct when it never crashes (nor leaves the message's group) in the
 * trace. A message's recipients are the request's `expected` list; a source may
 * deliver its own message (that delivery then counts for the order checks), but
 * need not. A source is taken to know its own message from the moment it sends it.
 *
 * validity           a correct source's message is delivered by every correct recipient.
 * no-duplication     no node delivers a message twice.
 * no-creation        every delivered message was sent (a request, with its source up) before:
 *                    earlier in the trace and not at a later time.
 * agreement          if a correct node delivers a message of a faulty source, every correct
 *                    recipient does. (With a correct source, validity says it all.)
 * uniform-agreement  (with `uniform`) the same if only faulty nodes delivered it.
 * fifo               (fifo, causal) a node delivers a source's messages only after all of
 *                    that source's earlier ones in the same group; the source itself may
 *                    skip its own messages but delivers those it does in send order.
 * causal             (causal) a node delivers m only after every message of the group that
 *                    happened before m: sent earlier by m's source, or delivered by m's source
 *                    before it sent m, and so on transitively.
 * total              (total) two correct nodes (any two with `uniform`) that both deliver two
 *                    messages of one group deliver them in the same order.
 * FIFO and causal order are checked at every node, crashed or not: a node's own deliveries
 * are its own affair. Order is judged per group: messages of different groups never conflict.
 */

export type OrderLevel = 'none' | 'fifo' | 'causal' | 'total';
export type Property =
  | 'validity' | 'no-duplication' | 'no-creation' | 'agreement' | 'uniform-agreement' | 'fifo' | 'causal' | 'total';

export interface Violation { property: Property; message: string; nodes: number[] }

/** The part of a trace line the checker reads (a TraceLine from trace-file.ts fits). */
export interface CheckEvent {
  type: string;
  t: number;
  node: number;
  msg?: number;
  expected?: readonly number[];
  label?: string;
  group?: string;
}

export interface CheckOptions { order: OrderLevel; uniform?: boolean }

export interface CheckReport {
  properties: Property[];
  messages: number;
  deliveries: number;
  /** Nodes that crashed at some point, ascending. */
  crashed: number[];
  violations: Violation[];
}

interface Sent {
  id: number;
  source: number;
  group: string;
  at: number;
  expected: readonly number[];
  /** Position among the source's messages to this group. */
  index: number;
  /** Causal past: per source, how many of its messages to this group. */
  deps: Map<number, number> | null;
  deliveredAt: Map<number, number>;
}

const nth = (k: number) => `#${k + 1}`;
const list = (xs: readonly number[]) => xs.join(', ');

export class OrderChecker {
  private readonly fifo: boolean;
  private readonly causal: boolean;
  private readonly sent = new Map<number, Sent>();
  /** Message ids per (group, source), in send order. */
  private readonly streams = new Map<string, number[]>();
  /** Per node and stream: how many of the stream's first messages the node knows, and which later ones. */
  private readonly prefix = new Map<number, Map<string, { n: number; later: Set<number> }>>();
  /** Per node and group: its causal past as per-source counts. */
  private readonly clocks = new Map<number, Map<string, Map<number, number>>>();
  /** Per node: the messages it delivered, in order. */
  private readonly sequences = new Map<number, number[]>();
  /** Per stream: the latest of its messages its own source has delivered (index and id). */
  private readonly ownLatest = new Map<string, { index: number; id: number }>();
  private readonly crashed = new Set<number>();
  private readonly left = new Set<string>();
  private readonly violations: Violation[] = [];
  private deliveries = 0;

  constructor(private readonly opts: CheckOptions) {
    this.causal = opts.order === 'causal';
    this.fifo = opts.order === 'fifo' || this.causal;
  }

  event(e: CheckEvent): void {
    switch (e.type) {
      case 'request': return this.request(e);
      case 'deliver': return this.deliver(e);
      case 'crash': this.crashed.add(e.node); return;
      case 'leave': this.left.add(`${e.label ?? ''}\u0000${e.node}`); return;
    }
  }

  finish(): CheckReport {
    const correct = (v: number, group: string) => !this.crashed.has(v) && !this.left.has(`${group}\u0000${v}`);
    for (const m of this.sent.values()) this.agreement(m, correct);
    if (this.opts.order === 'total') this.totalOrder(correct);
    const properties: Property[] = ['validity', 'no-duplication', 'no-creation', 'agreement'];
    if (this.opts.uniform) properties.push('uniform-agreement');
    if (this.fifo) properties.push('fifo');
    if (this.causal) properties.push('causal');
    if (this.opts.order === 'total') properties.push('total');
    return {
      properties,
      messages: this.sent.size,
      deliveries: this.deliveries,
      crashed: [...this.crashed].sort((a, b) => a - b),
      violations: this.violations,
    };
  }

  private report(property: Property, message: string, nodes: readonly number[]): void {
    this.violations.push({ property, message, nodes: [...nodes] });
  }

  private request(e: CheckEvent): void {
    if (e.msg === undefined || e.label === 'source-down') return;
    const group = e.group ?? '';
    const key = `${group}\u0000${e.node}`;
    let stream = this.streams.get(key);
    if (!stream) this.streams.set(key, (stream = []));
    const clock = this.causal ? this.clock(e.node, group) : null;
    const m: Sent = {
      id: e.msg, source: e.node, group, at: e.t, expected: e.expected ?? [], index: stream.length,
      deps: clock ? new Map(clock) : null, deliveredAt: new Map(),
    };
    stream.push(m.id);
    this.sent.set(m.id, m);
    if (clock) clock.set(e.node, m.index + 1);
    this.know(e.node, key, m.index);
  }

  private deliver(e: CheckEvent): void {
    const q = e.node, id = e.msg ?? -1;
    const m = this.sent.get(id);
    if (!m) {
      this.report('no-creation', `node ${q} delivered message ${id} at t=${e.t}, which no node had sent`, [q]);
      return;
    }
    if (e.t < m.at) {
      this.report('no-creation', `node ${q} delivered message ${id} at t=${e.t}, before it was sent (t=${m.at})`, [q]);
      return;
    }
    const before = m.deliveredAt.get(q);
    if (before !== undefined) {
      this.report('no-duplication', `node ${q} delivered message ${id} twice (t=${before} and t=${e.t})`, [q]);
      return;
    }
    m.deliveredAt.set(q, e.t);
    this.deliveries++;
    let seq = this.sequences.get(q);
    if (!seq) this.sequences.set(q, (seq = []));
    seq.push(id);
    const key = `${m.group}\u0000${m.source}`;
    if (this.fifo && q === m.source) {
      // A source knows its messages from the start, so it may deliver any of them at any
      // time — but those it does deliver, it must deliver in the order it sent them.
      const latest = this.ownLatest.get(key);
      if (latest !== undefined && latest.index > m.index) {
        this.report('fifo', `node ${q} delivered its own message ${id} (${nth(m.index)}) after its own later message ${latest.id} (${nth(latest.index)})`, [q]);
      }
      if (latest === undefined || m.index > latest.index) this.ownLatest.set(key, { index: m.index, id });
    }
    if (this.fifo && q !== m.source) {
      const known = this.known(q, key);
      if (known < m.index) {
        const gap = this.streams.get(key)![known]!;
        this.report('fifo', `node ${q} delivered message ${id} (${nth(m.index)} from node ${m.source}) before message ${gap} (${nth(known)} from node ${m.source})`, [q, m.source]);
      }
    }
    if (m.deps) {
      for (const [src, count] of m.deps) {
        if (src === m.source) continue;
        const k = `${m.group}\u0000${src}`;
        const known = this.known(q, k);
        if (known >= count) continue;
        const gap = this.streams.get(k)![known]!;
        this.report('causal', `node ${q} delivered message ${id} (from node ${m.source}) before message ${gap} (from node ${src}), which happened before it`, [q, m.source, src]);
        break;
      }
      const clock = this.clock(q, m.group);
      for (const [src, count] of m.deps) if ((clock.get(src) ?? 0) < count) clock.set(src, count);
      if ((clock.get(m.source) ?? 0) < m.index + 1) clock.set(m.source, m.index + 1);
    }
    this.know(q, key, m.index);
  }

  private agreement(m: Sent, correct: (v: number, group: string) => boolean): void {
    const missing = m.expected.filter((v) => correct(v, m.group) && !m.deliveredAt.has(v));
    if (missing.length === 0) return;
    const from = `message ${m.id} (from node ${m.source}, sent at t=${m.at})`;
    if (correct(m.source, m.group)) {
      this.report('validity', `${from} was never delivered by correct recipient${missing.length > 1 ? 's' : ''} ${list(missing)}`, missing);
      return;
    }
    const deliverers = [...m.deliveredAt.keys()].sort((a, b) => a - b);
    const good = deliverers.filter((v) => correct(v, m.group));
    if (good.length > 0) {
      this.report('agreement', `${from}, whose source crashed, was delivered by correct node ${good[0]} but never by correct recipient${missing.length > 1 ? 's' : ''} ${list(missing)}`, [good[0]!, ...missing]);
    } else if (this.opts.uniform && deliverers.length > 0) {
      this.report('uniform-agreement', `${from} was delivered by faulty node ${deliverers[0]} but never by correct recipient${missing.length > 1 ? 's' : ''} ${list(missing)}`, [deliverers[0]!, ...missing]);
    }
  }

  /** One violation per pair of nodes whose delivery orders of one group's messages conflict. */
  private totalOrder(correct: (v: number, group: string) => boolean): void {
    const nodes = [...this.sequences.keys()].sort((a, b) => a - b).filter((v) => this.opts.uniform || !this.crashed.has(v));
    const position = new Map<number, Map<number, number>>();
    for (const v of nodes) position.set(v, new Map(this.sequences.get(v)!.map((id, i) => [id, i])));
    for (let i = 0; i < nodes.length; i++) {
      const a = nodes[i]!, posA = position.get(a)!;
      for (let j = i + 1; j < nodes.length; j++) {
        const b = nodes[j]!;
        // Walk b's order; per group, remember the message a put latest so far.
        const latest = new Map<string, { id: number; pos: number }>();
        for (const id of this.sequences.get(b)!) {
          const pa = posA.get(id);
          if (pa === undefined) continue;
          const m = this.sent.get(id)!;
          if (!correct(a, m.group) && !this.opts.uniform) continue;
          if (!correct(b, m.group) && !this.opts.uniform) continue;
          const prev = latest.get(m.group);
          if (prev && prev.pos > pa) {
            this.report('total', `nodes ${a} and ${b} deliver messages ${prev.id} and ${id} in opposite orders (node ${a}: ${id} first; node ${b}: ${prev.id} first)`, [a, b]);
            break;
          }
          if (!prev || pa > prev.pos) latest.set(m.group, { id, pos: pa });
        }
      }
    }
  }

  private clock(v: number, group: string): Map<number, number> {
    let byGroup = this.clocks.get(v);
    if (!byGroup) this.clocks.set(v, (byGroup = new Map()));
    let c = byGroup.get(group);
    if (!c) byGroup.set(group, (c = new Map()));
    return c;
  }

  private stream(v: number, key: string): { n: number; later: Set<number> } {
    let byStream = this.prefix.get(v);
    if (!byStream) this.prefix.set(v, (byStream = new Map()));
    let s = byStream.get(key);
    if (!s) byStream.set(key, (s = { n: 0, later: new Set() }));
    return s;
  }

  /** How many of the stream's first messages node v knows (sent or delivered), without a gap. */
  private known(v: number, key: string): number { return this.stream(v, key).n; }

  private know(v: number, key: string, index: number): void {
    const s = this.stream(v, key);
    if (index < s.n) return;
    s.later.add(index);
    while (s.later.delete(s.n)) s.n++;
  }
}

/** Check a whole list of events at once. */
export function checkTrace(events: Iterable<CheckEvent>, opts: CheckOptions): CheckReport {
  const c = new OrderChecker(opts);
  for (const e of events) c.event(e);
  return c.finish();
}
