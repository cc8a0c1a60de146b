/**
 * The benchmark scripts of bench/ read their command line (bench/cli-args.mjs) before any heavy
 * work: --help prints the usage with an example on stdout and exits 0 having run nothing; bad
 * input gets one line naming the argument and what it takes, the usage, exit 2, no stack trace.
 * (They used to take --help for a size: NaN rows, a stack trace, or the whole benchmark run.)
 * Each script runs as a whole process in its own process group, killed with its children after
 * 10 s: a script that starts its benchmark on a bad argument fails here without being waited for.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const bench = new URL('../../bench/', import.meta.url).pathname;
const cwd = mkdtempSync(join(tmpdir(), 'castsim-bench-args-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

function runScript(script: string, args: string[]): Promise<{ code: number | null; out: string; err: string; timedOut: boolean }> {
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS; // read at every node start when set: ~50 ms a spawn here
  const child = spawn(process.execPath, [join(bench, script), ...args], { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '', err = '', timedOut = false;
  child.stdout.setEncoding('utf8').on('data', (d: string) => { out += d; });
  child.stderr.setEncoding('utf8').on('data', (d: string) => { err += d; });
  const killGroup = () => { try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* already gone */ } };
  const timer = setTimeout(() => { timedOut = true; killGroup(); }, 10_000);
  return new Promise((done) => {
    child.on('close', (code) => { clearTimeout(timer); killGroup(); done({ code, out, err, timedOut }); });
  });
}

/** Each script: the start of its usage, and bad command lines with the first line they must print. */
const SCRIPTS: Array<[string, string, Array<[string[], string]>]> = [
  ['hold.mjs', 'usage: node bench/hold.mjs [pending,...] [steps] [rounds]', [
    [['10000,abc'], 'pending takes integers ≥ 1 separated by commas, got abc'],
    [['10000', '0'], 'steps must be an integer ≥ 1, got 0'],
    [['--steps', '5'], 'unknown option --steps'],
  ]],
  ['hold-ab.mjs', 'usage: node bench/hold-ab.mjs DIST_A DIST_B [pending] [steps] [pairs]', [
    [['/nonexistent/a', '/nonexistent/b'], "DIST_A /nonexistent/a is not a build's dist/ folder (no engine/event-queue.js in it)"],
    [['dist'], 'needs two dist/ folders, DIST_A and DIST_B'],
  ]],
  ['scale.mjs', 'usage: node bench/scale.mjs [sizes] [reps]', [
    [['10000,1e5x'], 'sizes takes integers ≥ 9 separated by commas, got 1e5x'],
    [['10000', 'two'], 'reps must be an integer ≥ 1, got two'],
  ]],
  ['startup.mjs', 'usage: node bench/startup.mjs [reps] [other-cli.js ...]', [
    [['many'], 'reps must be an integer ≥ 1, got many'],
    [['3', '/nonexistent/castsim.cjs'], 'other-cli.js /nonexistent/castsim.cjs: no such file'],
  ]],
  ['gossip-million.mjs', 'usage: node bench/gossip-million.mjs [nodes]', [
    [['1M'], 'nodes must be an integer ≥ 3, got 1M'],
    [['--nodes', '1000'], 'unknown option --nodes'],
  ]],
  ['queue-flood.mjs', 'usage: node bench/queue-flood.mjs EDGES.txt [rounds] [--dist DIR] [--count]', [
    [['/nonexistent/edges.txt'], 'EDGES.txt /nonexistent/edges.txt: no such file'],
    [[], 'needs EDGES.txt, an edge-list file'],
  ]],
  ['peers-load.mjs', 'usage: node bench/peers-load.mjs [--nodes N] [--rounds N] [DIST ...]', [
    [['--rounds', '0'], '--rounds must be an integer ≥ 1, got 0'],
    [['--nodes'], '--nodes needs a value'],
    [['/nonexistent/dist'], "DIST /nonexistent/dist is not a build's dist/ folder (no network/edgelist.js in it)"],
  ]],
  ['memory-probe.mjs', 'usage: node --expose-gc bench/memory-probe.mjs [TYPE] [NODES] [DEGREE]', [
    [['flood'], 'TYPE must be one of unicast, multicast, broadcast, anycast, gossip, reliable, got flood'],
    [['gossip', '1000', '8', 'random-regular', '{mode:1}'], 'PROTOCOL-OPTIONS-JSON is not JSON'],
  ]],
  ['generate-graph.mjs', 'usage: node bench/generate-graph.mjs OUT.txt [nodes] [avgDegree] [seed]', [
    [['out.txt', '10k'], 'nodes must be an integer ≥ 2, got 10k'],
    [['out.txt', '1000', '0'], 'avgDegree must be a number > 0, got 0'],
  ]],
  ['ws-load.mjs', 'usage: node bench/ws-load.mjs [clients] [rounds]', [
    [['15'], 'clients must be a multiple of 10 (the groups), got 15'],
    [['5'], 'clients must be an integer ≥ 10, got 5'],
    [['100', '0'], 'rounds must be an integer ≥ 1, got 0'],
    [['100', '1', 'x'], 'unexpected argument x'],
  ]],
  ['run.mjs', 'usage: node bench/run.mjs [ONLY]', [
    [['nothing'], 'ONLY nothing names no benchmark here'],
    [['flood', 'gossip'], 'unexpected argument gossip'],
  ]],
];

describe.each(SCRIPTS)('bench/%s command line', (script, usage, bad) => {
  it('prints its usage and an example for --help and runs nothing', async () => {
    const r = await runScript(script, ['--help']);
    expect(r.timedOut).toBe(false);
    expect(r.code).toBe(0);
    expect(r.out.slice(0, usage.length)).toBe(usage);
    expect(r.out).toMatch(/\n {2}example: node /);
    expect(r.err).toBe('');
  });

  it.each(bad)('refuses %j with one line and exit 2', async (args, message) => {
    const r = await runScript(script, args);
    expect(r.timedOut).toBe(false);
    expect(r.code).toBe(2);
    const expected = `bench/${script}: ${message}`;
    expect(r.err.split('\n')[0].slice(0, expected.length)).toBe(expected);
    expect(r.err).toContain(usage);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(r.out).toBe('');
  });
});
