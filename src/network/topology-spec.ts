/** What a scenario's `topology:` block resolves to: the kind of graph and its parameters. */

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
