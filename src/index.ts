/**
 * castsim as a library: `simulate(scenario)` runs one scenario and returns the JSON
 * result contract; the Process API types let you write your own protocol against
 * exactly the API the six built-in types use.
 */
export type {
  Context, Message, MetricsObserver, NetworkServices, NodeId, Observer, Process, ProtocolPlugin,
  Request, RouteMetric, TimerId, TraceEvent, TraceEventType, WorldView,
} from './protocols/api.js';
export { simulate, buildTopology, type RunResult, type SimulateOptions } from './simulation/simulate.js';
export { builtinProtocols, getProtocol, protocolTypes } from './protocols/registry.js';
export { unicast } from './protocols/unicast.js';
export { broadcast } from './protocols/broadcast.js';
export { multicast, type MulticastOptions } from './protocols/multicast.js';
export { anycast, type AnycastOptions } from './protocols/anycast.js';
export { Topology } from './network/topology.js';
export { EventQueue } from './engine/event-queue.js';
export { RandomStreams } from './engine/random.js';
export type { Scenario } from './scenario/types.js';
export { loadScenario, parseScenario, type LoadOptions } from './scenario/load.js';
export { ScenarioError } from './scenario/errors.js';
