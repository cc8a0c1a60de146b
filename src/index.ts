/**
 * castsim as a library: `simulate(scenario)` runs one scenario and returns the JSON
 * result contract; the Process API types, and every helper the six built-in types use,
 * let you write your own protocol against exactly the API they use
 * (docs/writing-a-protocol.md).
 */
export type { Context, Message, NetworkServices, NodeId, Process, ProtocolPlugin, Request, RouteMetric, TimerId, WorldView } from './api/process.js';
export type { MetricsObserver, Observer, TraceEvent, TraceEventType } from './api/trace.js';
export type { StandardSchemaV1 } from './api/standard-schema.js';
export type { GroupSpec, NodeChoice, WorkloadSpec } from './api/workload.js';
// The zod the built-ins' options use: a plug-in that validates its options with it gets castsim's own messages.
export { z } from 'zod';

// Helpers the built-in types use, for plug-ins of your own.
export { liveMembers, liveOthers } from './protocols/recipients.js';
export { checkGroupOption } from './protocols/group-option.js';
export { choosePartners } from './protocols/gossip-partners.js';
export { TransmissionCounts } from './observe/transmission-counts.js';
export { percentile, round, Sample, summarize, summarizeSorted, type Distribution } from './observe/distribution.js';
export { NodeFlags } from './observe/node-flags.js';
export { DeliveryMetricsObserver, type DeliveryMetrics, type RequestDetail } from './observe/delivery-metrics.js';
export { simulate, buildTopology, type RunResult, type SimulateOptions } from './simulation/simulate.js';
export { compare, compareScenario, compareTypes, loadCompareScenario, type CompareOptions } from './compare/compare.js';
export { COMPARE_TYPES, COMPARE_OPTIONS } from './compare/default-workloads.js';
export { sweep, sweepShard, parseShard, type Shard, type SweepShard } from './sweep/sweep.js';
export { mergeShards, readShardFile, type ShardInput } from './sweep/merge.js';
export type { SweepSpec, SweepMeta } from './sweep/sweep-plan.js';
export type { SweepReport, SweepPoint } from './sweep/aggregate.js';
export type { ExecuteOptions as SweepOptions } from './sweep/run-pool.js';
export { summarizeMetric, studentTQuantile, type MetricSummary } from './sweep/statistics.js';
export { SweepInputError } from './sweep/sweep-input-error.js';
export { builtinProtocols, getProtocol, protocolTypes } from './protocols/registry.js';
export { unicast } from './protocols/unicast.js';
export { broadcast } from './protocols/broadcast.js';
export { gossip, type GossipOptions, type StopRule } from './protocols/gossip.js';
export { multicast, type MulticastOptions } from './protocols/multicast.js';
export { anycast, type AnycastOptions } from './protocols/anycast.js';
export { reliable, type ReliableOptions } from './protocols/reliable.js';
export { checkTrace, OrderChecker, type CheckEvent, type CheckOptions, type CheckReport, type OrderLevel, type Property, type Violation } from './observe/order-checker.js';
export { readTrace, TraceFormatError, type TraceHeader } from './observe/trace-reader.js';
export { Topology } from './network/topology.js';
export { EventQueue } from './engine/event-queue.js';
export { RandomStreams } from './engine/random.js';
export type { Scenario } from './scenario/types.js';
export { loadScenario, parseScenario, type LoadOptions } from './scenario/load.js';
export { loadProtocolModule, scenarioProtocols } from './scenario/protocol-module.js';
export { bindProtocol, type BoundProtocol } from './scenario/protocol-binding.js';
export { ScenarioError } from './scenario/errors.js';
