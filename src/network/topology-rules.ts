/**
 * What a topology spec may say: every parameter and size rule of the topology kinds, apart
 * from building anything. The generators call `checkTopologySpec` before they build, so a
 * direct library call is refused as a scenario is.
 */
import type { TopologySpec } from './topology-spec.js';
import { MAX_NODES } from './edgelist.js';

/** Larger graphs would need gigabytes of typed arrays; refuse them with a clear message instead. */
export const MAX_LINKS = 50_000_000;

/** A tree's children per node when the spec does not say. */
export const DEFAULT_BRANCHING = 2;

/** A bad topology parameter; `field` is its dotted scenario path, e.g. 'topology.degree'. */
export class TopologyError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
    this.name = 'TopologyError';
  }
}

/** The node count a spec will produce, without building it; null for edge lists (the file decides). */
export function topologyNodeCount(spec: TopologySpec): number | null {
  if (spec.kind === 'edgelist') return null;
  if (spec.kind === 'grid' || spec.kind === 'torus') {
    return spec.width !== undefined && spec.height !== undefined ? spec.width * spec.height : null;
  }
  return spec.nodes ?? null;
}

/**
 * Every parameter and size check, without building anything: `validate` calls this so that
 * it refuses exactly what `run` would (a complete graph on 100,000 nodes, a 100,000 × 100,000
 * grid). Throws TopologyError naming the field.
 */
export function checkTopologySpec(spec: TopologySpec): void {
  if (spec.kind === 'edgelist') {
    if (spec.file === undefined) throw new TopologyError('topology.file', 'topology.file is required for kind edgelist');
    return;
  }
  if (spec.kind === 'grid' || spec.kind === 'torus') {
    const width = integer(spec, 'width', 1, MAX_NODES);
    integer(spec, 'height', 1, Math.floor(MAX_NODES / width));
    return;
  }
  const n = integer(spec, 'nodes', 1, MAX_NODES);
  switch (spec.kind) {
    case 'complete': return checkLinks('nodes', n * (n - 1) / 2, `a complete graph on ${n} nodes`);
    case 'tree': if (spec.branching !== undefined) integer(spec, 'branching', 1, MAX_NODES); return;
    case 'random-regular': {
      if (n < 2) throw new TopologyError('topology.nodes', 'random-regular needs at least 2 nodes');
      const d = integer(spec, 'degree', 1, n - 1, ` (nodes − 1 = ${n - 1})`);
      if ((n * d) % 2 !== 0) throw new TopologyError('topology.degree', `random-regular needs nodes × degree to be even; got ${n} × ${d}`);
      return checkLinks('degree', n * d / 2, `a ${d}-regular graph on ${n} nodes`);
    }
    case 'erdos-renyi': {
      const p = probability(spec, 'p');
      return checkLinks('p', p * (n * (n - 1) / 2), `G(n, p) with n = ${n}, p = ${p} (expected)`);
    }
    case 'watts-strogatz': {
      const k = integer(spec, 'k', 0, n - 1, ` (nodes − 1 = ${n - 1})`);
      if (k % 2 !== 0) throw new TopologyError('topology.k', `topology.k must be even (each node links to k/2 neighbours on each side); got ${k}`);
      checkLinks('k', n * k / 2, `a Watts–Strogatz graph on ${n} nodes`);
      probability(spec, 'beta');
      return;
    }
    case 'barabasi-albert': {
      const m = integer(spec, 'm', 1, n - 1, ` (nodes − 1 = ${n - 1})`);
      return checkLinks('m', m * (n - m), `a Barabási–Albert graph on ${n} nodes`);
    }
  }
}

function integer(spec: TopologySpec, name: keyof TopologySpec, min: number, max: number, why = ''): number {
  const value = spec[name];
  const field = `topology.${name}`;
  if (value === undefined) throw new TopologyError(field, `${field} is required for kind ${spec.kind}`);
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new TopologyError(field, `${field} must be an integer from ${min} to ${max}${why}; got ${String(value)}`);
  }
  return value;
}

function probability(spec: TopologySpec, name: 'p' | 'beta'): number {
  const value = spec[name];
  const field = `topology.${name}`;
  if (value === undefined) throw new TopologyError(field, `${field} is required for kind ${spec.kind}`);
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
    throw new TopologyError(field, `${field} must be a probability between 0 and 1; got ${String(value)}`);
  }
  return value;
}

function checkLinks(name: string, links: number, what: string): void {
  if (links > MAX_LINKS) {
    throw new TopologyError(`topology.${name}`, `${what} has ${links} links; at most ${MAX_LINKS} are supported`);
  }
}

