/** The resolved scenario: every default filled in, every node id checked. This is what a World is built from. */

export type LatencySpec =
  | { dist: 'constant'; value: number }
  | { dist: 'uniform'; min: number; max: number }
  | { dist: 'normal'; mean: number; sd: number }
  | { dist: 'exponential'; mean: number }
  | { dist: 'lognormal'; mu: number; sigma: number }
  | { dist: 'pareto'; scale: number; shape: number };

export const TOPOLOGY_KINDS = [
  'complete', 'ring', 'line', 'star', 'grid', 'torus', 'tree',
  'random-regular', 'erdos-renyi', 'watts-strogatz', 'barabasi-albert', 'edgelist',
] as const;
export type TopologyKind = typeof TOPOLOGY_KINDS[number];

export interface TopologySpec {
  kind: TopologyKind;
  /** Every kind but grid/torus (width × height) and edgelist (ids in the file). */
  nodes?: number;
  width?: number;
  height?: number;
  /** tree */
  branching?: number;
  /** random-regular */
  degree?: number;
  /** erdos-renyi */
  p?: number;
  /** watts-strogatz: ring lattice degree k (even) and rewiring probability beta */
  k?: number;
  beta?: number;
  /** barabasi-albert: links added per new node */
  m?: number;
  /** edgelist: absolute path (resolved against the scenario file's folder) */
  file?: string;
}

export interface LinkSpec {
  latency: LatencySpec;
  loss: number;
  duplicate: number;
}

export type FaultSpec =
  | { at: number; crash: number[] }
  | { at: number; recover: number[] }
  | { at: number; partition: number[][] }
  | { at: number; heal: true };

export interface GroupSpec {
  members: number[];
  joins: { at: number; node: number }[];
  leaves: { at: number; node: number }[];
}

export type NodeChoice = number | 'random';

export type WorkloadSpec =
  | { at: number; from: NodeChoice; to?: NodeChoice; group?: string }
  | { every: number; count: number; start: number; from: NodeChoice; to?: NodeChoice; group?: string };

export interface ProtocolSpec {
  type: string;
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
