import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { summarize } from '../../src/observe/distribution.js';
import { castsim } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'castsim-qa-'));

describe('QA regressions', () => {
  it('a distribution of equal values has mean = min = max (rounding must not push the mean outside)', () => {
    const x = 57.29780814843252;
    const s = summarize([x]);
    expect(s.min).toBe(x);
    expect(s.max).toBe(x);
    expect(s.mean).toBe(x);
    const t = summarize([0.1, 0.1, 0.1]);
    expect(t.mean! >= t.min! && t.mean! <= t.max!).toBe(true);
  });

  it('compare --json: every latency mean lies within [min, max]', () => {
    const r = castsim(['compare', '--json']);
    expect(r.code).toBe(0);
    for (const row of JSON.parse(r.stdout)) {
      const l = row.metrics.latency;
      if (l.min === null) continue;
      expect(l.mean).toBeGreaterThanOrEqual(l.min);
      expect(l.mean).toBeLessThanOrEqual(l.max);
    }
  });

  it('run --trace into a missing folder is bad input (exit 2), refused before the run, naming the path', () => {
    const path = join(dir, 'no-such-folder', 'run.jsonl');
    const r = castsim(['run', 'flood-grid', '--trace', path]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--trace ${path}`);
    expect(r.stderr).toContain('does not exist');
    expect(r.stdout).toBe('');
  });

  it('run --trace onto a folder exits 2 and leaves no .partial file behind', () => {
    const folder = join(dir, 'trace-folder');
    mkdirSync(folder);
    const r = castsim(['run', 'flood-grid', '--trace', folder]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is a folder/);
    expect(existsSync(`${folder}.partial`)).toBe(false);
  });

  it('sweep --csv to an unwritable path exits 2 before running anything', () => {
    const path = join(dir, 'missing', 'out.csv');
    const r = castsim(['sweep', 'flood-grid', '--vary', 'link.loss=0,0.1', '--seeds', '1', '--jobs', '1', '--csv', path]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--csv ${path}`);
    expect(r.stdout).toBe('');
  });

  it('merge --csv to an unwritable path exits 2', () => {
    const shard = castsim(['sweep', 'flood-grid', '--vary', 'link.loss=0', '--seeds', '1', '--jobs', '1', '--shard', '1/1']);
    expect(shard.code).toBe(0);
    const file = join(dir, 'shard.json');
    writeFileSync(file, shard.stdout);
    const r = castsim(['merge', file, '--csv', join(dir, 'missing', 'm.csv')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--csv .*does not exist/);
  });

  it('sweep --csv writes the file completely, with no temporary file left', () => {
    const folder = join(dir, 'csv');
    mkdirSync(folder);
    const r = castsim(['sweep', 'flood-grid', '--vary', 'link.loss=0,0.1', '--seeds', '1', '--jobs', '1', '--csv', join(folder, 'out.csv')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/sweep over link.loss/);
    expect(readdirSync(folder)).toEqual(['out.csv']);
  });
});

describe('QA regressions: sweeps cut off at maxEvents', () => {
  it('sweep says so on stderr, exits 1 and reports eventCap', () => {
    const r = castsim(['sweep', 'gossip-push-pull', '--vary', 'protocol.fanout=1,2', '--seeds', '2', '--jobs', '1', '--max-events', '100', '--json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/4 of 4 runs stopped at maxEvents/);
    const report = JSON.parse(r.stdout);
    for (const p of report.points) expect(p.metrics.eventCap.mean).toBe(1);
  });

  it('a sweep that never hits the cap reports eventCap 0 and exits 0', () => {
    const r = castsim(['sweep', 'flood-grid', '--vary', 'link.loss=0', '--seeds', '2', '--jobs', '1', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).points[0].metrics.eventCap.mean).toBe(0);
  });

  it('a non-numeric --seed or --seeds is reported as typed, exit 2', () => {
    const a = castsim(['run', 'flood-grid', '--seed', 'abc']);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/--seed must be a number, got 'abc'/);
    const b = castsim(['sweep', 'flood-grid', '--vary', 'link.loss=0', '--seeds', 'x']);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/--seeds must be a number, got 'x'/);
    expect(castsim(['run', 'flood-grid', '--seed', '3', '--json']).code).toBe(0);
  });

  it('unicast to the source itself is rejected, naming the workload item', () => {
    const f = join(dir, 'self.yaml');
    writeFileSync(f, 'topology: { kind: ring, nodes: 5 }\nprotocol: { type: unicast }\nworkload: [{ at: 0, from: 0, to: 3 }, { at: 0, from: 2, to: 2 }]\n');
    const r = castsim(['run', f]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/workload\[1\]\.to: must differ from 'from' \(2\)/);
    expect(r.stderr).not.toMatch(/workload\[0\]/);
  });

  it('top-level x- keys hold YAML anchors and are not scenario fields', () => {
    const f = join(dir, 'anchors.yaml');
    writeFileSync(f, 'x-lat: &lat { dist: uniform, min: 1, max: 9 }\ntopology: { kind: ring, nodes: 5 }\nlink: { latency: *lat }\nprotocol: { type: broadcast }\n');
    const r = castsim(['validate', f, '--json']);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.link.latency).toEqual({ dist: 'uniform', min: 1, max: 9 });
    expect(Object.keys(s).some((k) => k.startsWith('x-'))).toBe(false);
    // Any other unknown top-level key is still an error.
    writeFileSync(f, 'y-lat: 3\ntopology: { kind: ring, nodes: 5 }\nprotocol: { type: broadcast }\n');
    expect(castsim(['validate', f]).code).toBe(2);
  });

  it('check on an empty trace is bad input, not "no violation"', () => {
    const f = join(dir, 'empty.jsonl');
    writeFileSync(f, '');
    const r = castsim(['check', f, '--order', 'fifo']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is empty/);
  });
});
