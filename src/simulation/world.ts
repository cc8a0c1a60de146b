import { RESERVE } from '../engine/block-pool.js';
import { EventQueue } from '../engine/event-queue.js';
import { RandomStreams, type Rng } from '../engine/random.js';
import { FaultState } from '../network/fault-state.js';
import { LinkModel } from '../network/link-model.js';
import type { Router } from '../network/routing.js';
import type { Topology } from '../network/topology.js';
import type { RequestDetail } from '../observe/delivery-metrics.js';
import { TraceBus } from '../observe/trace-bus.js';
import type { Context, Message, NetworkServices, Process, ProtocolPlugin, Request, TimerId, WorldView } from '../api/process.js';
import type { FaultSpec, Scenario } from '../scenario/types.js';
import { DeliveryGoal } from './delivery-goal.js';
import { applyFault, type FaultEffects } from './fault-effects.js';
import { freezeMessage } from './frozen-message.js';
import { networkServices } from './network-services.js';
import { GroupMembership, type MembershipChange } from './group-membership.js';
import { ProtocolError } from './protocol-error.js';
import { peakQueuedEvents } from './memory-estimate.js';
import { Script } from './script.js';
import { TimerSlots } from './timer-slots.js';
import { Wire } from './wire.js';
import type { PlannedRequest } from './workload.js';

// Queue event kinds. The engine only sees integers (0–255); the World gives them meaning: an
// odd kind is an arrival, of the message the queue holds (ARRIVAL) or of message number n on
// the Wire (WIRED + 2n), an even one a timer.
// Faults, membership changes and requests come from the Script, outside the queue.
const ARRIVAL = 1, TIMER = 2, WIRED = 3;

/** Why a run ended; 'trace-limit': its trace reached the size bound (--max-trace-bytes); 'delivered': see ProtocolPlugin.endWhenDelivered. */
export type StopReason = 'idle' | 'until' | 'event-cap' | 'trace-limit' | 'delivered';

export { ProtocolError } from './protocol-error.js';

/**
 * One simulated run: the topology, link model, faults, groups and one Process per
 * node, driven by the event queue. Every observable thing goes through the trace bus.
 */
export class World implements WorldView {
  readonly nodes: number;
  readonly bus = new TraceBus(this);
  readonly network: NetworkServices;
  /**
   * What plug-ins get as their WorldView: the node count and the network services,
   * nothing else (never the World itself, whose processes and queue are not theirs).
   * One object per run, so a plug-in may key per-run state on it.
   */
  readonly view: WorldView;
  readonly faults: FaultState;
  private readonly queue: EventQueue;
  private readonly link: LinkModel;
  private readonly groups: GroupMembership;
  /**
   * Node v's Process at [2v] and its context at [2v + 1]: an arrival reads both, and side
   * by side they are one memory access, where two arrays of 100,000s of nodes were two.
   */
  private readonly table: Array<Process | NodeContext> = [];
  /**
   * Set when the plug-in gives one Process for all nodes (ProtocolPlugin.createSharedProcess):
   * then there is no table, and the one Context `lent` is handed to every call, its id set
   * to the node's before the call. An arrival then touches no per-node object.
   */
  private shared: Process | null = null;
  private lent: NodeContext | null = null;
  private readonly timerEpoch: Int32Array;
  private readonly timers = new TimerSlots();
  /** The messages of queued arrivals that carry a number, not an object (see WIRED). */
  private readonly wire = new Wire();
  private readonly script: Script;
  private issued = 0;
  private readonly protocolRng: Rng;
  /** Set when the plug-in asks to end the run once everything is delivered. */
  private readonly goal: DeliveryGoal | null;
  private readonly faultEffects: FaultEffects;
  private draining = false;
  // The message last sent, frozen, with its trace label and id (see send).
  private lastSent: Message | null = null;
  private lastKind = 'msg';
  private lastMsgId = -1;
  /** Where in the topology's rows the last send found its link (see slotFor). */
  private lastSlot = -2;
  now = 0;
  events = 0;
  stop: StopReason = 'idle';
  /** Set by an observer to end the run after the event being processed. */
  private halt: StopReason | null = null;

  constructor(
    readonly scenario: Scenario,
    readonly topology: Topology,
    readonly router: Router,
    readonly streams: RandomStreams,
    private readonly plugin: ProtocolPlugin<any>,
    private readonly options: unknown,
  ) {
    this.nodes = topology.nodes;
    // The queue's first growth goes straight to the run's estimated peak (address space only,
    // block-pool.ts): a 10^7-node flood (44M pending) copied its pool three times growing past
    // the default reserve, 6 of its ~75 s.
    this.queue = new EventQueue(4096, Math.max(RESERVE, Math.ceil(peakQueuedEvents(scenario, topology.nodes, topology.links))));
    this.faults = new FaultState(this.nodes);
    this.timerEpoch = new Int32Array(this.nodes);
    this.link = new LinkModel(scenario.link, topology, streams.stream('links.loss'), streams.stream('links.latency'), streams.stream('links.duplicate'));
    this.groups = new GroupMembership(scenario.groups);
    this.protocolRng = streams.stream('protocol');
    this.network = networkServices(this);
    this.view = Object.freeze({ nodes: this.nodes, network: this.network });
    this.script = new Script(scenario.faults, GroupMembership.changes(scenario.groups), scenario.workload, this.nodes, streams);
    this.goal = plugin.endWhenDelivered?.(options) ? new DeliveryGoal(this.nodes, (v) => this.faults.isUp(v)) : null;
    const goal = this.goal;
    this.faultEffects = {
      faults: this.faults, bus: this.bus, timerEpoch: this.timerEpoch,
      crashed: (v) => goal?.crashed(v),
      recovered: (v) => { goal?.recovered(v); this.process(v).recover?.(this.context(v)); },
    };
  }

  groupMembers(group: string): readonly number[] { return this.groups.list(group); }

  /** End the run once the current event is done (an observer's bound was reached). */
  stopAfterThisEvent(reason: StopReason): void { this.halt ??= reason; }

  /** Build one Process per node and run to the end. */
  run(): void {
    if (this.plugin.createSharedProcess !== undefined) {
      this.shared = this.plugin.createSharedProcess(this.options, this.view);
      this.lent = new NodeContext(this, 0);
    } else {
      for (let v = 0; v < this.nodes; v++) {
        this.table.push(this.plugin.createProcess(v, this.options, this.view), new NodeContext(this, v));
      }
    }
    // A shared Process without start (broadcast's) needs no pass over the nodes: that loop of
    // 10⁵–10⁷ empty steps also had V8 compile run() on the stack before its event loop had run.
    if (this.shared === null || this.shared.start !== undefined) for (let v = 0; v < this.nodes; v++) this.process(v).start?.(this.context(v));
    const q = this.queue, until = this.scenario.until ?? Infinity, cap = this.scenario.maxEvents;
    const script = this.script;
    // The next scripted time changes only when the script is taken from: read it then, not per event.
    let ts = script.peekTime();
    for (;;) {
      // Everything is delivered and nothing more is scripted: from now on no node acts on its own.
      if (this.goal !== null && !this.draining && this.goal.met && ts === Infinity) this.draining = true;
      if (ts === Infinity && until === Infinity) {
        // Only queued events remain and no stop time: pop without asking the time first
        // (a float returned from a call V8 does not inline is boxed: an allocation per event).
        if (this.events >= cap && q.size > 0) { this.stop = 'event-cap'; break; }
        if (this.halt !== null && q.size > 0) { this.stop = this.halt; break; }
        if (!q.pop()) { this.stop = this.draining ? 'delivered' : 'idle'; break; }
      } else {
        // A scripted event goes before queued events at the same instant.
        const qt = q.peekTime(), next = ts <= qt ? ts : qt;
        if (next === Infinity) { this.stop = this.draining ? 'delivered' : 'idle'; break; }
        if (next > until) { this.stop = 'until'; this.now = until; break; }
        if (this.events >= cap) { this.stop = 'event-cap'; break; }
        if (this.halt !== null) { this.stop = this.halt; break; }
        if (ts === next) {
          this.events++;
          this.now = ts;
          const e = script.take();
          ts = script.peekTime();
          if ('fault' in e) this.applyFault(e.fault);
          else if ('change' in e) this.changeMembership(e.change);
          else this.issue(e.request);
          continue;
        }
        q.pop();
      }
      this.events++;
      // Draining: the copies on the wire still arrive, but timers no longer fire (nor count as events).
      const kind = q.popKind;
      if (this.draining && kind === TIMER) { this.events--; this.timers.close(q.popB); continue; }
      this.now = q.popTime;
      if (kind >= WIRED) this.arrive(q.popA, q.popB, q.popC, this.wire.arrived((kind - WIRED) >>> 1));
      else if (kind === ARRIVAL) this.arrive(q.popA, q.popB, q.popC, q.popRef as Message);
      else this.fire(q.popA, q.popB, q.popC, q.popRef);
    }
    this.bus.finish(this.now);
  }

  send(from: number, to: number, msg: Message): void {
    // The common path is kept short (rare cases are calls) so V8 inlines all of it, and the
    // queue's push, into the protocol's sending loop: a call it does not inline boxes every time.
    const slot = this.slotFor(from, to);
    if (slot < 0 && !this.overlayReaches(from, to)) this.notNeighbour(from, to);
    // A node forwarding to its neighbours sends one object several times: freeze and read it once.
    if (msg !== this.lastSent) this.takeMessage(msg, from);
    this.transmit(from, to, slot, slot < 0 ? -1 : this.topology.linkOf[slot]!, msg);
  }

  /**
   * The same as send(from, v, msg) for each neighbour v ≠ except, in ascending order (what a
   * flood does), walking the row once: no neighbour view, no slot search, no call per copy.
   *
   * In the common case (no loss, no duplication, no partition, the message on the Wire) a
   * transmission draws nothing but its latency, cannot be dropped and adds no trace event but
   * its send: the row's sends then go to the trace bus together and to the queue in a loop of
   * pushes, with the same trace, the same draws in the same order and the same pushes as a
   * transmit each. Why: V8 inlines the queue's push (453 bytes of bytecode) only where its
   * cumulative inlining budget (920) has room for it, and a call not inlined boxes the push's
   * time (an allocation a push). A loop of transmit had no room for it; nor has a caller that
   * inlines this method. So this is one method, over V8's 460-byte limit for inlining anything
   * (forward calls it), whose own compile takes push first (the call it makes most often).
   */
  sendToNeighbors(from: number, msg: Message, except: number): void {
    const topo = this.topology, targets = topo.targets, linkOf = topo.linkOf, start = topo.offsets[from]!, end = topo.offsets[from + 1]!;
    if (start === end) return;
    // The row's first entries in its three arrays (neighbour, link, latency) are read together
    // here: on a large network each is a cache miss, and issued at once they overlap, where
    // the loop below would meet them one after another, far apart (a send's work between).
    const latency = topo.slotLatency;
    const touched = targets[start]! + linkOf[start]! + (latency !== null ? latency[start]! + latency[end - 1]! : 0);
    if (touched !== touched) this.lastSlot = -2; // never (no NaN in these arrays): keeps the reads
    let first = start;
    while (targets[first] === except) if (++first === end) return;
    // The message is taken at its first send (a row with nothing to send leaves it untouched).
    if (msg !== this.lastSent) this.takeMessage(msg, from);
    const n = this.wire.current, link = this.link;
    if (n < 0 || !link.plain || this.faults.partitioned) {
      for (let k = first; k < end; k++) {
        const to = targets[k]!;
        if (to === except) continue;
        this.lastSlot = k;
        this.transmit(from, to, k, linkOf[k]!, msg);
      }
      return;
    }
    const sent = this.bus.sendRow(from, targets, linkOf, first, end, except, this.lastMsgId, this.lastKind);
    const q = this.queue, now = this.now, kind = WIRED + 2 * n;
    let last = first;
    for (let k = first; k < end; k++) {
      const to = targets[k]!;
      if (to === except) continue;
      q.push(now + link.delayAt(k), kind, from, to, linkOf[k]!);
      last = k;
    }
    this.wire.addCopies(n, sent);
    this.lastSlot = last;
  }

  /** One transmission from `from` to `to` over `slot` of the topology's rows (−1: an overlay link), `msg` already taken. */
  private transmit(from: number, to: number, slot: number, link: number, msg: Message): void {
    this.bus.send(from, to, link, this.lastMsgId, this.lastKind);
    // Every transmission draws its fate whole (latency, duplication, the copy's latency, loss)
    // before anything can drop it, so each stream advances once per transmission whatever the
    // loss rate or a partition does: surviving copies keep the latencies they had without loss.
    const delay = this.link.delayAt(slot);
    const copyDelay = this.link.duplicated() ? this.link.delayAt(slot) : -1;
    const lost = this.link.lost();
    if (lost || this.faults.separated(from, to)) { this.dropAtSend(from, to, link); return; }
    // One push here, a duplicate's in a call of its own: transmit's bytecode (317 bytes) then
    // leaves room in V8's cumulative inlining budget (920) for the queue's push (453) in a
    // forwarding loop, where a push left out is a call that boxes its time (an allocation).
    // The message is the Wire's current one (takeMessage) when n >= 0: its number rides in the kind.
    const n = this.wire.current;
    if (n >= 0) { this.queue.push(this.now + delay, WIRED + 2 * n, from, to, link); this.wire.add(n); }
    else this.queue.push(this.now + delay, ARRIVAL, from, to, link, msg);
    if (copyDelay >= 0) this.enqueueCopy(copyDelay, from, to, link, msg);
  }

  /** A duplicated transmission's second copy, queued after the first (rare: a call of its own keeps transmit small). */
  private enqueueCopy(delay: number, from: number, to: number, link: number, msg: Message): void {
    const n = this.wire.current;
    if (n >= 0) { this.queue.push(this.now + delay, WIRED + 2 * n, from, to, link); this.wire.add(n); }
    else this.queue.push(this.now + delay, ARRIVAL, from, to, link, msg);
  }

  private notNeighbour(from: number, to: number): never {
    throw new ProtocolError(`node ${from} sent to node ${to}, which is not its neighbour (ctx.send reaches neighbours only; use ctx.network.nextHop to route)`);
  }

  /** A message sent for the first time (or not just before): freeze it and keep its label and id. */
  private takeMessage(msg: Message, from: number): void {
    // A message the Wire still numbers from an earlier take was frozen then: a flood's nodes
    // take turns sending a few copies, and Object.isFrozen is a call into V8's runtime.
    if (!this.wire.holds(msg)) freezeMessage(msg, from);
    this.wire.take(msg);
    this.lastSent = msg;
    this.lastKind = typeof msg.kind === 'string' ? msg.kind : 'msg';
    this.lastMsgId = typeof msg.msgId === 'number' ? msg.msgId : -1;
  }

  /** The transmission just sent is lost: to a partition (checked first) or on the link. */
  private dropAtSend(from: number, to: number, link: number): void {
    this.bus.drop(from, to, link, this.lastMsgId, this.lastKind, this.faults.separated(from, to) ? 'partition' : 'loss');
  }

  /**
   * Where `to` is in `from`'s row of the topology, or −1 if not a neighbour. A node sending
   * to its neighbours walks its row in order, so the slot after the last send's is tried first.
   */
  private slotFor(from: number, to: number): number {
    const topo = this.topology, next = this.lastSlot + 1;
    const slot = next >= topo.offsets[from]! && next < topo.offsets[from + 1]! && topo.targets[next] === to ? next : topo.slotOf(from, to);
    if (slot >= 0) this.lastSlot = slot;
    return slot;
  }

  /** An overlay plug-in may reach any other node, over a virtual link with id −1. */
  private overlayReaches(from: number, to: number): boolean {
    return this.plugin.overlay === true && Number.isInteger(to) && to >= 0 && to < this.nodes && to !== from;
  }

  setTimer(node: number, delay: number, data: unknown): TimerId {
    if (!(delay >= 0)) throw new ProtocolError(`node ${node} set a timer with delay ${delay}; delays must be ≥ 0`);
    // A finite delay can still end at Infinity (1e308 after t = 1e308); the queue would never reach it.
    if (!Number.isFinite(this.now + delay)) throw new ProtocolError(`node ${node} set a timer with delay ${delay} at t=${this.now}, which ends past the largest time a run can reach`);
    const slot = this.timers.open(node);
    this.queue.push(this.now + delay, TIMER, node, slot, this.timerEpoch[node]!, data);
    return this.timers.idOf(slot);
  }

  /** Cancel one of `node`'s pending timers; a timer that already fired (or another node's) is left alone. */
  cancelTimer(node: number, id: TimerId): void { this.timers.cancel(node, id); }

  /** Timer slots ever allocated: bounded by the timers pending at once (a test reads it). */
  get timerBookkeeping(): number { return this.timers.capacity; }

  /** Message numbers ever made on the Wire (a test reads it). */
  get wireBookkeeping(): number { return this.wire.capacity; }

  deliver(node: number, msgId: number, hops: number): void {
    this.bus.deliver(node, msgId, hops);
    this.goal?.delivered(node, msgId);
  }

  random(): number { return this.protocolRng(); }

  private process(v: number): Process { return this.shared ?? this.table[2 * v] as Process; }

  private context(v: number): NodeContext {
    const lent = this.lent;
    if (lent === null) return this.table[2 * v + 1] as NodeContext;
    lent.id = v;
    return lent;
  }

  private arrive(from: number, to: number, link: number, msg: Message): void {
    // The receiver's process is read first: its load and the message's (both likely cache
    // misses on a large network) are then in flight together rather than one after the other.
    const process = this.process(to), handler = process.message;
    const kind = typeof msg.kind === 'string' ? msg.kind : 'msg';
    const msgId = typeof msg.msgId === 'number' ? msg.msgId : -1;
    if (!this.faults.isUp(to)) { this.bus.drop(from, to, link, msgId, kind, 'crashed'); return; }
    if (this.faults.separated(from, to)) { this.bus.drop(from, to, link, msgId, kind, 'partition'); return; }
    this.bus.receive(to, from, link, msgId, kind);
    if (handler !== undefined) handler.call(process, this.context(to), from, msg);
  }

  private fire(node: number, slot: number, epoch: number, data: unknown): void {
    if (!this.timers.close(slot)) return;
    // A crash bumps the epoch: timers set before it are gone.
    if (epoch !== this.timerEpoch[node] || !this.faults.isUp(node)) return;
    this.bus.emit('timer', this.now, node);
    this.process(node).timer?.(this.context(node), data);
  }

  private issue(p: PlannedRequest): void {
    const index = this.issued++;
    const group = p.group ?? this.plugin.group?.(this.options);
    const request: Request = {
      id: index, source: p.source, at: this.now,
      ...(p.to !== undefined ? { to: p.to } : {}),
      ...(group !== undefined ? { group, members: this.groups.list(group) } : {}),
    };
    const up = this.faults.isUp(p.source);
    const expected = up ? this.plugin.expected(request, this.view, this.options) : [];
    const detail: RequestDetail = { request, expected };
    this.goal?.request(index, expected);
    this.bus.emit('request', this.now, p.source, p.to ?? -1, -1, index, -1, up ? '' : 'source-down', detail);
    if (up) this.process(p.source).request?.(this.context(p.source), request);
  }

  private applyFault(f: FaultSpec): void { applyFault(f, this.now, this.faultEffects); }

  private changeMembership(c: MembershipChange): void {
    if (this.groups.apply(c)) this.bus.emit(c.join ? 'join' : 'leave', this.now, c.node, -1, -1, -1, -1, c.group);
  }
}

/** What one node sees. Thin: every call goes to the World with this node's id. */
class NodeContext implements Context {
  // A true private field: a protocol cannot reach the World through its ctx at run time.
  readonly #world: World;
  // Not readonly: the one Context lent to a shared Process takes each node's id in turn.
  constructor(world: World, public id: number) { this.#world = world; }
  get network(): NetworkServices { return this.#world.network; }
  now(): number { return this.#world.now; }
  neighbors(): ArrayLike<number> { return this.#world.topology.neighbors(this.id); }
  send(to: number, msg: Message): void { this.#world.send(this.id, to, msg); }
  sendToNeighbors(msg: Message, except = -1): void { this.#world.sendToNeighbors(this.id, msg, except); }
  setTimer(delay: number, data?: unknown): TimerId { return this.#world.setTimer(this.id, delay, data); }
  cancelTimer(id: TimerId): void { this.#world.cancelTimer(this.id, id); }
  deliver(msgId: number, hops: number): void { this.#world.deliver(this.id, msgId, hops); }
  random(): number { return this.#world.random(); }
}
