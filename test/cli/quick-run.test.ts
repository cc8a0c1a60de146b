import { describe, expect, it } from 'vitest';
import { quickRunArgs } from '../../src/cli/run-args.js';
import { castsim } from '../support/cli.js';

describe('castsim run read without yargs (the start-up fast path)', () => {
  it('reads the plain shapes of run, values checked by the same rules as yargs', () => {
    expect(quickRunArgs(['run', 'a.yaml'])).toEqual({ scenario: 'a.yaml' });
    expect(quickRunArgs(['run', '--json', 'a.yaml', '--seed', '7', '--set', 'link.loss=0.1', '--set', 'x=1', '--until', '2.5', '--max-events', '100', '--trace', 't.jsonl']))
      .toEqual({ scenario: 'a.yaml', json: true, seed: 7, set: ['link.loss=0.1', 'x=1'], until: 2.5, maxEvents: 100, trace: 't.jsonl' });
    expect(quickRunArgs(['run', 'a.yaml', '--seed', '007'])).toEqual({ scenario: 'a.yaml', seed: 7 });
  });

  it.each([
    [['validate', 'a.yaml']], [['run']], [['run', 'a.yaml', 'b.yaml']], [['run', 'a.yaml', '--help']], [['run', '-h', 'a.yaml']],
    [['run', 'a.yaml', '--seed=3']], [['run', 'a.yaml', '--seed', 'abc']], [['run', 'a.yaml', '--seed', '-1']], [['run', 'a.yaml', '--seed', '1e3']],
    [['run', 'a.yaml', '--seed', '1.5']], [['run', 'a.yaml', '--until', '0']], [['run', 'a.yaml', '--max-events', '0']],
    [['run', 'a.yaml', '--seed', '1', '--seed', '2']], [['run', 'a.yaml', '--json', '--json']], [['run', 'a.yaml', '--trace']],
    [['run', 'a.yaml', '--trace', '-']], [['run', 'a.yaml', '--trace', 'a', '--trace', 'b']], [['run', 'a.yaml', '--trace', '']],
    [['run', 'a.yaml', '--no-json']], [['run', 'a.yaml', '--verbose']], [['run', 'a.yaml', '--set']], [['run', 'a.yaml', '--transport', 'ws']],
    [['run', 'a.yaml', '--html', 'r.html']], [['run', 'a.yaml', '--', 'x']], [['run', '--json', 'true']], [['run', 'a.yaml', '--json', 'false']],
    [['--seed', '5', 'run', 'a.yaml']],
  ])('leaves %j to yargs', (args) => {
    expect(quickRunArgs(args)).toBeNull();
  });

  it('prints exactly what the yargs path prints', () => {
    // `--seed=5` and `--set=…` are not read by the quick path: the same run through yargs.
    const quick = castsim(['run', 'gossip-push-pull', '--json', '--seed', '5', '--set', 'link.loss=0.1']);
    const full = castsim(['run', 'gossip-push-pull', '--json', '--seed=5', '--set=link.loss=0.1']);
    expect(quick.code).toBe(0);
    expect(JSON.parse(quick.stdout).seed).toBe(5);
    expect(quick.stdout).toBe(full.stdout);
    expect(quick.stderr).toBe(full.stderr);
    const text = castsim(['run', 'flood-grid', '--max-events', '10']), textFull = castsim(['run', 'flood-grid', '--max-events=10']);
    expect(text.code).toBe(1);
    expect(textFull.code).toBe(1);
    expect(text.stdout).toBe(textFull.stdout);
    expect(text.stderr).toBe(textFull.stderr);
  });

  it('reports bad input the same way on both paths: exit 2, no stack trace', () => {
    const quick = castsim(['run', 'no-such-scenario']), full = castsim(['run', 'no-such-scenario', '--seed=1']);
    expect(quick.code).toBe(2);
    expect(full.code).toBe(2);
    expect(quick.stderr).toBe(full.stderr);
    expect(quick.stderr).not.toMatch(/at .*\.js/);
  });
});
