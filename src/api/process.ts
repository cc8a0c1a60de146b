/**
 * The public protocol API. The six built-in communication types and any user
 * protocol are written against exactly this: a Process per node that sees the
 * world only through its Context. Nothing here assumes the simulator, so the same
 * Process can run over another transport.
 */
import type { StandardSchemaV1 } from './standard-schema.js';
import type { MetricsObserver } from './trace.js';
import type { GroupSpec, WorkloadSpec } from './workload.js';
import type { NearestSources } from '../network/nearest-sources.js';
import type { RouteMetric } from '../network/routing.js';

export type { NearestSources } from '../network/nearest-sources.js';
export type { RouteMetric } from '../network/routing.js';

export type NodeId = number;

/**
 * A message is any object. Two optional fields have a meaning to the observers:
 * `kind` labels the transmission in the trace ('data', 'ack', ...), and `msgId`
 * marks it as carrying a copy of application message `msgId` (so it counts for
 * duplicates and link stress). Control messages that only refer to a message
 * (an ack, a pull request) should use another field name, e.g. `ref`.
 */
export interface Message {
  kind?: string;
  msgId?: number;
  [field: string]: unknown;
}

/** An application message handed to a source node by the workload. */
export interface Request {
  /** Unique id of this application message within the run (0, 1, 2, ...). */
  readonly id: number;
  readonly source: NodeId;
  /** Send time in ms. */
  readonly at: number;
  /** Destination, for one-to-one types. */
  readonly to?: NodeId;
  /** Group name and its members at send time, for group types. */
  readonly group?: string;
  readonly members?: readonly NodeId[];
}

export type TimerId = number;

/**
 * Network-layer services a node may use: routing and membership, as IP routing
 * and a membership service would provide them. In the simulator they come from
 * the topology and the fault script.
 */
export interface NetworkServices {
  /** Number of nodes (ids 0..size-1). */
  readonly size: number;
  /** Next hop from `from` on a shortest path to `to` (ties to the lowest id), or -1 if unreachable. */
  nextHop(from: NodeId, to: NodeId, metric: RouteMetric): NodeId;
  /** Shortest-path distance (links, or ms of mean latency); Infinity if unreachable. */
  distance(from: NodeId, to: NodeId, metric: RouteMetric): number;
  /** Parent of every node in the shortest-path tree rooted at `root` (-1 at the root and for unreachable nodes). */
  parents(root: NodeId, metric: RouteMetric): Int32Array;
  /**
   * For every node, the nearest and second-nearest of `sources` by `metric` (ties to
   * the lowest id; −1 and Infinity where fewer are reachable), in one search: what an
   * anycast routing system knows. Read the arrays, do not modify them.
   */
  nearest(sources: readonly NodeId[], metric: RouteMetric): NearestSources;
  /** Whether a node is up right now (an oracle: protocols that model detection delay use `downSince`). */
  isAlive(node: NodeId): boolean;
  /** Time at which a node last crashed, or null if it is up. */
  downSince(node: NodeId): number | null;
  /** Members of a named group at the current time. */
  groupMembers(group: string): readonly NodeId[];
  /** Mean latency in ms of the link between neighbours a and b (the weight latency routing uses); NaN if they are not neighbours. */
  linkLatency?(a: NodeId, b: NodeId): number;
}

export interface Context<M extends Message = Message> {
  readonly id: NodeId;
  now(): number;
  /** Topology neighbours, ascending. */
  neighbors(): ArrayLike<NodeId>;
  /**
   * Put one message on the link to neighbour `to` (one transmission); to any node if the
   * plug-in is an `overlay`. The message is deep-frozen here: messages in flight are
   * immutable plain data (objects, arrays, strings, numbers, booleans, null), because the
   * same object may arrive more than once (duplicates, or one object sent to several
   * nodes). Build a new object to change a field when forwarding.
   */
  send(to: NodeId, msg: M): void;
  /**
   * The same as `send(v, msg)` for every neighbour v except `except` (omit it, or −1, to
   * send to all), in ascending order: one flood step in one call, which spares the host a
   * neighbour lookup per copy. Optional: a host may not offer it (check, and fall back to
   * a loop over `neighbors()`); the simulator and the socket transport do.
   */
  sendToNeighbors?(msg: M, except?: NodeId): void;
  /** Call `timer(ctx, data)` on this node after `delay` ms; lost if the node crashes first. */
  setTimer(delay: number, data?: unknown): TimerId;
  cancelTimer(id: TimerId): void;
  /** Hand application message `msgId` to the application here; `hops` is the links its copy crossed. */
  deliver(msgId: number, hops: number): void;
  /** A uniform draw in [0, 1) from the run's seeded protocol stream. */
  random(): number;
  readonly network: NetworkServices;
}

export interface Process<M extends Message = Message> {
  start?(ctx: Context<M>): void;
  /** The workload asks this node to send an application message. */
  request?(ctx: Context<M>, req: Request): void;
  message?(ctx: Context<M>, from: NodeId, msg: M): void;
  timer?(ctx: Context<M>, data: unknown): void;
  /** Called when the node comes back after a crash (its timers were lost; its fields were kept). */
  recover?(ctx: Context<M>): void;
}

/** What a plug-in may read when working out expected recipients or building processes. */
export interface WorldView {
  readonly nodes: number;
  readonly network: NetworkServices;
}

export interface ProtocolPlugin<O = Record<string, unknown>> {
  readonly type: string;
  readonly description: string;
  /**
   * Validates the `protocol:` block minus `type` and `module`, filling defaults: any
   * Standard Schema validator (zod, valibot, arktype, or an object of your own with a
   * synchronous `~standard.validate`). A zod schema's messages are phrased in castsim's
   * own words ("must be …, got …", did-you-mean for unknown fields); others' are shown
   * as their library words them.
   */
  readonly options: StandardSchemaV1<unknown, O>;
  /**
   * Extra checks needing the node count or groups (a group that exists, a core in range).
   * Return problems as [dotted field under protocol, message] pairs; a field that
   * starts with '/' names a top-level field instead (e.g. '/workload[0].to').
   */
  check?(options: O, ctx: { nodes: number; groups: Record<string, GroupSpec>; workload: readonly WorkloadSpec[] }): Array<[string, string]>;
  /**
   * The group a request targets when its workload item names none (e.g. an option
   * `group`, whatever the plug-in calls it). The World fills in the request's `group`
   * and its `members` at send time from this. Omit it for types that do not send to groups.
   */
  group?(options: O): string | undefined;
  /**
   * True when this protocol's processes keep working after their job is done and stop
   * only much later (anti-entropy, periodic calls). Once every request issued has been
   * delivered at every expected recipient that is up and nothing more is scheduled
   * (requests, faults, joins), the World fires no more timers: the copies already on the
   * wire still arrive (and may be answered), then the run ends (stop reason 'delivered').
   * The experimenter's stop, like `until`; no process learns of it.
   */
  endWhenDelivered?(options: O): boolean;
  /** Intended recipients of a request, excluding its source, at send time. */
  expected(req: Request, view: WorldView, options: O): readonly NodeId[];
  createProcess(node: NodeId, options: O, view: WorldView): Process;
  /**
   * Optional, and preferred by the simulator when present: one Process for all of a run's
   * nodes, which tells them apart by `ctx.id` and keeps per-node state in arrays indexed by
   * it, so an event touches no per-node object (what a flood over a million nodes needs).
   * The ctx each call gets is lent for that call only: the simulator hands every call the
   * same Context object with its `id` set to the node's, so keep `ctx.id`, never `ctx`.
   * Keep `createProcess` too (other hosts, such as the socket transport, call it); it may
   * return this same Process for every node of a run (key it on `view`, one per run).
   */
  createSharedProcess?(options: O, view: WorldView): Process;
  /**
   * When true, this protocol's processes may `send` to any node, not only to neighbours
   * (an overlay, e.g. gossip with `peers: all`). A transmission to a non-neighbour crosses
   * a virtual link: link id −1 in the trace, latency drawn from the scenario's
   * `link.latency`, the same loss and duplication; crashes and partitions apply as on
   * any link. A transmission to a neighbour still uses the real link.
   */
  readonly overlay?: boolean;
  /** Protocol-specific metrics, observed from the trace. */
  metrics?(options: O, view: WorldView): MetricsObserver[];
}
