/**
 * The JSON commands of protocol version 1 (docs/websocket-protocol.md): ids and
 * resume tokens, groups and presence, the six ways to send, acknowledgements.
 * Every command is answered: `ok` (echoing `ref`) or `error` with a code and a
 * sentence; the connection stays open either way.
 */
import { randomInt } from 'node:crypto';
import { prepareText } from './frame.js';
import { Groups } from './groups.js';
import { GroupStream } from './history.js';
import type { Peer } from './peer.js';
import { Sessions, type Session } from './sessions.js';
import { encode, parseCommand, type Command } from './wire.js';

type Cmd<K extends Command['op']> = Extract<Command, { op: K }>;

export interface CommandOptions { historySize: number; sessionTtlMs: number }

const RUMORS_KEPT = 10_000;

export class Commands {
  readonly groups = new Groups();
  private readonly streams = new Map<string, GroupStream>();
  private readonly sessions: Sessions;
  /** Per sender and group: the last FIFO sequence number used. */
  private readonly senderSeq = new Map<string, number>();
  private totalOrder = 0;
  private nextMsg = 1;
  /** Anycast message → the member it was handed to, until acknowledged. */
  private readonly anycastPending = new Map<number, { to: number; from: number }>();
  private readonly cursors = new Map<string, number>();
  private nextRumor = 1;
  private readonly rumorOrigin = new Map<number, number>();

  constructor(private readonly peers: Map<number, Peer>, private readonly o: CommandOptions) {
    this.sessions = new Sessions(o.sessionTtlMs, () => {});
  }

  handle(peer: Peer, text: string): void {
    const parsed = parseCommand(text);
    if (!parsed.ok) return this.reject(peer, parsed.code, parsed.error, parsed.ref);
    peer.json = true;
    const c = parsed.cmd;
    switch (c.op) {
      case 'hello': return this.hello(peer, c);
      case 'join': return this.join(peer, c);
      case 'leave':
        if (!this.groups.leave(peer, c.group)) return this.reject(peer, 'not-member', `not a member of group '${c.group}'`, c.ref);
        this.sessions.ofClient(peer.id)?.groups.delete(c.group);
        return this.ok(peer, c, { group: c.group });
      case 'members': return peer.send(encode({ type: 'members', ref: c.ref, group: c.group, members: this.groups.ids(c.group) }));
      case 'unicast': return this.unicast(peer, c);
      case 'multicast': return this.multicast(peer, c);
      case 'broadcast': return this.broadcast(peer, c);
      case 'anycast': return this.anycast(peer, c);
      case 'publish': return this.publish(peer, c);
      case 'ack': return this.ack(peer, c);
      case 'gossip': return this.gossip(peer, c);
    }
  }

  reject(peer: Peer, code: string, error: string, ref?: unknown): void {
    peer.send(encode({ type: 'error', code, error, ...(ref !== undefined ? { ref } : {}) }));
  }

  disconnected(peer: Peer): void {
    const session = this.sessions.ofClient(peer.id);
    for (const g of [...peer.groups]) this.groups.leave(peer, g);
    if (session && session.expiry === null) this.sessions.detach(session);
    for (const [msg, p] of this.anycastPending) if (p.to === peer.id) this.anycastPending.delete(msg);
  }

  stop(): void { this.sessions.stop(); }

  private ok(peer: Peer, c: Command, extra: Record<string, unknown> = {}): void {
    peer.send(encode({ type: 'ok', op: c.op, ...(c.ref !== undefined ? { ref: c.ref } : {}), ...extra }));
  }

  private hello(peer: Peer, c: Cmd<'hello'>): void {
    if (this.sessions.ofClient(peer.id)) return this.reject(peer, 'already-hello', 'this connection already has a session', c.ref);
    if (c.resume !== undefined) {
      const s = this.sessions.resume(c.resume);
      if (s) return this.resumed(peer, s, c);
      const fresh = this.sessions.open(peer.id);
      return peer.send(encode({ type: 'welcome', ref: c.ref, id: peer.id, token: fresh.token, resumed: false, error: 'unknown or expired resume token: this is a new session' }));
    }
    const s = this.sessions.open(peer.id);
    peer.send(encode({ type: 'welcome', ref: c.ref, id: peer.id, token: s.token }));
  }

  /** The client is back: its old id and groups, then what it missed in each reliable group. */
  private resumed(peer: Peer, s: Session, c: Cmd<'hello'>): void {
    this.peers.delete(peer.id);
    peer.id = s.id;
    this.peers.set(s.id, peer);
    peer.send(encode({ type: 'welcome', ref: c.ref, id: s.id, token: s.token, resumed: true, groups: [...s.groups].sort() }));
    for (const g of s.groups) this.groups.join(peer, g);
    for (const g of [...s.groups].sort()) {
      const stream = this.streams.get(g);
      if (!stream) continue;
      // Own property only: a group named 'toString' must not read Object.prototype.toString.
      const since = (c.since && Object.hasOwn(c.since, g) ? c.since[g] : undefined) ?? s.acked.get(g) ?? 0;
      const r = stream.after(since);
      if (!r.recovered) {
        s.acked.set(g, stream.latest);
        peer.send(encode({
          type: 'recovery', group: g, recovered: false, epoch: stream.epoch, since, oldest: r.oldest, latest: r.latest,
          error: `cannot recover: group '${g}' keeps offsets ${r.oldest}..${r.latest} (history of ${this.o.historySize}); offsets ${since + 1}..${r.oldest - 1} are gone. Continuing from ${r.latest + 1}.`,
        }));
        continue;
      }
      peer.send(encode({ type: 'recovery', group: g, recovered: true, epoch: stream.epoch, since, count: r.messages.length }));
      for (const m of r.messages) peer.send(m.frame);
    }
  }

  private join(peer: Peer, c: Cmd<'join'>): void {
    if (!this.groups.join(peer, c.group)) return this.reject(peer, 'already-member', `already a member of group '${c.group}'`, c.ref);
    const s = this.sessions.ofClient(peer.id);
    if (s) {
      s.groups.add(c.group);
      // A new member's reliable stream starts now: it recovers only what it missed after joining.
      s.acked.set(c.group, this.streams.get(c.group)?.latest ?? 0);
    }
    this.ok(peer, c, { group: c.group, members: this.groups.ids(c.group) });
  }

  private unicast(peer: Peer, c: Cmd<'unicast'>): void {
    const to = this.peers.get(c.to);
    if (!to) return this.reject(peer, 'no-such-client', `no connected client has id ${c.to}`, c.ref);
    if (to.json) to.send(encode({ type: 'message', mode: 'unicast', from: peer.id, data: c.data }));
    else to.send(`Message from ${peer.id}: ${asText(c.data)}`);
    this.ok(peer, c, { to: c.to });
  }

  private multicast(peer: Peer, c: Cmd<'multicast'>): void {
    const members = this.groups.list(c.group);
    const text = encode({ type: 'message', mode: 'multicast', group: c.group, from: peer.id, data: c.data });
    const frame = prepareText(text);
    for (const m of members) m.sendFrame(frame, () => text);
    this.ok(peer, c, { group: c.group, recipients: members.length });
  }

  /** To every client, the sender included; seed clients get the seed's `Broadcast: TEXT`. */
  private broadcast(peer: Peer, c: Cmd<'broadcast'>): void {
    const json = encode({ type: 'message', mode: 'broadcast', from: peer.id, data: c.data });
    const plain = `Broadcast: ${asText(c.data)}`;
    const jsonFrame = prepareText(json);
    let plainFrame = null;
    let n = 0;
    for (const p of this.peers.values()) {
      n++;
      if (p.json) p.sendFrame(jsonFrame, () => json);
      else p.sendFrame((plainFrame ??= prepareText(plain)), () => plain);
    }
    this.ok(peer, c, { recipients: n });
  }

  /** To one member other than the sender: the least loaded (ties to the lowest id) or the next in turn. */
  private anycast(peer: Peer, c: Cmd<'anycast'>): void {
    const members = this.groups.list(c.group).filter((m) => m.id !== peer.id).sort((a, b) => a.id - b.id);
    if (members.length === 0) return this.reject(peer, 'no-members', `group '${c.group}' has no member other than the sender`, c.ref);
    let chosen = members[0]!;
    if (c.select === 'least-load') {
      for (const m of members) if (m.outstanding < chosen.outstanding) chosen = m;
    } else {
      const last = this.cursors.get(c.group) ?? 0;
      chosen = members.find((m) => m.id > last) ?? members[0]!;
      this.cursors.set(c.group, chosen.id);
    }
    const msg = this.nextMsg++;
    chosen.outstanding++;
    this.anycastPending.set(msg, { to: chosen.id, from: peer.id });
    chosen.send(encode({ type: 'message', mode: 'anycast', group: c.group, msg, from: peer.id, data: c.data }));
    this.ok(peer, c, { group: c.group, msg, to: chosen.id, select: c.select });
  }

  /** A reliable message: a group offset, the sender's FIFO number, optionally a server-wide total-order number; kept in history. */
  private publish(peer: Peer, c: Cmd<'publish'>): void {
    let stream = this.streams.get(c.group);
    if (!stream) { stream = new GroupStream(this.o.historySize); this.streams.set(c.group, stream); }
    const key = `${peer.id}:${c.group}`;
    const seq = (this.senderSeq.get(key) ?? 0) + 1;
    this.senderSeq.set(key, seq);
    const offset = stream.nextOffset();
    const total = c.order === 'total' ? ++this.totalOrder : undefined;
    const frame = encode({ type: 'message', mode: 'reliable', group: c.group, offset, epoch: stream.epoch, from: peer.id, seq, ...(total !== undefined ? { total } : {}), data: c.data });
    const live = this.groups.list(c.group);
    const pending = new Set(live.map((m) => m.id));
    for (const s of this.sessions.detachedIn(c.group)) pending.add(s.id);
    stream.store({ offset, frame, from: peer.id, pending });
    const prepared = prepareText(frame);
    for (const m of live) m.sendFrame(prepared, () => frame);
    this.ok(peer, c, { group: c.group, offset, seq, ...(total !== undefined ? { total } : {}), recipients: pending.size });
  }

  private ack(peer: Peer, c: Cmd<'ack'>): void {
    if (c.msg !== undefined) {
      const p = this.anycastPending.get(c.msg);
      if (!p || p.to !== peer.id) return this.reject(peer, 'bad-ack', `anycast message ${c.msg} is not waiting for your ack`, c.ref);
      this.anycastPending.delete(c.msg);
      peer.outstanding--;
      this.peers.get(p.from)?.send(encode({ type: 'ack', msg: c.msg, by: peer.id }));
      return;
    }
    if (c.group === undefined || c.offset === undefined) return this.reject(peer, 'bad-field', "ack: give 'msg' (anycast) or 'group' and 'offset' (reliable)", c.ref);
    const stored = this.streams.get(c.group)?.find(c.offset);
    if (stored?.pending.delete(peer.id)) this.peers.get(stored.from)?.send(encode({ type: 'ack', group: c.group, offset: c.offset, by: peer.id }));
    const s = this.sessions.ofClient(peer.id);
    const acked = s?.acked.get(c.group);
    if (s && acked !== undefined && c.offset === acked + 1) s.acked.set(c.group, c.offset);
  }

  /** Relay one gossip push to `fanout` random other JSON clients; they push it on while `ttl` lasts. */
  private gossip(peer: Peer, c: Cmd<'gossip'>): void {
    let rumor = c.rumor;
    if (rumor === undefined) {
      rumor = this.nextRumor++;
      this.rumorOrigin.set(rumor, peer.id);
      if (this.rumorOrigin.size > RUMORS_KEPT) this.rumorOrigin.delete(this.rumorOrigin.keys().next().value!);
    } else if (!this.rumorOrigin.has(rumor)) {
      return this.reject(peer, 'unknown-rumor', `rumor ${rumor} is not known to this server (omit 'rumor' to start a new one)`, c.ref);
    }
    const others = [...this.peers.values()].filter((p) => p.json && p.id !== peer.id);
    const targets: Peer[] = [];
    for (let i = 0; i < Math.min(c.fanout, others.length); i++) {
      const j = i + randomInt(others.length - i);
      [others[i], others[j]] = [others[j]!, others[i]!];
      targets.push(others[i]!);
    }
    const frame = encode({ type: 'message', mode: 'gossip', rumor, origin: this.rumorOrigin.get(rumor), from: peer.id, ttl: c.ttl, fanout: c.fanout, data: c.data });
    for (const t of targets) t.send(frame);
    this.ok(peer, c, { rumor, to: targets.map((t) => t.id) });
  }
}

function asText(data: unknown): string {
  return typeof data === 'string' ? data : JSON.stringify(data);
}
