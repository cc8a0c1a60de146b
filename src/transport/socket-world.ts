/**
 * One run of a scenario over real WebSockets: the same Process objects the
 * simulator runs, each behind a Context whose `send` puts the message on a real
 * connection (after the link's injected latency, or dropped by its injected loss),
 * whose timers are wall-clock timers, and whose `now` is wall time since the start,
 * divided by the time scale. Every send, drop, receive and delivery goes on the same
 * trace bus the simulator uses, so the metrics are computed by the same observers.
 *
 * Time scale: virtual ms × scale = wall ms, so scale 0.2 runs five times faster than
 * the scenario's clock. The run ends when nothing is left to happen (no message in
 * flight, no timer, no scheduled request, fault or membership change), at `until`,
 * or at `maxEvents`, as the simulator's does.
 */
import { performance } from 'node:perf_hooks';
import type { Context, Message, NetworkServices, Process, ProtocolPlugin, Request, TimerId, WorldView } from '../api/process.js';
import { RandomStreams, type Rng } from '../engine/random.js';
import { FaultState } from '../network/fault-state.js';
import { LinkModel } from '../network/link-model.js';
import type { Router } from '../network/routing.js';
import type { Topology } from '../network/topology.js';
import type { RequestDetail } from '../observe/delivery-metrics.js';
import { TraceBus } from '../observe/trace-bus.js';
import { applyFault } from '../simulation/fault-effects.js';
import type { FaultSpec, Scenario } from '../scenario/types.js';
import { GroupMembership, type MembershipChange } from '../simulation/group-membership.js';
import { RequestStream, type PlannedRequest } from '../simulation/workload.js';
import { networkServices } from '../simulation/network-services.js';
import { ProtocolError, type StopReason } from '../simulation/world.js';
import { SocketMesh } from './socket-mesh.js';

export class SocketWorld implements WorldView {
  readonly nodes: number;
  readonly bus = new TraceBus();
  readonly network: NetworkServices;
  readonly view: WorldView;
  readonly faults: FaultState;
  private readonly link: LinkModel;
  private readonly groups: GroupMembership;
  private readonly protocolRng: Rng;
  private readonly processes: Process[] = [];
  private readonly contexts: SocketContext[] = [];
  private readonly timerEpoch: Int32Array;
  private readonly timers = new Map<TimerId, NodeJS.Timeout>();
  private readonly scheduled = new Set<NodeJS.Timeout>();
  private mesh: SocketMesh | null = null;
  private nextTimer = 0;
  /** Messages sent and not yet arrived (or dropped on arrival). */
  private inflight = 0;
  private t0 = 0;
  private done: (() => void) | null = null;
  private failure: unknown = null;
  events = 0;
  stop: StopReason = 'idle';
  endTime = 0;
  stopped = false;

  constructor(
    readonly scenario: Scenario,
    readonly topology: Topology,
    readonly router: Router,
    streams: RandomStreams,
    private readonly plugin: ProtocolPlugin<any>,
    private readonly options: unknown,
    readonly timeScale: number,
  ) {
    this.nodes = topology.nodes;
    this.faults = new FaultState(this.nodes);
    this.timerEpoch = new Int32Array(this.nodes);
    this.link = new LinkModel(scenario.link, topology, streams.stream('links.loss'), streams.stream('links.latency'), streams.stream('links.duplicate'));
    this.groups = new GroupMembership(scenario.groups);
    this.protocolRng = streams.stream('protocol');
    this.network = networkServices(this);
    this.view = Object.freeze({ nodes: this.nodes, network: this.network });
  }

  groupMembers(group: string): readonly number[] { return this.groups.list(group); }

  /** Virtual ms since the run started, to the microsecond. */
  now(): number { return this.stopped ? this.endTime : Math.round((performance.now() - this.t0) / this.timeScale * 1000) / 1000; }

  async run(): Promise<void> {
    this.mesh = await SocketMesh.open(this.topology, (to, from, text) => this.guarded(() => this.arrive(from, to, JSON.parse(text) as Message)));
    try {
      for (let v = 0; v < this.nodes; v++) {
        this.processes.push(this.plugin.createProcess(v, this.options, this.view));
        this.contexts.push(new SocketContext(this, v));
      }
      const finished = new Promise<void>((resolve) => { this.done = resolve; });
      this.t0 = performance.now();
      const requests = plannedRequests(this.scenario, this.nodes);
      // The simulator's order of same-instant events: faults, then membership, then requests,
      // each in its own order; one wall-clock timer per instant runs them in that order.
      const plan: Array<{ at: number; run: () => void }> = [
        ...this.scenario.faults.map((f) => ({ at: f.at, run: () => this.applyFault(f) })),
        ...GroupMembership.changes(this.scenario.groups).map((c) => ({ at: c.at, run: () => this.changeMembership(c) })),
        ...requests.map((r, i) => ({ at: r.at, run: () => this.issue(i, r) })),
      ];
      const byTime = new Map<number, Array<() => void>>();
      for (const p of plan) { const list = byTime.get(p.at); if (list) list.push(p.run); else byTime.set(p.at, [p.run]); }
      for (const [at, runs] of byTime) this.after(at, () => { for (const r of runs) r(); }, true);
      const until = this.scenario.until;
      if (until !== undefined && until !== null) {
        const t = setTimeout(() => this.finish('until', until), this.wallDelay(until));
        t.unref();
        this.untilTimer = t;
      }
      this.guarded(() => { for (let v = 0; v < this.nodes; v++) this.processes[v]!.start?.(this.contexts[v]!); });
      this.settle();
      await finished;
      if (this.failure) throw this.failure;
    } finally {
      await this.mesh.close();
    }
  }

  private untilTimer: NodeJS.Timeout | null = null;

  send(from: number, to: number, msg: Message): void {
    const link = this.topology.linkBetween(from, to);
    if (link < 0 && !(this.plugin.overlay === true && Number.isInteger(to) && to >= 0 && to < this.nodes && to !== from)) {
      throw new ProtocolError(`node ${from} sent to node ${to}, which is not its neighbour (ctx.send reaches neighbours only; use ctx.network.nextHop to route)`);
    }
    const kind = typeof msg.kind === 'string' ? msg.kind : 'msg';
    const msgId = typeof msg.msgId === 'number' ? msg.msgId : -1;
    const t = this.now();
    this.count();
    this.bus.emit('send', t, from, to, link, msgId, -1, kind);
    if (this.faults.separated(from, to)) { this.bus.emit('drop', t, from, to, link, msgId, -1, kind, 'partition'); return; }
    if (this.link.lost()) { this.bus.emit('drop', t, from, to, link, msgId, -1, kind, 'loss'); return; }
    const text = JSON.stringify(msg);
    const copies = this.link.duplicated() ? 2 : 1;
    for (let i = 0; i < copies; i++) {
      this.inflight++;
      // Injected latency: the frame is written to the socket after the link's delay.
      this.after(this.link.delay(link), () => {
        if (this.stopped) return;
        this.mesh!.send(from, to, text);
      }, false);
    }
  }

  setTimer(node: number, delay: number, data: unknown): TimerId {
    if (!(delay >= 0)) throw new ProtocolError(`node ${node} set a timer with delay ${delay}; delays must be ≥ 0`);
    const id = this.nextTimer++;
    const epoch = this.timerEpoch[node]!;
    const handle = setTimeout(() => this.guarded(() => {
      this.timers.delete(id);
      if (epoch !== this.timerEpoch[node] || !this.faults.isUp(node)) return;
      this.count();
      this.bus.emit('timer', this.now(), node);
      this.processes[node]!.timer?.(this.contexts[node]!, data);
    }), this.wallDelay(delay));
    this.timers.set(id, handle);
    return id;
  }

  cancelTimer(id: TimerId): void {
    const h = this.timers.get(id);
    if (h) { clearTimeout(h); this.timers.delete(id); }
  }

  deliver(node: number, msgId: number, hops: number): void {
    this.count();
    this.bus.emit('deliver', this.now(), node, -1, -1, msgId, hops);
  }

  random(): number { return this.protocolRng(); }

  private arrive(from: number, to: number, msg: Message): void {
    this.inflight--;
    if (this.stopped) return;
    const link = this.topology.linkBetween(from, to);
    const kind = typeof msg.kind === 'string' ? msg.kind : 'msg';
    const msgId = typeof msg.msgId === 'number' ? msg.msgId : -1;
    const t = this.now();
    this.count();
    if (!this.faults.isUp(to)) { this.bus.emit('drop', t, from, to, link, msgId, -1, kind, 'crashed'); return; }
    if (this.faults.separated(from, to)) { this.bus.emit('drop', t, from, to, link, msgId, -1, kind, 'partition'); return; }
    this.bus.emit('receive', t, to, from, link, msgId, -1, kind);
    this.processes[to]!.message?.(this.contexts[to]!, from, msg);
  }

  private issue(index: number, p: { source: number; to?: number; group?: string }): void {
    const group = p.group ?? (typeof this.scenario.protocol.group === 'string' ? this.scenario.protocol.group : undefined);
    const now = this.now();
    const request: Request = {
      id: index, source: p.source, at: now,
      ...(p.to !== undefined ? { to: p.to } : {}),
      ...(group !== undefined ? { group, members: this.groups.list(group) } : {}),
    };
    const up = this.faults.isUp(p.source);
    const expected = up ? this.plugin.expected(request, this.view, this.options) : [];
    const detail: RequestDetail = { request, expected };
    this.count();
    this.bus.emit('request', now, p.source, p.to ?? -1, -1, index, -1, up ? '' : 'source-down', detail);
    if (up) this.processes[p.source]!.request?.(this.contexts[p.source]!, request);
  }

  private applyFault(f: FaultSpec): void {
    applyFault(f, this.now(), {
      faults: this.faults, bus: this.bus, timerEpoch: this.timerEpoch,
      recovered: (v) => this.processes[v]!.recover?.(this.contexts[v]!),
    });
  }

  private changeMembership(c: MembershipChange): void {
    if (this.groups.apply(c)) this.bus.emit(c.join ? 'join' : 'leave', this.now(), c.node, -1, -1, -1, -1, c.group);
  }

  /** Run `fn` after `delay` virtual ms; it counts as pending work until it has run. */
  private after(delay: number, fn: () => void, guard: boolean): void {
    const h: NodeJS.Timeout = setTimeout(() => {
      this.scheduled.delete(h);
      if (guard) this.guarded(fn); else { fn(); this.settle(); }
    }, this.wallDelay(delay));
    this.scheduled.add(h);
  }

  private wallDelay(virtual: number): number { return virtual * this.timeScale; }

  private count(): void {
    if (++this.events > this.scenario.maxEvents) this.finish('event-cap', this.now());
  }

  /** Protocol code runs here: an exception ends the run as a failed run, as in the simulator. */
  private guarded(fn: () => void): void {
    if (this.stopped) return;
    try { fn(); } catch (err) { this.failure = err; this.finish('idle', this.now()); return; }
    this.settle();
  }

  /** Nothing in flight, no timer, nothing scheduled: the run is over (the simulator's empty queue). */
  private settle(): void {
    if (this.stopped || this.inflight > 0 || this.timers.size > 0 || this.scheduled.size > 0) return;
    this.finish('idle', this.now());
  }

  private finish(reason: StopReason, t: number): void {
    if (this.stopped) return;
    this.endTime = t;
    this.stopped = true;
    this.stop = reason;
    for (const h of this.timers.values()) clearTimeout(h);
    for (const h of this.scheduled) clearTimeout(h);
    if (this.untilTimer) clearTimeout(this.untilTimer);
    this.bus.finish(t);
    this.done?.();
  }
}

/** What one node sees: the public Context, over sockets. */
class SocketContext implements Context {
  readonly #world: SocketWorld;
  constructor(world: SocketWorld, readonly id: number) { this.#world = world; }
  get network(): NetworkServices { return this.#world.network; }
  now(): number { return this.#world.now(); }
  neighbors(): ArrayLike<number> { return this.#world.topology.neighbors(this.id); }
  send(to: number, msg: Message): void { this.#world.send(this.id, to, msg); }
  sendToNeighbors(msg: Message, except = -1): void {
    const nbrs = this.neighbors();
    for (let i = 0; i < nbrs.length; i++) if (nbrs[i] !== except) this.send(nbrs[i]!, msg);
  }
  setTimer(delay: number, data?: unknown): TimerId { return this.#world.setTimer(this.id, delay, data); }
  cancelTimer(id: TimerId): void { this.#world.cancelTimer(id); }
  deliver(msgId: number, hops: number): void { this.#world.deliver(this.id, msgId, hops); }
  random(): number { return this.#world.random(); }
}

/** A real run keeps one wall-clock timer per instant, so it takes the workload's requests up front (bounded). */
const MAX_REQUESTS = 1_000_000;
function plannedRequests(scenario: Scenario, nodes: number): PlannedRequest[] {
  const stream = new RequestStream(scenario.workload, nodes, new RandomStreams(scenario.seed));
  const out: PlannedRequest[] = [];
  while (Number.isFinite(stream.peekTime())) {
    if (out.length === MAX_REQUESTS) throw new Error(`--transport ws runs at most ${MAX_REQUESTS} workload requests; this workload has more`);
    out.push(stream.take());
  }
  return out;
}
