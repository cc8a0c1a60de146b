import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { castsim } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'castsim-cli-'));
function scenarioFile(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

describe('castsim run', () => {
  it('runs a bundled scenario by name and prints the JSON contract', () => {
    const r = castsim(['run', 'flood-grid', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j).slice(0, 9)).toEqual(['scenario', 'seed', 'protocol', 'nodes', 'links', 'metrics', 'events', 'fingerprint', 'topologyFingerprint']);
    expect(j.metrics.sent).toBe(56);
    expect(j.metrics.convergence.t100).toBe(800);
    expect(r.stderr).toBe('');
  });

  it('prints a readable table without colour when not a TTY', () => {
    const r = castsim(['run', 'flood-grid']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/delivered \/ expected\s+24 \/ 24/);
    expect(r.stdout).toMatch(/transmissions \(sent\)\s+56/);
    expect(r.stdout).not.toMatch(/\x1b\[/);
  });

  it('--set and --seed override the scenario', () => {
    const r = castsim(['run', 'flood-grid', '--json', '--set', 'topology.width=3', '--set', 'topology.height=3', '--seed', '9']);
    const j = JSON.parse(r.stdout);
    expect(j.nodes).toBe(9);
    expect(j.seed).toBe(9);
    expect(j.metrics.sent).toBe(2 * 12 - 8);
  });

  it('--set may come before the scenario and repeats', () => {
    const r = castsim(['run', '--set', 'topology.width=3', '--set', 'topology.height=2', 'flood-grid', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).nodes).toBe(6);
  });

  it('--trace writes a versioned JSON Lines trace consistent with the metrics', () => {
    const trace = join(dir, 'run.jsonl');
    const r = castsim(['run', 'unicast-lossy', '--json', '--trace', trace]);
    expect(r.code).toBe(0);
    const lines = readFileSync(trace, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ format: 'castsim-trace', version: 1, scenario: 'unicast-lossy', nodes: 36 });
    const j = JSON.parse(r.stdout);
    const count = (type: string) => lines.filter((l) => l.type === type).length;
    expect(count('send')).toBe(j.metrics.sent);
    expect(count('drop')).toBe(j.metrics.dropped);
    expect(count('request')).toBe(50);
    expect(lines.filter((l) => l.type === 'drop').every((l) => l.reason === 'loss')).toBe(true);
    expect(existsSync(`${trace}.partial`)).toBe(false);
  });

  it('a runaway run stops at the event cap with a clear message and exit 1', () => {
    const r = castsim(['run', 'flood-random-1k', '--max-events', '100']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/stopped after 100 events \(maxEvents\)/);
  });

  it('validate accepts a good file and list names the bundled scenarios', () => {
    expect(castsim(['validate', 'scenarios/flood-grid.yaml']).code).toBe(0);
    const l = castsim(['list']);
    expect(l.code).toBe(0);
    expect(l.stdout).toMatch(/flood-grid\s+broadcast on grid/);
    expect(l.stdout).toMatch(/barabasi-albert/);
  });

  it('--help shows examples; an unknown command or option exits 2', () => {
    expect(castsim(['run', '--help']).stdout).toMatch(/Examples:[\s\S]*castsim run flood-grid/);
    expect(castsim(['frobnicate']).code).toBe(2);
    expect(castsim(['run', 'flood-grid', '--bogus']).code).toBe(2);
    const missing = castsim(['run', 'no-such-file.yaml']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no scenario file 'no-such-file.yaml'/);
  });
});

describe('bad scenarios exit 2 with a message naming the file and field, no stack trace', () => {
  const ring = 'topology: { kind: ring, nodes: 10 }\nprotocol: { type: broadcast }\n';
  const cases: Array<[string, string, RegExp]> = [
    ['unknown field', `${ring}seeed: 3\n`, /seeed: unknown field 'seeed' — did you mean 'seed'\?/],
    ['unknown kind', 'topology: { kind: rign, nodes: 4 }\nprotocol: { type: broadcast }\n', /topology\.kind: .*did you mean 'ring'/],
    ['node id out of range in a fault', `${ring}faults: [{ at: 5, crash: [10] }]\n`, /faults\[0\]\.crash\[0\]:.*0\.\.9|faults\[0\]\.crash\[0\]:.*9/],
    ['workload node out of range', `${ring}workload: [{ at: 0, from: 12 }]\n`, /workload\[0\]\.from:/],
    ['negative latency', `${ring}link: { latency: -1 }\n`, /link\.latency:.*≥ 0/],
    ['loss above 1', `${ring}link: { loss: 1.5 }\n`, /link\.loss:.*\[0, 1\]/],
    ['duplicate below 0', `${ring}link: { duplicate: -0.2 }\n`, /link\.duplicate:.*\[0, 1\]/],
    ['uniform min > max', `${ring}link: { latency: { dist: uniform, min: 5, max: 1 } }\n`, /link\.latency/],
    ['unknown protocol', 'topology: { kind: ring, nodes: 4 }\nprotocol: { type: telepathy }\n', /protocol\.type:.*telepathy/],
    ['bad protocol option', 'topology: { kind: ring, nodes: 4 }\nprotocol: { type: broadcast, mode: shout }\n', /protocol\.mode:/],
    ['missing edge-list file', 'topology: { kind: edgelist, file: nowhere.txt }\nprotocol: { type: broadcast }\n', /topology\.file:.*nowhere\.txt/],
    ['unicast without a destination', 'topology: { kind: ring, nodes: 4 }\nprotocol: { type: unicast }\n', /workload\[0\]\.to: missing — unicast needs a destination/],
    ['bad YAML', 'topology: { kind: ring, nodes: 4\nprotocol: [\n', /line \d+/],
  ];
  for (const [name, text, pattern] of cases) {
    it(name, () => {
      const file = scenarioFile(`${name.replace(/\W+/g, '-')}.yaml`, text);
      const r = castsim(['run', file]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(file);
      expect(r.stderr).toMatch(pattern);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.stdout).toBe('');
    });
  }

  it('a malformed edge-list line is reported with its line number', () => {
    scenarioFile('edges.txt', '0 1\n1 2\n2 x\n');
    const file = scenarioFile('el.yaml', 'topology: { kind: edgelist, file: edges.txt }\nprotocol: { type: broadcast }\n');
    const r = castsim(['run', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/edges\.txt.*line 3|line 3.*edges\.txt/);
  });

  it('a bad --set is a usage error', () => {
    const r = castsim(['run', 'flood-grid', '--set', 'link.loss']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--set/);
  });
});
