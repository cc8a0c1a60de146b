/**
 * The network-layer services a node's ctx offers (routing, liveness, membership), built
 * from whatever runs the nodes: the simulated World or the socket transport. One
 * definition, so both give a Process the same answers.
 */
import type { NetworkServices } from '../api/process.js';
import type { FaultState } from '../network/fault-state.js';
import type { RouteMetric, Router } from '../network/routing.js';
import type { Topology } from '../network/topology.js';

/** What the services read from the run that owns them. */
export interface NetworkSource {
  readonly nodes: number;
  readonly router: Router;
  readonly topology: Topology;
  readonly faults: FaultState;
  groupMembers(group: string): readonly number[];
}

export function networkServices(world: NetworkSource): NetworkServices {
  const router = world.router;
  return {
    size: world.nodes,
    nextHop: (from: number, to: number, metric: RouteMetric) => router.nextHop(from, to, metric),
    distance: (from: number, to: number, metric: RouteMetric) => router.distance(from, to, metric),
    parents: (root: number, metric: RouteMetric) => router.parents(root, metric),
    nearest: (sources: readonly number[], metric: RouteMetric) => router.nearest(sources, metric),
    isAlive: (v: number) => world.faults.isUp(v),
    downSince: (v: number) => world.faults.downSince(v),
    groupMembers: (g: string) => world.groupMembers(g),
    linkLatency: (a: number, b: number) => {
      const link = world.topology.linkBetween(a, b);
      return link < 0 ? NaN : router.linkWeight[link]!;
    },
  };
}
