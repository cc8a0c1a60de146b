/**
 * Malformed scenarios: each is rejected with a ScenarioError whose formatted
 * message names the file, the exact field path, and what is allowed.
 */
import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../../src/scenario/errors.js';
import { loadScenario, parseScenario } from '../../src/scenario/load.js';
import { plugins, rejectText, scenarioError, write } from './fixtures.js';

const ring = 'topology: { kind: ring, nodes: 10 }\nprotocol: { type: gossip }\n';

/** The scenario text, the one line its error must contain (after "FILE: "). */
const cases: Array<[string, string, string]> = [
  ['unknown top-level field, with did-you-mean', `${ring}seeed: 3\n`,
    "seeed: unknown field 'seeed' — did you mean 'seed'?"],
  ['unknown nested field, with did-you-mean', `${ring}link: { laetncy: 5 }\n`,
    "link.laetncy: unknown field 'laetncy' — did you mean 'latency'?"],
  ['unknown field, no close match: the allowed ones listed', `${ring}link: { jitter: 5 }\n`,
    "link.jitter: unknown field 'jitter' — allowed: latency, loss, duplicate"],
  ['unknown topology kind', 'topology: { kind: grdi, width: 3, height: 3 }\nprotocol: { type: gossip }\n',
    "topology.kind: unknown topology kind 'grdi' — allowed: complete, ring, line, star, grid, torus, tree, random-regular, erdos-renyi, watts-strogatz, barabasi-albert, edgelist (did you mean 'grid'?)"],
  ['missing topology', 'protocol: { type: gossip }\n',
    "topology: missing — must be a mapping with 'kind' (one of complete, ring,"],
  ['missing topology.nodes', 'topology: { kind: ring }\nprotocol: { type: gossip }\n',
    'topology.nodes: missing — must be a node count (an integer from 1 to'],
  ['a parameter of another kind', 'topology: { kind: ring, nodes: 10, p: 0.1 }\nprotocol: { type: gossip }\n',
    "topology.p: 'p' is not a parameter of topology kind 'ring' (it belongs to erdos-renyi) — allowed: kind, nodes"],
  ['nodes on a grid', 'topology: { kind: grid, nodes: 9, width: 3, height: 3 }\nprotocol: { type: gossip }\n',
    "topology.nodes: 'nodes' is not a parameter of topology kind 'grid' (it belongs to other kinds) — allowed: kind, width, height"],
  ['erdos-renyi p out of range', 'topology: { kind: erdos-renyi, nodes: 10, p: 2 }\nprotocol: { type: gossip }\n',
    'topology.p: must be a probability in [0, 1], got 2'],
  ['odd watts-strogatz k', 'topology: { kind: watts-strogatz, nodes: 10, k: 3, beta: 0.1 }\nprotocol: { type: gossip }\n',
    'topology.k: must be even, got 3'],
  ['random-regular with odd nodes × degree', 'topology: { kind: random-regular, nodes: 5, degree: 3 }\nprotocol: { type: gossip }\n',
    'topology.degree: nodes × degree must be even (5 × 3 is odd)'],
  ['fractional nodes', 'topology: { kind: star, nodes: 2.5 }\nprotocol: { type: gossip }\n',
    'topology.nodes: must be a node count (an integer from 1 to 50000000), got 2.5'],
  ['negative latency', `${ring}link: { latency: -5 }\n`,
    'link.latency: must be a latency in ms ≥ 0, got -5'],
  ['loss 1.5', `${ring}link: { loss: 1.5 }\n`,
    'link.loss: must be a probability in [0, 1], got 1.5'],
  ['duplicate −0.1', `${ring}link: { duplicate: -0.1 }\n`,
    'link.duplicate: must be a probability in [0, 1], got -0.1'],
  ['uniform latency with min > max', `${ring}link: { latency: { dist: uniform, min: 5, max: 1 } }\n`,
    'link.latency.max: must be ≥ min (5), got 1'],
  ['unknown latency distribution', `${ring}link: { latency: { dist: unifrom, min: 1, max: 2 } }\n`,
    "link.latency.dist: unknown latency distribution 'unifrom' — allowed: constant, uniform, normal, exponential, lognormal, pareto (did you mean 'uniform'?)"],
  ['a field of another distribution', `${ring}link: { latency: { dist: uniform, min: 1, max: 2, sd: 1 } }\n`,
    "link.latency.sd: unknown field 'sd' — allowed: dist, min, max"],
  ['negative normal sd', `${ring}link: { latency: { dist: normal, mean: 5, sd: -1 } }\n`,
    'link.latency.sd: must be a standard deviation ≥ 0, got -1'],
  ['zero exponential mean', `${ring}link: { latency: { dist: exponential, mean: 0 } }\n`,
    'link.latency.mean: must be a mean latency in ms > 0, got 0'],
  ['latency of the wrong type', `${ring}link: { latency: fast }\n`,
    "link.latency: must be a mapping with 'dist' (one of constant, uniform, normal, exponential, lognormal, pareto), got 'fast'"],
  ['node id out of range in faults', `${ring}faults:\n  - { at: 10, crash: [1] }\n  - { at: 20, crash: [3, 12] }\n`,
    'faults[1].crash[1]: node 12 is out of range — the topology has 10 nodes (ids 0..9)'],
  ['node id out of range in a partition', `${ring}faults: [{ at: 1, partition: [[0, 1], [2, 10]] }]\n`,
    'faults[0].partition[1][1]: node 10 is out of range'],
  ['a node in two partition groups', `${ring}faults: [{ at: 1, partition: [[0, 1], [1, 2]] }]\n`,
    'faults[0].partition[1][0]: node 1 is already in partition group 0'],
  ['a fault with two actions', `${ring}faults: [{ at: 1, crash: [1], recover: [1] }]\n`,
    'faults[0].recover: a fault has exactly one action, got crash and recover — split it into one fault each'],
  ['a fault with no action', `${ring}faults: [{ at: 1 }]\n`,
    'faults[0]: missing action — a fault needs exactly one of crash, recover, partition, heal'],
  ['heal: false', `${ring}faults: [{ at: 1, heal: false }]\n`,
    'faults[0].heal: must be true, got false'],
  ['a negative fault time', `${ring}faults: [{ at: -1, heal: true }]\n`,
    'faults[0].at: must be a time in ms from 0 to 1e15, got -1'],
  ['node id out of range in workload', `${ring}workload: [{ at: 0, from: 0 }, { every: 10, count: 3, from: random, to: 10 }]\n`,
    'workload[1].to: node 10 is out of range — the topology has 10 nodes (ids 0..9)'],
  ['a workload node that is neither id nor random', `${ring}workload: [{ at: 0, from: rnd }]\n`,
    "workload[0].from: must be a node id (an integer ≥ 0) or 'random', got 'rnd'"],
  ['a series without count', `${ring}workload: [{ every: 10, from: 0 }]\n`,
    "workload[0].count: missing — must be a message count (an integer ≥ 1) for a series with 'every'"],
  ['a workload item with neither at nor every', `${ring}workload: [{ from: 0 }]\n`,
    "workload[0]: missing time — give 'at' (one message) or 'every' and 'count' (a series)"],
  ['a workload group that is not defined', `${ring}groups: { east: [1, 2] }\nworkload: [{ at: 0, from: 1, group: eats }]\n`,
    "workload[0].group: unknown group 'eats' — defined: east (did you mean 'east'?)"],
  ['node id out of range in a group list', `${ring}groups: { g: [1, 5, 19] }\n`,
    'groups.g[2]: node 19 is out of range'],
  ['node id out of range in group members and joins', `${ring}groups: { g: { members: [11], joins: [{ at: 5, node: 12 }] } }\n`,
    'groups.g.joins[0].node: node 12 is out of range'],
  ['a member listed twice', `${ring}groups: { g: [1, 2, 1] }\n`,
    'groups.g[2]: node 1 is listed twice'],
  ['a group of the wrong type', `${ring}groups: { g: 3 }\n`,
    'groups.g: must be a list of node ids or a mapping {members, joins, leaves}, got 3'],
  ['missing protocol type', 'topology: { kind: ring, nodes: 10 }\nprotocol: { fanout: 3 }\n',
    'protocol.type: missing — must be one of gossip, multicast'],
  ['a protocol option rejected by the plug-in schema', 'topology: { kind: ring, nodes: 10 }\nprotocol: { type: gossip, fanout: 0 }\n',
    'protocol.fanout: must be ≥ 1, got 0'],
  ['an unknown protocol option', 'topology: { kind: ring, nodes: 10 }\nprotocol: { type: gossip, fanuot: 2 }\n',
    "protocol.fanuot: unknown field 'fanuot' — did you mean 'fanout'?"],
  ['a protocol enum option', 'topology: { kind: ring, nodes: 10 }\nprotocol: { type: gossip, mode: psuh }\n',
    "protocol.mode: unknown value 'psuh' — allowed: push, pull, push-pull (did you mean 'push'?)"],
  ['a protocol option rejected by the plug-in check()', 'topology: { kind: ring, nodes: 10 }\ngroups: { g: [1] }\nprotocol: { type: multicast, group: g, core: 10 }\n',
    'protocol.core: node 10 is out of range 0..9'],
  ['a seed that is not an integer', `${ring}seed: 1.5\n`,
    'seed: must be a seed (an integer ≥ 0), got 1.5'],
  ['maxEvents 0', `${ring}maxEvents: 0\n`,
    'maxEvents: must be an event limit (an integer ≥ 1), got 0'],
  ['until 0', `${ring}until: 0\n`,
    'until: must be a stop time in ms > 0 and ≤ 1e15, or null to run until no events remain, got 0'],
  ['a list at the top level', '- topology\n',
    "a scenario must be a mapping of fields (topology, protocol, link, ...), got [\"topology\"]"],
  ['an empty file', '',
    'a scenario must be a mapping of fields (topology, protocol, link, ...), got an empty document'],
  ['bad YAML syntax (line and column)', 'topology: { kind: ring, nodes: 10 }\nprotocol:\n  type: [gossip\nseed: 3\n',
    'YAML syntax error at line 4, column 1:'],
  ['a duplicate YAML key', 'topology: { kind: ring, nodes: 10 }\nprotocol: { type: gossip }\nseed: 1\nseed: 2\n',
    'YAML syntax error at line 4, column 1: Map keys must be unique'],
];

describe('malformed scenarios', () => {
  it.each(cases)('%s', (_title, text, expected) => {
    const { file, message, error } = rejectText(text);
    expect(error).toBeInstanceOf(ScenarioError);
    const line = message.split('\n').find((l) => l.startsWith(`${file}: ${expected}`));
    expect(line, `no line "${file}: ${expected}…" in:\n${message}`).toBeDefined();
    expect(error.issues.every((i) => i.file === file)).toBe(true);
  });

  it('collects every issue, not only the first', () => {
    const { file, message, error } = rejectText(
      'topology: { kind: ring, nodes: 0 }\nlink: { loss: 2, laetncy: 1 }\nprotocol: { type: gossip, fanout: 0 }\nfaults: [{ at: -1, heal: true }]\nsed: 3\n');
    expect(error.issues.map((i) => i.path).sort()).toEqual(
      ['faults[0].at', 'link.laetncy', 'link.loss', 'protocol.fanout', 'sed', 'topology.nodes']);
    expect(message.split('\n')).toHaveLength(6);
    expect(message.split('\n').every((l) => l.startsWith(`${file}: `))).toBe(true);
  });

  it('reports a JSON syntax error with line and column', () => {
    const { file, message, error } = rejectText('{\n  "topology": { "kind": "ring", "nodes": 10 },\n  "protocol" { "type": "gossip" }\n}\n', {}, 'json');
    expect(message).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: JSON syntax error at line 3, column 14: `));
    expect(error.issues[0]).toMatchObject({ line: 3, column: 14, path: '' });
  });

  it('rejects a malformed --set override with path --set', () => {
    const file = write('set.yaml', ring);
    const noEquals = scenarioError(() => loadScenario(file, { plugins, overrides: ['link.loss'] }));
    expect(noEquals.format()).toBe(`${file}: --set: malformed override 'link.loss' — expected path=value, e.g. link.loss=0.1 or faults[0].at=200`);
    const empty = scenarioError(() => loadScenario(file, { plugins, overrides: ['=3', 'a..b=1'] }));
    expect(empty.issues.map((i) => i.path)).toEqual(['--set', '--set']);
    expect(empty.format()).toContain("--set: malformed override '=3' — the path before '=' is empty");
    expect(empty.format()).toContain("--set: malformed override 'a..b=1' — bad path 'a..b'");
    const past = scenarioError(() => loadScenario(file, { plugins, overrides: ['faults[3].at=1'] }));
    expect(past.format()).toBe(`${file}: --set: cannot apply 'faults[3].at=1': index 3 is past the end of 'faults' (0 items; use [0] to append)`);
  });

  it('catches an override to an unknown field in validation, with did-you-mean, blaming the override', () => {
    const file = write('set2.yaml', ring);
    const e = scenarioError(() => loadScenario(file, { plugins, overrides: ['link.los=0.1', 'protocol.fanout=0'] }));
    expect(e.format()).toBe([
      `--set link.los=0.1: link.los: unknown field 'los' — did you mean 'loss'?`,
      `--set protocol.fanout=0: protocol.fanout: must be ≥ 1, got 0`,
    ].join('\n'));
  });

  it('names topology.file and the path of a missing edge list', () => {
    const { message } = rejectText('topology: { kind: edgelist, file: graphs/missing.txt }\nprotocol: { type: gossip }\n');
    expect(message).toMatch(/: topology\.file: edge-list file not found: \/.*\/graphs\/missing\.txt/);
  });

  it('gives the line number of a malformed edge-list line', () => {
    const graph = write('graphs/broken.txt', '# a comment\n0 1\n1 x\n');
    const { file, message } = rejectText('topology: { kind: edgelist, file: graphs/broken.txt }\nprotocol: { type: gossip }\n');
    expect(message).toBe(`${file}: topology.file: ${graph}, line 3: second node id must be a non-negative integer; got 'x'`);
  });

  it('checks node ids against the edge list size', () => {
    write('graphs/three.txt', '0 1\n1 2\n');
    const { message } = rejectText('topology: { kind: edgelist, file: graphs/three.txt }\nprotocol: { type: gossip }\nworkload: [{ at: 0, from: 3 }]\n');
    expect(message).toContain('workload[0].from: node 3 is out of range — the topology has 3 nodes (ids 0..2)');
  });

  it('names a missing scenario file', () => {
    const e = scenarioError(() => loadScenario('/nonexistent/castsim.yaml', { plugins }));
    expect(e.format()).toBe('/nonexistent/castsim.yaml: cannot read scenario: file not found');
  });

  it('names <inline> for an inline scenario', () => {
    const e = scenarioError(() => parseScenario({ topology: { kind: 'ring', nodes: 3 }, protocol: { type: 'gossip' }, link: { loss: -1 } }, undefined, { plugins }));
    expect(e.format()).toBe('<inline>: link.loss: must be a probability in [0, 1], got -1');
  });
});
