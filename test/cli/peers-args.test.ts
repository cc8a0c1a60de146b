/**
 * bench/peers.mjs (npm run bench:peers) refuses a command line it cannot read before it
 * builds or runs anything: one line naming the argument, the usage, exit 2, no stack trace.
 * (It once took `--help` for nothing and ran the whole benchmark, SIM.JS included.)
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const tool = new URL('../../bench/peers.mjs', import.meta.url).pathname;

function runTool(args: string[]) {
  const r = spawnSync(process.execPath, [tool, ...args], { encoding: 'utf8', timeout: 20_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('bench/peers.mjs command line', () => {
  it('prints its usage for --help and runs nothing', () => {
    const r = runTool(['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^usage: node bench\/peers\.mjs \[--nodes 100000,1000000\]/);
    expect(r.err).toBe('');
  });

  it.each([
    [['--nope'], 'bench/peers.mjs: unknown argument --nope'],
    [['--reps'], 'bench/peers.mjs: --reps needs a value'],
    [['--reps', '0'], 'bench/peers.mjs: --reps must be an integer ≥ 1, got 0'],
    [['--simjs-reps', '-1'], 'bench/peers.mjs: --simjs-reps must be an integer ≥ 0, got -1'],
    [['--nodes', '100000,1e3x'], 'bench/peers.mjs: --nodes takes node counts ≥ 2 separated by commas, got 1e3x'],
    [['--only', 'nothing'], 'bench/peers.mjs: --only nothing names no tool here'],
    [['--nodes', '10', '--castsim', '/nonexistent/castsim.cjs'], 'bench/peers.mjs: --castsim /nonexistent/castsim.cjs: no such file'],
  ])('refuses %j with one line and exit 2', (args, message) => {
    const r = runTool(args);
    expect(r.code).toBe(2);
    expect(r.err.split('\n')[0]).toContain(message);
    expect(r.err).toContain('usage: node bench/peers.mjs');
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(r.out).toBe('');
  });
});
