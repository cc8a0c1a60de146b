import { RandomStreams } from '../engine/random.js';
import { generateTopology } from '../network/generators.js';
import { linkWeights, Router } from '../network/routing.js';
import type { Topology } from '../network/topology.js';
import { OutputFile } from '../io/output-file.js';
import { TraceFileWriter, type TraceSink } from '../observe/trace-file.js';
import type { ProtocolPlugin } from '../api/process.js';
import type { Observer } from '../api/trace.js';
import { ScenarioError } from '../scenario/errors.js';
import { bindProtocol } from '../scenario/protocol-binding.js';
import type { Scenario } from '../scenario/types.js';
import { RunObservers, type RunResult } from './run-observers.js';
import { World } from './world.js';

export { topologyFingerprint, type RunResult } from './run-observers.js';

export interface SimulateOptions {
  /**
   * Write the event trace as JSON Lines: to this path (atomically; a device, FIFO or
   * '-' is written straight through), or to a sink you commit yourself.
   */
  trace?: string | TraceSink;
  /** Stop the run once its trace reaches this many bytes (stop reason 'trace-limit'). Default: no bound. */
  maxTraceBytes?: number;
  /** Called once when the trace passes `warnTraceBytes` (default 1 GB). */
  onTraceWarning?: (bytes: number) => void;
  warnTraceBytes?: number;
  /**
   * Protocol plug-ins beyond the built-in six (a user's own), looked up by `protocol.type`:
   * the one place a program registers them. They may not reuse a built-in type name.
   */
  protocols?: readonly ProtocolPlugin<any>[];
  /** Extra observers of the trace bus. */
  observers?: readonly Observer[];
  /** Reuse an already generated topology (compare runs six types on one graph). */
  topology?: Topology;
}

/** Build the network for a scenario from its own `topology` stream. */
export function buildTopology(scenario: Scenario): Topology {
  return generateTopology(scenario.topology, new RandomStreams(scenario.seed).stream('topology'));
}

/** Run one validated scenario to its end and report the JSON contract's result. */
export function simulate(scenario: Scenario, opts: SimulateOptions = {}): RunResult {
  if (scenario.protocol.module !== undefined && !opts.protocols?.length) {
    throw new ScenarioError([{ file: scenario.file, path: 'protocol.module', message: `${scenario.protocol.module} is not loaded: in a program, pass its plug-ins with simulate(scenario, { protocols: await scenarioProtocols(scenario) })` }]);
  }
  const streams = new RandomStreams(scenario.seed);
  const topology = opts.topology ?? generateTopology(scenario.topology, streams.stream('topology'));
  const { plugin, options } = bindProtocol(scenario, opts.protocols ?? [], topology.nodes);
  // Weights made on first route: a flood never routes.
  const router = new Router(topology, () => linkWeights(topology, scenario.link.latency));
  const world = new World(scenario, topology, router, streams, plugin, options);

  const observers = new RunObservers(world.bus, world.view, plugin, options, opts.observers);
  const file = typeof opts.trace === 'string' ? OutputFile.open(opts.trace) : null;
  const sink = file ?? (opts.trace as TraceSink | undefined);
  const trace = sink
    ? new TraceFileWriter(sink, { scenario: scenario.name, seed: scenario.seed, protocol: plugin.type, nodes: topology.nodes, links: topology.links }, {
      maxBytes: opts.maxTraceBytes,
      onLimit: () => world.stopAfterThisEvent('trace-limit'),
      warnBytes: opts.warnTraceBytes ?? 1e9,
      onWarn: opts.onTraceWarning,
    })
    : null;
  if (trace) world.bus.subscribe(trace);

  try {
    world.run();
    trace?.flush();
  } catch (err) {
    file?.discard();
    throw err;
  }
  file?.commit();

  return observers.result(scenario, plugin.type, topology, { events: world.events, time: world.now, stop: world.stop });
}
