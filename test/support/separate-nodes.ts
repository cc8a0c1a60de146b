/**
 * A second transport for the Process API, far simpler than the World: every node has
 * its own WorldView object (as it would in its own OS process) and every message is
 * serialised to JSON and parsed again on arrival (as it would cross a socket). A plug-in
 * whose nodes shared run-wide state, or passed objects by reference, cannot work here.
 * Latency is a fixed `latency` ms per transmission; no loss, no faults.
 */
import { EventQueue } from '../../src/engine/event-queue.js';
import { RandomStreams } from '../../src/engine/random.js';
import { generateTopology } from '../../src/network/generators.js';
import { linkWeights, Router } from '../../src/network/routing.js';
import type { TopologySpec } from '../../src/network/topology-spec.js';
import type { Context, Message, NetworkServices, Process, ProtocolPlugin, Request, WorldView } from '../../src/api/process.js';

export interface SeparateRun {
  deliveries: Array<{ node: number; msgId: number; hops: number; t: number }>;
  sent: Map<string, number>;
  end: number;
}

export function runSeparately<O>(plugin: ProtocolPlugin<O>, rawOptions: Record<string, unknown>, topologySpec: TopologySpec,
  requests: Array<Omit<Request, 'id'>>, opts: { latency: number; until: number; seed?: number; groups?: Record<string, number[]> }): SeparateRun {
  const checked = plugin.options['~standard'].validate(rawOptions);
  if (checked instanceof Promise || checked.issues) throw new Error(`options rejected: ${JSON.stringify(rawOptions)}`);
  const options = checked.value;
  const streams = new RandomStreams(opts.seed ?? 1);
  const topology = generateTopology(topologySpec, streams.stream('topology'));
  const router = new Router(topology, linkWeights(topology, { dist: 'constant', value: opts.latency }));
  const n = topology.nodes;
  const queue = new EventQueue();
  const out: SeparateRun = { deliveries: [], sent: new Map(), end: 0 };
  let now = 0, nextTimer = 0;
  const cancelled = new Set<number>();
  const procs: Process[] = [];
  const ctxs: Context[] = [];
  for (let v = 0; v < n; v++) {
    const network: NetworkServices = {
      size: n,
      nextHop: (a, b, m) => router.nextHop(a, b, m),
      distance: (a, b, m) => router.distance(a, b, m),
      parents: (root, m) => router.parents(root, m),
      nearest: (sources, m) => router.nearest(sources, m),
      isAlive: () => true,
      downSince: () => null,
      groupMembers: (g) => opts.groups?.[g] ?? [],
    };
    const view: WorldView = { nodes: n, network }; // one per node: nothing to share through
    const rng = streams.stream(`node ${v}`);
    ctxs.push({
      id: v, network,
      now: () => now,
      neighbors: () => topology.neighbors(v),
      send: (to: number, msg: Message) => {
        const kind = String(msg.kind ?? 'msg');
        out.sent.set(kind, (out.sent.get(kind) ?? 0) + 1);
        queue.push(now + opts.latency, 1, v, to, 0, JSON.stringify(msg));
      },
      setTimer: (delay: number, data?: unknown) => { const id = nextTimer++; queue.push(now + delay, 2, v, id, 0, data); return id; },
      cancelTimer: (id: number) => { cancelled.add(id); },
      deliver: (msgId: number, hops: number) => { out.deliveries.push({ node: v, msgId, hops, t: now }); },
      random: () => rng(),
    });
    procs.push(plugin.createProcess(v, options, view));
  }
  requests.forEach((r, i) => queue.push(r.at, 3, i));
  for (let v = 0; v < n; v++) procs[v]!.start?.(ctxs[v]!);
  while (queue.size > 0 && queue.peekTime() <= opts.until) {
    queue.pop();
    now = queue.popTime;
    const v = queue.popA;
    if (queue.popKind === 1) procs[queue.popB]!.message?.(ctxs[queue.popB]!, v, JSON.parse(queue.popRef as string) as Message);
    else if (queue.popKind === 2) { if (!cancelled.delete(queue.popB)) procs[v]!.timer?.(ctxs[v]!, queue.popRef); }
    else {
      const r = requests[v]!;
      procs[r.source]!.request?.(ctxs[r.source]!, { ...r, id: v });
    }
  }
  out.end = now;
  return out;
}
