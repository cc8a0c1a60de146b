import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMPARE_TYPES } from '../../src/compare/default-workloads.js';
import { castsim } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'castsim-sweep-'));
const scenario = join(dir, 'flood.yaml');
writeFileSync(scenario, [
  'name: flood-40',
  'topology: { kind: random-regular, nodes: 40, degree: 3 }',
  'link: { latency: { dist: exponential, mean: 5 } }',
  'protocol: { type: broadcast }',
  '',
].join('\n'));
const SWEEP = ['sweep', scenario, '--vary', 'link.loss=0:0.4:0.2', '--vary', 'protocol.mode=flood,tree', '--seeds', '4'];

describe('castsim compare', () => {
  // DEPENDS on the gossip and reliable plug-ins being registered (the length and type list).
  it('--json prints one run result per type, all six, on one network', () => {
    const r = castsim(['compare', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as Array<{ protocol: string; nodes: number; links: number; topologyFingerprint: string; scenario: string }>;
    expect(rows.map((x) => x.protocol)).toEqual([...COMPARE_TYPES]);
    for (const x of rows) {
      expect([x.scenario, x.nodes, x.links, x.topologyFingerprint]).toEqual(['default', 128, 256, rows[0]!.topologyFingerprint]);
    }
  });

  it('prints a plain table off a TTY: a header, one row per registered type, no colour codes', () => {
    const r = castsim(['compare', 'default', '--seed', '3']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).not.toMatch(/\x1b\[/);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('default  128 nodes, 256 links, seed 3');
    expect(lines[2]).toMatch(/^type\s+expected\s+delivered\s+ratio\s+transmissions\s+tx\/delivery\s+hops mean\s+hops max\s+latency p50\s+latency p95\s+latency max\s+t100$/);
    for (const t of ['unicast', 'multicast', 'broadcast', 'anycast']) expect(r.stdout).toMatch(new RegExp(`^${t} `, 'm'));
    expect(r.stdout).toMatch(/every row ran on the same network/);
  });

  it('a bad --set exits 2 naming the field', () => {
    const r = castsim(['compare', '--set', 'link.loss=2']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/link\.loss: must be a probability in \[0, 1\], got 2/);
  });
});

describe('castsim sweep and merge', () => {
  it('--jobs 1 and --jobs 2 print byte-identical JSON and tables, and nothing on stderr', () => {
    const one = castsim([...SWEEP, '--jobs', '1', '--json']);
    const two = castsim([...SWEEP, '--jobs', '2', '--json']);
    expect(one.code).toBe(0);
    expect(one.stderr).toBe('');
    expect(two.stderr).toBe('');
    expect(two.stdout).toBe(one.stdout);
    const report = JSON.parse(one.stdout);
    expect(report.points).toHaveLength(6);
    expect(report.runs).toBe(24);
    expect(report.points.map((p: { values: unknown }) => p.values)).toEqual([
      { 'link.loss': 0, 'protocol.mode': 'flood' }, { 'link.loss': 0, 'protocol.mode': 'tree' },
      { 'link.loss': 0.2, 'protocol.mode': 'flood' }, { 'link.loss': 0.2, 'protocol.mode': 'tree' },
      { 'link.loss': 0.4, 'protocol.mode': 'flood' }, { 'link.loss': 0.4, 'protocol.mode': 'tree' },
    ]);
    // Without loss a tree broadcast sends exactly n − 1 = 39 on every seed.
    expect(report.points[1].metrics['metrics.sent']).toEqual({ n: 4, nulls: 0, mean: 39, sd: 0, ci95: [39, 39] });
    const t1 = castsim([...SWEEP, '--jobs', '1']), t2 = castsim([...SWEEP, '--jobs', '2']);
    expect(t2.stdout).toBe(t1.stdout);
    expect(t1.stdout).toMatch(/^flood-40 {2}sweep over link\.loss \(3\) × protocol\.mode \(2\) × 4 seeds = 24 runs/);
  });

  it('shards 1/2 and 2/2, merged, equal the unsharded sweep (JSON and CSV)', () => {
    const whole = castsim([...SWEEP, '--json', '--csv', join(dir, 'whole.csv')]);
    const files = [1, 2].map((i) => {
      const r = castsim([...SWEEP, '--shard', `${i}/2`, '--json']);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      const f = join(dir, `shard-${i}.json`);
      writeFileSync(f, r.stdout);
      return f;
    });
    const merged = castsim(['merge', files[1]!, files[0]!, '--json', '--csv', join(dir, 'merged.csv')]);
    expect(merged.code).toBe(0);
    expect(merged.stdout).toBe(whole.stdout);
    const csv = readFileSync(join(dir, 'merged.csv'), 'utf8');
    expect(csv).toBe(readFileSync(join(dir, 'whole.csv'), 'utf8'));
    expect(csv.split('\n')[0]).toBe('point,link.loss,protocol.mode,metric,n,nulls,mean,sd,ci95_lo,ci95_hi');
    expect(csv).toMatch(/^1,0,tree,metrics\.sent,4,0,39,0,39,39$/m);
  });

  const badSweeps: Array<[string[], RegExp]> = [
    [['--vary', 'link.lossy=0.1,0.2'], /link\.lossy: unknown field 'lossy' — did you mean 'loss'\?/],
    [['--vary', 'topology.nodes=20', '--vary', 'protocl.mode=tree'], /protocl: unknown field 'protocl' — did you mean 'protocol'\?/],
    [['--vary', 'link.loss='], /--vary link\.loss=: empty value list/],
    [['--vary', 'link.loss=0.1', '--shard', '3/2'], /--shard 3\/2: shard 3 is out of range — it must be from 1 to 2/],
    [['--vary', 'link.loss=0.1', '--shard', '0/2'], /--shard 0\/2: shard 0 is out of range/],
    [['--vary', 'link.loss=0.1', '--seeds', '0'], /--seeds must be an integer from 1/],
  ];
  for (const [args, message] of badSweeps) {
    it(`sweep ${args.join(' ')}: exit 2 with a message, nothing on stdout`, () => {
      const r = castsim(['sweep', scenario, ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe('');
    });
  }

  it('merge refuses shards of different sweeps, a missing shard and a file that is not a shard: exit 2', () => {
    const shardFile = (name: string, args: string[]) => {
      const r = castsim(['sweep', scenario, '--seeds', '2', ...args]);
      expect(r.code).toBe(0);
      writeFileSync(join(dir, name), r.stdout);
      return join(dir, name);
    };
    const a1 = shardFile('a1.json', ['--vary', 'link.loss=0,0.1', '--shard', '1/2']);
    const b2 = shardFile('b2.json', ['--vary', 'link.loss=0,0.2', '--shard', '2/2']);
    const notJson = join(dir, 'table.txt');
    writeFileSync(notJson, 'link.loss  runs\n');
    const cases: Array<[string[], RegExp]> = [
      [[a1, b2], /b2\.json is a shard of a different sweep than .*a1\.json/],
      [[a1], /missing shard 2\/2/],
      [[notJson], /table\.txt: not JSON/],
    ];
    for (const [files, message] of cases) {
      const r = castsim(['merge', ...files]);
      expect(r.code, files.join(' ')).toBe(2);
      expect(r.stderr, files.join(' ')).toMatch(message);
      expect(r.stdout).toBe('');
    }
  });
});
