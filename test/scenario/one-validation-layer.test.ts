/**
 * One validation layer: the topology and latency rules live in network/topology-rules.ts and
 * network/latency-rules.ts, and both the scenario schema and the library's guards apply them.
 * If someone restates a rule in the schema (a zod bound) or in a generator (a hand check) and
 * it drifts, a row of these boundary tables gets two answers and the test fails.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../src/engine/random.js';
import { generateTopology } from '../../src/network/generators.js';
import { latencySampler } from '../../src/network/latency.js';
import { LATENCY_RULES, LatencyError, MAX_LATENCY_DRAW_MS, MAX_MEAN_LATENCY_MS } from '../../src/network/latency-rules.js';
import type { LatencySpec } from '../../src/network/link-spec.js';
import type { NumberRule } from '../../src/network/parameter-rule.js';
import { checkTopologySpec, MAX_LINKS, TOPOLOGY_RULES, TopologyError } from '../../src/network/topology-rules.js';
import type { TopologyKind, TopologySpec } from '../../src/network/topology-spec.js';
import { ScenarioError } from '../../src/scenario/errors.js';
import { parseScenario } from '../../src/scenario/load.js';
import { MAX_NODES } from '../../src/network/edgelist.js';

const folder = mkdtempSync(join(tmpdir(), 'castsim-one-layer-'));
const edges = join(folder, 'edges.txt');
writeFileSync(edges, '0 1\n1 2\n');

/** The field the schema blames first under `prefix`, or null when it accepts. */
function schemaVerdict(scenario: Record<string, unknown>, prefix: string): string | null {
  try {
    parseScenario({ protocol: { type: 'broadcast' }, ...scenario }, '<rules>', { baseDir: folder });
    return null;
  } catch (err) {
    if (!(err instanceof ScenarioError)) throw err;
    const mine = err.issues.find((i) => i.path === prefix || i.path.startsWith(`${prefix}.`));
    if (!mine) throw new Error(`refused for another reason: ${err.message}`);
    return mine.path;
  }
}

function libraryVerdict(f: () => unknown, type: typeof TopologyError | typeof LatencyError): string | null {
  try {
    f();
    return null;
  } catch (err) {
    if (!(err instanceof type)) throw err;
    // A library refusal names the field, what is allowed and the value, as the schema's does.
    expect(err.message.startsWith(`${err.field}: `)).toBe(true);
    return err.field;
  }
}

/** Values at and around a rule's bounds, and values of the wrong kind. */
function boundaryValues(rule: NumberRule): unknown[] {
  const near = (x: number) => [x - 1, x - 1e-9 * Math.max(1, Math.abs(x)), x, x + 1e-9 * Math.max(1, Math.abs(x)), x + 1];
  const values: unknown[] = [0, 1, 2, 0.5, -1, Number.NaN, Infinity, -Infinity, '3', null, undefined, [1], true];
  for (const bound of [rule.min, rule.gt, rule.max]) if (bound !== undefined) values.push(...near(bound));
  if (rule.int) values.push(2.5, 1e-300);
  return values;
}

const VALID_TOPOLOGY: Record<Exclude<TopologyKind, 'edgelist'>, Record<string, number>> = {
  complete: { nodes: 5 }, ring: { nodes: 5 }, line: { nodes: 5 }, star: { nodes: 5 },
  grid: { width: 3, height: 3 }, torus: { width: 3, height: 3 }, tree: { nodes: 7, branching: 2 },
  'random-regular': { nodes: 6, degree: 3 }, 'erdos-renyi': { nodes: 6, p: 0.5 },
  'watts-strogatz': { nodes: 6, k: 2, beta: 0.5 }, 'barabasi-albert': { nodes: 6, m: 2 },
};

/** Relations between parameters and the size caps, at their edges. */
const TOPOLOGY_RELATIONS: Array<Record<string, unknown>> = [
  { kind: 'complete', nodes: 10_000 }, { kind: 'complete', nodes: 10_001 }, // 49,995,000 and 50,005,000 links
  { kind: 'grid', width: 7071, height: 7071 }, { kind: 'grid', width: 7071, height: 7072 },
  { kind: 'torus', width: MAX_NODES, height: 1 }, { kind: 'torus', width: MAX_NODES, height: 2 },
  { kind: 'tree', nodes: 7 }, { kind: 'tree', nodes: 7, branching: MAX_NODES }, { kind: 'tree', nodes: 7, branching: MAX_NODES + 1 },
  { kind: 'random-regular', nodes: 6, degree: 5 }, { kind: 'random-regular', nodes: 6, degree: 6 },
  { kind: 'random-regular', nodes: 5, degree: 3 }, { kind: 'random-regular', nodes: 5, degree: 2 }, { kind: 'random-regular', nodes: 1, degree: 1 },
  { kind: 'random-regular', nodes: 10_000_000, degree: 10 }, { kind: 'random-regular', nodes: 10_000_000, degree: 12 },
  { kind: 'erdos-renyi', nodes: 10_001, p: 0.99 }, { kind: 'erdos-renyi', nodes: 10_001, p: 1 },
  { kind: 'watts-strogatz', nodes: 7, k: 6, beta: 0 }, { kind: 'watts-strogatz', nodes: 6, k: 6, beta: 0 },
  { kind: 'watts-strogatz', nodes: 6, k: 3, beta: 0 }, { kind: 'watts-strogatz', nodes: 6, k: 0, beta: 1 },
  { kind: 'watts-strogatz', nodes: MAX_NODES, k: 2, beta: 0 }, { kind: 'watts-strogatz', nodes: MAX_NODES, k: 4, beta: 0 },
  { kind: 'barabasi-albert', nodes: 6, m: 5 }, { kind: 'barabasi-albert', nodes: 6, m: 6 },
  { kind: 'barabasi-albert', nodes: MAX_NODES, m: 1 }, { kind: 'barabasi-albert', nodes: MAX_NODES, m: 2 },
  { kind: 'edgelist', file: edges }, { kind: 'edgelist', file: '' }, { kind: 'edgelist', file: 5 }, { kind: 'edgelist' },
];

function topologyCases(): Array<Record<string, unknown>> {
  const cases = [...TOPOLOGY_RELATIONS];
  for (const [kind, valid] of Object.entries(VALID_TOPOLOGY)) {
    for (const [param, rule] of Object.entries(TOPOLOGY_RULES[kind as TopologyKind])) {
      for (const value of boundaryValues(rule)) {
        const spec: Record<string, unknown> = { kind, ...valid };
        if (value === undefined) delete spec[param]; else spec[param] = value;
        cases.push(spec);
      }
    }
  }
  return cases;
}

const VALID_LATENCY: Record<LatencySpec['dist'], Record<string, number>> = {
  constant: { value: 1 }, uniform: { min: 1, max: 2 }, normal: { mean: 5, sd: 1 }, exponential: { mean: 5 },
  lognormal: { mu: 1, sigma: 0.5 }, pareto: { scale: 1, shape: 2 },
};

const LATENCY_RELATIONS: Array<Record<string, unknown>> = [
  { dist: 'uniform', min: 5, max: 5 }, { dist: 'uniform', min: 5, max: 4.999 }, { dist: 'uniform', min: 0, max: 2e15 }, { dist: 'uniform', min: 0, max: 2.000001e15 },
  { dist: 'constant', value: MAX_MEAN_LATENCY_MS }, { dist: 'constant', value: MAX_MEAN_LATENCY_MS * (1 + 1e-9) }, { dist: 'constant', value: 1e308 },
  { dist: 'normal', mean: 0, sd: 0 }, { dist: 'normal', mean: 0, sd: 3 },
  { dist: 'exponential', mean: Number.MIN_VALUE }, { dist: 'exponential', mean: MAX_MEAN_LATENCY_MS },
  { dist: 'lognormal', mu: 30, sigma: 0 }, { dist: 'lognormal', mu: 35, sigma: 0 }, { dist: 'lognormal', mu: 710, sigma: 1 },
  // Pareto: the mean (here the median) is small, but the largest draw scale·2^(53/shape) passes 1e100 below shape ≈ 0.1595.
  { dist: 'pareto', scale: 1, shape: 0.16 }, { dist: 'pareto', scale: 1, shape: 0.159 }, { dist: 'pareto', scale: 1, shape: 0.01 },
];

function latencyCases(): unknown[] {
  const cases: unknown[] = [...LATENCY_RELATIONS];
  for (const [dist, valid] of Object.entries(VALID_LATENCY)) {
    for (const [param, rule] of Object.entries(LATENCY_RULES[dist as LatencySpec['dist']])) {
      for (const value of boundaryValues(rule)) {
        const spec: Record<string, unknown> = { dist, ...valid };
        if (value === undefined) delete spec[param]; else spec[param] = value;
        cases.push(spec);
      }
    }
  }
  return cases;
}

describe('one validation layer: the schema and a direct library call agree on every boundary', () => {
  const rng = () => new RandomStreams(1).stream('topology');

  it('topology: validate (the schema) and generateTopology refuse the same specs, naming the same field', () => {
    const cases = topologyCases();
    let refused = 0;
    for (const spec of cases) {
      const schema = schemaVerdict({ topology: spec }, 'topology');
      const library = libraryVerdict(() => checkTopologySpec(spec as unknown as TopologySpec), TopologyError);
      expect({ spec, field: schema }).toEqual({ spec, field: library });
      if (library !== null) {
        refused++;
        // generateTopology refuses it the same way before building anything.
        expect(libraryVerdict(() => generateTopology(spec as unknown as TopologySpec, rng()), TopologyError)).toBe(library);
      }
    }
    // The tables must test both sides of the rules, not only one.
    expect(refused).toBeGreaterThan(cases.length / 3);
    expect(cases.length - refused).toBeGreaterThan(cases.length / 5);
  });

  it('latency: the schema and latencySampler refuse the same specs, naming the same field', () => {
    const cases = latencyCases();
    let refused = 0;
    for (const latency of cases) {
      const schema = schemaVerdict({ topology: { kind: 'ring', nodes: 3 }, link: { latency } }, 'link.latency');
      const library = libraryVerdict(() => latencySampler(latency as LatencySpec, rng()), LatencyError);
      expect({ latency, field: schema }).toEqual({ latency, field: library });
      if (library !== null) refused++;
    }
    expect(refused).toBeGreaterThan(cases.length / 3);
    expect(cases.length - refused).toBeGreaterThan(cases.length / 5);
  });

  it('the shorthand latency: N is judged as {dist: constant, value: N}', () => {
    for (const value of [-1, 0, MAX_MEAN_LATENCY_MS, MAX_MEAN_LATENCY_MS * 2, Number.NaN, Infinity]) {
      const schema = schemaVerdict({ topology: { kind: 'ring', nodes: 3 }, link: { latency: value } }, 'link.latency');
      const library = libraryVerdict(() => latencySampler({ dist: 'constant', value }, rng()), LatencyError);
      expect(schema === null).toBe(library === null);
    }
  });

  it('the bounds are the documented ones', () => {
    expect([MAX_LINKS, MAX_MEAN_LATENCY_MS, MAX_LATENCY_DRAW_MS]).toEqual([50_000_000, 1e15, 1e100]);
  });
});

describe('one validation layer: nobody else states a topology or latency rule', () => {
  const src = fileURLToPath(new URL('../../src', import.meta.url));
  const files = (readdirSync(src, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts'));

  it('only the rules modules construct a TopologyError or a LatencyError', () => {
    const makers = files.filter((f) => /new (Topology|Latency)Error\(/.test(readFileSync(join(src, f), 'utf8')));
    expect(makers.sort()).toEqual(['network/latency-rules.ts', 'network/topology-rules.ts']);
  });

  it('the generators and the latency sampler throw nothing of their own', () => {
    for (const f of ['network/generators.ts', 'network/latency.ts', 'network/latency-moments.ts']) {
      expect(readFileSync(join(src, f), 'utf8'), f).not.toMatch(/\bthrow\b/);
    }
  });
});
