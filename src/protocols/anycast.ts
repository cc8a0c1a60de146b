/**
 * Anycast: one-to-nearest-of-a-group. A client's request is routed to one member,
 * which delivers it and routes a response back; both are transmissions.
 *
 * select: hops     the member fewest links away (routes by hops);
 * select: latency  the member with the least mean-latency path (routes by latency);
 * select: load     the member the client believes has the fewest requests in service,
 *                  ties by latency distance, then id (routes by latency). "In service"
 *                  means arrived and not yet answered; a member takes `service` ms to
 *                  answer, so with the default `service: 0` nothing is ever in service
 *                  and `load` is `latency`. A client learns loads only from what members
 *                  tell it: every response carries its member's load (requests still in
 *                  service) when it left, and every node that relays a response reads it
 *                  too (it is a client as well). The client takes that figure as draining
 *                  linearly to 0 over `service` ms (each of them ends within `service`),
 *                  and adds its own requests to that member not yet answered.
 * Remaining ties go to the lowest id. A client that is itself a member still sends to the
 * nearest *other* member (anycast here is a network service, never a local call).
 *
 * Failover: a client keeps choosing a crashed member until it has been down for `detect`
 * ms (downSince + detect ≤ now); requests sent to it meanwhile are dropped on arrival.
 * A recovered member is chosen again at once. Requests are routed hop by hop toward the
 * member; the response retraces the request's route in reverse.
 *
 * A client's view of loads is as old as the last response it got from each member and
 * knows nothing of other clients' requests since: with many clients it is staler than a
 * load balancer's view of its backends. Failure detection is the network's failure
 * detector (downSince), with the `detect` delay.
 * The client's receipt of the response is a `deliver` of the same message id at the client;
 * the common metrics ignore it (the client is not an expected recipient), anycast's rtt uses it.
 */
import { z } from 'zod';
import { timeOption } from './time-option.js';
import { AnycastMetrics } from '../observe/anycast-metrics.js';
import type { Context, Message, NetworkServices, NodeId, Process, ProtocolPlugin, Request, RouteMetric, WorldView } from '../api/process.js';
import { checkGroupOption } from './group-option.js';

export const anycastOptions = z.strictObject({
  group: z.string().min(1).optional(),
  select: z.enum(['hops', 'latency', 'load']).default('hops'),
  /** How long a crash goes unnoticed by clients, in ms. */
  detect: timeOption('zero-or-more').default(500),
  /** How long a member takes to answer a request, in ms. */
  service: timeOption('zero-or-more').default(0),
});
export type AnycastOptions = z.infer<typeof anycastOptions>;

/** The request carries its route from the client; the copy is at route[hops]. */
interface AnycastRequest extends Message { kind: 'request'; msgId: number; src: NodeId; dst: NodeId; hops: number; route: readonly NodeId[] }
/**
 * The response refers to the request by `ref`: it is not a copy of the application message.
 * It carries its route, the request's route reversed; the copy is at route[hops].
 */
interface AnycastResponse extends Message { kind: 'response'; ref: number; src: NodeId; dst: NodeId; hops: number; route: readonly NodeId[]; load: number; sentAt: number }
type AnycastMessage = AnycastRequest | AnycastResponse;

export function routeMetric(o: AnycastOptions): RouteMetric {
  return o.select === 'hops' ? 'hops' : 'latency';
}

/**
 * The member a client sends to now, or -1 when none is reachable. `expected()` and the
 * client process both call this at the same instant, so they always agree.
 */
export function chooseMember(client: NodeId, members: readonly NodeId[], o: AnycastOptions, network: NetworkServices, loads: LoadView, now: number): NodeId {
  const metric = routeMetric(o);
  const eligible = eligibleMembers(members, o, network, now);
  if (o.select !== 'load') {
    // One multi-source search answers every client until the eligible set changes.
    const near = network.nearest(eligible, metric);
    return near.first[client] === client ? near.second[client]! : near.first[client]!;
  }
  let best = -1, bestLoad = 0, bestDist = Infinity;
  for (const m of eligible) {
    if (m === client) continue;
    // The client's own tree gives every member's distance (the graph is undirected).
    const d = network.distance(m, client, metric);
    if (d === Infinity) continue;
    const load = loads.estimate(m, now);
    if (best < 0 || load < bestLoad || (load === bestLoad && (d < bestDist || (d === bestDist && m < best)))) {
      best = m; bestLoad = load; bestDist = d;
    }
  }
  return best;
}

/** Members a client may choose now: up, or down for less than the detection delay. */
function eligibleMembers(members: readonly NodeId[], o: AnycastOptions, network: NetworkServices, now: number): NodeId[] {
  return members.filter((m) => {
    const down = network.downSince(m);
    return down === null || down + o.detect > now;
  });
}

/**
 * The route from a client to the member it chose: the shortest path hop-by-hop routing
 * would take (ties to the lowest id). When the member is the client's nearest, the
 * multi-source search already holds that path; otherwise the member's tree gives it.
 */
function routeTo(client: NodeId, member: NodeId, members: readonly NodeId[], o: AnycastOptions, network: NetworkServices, now: number): NodeId[] | null {
  const metric = routeMetric(o);
  const route = [client];
  const near = o.select !== 'load' ? network.nearest(eligibleMembers(members, o, network, now), metric) : null;
  const viaNearest = near !== null && near.first[client] === member;
  for (let v = client; v !== member;) {
    v = viaNearest ? near.firstParent[v]! : network.nextHop(v, member, metric);
    if (v < 0) return null;
    route.push(v);
  }
  return route;
}

/** What one client knows of members' loads: their last reports, and its own requests they have not answered. */
export class LoadView {
  private readonly reports = new Map<NodeId, { load: number; at: number; mine: number }>();
  constructor(private readonly service: number) {}

  /** The client sent a request to member m. */
  sent(m: NodeId, now: number): void { this.entry(m, now).mine++; }

  /** A response from m arrived, reporting `load` requests still in service when it left at `at`. */
  answered(m: NodeId, load: number, at: number, now: number): void {
    const e = this.entry(m, now);
    if (e.mine > 0) e.mine--;
    this.overheard(m, load, at, now);
  }

  /** A response from m passed through (this node relays it): its report is news here too. */
  overheard(m: NodeId, load: number, at: number, now: number): void {
    const e = this.entry(m, now);
    if (at >= e.at) { e.load = load; e.at = at; }
  }

  estimate(m: NodeId, now: number): number {
    const e = this.reports.get(m);
    if (!e || this.service === 0) return 0; // nothing is ever in service
    const left = this.service > 0 ? Math.max(0, 1 - (now - e.at) / this.service) : 0;
    return e.load * left + e.mine;
  }

  private entry(m: NodeId, now: number) {
    let e = this.reports.get(m);
    if (!e) this.reports.set(m, (e = { load: 0, at: now, mine: 0 }));
    return e;
  }
}

/**
 * The run's clients, so that `expected()` can ask the client itself which member it is
 * about to choose (the World calls it at the same instant, just before the request).
 * Read only there; no process reads another's view.
 */
const clientsOf = new WeakMap<WorldView, AnycastProcess[]>();

class AnycastProcess implements Process<AnycastMessage> {
  readonly loads: LoadView;
  /** Requests this node has in service, as a member. */
  private inService = 0;
  private readonly served = new Set<number>();
  private readonly answered = new Set<number>();
  /** Relayed transmissions, keyed 2·id (+1 for responses), so a duplicated copy is forwarded once. */
  private readonly relayed = new Set<number>();
  constructor(private readonly o: AnycastOptions) { this.loads = new LoadView(o.service); }

  request(ctx: Context<AnycastMessage>, req: Request): void {
    const members = req.members ?? [];
    const m = chooseMember(ctx.id, members, this.o, ctx.network, this.loads, ctx.now());
    const route = m >= 0 ? routeTo(ctx.id, m, members, this.o, ctx.network, ctx.now()) : null;
    if (!route) return;
    this.loads.sent(m, ctx.now());
    ctx.send(route[1]!, { kind: 'request', msgId: req.id, src: ctx.id, dst: m, hops: 1, route });
  }

  message(ctx: Context<AnycastMessage>, _from: NodeId, msg: AnycastMessage): void {
    if (msg.dst !== ctx.id) {
      const key = msg.kind === 'request' ? 2 * msg.msgId : 2 * msg.ref + 1;
      if (this.relayed.has(key)) return;
      this.relayed.add(key);
      if (msg.kind === 'response' && this.o.select === 'load') this.loads.overheard(msg.src, msg.load, msg.sentAt, ctx.now());
      return ctx.send(msg.route[msg.hops + 1]!, { ...msg, hops: msg.hops + 1 });
    }
    if (msg.kind === 'response') {
      if (this.answered.has(msg.ref)) return;
      this.answered.add(msg.ref);
      this.loads.answered(msg.src, msg.load, msg.sentAt, ctx.now());
      return ctx.deliver(msg.ref, msg.hops);
    }
    if (this.served.has(msg.msgId)) return;
    this.served.add(msg.msgId);
    ctx.deliver(msg.msgId, msg.hops);
    if (this.o.service === 0) return this.respond(ctx, msg);
    this.inService++;
    ctx.setTimer(this.o.service, msg);
  }

  timer(ctx: Context<AnycastMessage>, data: unknown): void {
    this.inService--;
    this.respond(ctx, data as AnycastRequest);
  }

  /** The requests in service were lost with the crash (their timers are gone). */
  recover(): void { this.inService = 0; }

  /**
   * Send the response back along the request's route reversed. As short as unicast
   * routing to the client, and it needs no routing tree per client (thousands of
   * clients would need thousands).
   */
  private respond(ctx: Context<AnycastMessage>, req: AnycastRequest): void {
    const route = [...req.route].reverse();
    // The response tells the client this member's load as it leaves.
    ctx.send(route[1]!, { kind: 'response', ref: req.msgId, src: ctx.id, dst: req.src, hops: 1, route, load: this.inService, sentAt: ctx.now() });
  }
}

export const anycast: ProtocolPlugin<AnycastOptions> = {
  type: 'anycast',
  description: 'one-to-nearest-of-a-group: routed to one member (by hops, latency or load), which replies',
  options: anycastOptions,
  check: (o, ctx) => checkGroupOption(o.group, ctx, 'anycast'),
  group: (o) => o.group,
  expected: (req, view, o) => {
    const client = clientsOf.get(view)?.[req.source];
    const m = chooseMember(req.source, req.members ?? [], o, view.network, client?.loads ?? new LoadView(o.service), req.at);
    return m < 0 ? [] : [m];
  },
  createProcess: (node, options, view) => {
    let clients = clientsOf.get(view);
    if (!clients) clientsOf.set(view, (clients = []));
    return (clients[node] = new AnycastProcess(options));
  },
  metrics: (_options, view) => [new AnycastMetrics(view.network)],
};
