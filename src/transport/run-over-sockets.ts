/**
 * `castsim run <scenario> --transport ws`: the scenario's network built from real
 * WebSocket connections on loopback, the same protocol plug-in, the same observers,
 * the same JSON result. Its fingerprint hashes the events as they happened, which
 * wall-clock timing makes different from run to run: `deterministic: false` says so.
 */
import { RandomStreams } from '../engine/random.js';
import { generateTopology } from '../network/generators.js';
import { linkWeights, Router } from '../network/routing.js';
import type { Topology } from '../network/topology.js';
import type { ProtocolPlugin } from '../api/process.js';
import type { Observer } from '../api/trace.js';
import type { Scenario } from '../scenario/types.js';
import { bindProtocol } from '../scenario/protocol-binding.js';
import { RunObservers, type RunResult } from '../simulation/run-observers.js';
import { SocketWorld } from './socket-world.js';

export interface SocketRunOptions {
  /** Wall ms per virtual ms (0.2: five times faster than the scenario's clock). Default 1. */
  timeScale?: number;
  protocols?: readonly ProtocolPlugin<any>[];
  observers?: readonly Observer[];
  topology?: Topology;
}

export interface SocketRunResult extends RunResult {
  transport: 'ws';
  /** A real network's timing differs from run to run: the fingerprint is of this run only. */
  deterministic: false;
  timeScale: number;
}

export async function runOverSockets(scenario: Scenario, opts: SocketRunOptions = {}): Promise<SocketRunResult> {
  const timeScale = opts.timeScale ?? 1;
  if (!(timeScale > 0)) throw new Error(`time scale must be > 0, got ${timeScale}`);
  const streams = new RandomStreams(scenario.seed);
  const topology = opts.topology ?? generateTopology(scenario.topology, streams.stream('topology'));
  // The same binding simulate() uses: a plug-in of the user's own is validated here.
  const { plugin, options } = bindProtocol(scenario, opts.protocols ?? [], topology.nodes);
  const router = new Router(topology, linkWeights(topology, scenario.link.latency));
  const world = new SocketWorld(scenario, topology, router, streams, plugin, options, timeScale);
  const observers = new RunObservers(world.bus, world.view, plugin, options, opts.observers);
  await world.run();
  return {
    ...observers.result(scenario, plugin.type, topology, { events: world.events, time: world.endTime, stop: world.stop }),
    transport: 'ws',
    deterministic: false,
    timeScale,
  };
}
