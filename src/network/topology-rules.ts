/**
 * What a topology spec may say: every parameter, relation and size rule of the topology
 * kinds, in one place. The scenario schema builds its topology checks from these rules, and
 * the generators call `checkTopologySpec` before they build, so a direct library call is
 * refused exactly as `castsim validate` and `run` refuse a scenario.
 */
import type { TopologyKind, TopologySpec } from './topology-spec.js';
import { MAX_NODES } from './edgelist.js';
import { plainShow, ruleIssues, type NumberRule, type ParameterIssue, type Show } from './parameter-rule.js';

/** Larger graphs would need gigabytes of typed arrays; refuse them with a clear message instead. */
export const MAX_LINKS = 50_000_000;

/** A tree's children per node when the spec does not say. */
export const DEFAULT_BRANCHING = 2;

const nodes: NumberRule = { what: `a node count (an integer from 1 to ${MAX_NODES})`, int: true, min: 1, max: MAX_NODES };
const side: NumberRule = { what: `an integer from 1 to ${MAX_NODES}`, int: true, min: 1, max: MAX_NODES };
const probability: NumberRule = { what: 'a probability in [0, 1]', min: 0, max: 1 };

/** The numeric parameters of each kind and the rule of each, taken alone (relations between them are below). */
export const TOPOLOGY_RULES: Readonly<Record<TopologyKind, Readonly<Record<string, NumberRule>>>> = {
  complete: { nodes }, ring: { nodes }, line: { nodes }, star: { nodes },
  grid: { width: side, height: side }, torus: { width: side, height: side },
  tree: { nodes, branching: { what: `a branching factor (an integer from 1 to ${MAX_NODES})`, int: true, min: 1, max: MAX_NODES } },
  'random-regular': { nodes, degree: { what: 'a degree (an integer ≥ 1)', int: true, min: 1 } },
  'erdos-renyi': { nodes, p: probability },
  'watts-strogatz': { nodes, k: { what: 'an even lattice degree (an integer ≥ 0)', int: true, min: 0 }, beta: probability },
  'barabasi-albert': { nodes, m: { what: 'links per new node (an integer ≥ 1)', int: true, min: 1 } },
  edgelist: {},
};

/** Defaults of parameters that may be left out. */
export const TOPOLOGY_DEFAULTS: Readonly<Partial<Record<TopologyKind, Readonly<Record<string, number>>>>> = {
  tree: { branching: DEFAULT_BRANCHING },
};

/** Why an edge list's `file` is not a path (it is read when the topology is built), or undefined. */
export function edgelistFileIssue(file: unknown, show: Show = plainShow): string | undefined {
  if (typeof file === 'string' && file !== '') return undefined;
  return file === undefined ? 'missing — must be a non-empty file path' : `must be a non-empty file path, got ${show(file)}`;
}

/** Every rule a spec breaks, parameters first; relations are judged only once each parameter is fine alone. */
export function topologyIssues(spec: TopologySpec, show: Show = plainShow): ParameterIssue[] {
  const rules = Object.hasOwn(TOPOLOGY_RULES, spec.kind) ? TOPOLOGY_RULES[spec.kind] : undefined;
  if (!rules) return [{ param: 'kind', message: `must be a topology kind (${Object.keys(TOPOLOGY_RULES).join(', ')}), got ${show(spec.kind)}` }];
  if (spec.kind === 'edgelist') {
    const message = edgelistFileIssue(spec.file, show);
    return message === undefined ? [] : [{ param: 'file', message }];
  }
  const alone = ruleIssues(rules, spec, show, TOPOLOGY_DEFAULTS[spec.kind]);
  return alone.length > 0 ? alone : relationIssues(spec);
}

/** Rules between parameters, and the size caps (each blamed on the parameter that makes the graph too big). */
function relationIssues(spec: TopologySpec): ParameterIssue[] {
  const issue = (param: string, message: string): ParameterIssue[] => [{ param, message }];
  const links = (param: string, count: number, what: string): ParameterIssue[] =>
    count > MAX_LINKS ? issue(param, `${what} has ${count} links; at most ${MAX_LINKS} are supported`) : [];
  if (spec.kind === 'grid' || spec.kind === 'torus') {
    const width = spec.width!, height = spec.height!, most = Math.floor(MAX_NODES / width);
    return height > most ? issue('height', `must be an integer from 1 to ${most} (width × height may be at most ${MAX_NODES} nodes), got ${height}`) : [];
  }
  const n = spec.nodes!;
  switch (spec.kind) {
    case 'complete': return links('nodes', n * (n - 1) / 2, `a complete graph on ${n} nodes`);
    case 'random-regular': {
      const d = spec.degree!;
      if (d >= n) return issue('degree', `must be less than nodes (${n}), got ${d}`);
      if ((n * d) % 2 !== 0) return issue('degree', `nodes × degree must be even (${n} × ${d} is odd)`);
      return links('degree', n * d / 2, `a ${d}-regular graph on ${n} nodes`);
    }
    case 'erdos-renyi': return links('p', spec.p! * (n * (n - 1) / 2), `G(n, p) with n = ${n}, p = ${spec.p} (expected)`);
    case 'watts-strogatz': {
      const k = spec.k!;
      if (k % 2 !== 0) return issue('k', `must be even, got ${k}`);
      if (k >= n) return issue('k', `must be less than nodes (${n}), got ${k}`);
      return links('k', n * k / 2, `a Watts–Strogatz graph on ${n} nodes`);
    }
    case 'barabasi-albert': {
      const m = spec.m!;
      if (m >= n) return issue('m', `must be less than nodes (${n}), got ${m}`);
      return links('m', m * (n - m), `a Barabási–Albert graph on ${n} nodes`);
    }
    default: return [];
  }
}

/** A bad topology parameter; `field` is its dotted scenario path, e.g. 'topology.degree'. */
export class TopologyError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
    this.name = 'TopologyError';
  }
}

/**
 * The library's guard: throws a TopologyError for the first rule the spec breaks (the
 * same rules the scenario schema applies, so a scenario that validated never gets here).
 */
export function checkTopologySpec(spec: TopologySpec): void {
  const first = topologyIssues(spec)[0];
  if (first) {
    const field = first.param ? `topology.${first.param}` : 'topology';
    throw new TopologyError(field, `${field}: ${first.message}`);
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
