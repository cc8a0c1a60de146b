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
