import { availableParallelism } from 'node:os';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { castsim } from '../support/cli.js';
import { loadScenario } from '../../src/scenario/load.js';
import { ScenarioError } from '../../src/scenario/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'castsim-robust-'));
const file = (name: string, text: string) => { const p = join(dir, name); writeFileSync(p, text); return p; };
const problems = (path: string): string => {
  try { loadScenario(path); } catch (e) { if (e instanceof ScenarioError) return e.format(); throw e; }
  return 'accepted';
};

describe('bad input is quoted in short, and refused strictly', () => {
  it('a 2.5 MB edge list given as a scenario is quoted in a few dozen characters', () => {
    const lines: string[] = [];
    for (let i = 0; i < 250_000; i++) lines.push(`${i} ${i + 1}`);
    const text = lines.join('\n');
    expect(text.length).toBeGreaterThan(2_500_000);
    const message = problems(file('edges.yaml', text));
    expect(message).toMatch(/a scenario must be a mapping of fields .*, got '0 1 1 2 2 3/);
    expect(message).toMatch(/characters in all\)'$/);
    expect(message.length).toBeLessThan(300);
  });

  it('a file that is not a scenario at all (passwd-like lines) is quoted in short too', () => {
    const text = Array.from({ length: 40 }, (_, i) => `user${i}:x:${1000 + i}:${1000 + i}:User ${i}:/home/user${i}:/bin/bash`).join('\n');
    const message = problems(file('passwd', text));
    expect(message.length).toBeLessThan(300);
    expect(message).toContain("got 'user0:x:1000:1000:User 0");
  });

  it('duplicate keys in a JSON scenario are refused, as YAML refuses them', () => {
    const p = file('dup.json', '{"topology": {"kind": "ring", "nodes": 5, "nodes": 7}, "protocol": {"type": "broadcast"}}');
    expect(problems(p)).toBe(`${p}: duplicate key 'nodes' at line 1, column 43 — each key may appear once in a mapping`);
    const y = file('dup.yaml', 'topology: { kind: ring, nodes: 5, nodes: 7 }\nprotocol: { type: broadcast }\n');
    expect(problems(y)).toMatch(/unique/);
  });

  it('an unknown YAML tag is refused, naming it and its place; standard tags still work', () => {
    const p = file('tag.yaml', 'topology: { kind: ring, nodes: !foo 5 }\nprotocol: { type: broadcast }\n');
    expect(problems(p)).toBe(`${p}: unknown YAML tag !foo at line 1, column 32 — castsim reads plain YAML values; remove the tag`);
    const ok = file('std.yaml', 'topology: { kind: ring, nodes: !!int 5 }\nprotocol: { type: broadcast }\n');
    expect(problems(ok)).toBe('accepted');
  });
});

describe('sweep --jobs', () => {
  const cpus = availableParallelism();
  const args = ['sweep', 'flood-grid', '--vary', 'link.loss=0,0.1', '--seeds', '2', '--json'];

  it('more jobs than CPUs are capped at the CPUs, with a warning, and the same report', () => {
    const r = castsim([...args, '--jobs', String(cpus + 62)]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`castsim: warning: --jobs ${cpus + 62} is more than the ${cpus} CPU${cpus === 1 ? '' : 's'} here; using ${cpus} (add --oversubscribe to start ${cpus + 62} workers anyway)\n`);
    const plain = castsim([...args, '--jobs', '1']);
    expect(r.stdout).toBe(plain.stdout);
  });

  it('--oversubscribe starts them anyway, without a warning; --jobs within the CPUs says nothing', () => {
    const r = castsim([...args, '--jobs', String(cpus + 1), '--oversubscribe']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(castsim([...args, '--jobs', String(cpus)]).stderr).toBe('');
  });
});

describe('validate refuses exactly what run would (size and overflow checks included)', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['complete.yaml', 'topology: {kind: complete, nodes: 100000}', /topology\.nodes: a complete graph on 100000 nodes has 4999950000 links; at most 50000000/],
    ['gnp.yaml', 'topology: {kind: erdos-renyi, nodes: 1000000, p: 0.5}', /topology\.p: G\(n, p\) with n = 1000000, p = 0\.5 \(expected\) has 249999750000 links/],
    ['grid.yaml', 'topology: {kind: grid, width: 100000, height: 100000}', /topology\.height: must be an integer from 1 to 500 \(width × height may be at most 50000000 nodes\), got 100000/],
    ['lognormal.yaml', 'topology: {kind: ring, nodes: 5}\nlink: {latency: {dist: lognormal, mu: 710, sigma: 1}}', /link\.latency: its mean latency is Infinity ms/],
    ['pareto.yaml', 'topology: {kind: ring, nodes: 5}\nlink: {latency: {dist: pareto, scale: 1, shape: 0.01}}', /link\.latency: its mean latency is 1\.2676506002282294e\+30 ms/],
    ['constant.yaml', 'topology: {kind: line, nodes: 3}\nlink: {latency: 1e308}', /link\.latency: its mean latency is 1e\+308 ms/],
    ['series.yaml', 'topology: {kind: line, nodes: 3}\nworkload: [{every: 1e308, count: 3, from: 0}]', /workload\[0\]\.every: must be an interval in ms > 0 and ≤ 1e15, got 1e\+308/],
    ['coin.yaml', 'topology: {kind: ring, nodes: 5}\nprotocol: {type: gossip, stop: {coin: .inf}}', /protocol\.stop\.coin: must be a number ≥ 1 \(stop with probability 1\/k\), got Infinity/],
    ['interval.yaml', 'topology: {kind: ring, nodes: 5}\nprotocol: {type: gossip, interval: 1e308}', /protocol\.interval: must be a time in ms > 0 and ≤ 1e15, got 1e\+308/],
  ];
  for (const [name, text, message] of cases) {
    it(`${name}: validate and run both exit 2 naming file and field`, () => {
      const p = file(name, text.includes('protocol:') ? `${text}\n` : `${text}\nprotocol: {type: broadcast}\n`);
      for (const command of ['validate', 'run']) {
        const r = castsim([command, p]);
        expect(r.code).toBe(2);
        expect(r.stderr.startsWith(`${p}: `)).toBe(true);
        expect(r.stderr).toMatch(message);
      }
    });
  }

  it('a heavy but finite tail (Pareto shape 1) is still accepted', () => {
    expect(problems(file('pareto1.yaml', 'topology: {kind: ring, nodes: 5}\nlink: {latency: {dist: pareto, scale: 1, shape: 1}}\nprotocol: {type: broadcast}\n'))).toBe('accepted');
  });
});

describe('--seed and --set errors name the option, not the file', () => {
  it.each([
    [['--seed', '-1'], /^castsim: --seed must be an integer ≥ 0, got -1/],
    [['--until', '1e300'], /^castsim: --until must be a time in ms > 0 and ≤ 1e15, got 1e300/],
    [['--max-events', '0'], /^castsim: --max-events must be an integer ≥ 1, got 0/],
    [['--set', 'until=-5'], /^--set until=-5: until: must be a stop time/],
    [['--set', 'link.loss=2'], /^--set link\.loss=2: link\.loss: must be a probability in \[0, 1\], got 2/],
    [['--set', 'topology={kind: complete, nodes: 100000}'], /^--set topology=\{kind: complete, nodes: 100000\}: topology\.nodes: a complete graph/],
  ])('%j', (args, message) => {
    const r = castsim(['validate', 'flood-grid', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toContain('flood-grid.yaml');
  });
});
