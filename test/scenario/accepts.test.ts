/** Valid scenarios: defaults resolved exactly, YAML ≡ JSON, overrides, paths, normalization. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as YAML from 'yaml';
import { didYouMean, formatPath, ScenarioError } from '../../src/scenario/errors.js';
import { loadScenario, parseScenario } from '../../src/scenario/load.js';
import { applyOverrides, parseOverride } from '../../src/scenario/overrides.js';
import { TOPOLOGY_PARAMETERS } from '../../src/scenario/schema.js';
import { TOPOLOGY_KINDS, type Scenario } from '../../src/scenario/types.js';
import { plugins, scenarioError, tmp, write } from './fixtures.js';

describe('defaults', () => {
  it('fills in every default exactly', () => {
    const file = write('minimal.yaml', 'topology: { kind: ring, nodes: 10 }\nprotocol: { type: gossip }\n');
    const expected: Scenario = {
      name: 'minimal',
      file,
      seed: 1,
      until: null,
      maxEvents: 50_000_000,
      topology: { kind: 'ring', nodes: 10 },
      link: { latency: { dist: 'constant', value: 1 }, loss: 0, duplicate: 0 },
      faults: [],
      groups: {},
      protocol: { type: 'gossip', fanout: 3, mode: 'push' },
      workload: [{ at: 0, from: 0 }],
    };
    expect(loadScenario(file, { plugins })).toEqual(expected);
  });

  it('defaults the tree branching to 2 and a series start to 0', () => {
    const s = parseScenario({
      topology: { kind: 'tree', nodes: 7 },
      protocol: { type: 'gossip' },
      workload: [{ every: 100, count: 5, from: 'random' }],
    }, 'inline.yaml', { plugins });
    expect(s.topology).toEqual({ kind: 'tree', nodes: 7, branching: 2 });
    expect(s.workload).toEqual([{ every: 100, count: 5, start: 0, from: 'random' }]);
    expect(s.name).toBe('inline');
  });

  it('names an inline scenario "inline"', () => {
    const s = parseScenario({ topology: { kind: 'line', nodes: 2 }, protocol: { type: 'gossip' } }, undefined, { plugins });
    expect(s).toMatchObject({ name: 'inline', file: '<inline>' });
  });
});

describe('file formats', () => {
  const yaml = `
name: same
seed: 42
until: 60000
topology: { kind: grid, width: 4, height: 3 }
link:
  latency: { dist: uniform, min: 1, max: 5 }
  loss: 0.01
faults:
  - { at: 500, crash: [3, 4] }
  - { at: 900, recover: [3] }
  - { at: 100, partition: [[0, 1, 2], [3, 4]] }
  - { at: 300, heal: true }
groups:
  g: [1, 5, 9]
  h: { members: [2], joins: [{ at: 10, node: 3 }], leaves: [{ at: 20, node: 2 }] }
protocol: { type: multicast, group: g, core: 0 }
workload:
  - { at: 0, from: 0, group: g }
  - { every: 100, count: 50, start: 10, from: random, to: 7 }
`;

  it('gives the same Scenario from YAML and from JSON', () => {
    const fromYaml = loadScenario(write('same.yaml', yaml), { plugins });
    const json = JSON.stringify(YAML.parse(yaml), null, 2);
    const fromJson = loadScenario(write('same.json', json), { plugins });
    expect({ ...fromJson, file: '' }).toEqual({ ...fromYaml, file: '' });
    expect(fromYaml.groups).toEqual({
      g: { members: [1, 5, 9], joins: [], leaves: [] },
      h: { members: [2], joins: [{ at: 10, node: 3 }], leaves: [{ at: 20, node: 2 }] },
    });
    expect(fromYaml.faults).toEqual([
      { at: 500, crash: [3, 4] }, { at: 900, recover: [3] },
      { at: 100, partition: [[0, 1, 2], [3, 4]] }, { at: 300, heal: true },
    ]);
  });

  it('reads an unknown extension as YAML', () => {
    const s = loadScenario(write('scenario.txt', yaml), { plugins });
    expect(s.name).toBe('same');
  });

  it('locates a JSON error V8 gives an offset for', () => {
    const e = scenarioError(() => loadScenario(write('offset.json', '{\n  "seed": 1\n  "name": "x"\n}'), { plugins }));
    expect(e.issues[0]).toMatchObject({ line: 3, column: 3 });
    expect(e.format()).toContain("JSON syntax error at line 3, column 3: Expected ',' or '}' after property value");
  });
});

describe('overrides', () => {
  const base = { topology: { kind: 'ring', nodes: 10 }, protocol: { type: 'gossip' }, link: { latency: 5 }, faults: [{ at: 1, crash: [1] }] };

  it('applies values of every type, creating nested fields and list items', () => {
    const s = parseScenario(base, 'o.yaml', {
      plugins,
      overrides: [
        'protocol.fanout=5', 'link.loss=0.1', 'topology.nodes=5000', 'faults[0].at=200',
        'faults[1]={at: 300, recover: [1]}', 'link.latency.dist=uniform', 'link.latency.min=1', 'link.latency.max=5',
        'groups.east.members[0]=3', 'groups.east.joins=[{at: 5, node: 4}]',
        'workload[0]={at: 0, from: random}', 'name=my run', 'until=1e4',
      ],
    });
    expect(s.protocol).toEqual({ type: 'gossip', fanout: 5, mode: 'push' });
    expect(s.link).toEqual({ latency: { dist: 'uniform', min: 1, max: 5 }, loss: 0.1, duplicate: 0 });
    expect(s.topology).toEqual({ kind: 'ring', nodes: 5000 });
    expect(s.faults).toEqual([{ at: 200, crash: [1] }, { at: 300, recover: [1] }]);
    expect(s.groups).toEqual({ east: { members: [3], joins: [{ at: 5, node: 4 }], leaves: [] } });
    expect(s.workload).toEqual([{ at: 0, from: 'random' }]);
    expect(s.name).toBe('my run');
    expect(s.until).toBe(10_000);
  });

  it('does not modify the object it was given', () => {
    const copy = structuredClone(base);
    parseScenario(base, 'o.yaml', { plugins, overrides: ['faults[0].at=7', 'link.latency={dist: exponential, mean: 3}'] });
    expect(base).toEqual(copy);
  });

  it('replaces a whole field with a flow collection', () => {
    const s = parseScenario(base, 'o.yaml', { plugins, overrides: ['link.latency={dist: normal, mean: 10, sd: 2}'] });
    expect(s.link.latency).toEqual({ dist: 'normal', mean: 10, sd: 2 });
  });

  it('applies later overrides over earlier ones, before validation', () => {
    const s = parseScenario({ ...base, seed: 'bad' }, 'o.yaml', { plugins, overrides: ['seed=3', 'seed=9'] });
    expect(s.seed).toBe(9);
  });

  it('parses values as YAML scalars and flow collections', () => {
    const value = (v: string) => (parseOverride(`a=${v}`) as { value: unknown }).value;
    expect([value('3'), value('true'), value('[1, 2]'), value('random'), value("'3'"), value('0.5'), value('')])
      .toEqual([3, true, [1, 2], 'random', '3', 0.5, null]);
    expect(value('{dist: uniform, min: 1, max: 5}')).toEqual({ dist: 'uniform', min: 1, max: 5 });
    expect(parseOverride('faults[2].partition[0][1]=4')).toEqual({ path: ['faults', 2, 'partition', 0, 1], value: 4 });
  });

  it('reports every malformed override at once', () => {
    const e = scenarioError(() => applyOverrides({}, ['nothing', 'a.=1', '[0]=1', 'x=[1', 'ok=1'], 'f.yaml'));
    expect(e).toBeInstanceOf(ScenarioError);
    expect(e.issues).toHaveLength(4);
    expect(e.issues.every((i) => i.path === '--set' && i.file === 'f.yaml')).toBe(true);
  });

  it('a key named like a JavaScript property is an own key, never the prototype (the schema then judges it)', () => {
    const out = applyOverrides({}, ['__proto__.x=1', 'constructor=2'], 'f.yaml') as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(['__proto__', 'constructor']);
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')!.value).toEqual({ x: 1 });
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('refuses to index a mapping or name a field of a list', () => {
    expect(scenarioError(() => applyOverrides({ link: {} }, ['link[0]=1'], 'f')).format())
      .toBe("f: --set: cannot apply 'link[0]=1': 'link' is a mapping, not a list: use '.field', not [0]");
    expect(scenarioError(() => applyOverrides({ faults: [] }, ['faults.at=1'], 'f')).format())
      .toBe("f: --set: cannot apply 'faults.at=1': 'faults' is a list: use [index], not '.at'");
  });
});

describe('edge lists', () => {
  it('resolves topology.file against the scenario file folder', () => {
    const graph = write('nested/graphs/net.txt', '# u v latency\n0 1 2.5\n1 2 3\n2 3 1\n');
    const file = write('nested/net.yaml', 'topology: { kind: edgelist, file: graphs/net.txt }\nprotocol: { type: gossip }\nworkload: [{ at: 0, from: 3 }]\n');
    const s = loadScenario(file, { plugins });
    expect(s.topology).toEqual({ kind: 'edgelist', file: graph });
    expect(s.topology.file).toBe(join(tmp, 'nested', 'graphs', 'net.txt'));
  });

  it('keeps an absolute topology.file', () => {
    const graph = write('abs/g.txt', '0 1\n');
    const s = loadScenario(write('elsewhere/abs.yaml', `topology: { kind: edgelist, file: ${JSON.stringify(graph)} }\nprotocol: { type: gossip }\n`), { plugins });
    expect(s.topology.file).toBe(graph);
  });

  it('resolves an inline scenario against baseDir', () => {
    write('base/g.txt', '0 1\n');
    const s = parseScenario({ topology: { kind: 'edgelist', file: 'g.txt' }, protocol: { type: 'gossip' } }, undefined, { plugins, baseDir: join(tmp, 'base') });
    expect(s.topology.file).toBe(join(tmp, 'base', 'g.txt'));
  });
});

describe('topology kinds', () => {
  const valid: Record<string, Record<string, unknown>> = {
    complete: { nodes: 5 }, ring: { nodes: 5 }, line: { nodes: 5 }, star: { nodes: 5 },
    grid: { width: 2, height: 3 }, torus: { width: 3, height: 3 }, tree: { nodes: 7, branching: 3 },
    'random-regular': { nodes: 6, degree: 3 }, 'erdos-renyi': { nodes: 5, p: 0.5 },
    'watts-strogatz': { nodes: 10, k: 4, beta: 0.2 }, 'barabasi-albert': { nodes: 10, m: 2 },
  };
  it.each(Object.entries(valid))('accepts %s', (kind, params) => {
    const s = parseScenario({ topology: { kind, ...params }, protocol: { type: 'gossip' } }, 'k.yaml', { plugins });
    expect(s.topology).toMatchObject({ kind, ...params });
  });

  it('lists the parameters of each kind', () => {
    expect(TOPOLOGY_PARAMETERS.grid).toEqual(['width', 'height']);
    expect(TOPOLOGY_PARAMETERS['watts-strogatz']).toEqual(['nodes', 'k', 'beta']);
    expect(TOPOLOGY_PARAMETERS.edgelist).toEqual(['file']);
  });

  // TOPOLOGY_PARAMETERS is read from the rules, the kinds' schemas are built from them when
  // first used: an unknown field's message lists the schema's own fields, so the two must agree.
  it.each(TOPOLOGY_KINDS)('%s: its schema takes exactly TOPOLOGY_PARAMETERS', (kind) => {
    const e = scenarioError(() => parseScenario({ topology: { kind, zzz: 1 }, protocol: { type: 'gossip' } }, 'k.yaml', { plugins }));
    expect(e.format().split('\n')).toContain(`k.yaml: topology.zzz: unknown field 'zzz' — allowed: ${['kind', ...TOPOLOGY_PARAMETERS[kind]].join(', ')}`);
  });
});

describe('latency', () => {
  it.each([
    [5, { dist: 'constant', value: 5 }],
    [{ dist: 'constant', value: 2 }, { dist: 'constant', value: 2 }],
    [{ dist: 'normal', mean: 10, sd: 0 }, { dist: 'normal', mean: 10, sd: 0 }],
    [{ dist: 'exponential', mean: 3 }, { dist: 'exponential', mean: 3 }],
    [{ dist: 'lognormal', mu: -1, sigma: 0.5 }, { dist: 'lognormal', mu: -1, sigma: 0.5 }],
    [{ dist: 'pareto', scale: 1, shape: 2 }, { dist: 'pareto', scale: 1, shape: 2 }],
  ])('accepts %j', (latency, expected) => {
    const s = parseScenario({ topology: { kind: 'ring', nodes: 3 }, protocol: { type: 'gossip' }, link: { latency } }, 'l.yaml', { plugins });
    expect(s.link.latency).toEqual(expected);
  });
});

describe('message helpers', () => {
  it('formats paths as the user writes them', () => {
    expect(formatPath(['faults', 2, 'crash', 0])).toBe('faults[2].crash[0]');
    expect(formatPath(['groups', 'east-side', 'members', 1])).toBe('groups.east-side.members[1]');
    expect(formatPath(['groups', 'a.b'])).toBe('groups["a.b"]');
    expect(formatPath([])).toBe('');
  });

  it('suggests close names only', () => {
    expect(didYouMean('laetncy', ['latency', 'loss', 'duplicate'])).toBe('latency');
    expect(didYouMean('grdi', ['grid', 'ring', 'tree'])).toBe('grid');
    expect(didYouMean('MaxEvents', ['maxEvents', 'seed'])).toBe('maxEvents');
    expect(didYouMean('p', ['m', 'k'])).toBeUndefined();
    expect(didYouMean('jitter', ['latency', 'loss', 'duplicate'])).toBeUndefined();
  });
});
