/**
 * The parts of a scenario a protocol plug-in's `check` sees: the workload (who
 * sends what, when) and the named groups. They live beside the Process API so a
 * plug-in needs nothing from scenario/.
 */

export interface GroupSpec {
  members: number[];
  joins: { at: number; node: number }[];
  leaves: { at: number; node: number }[];
}

export type NodeChoice = number | 'random';

export type WorkloadSpec =
  | { at: number; from: NodeChoice; to?: NodeChoice; group?: string }
  | { every: number; count: number; start: number; from: NodeChoice; to?: NodeChoice; group?: string };
