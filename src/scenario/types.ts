/** The resolved scenario: every default filled in, every node id checked. This is what a World is built from. */

export { TOPOLOGY_KINDS, type TopologyKind, type TopologySpec } from '../network/topology-spec.js';
export type { LatencySpec, LinkSpec } from '../network/link-spec.js';
export type { GroupSpec, NodeChoice, WorkloadSpec } from '../api/workload.js';
import type { TopologySpec } from '../network/topology-spec.js';
import type { LinkSpec } from '../network/link-spec.js';
import type { GroupSpec, WorkloadSpec } from '../api/workload.js';

export type FaultSpec =
  | { at: number; crash: number[] }
  | { at: number; recover: number[] }
  | { at: number; partition: number[][] }
  | { at: number; heal: true };

export interface ProtocolSpec {
  type: string;
  /** Absolute path of the JavaScript module the plug-in comes from (`protocol.module`, written relative to the scenario file). */
  module?: string;
  [option: string]: unknown;
}

export interface Scenario {
  name: string;
  /** Where it came from (file path or '<inline>'), for error messages. */
  file: string;
  seed: number;
  /** Stop time in ms, or null to run until no events remain. */
  until: number | null;
  /** A runaway run stops after this many events. */
  maxEvents: number;
  topology: TopologySpec;
  link: LinkSpec;
  faults: FaultSpec[];
  groups: Record<string, GroupSpec>;
  protocol: ProtocolSpec;
  workload: WorkloadSpec[];
}
