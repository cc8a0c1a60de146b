/**
 * A protocol of the user's own, named by `protocol.module`, through every command:
 * the Chord example of docs/writing-a-protocol.md (examples/chord.mjs). Its hop
 * counts are checked lookup by lookup against an independent computation: greedy
 * forwarding over fingers at distances 1, 2, 4, … takes popcount(d) hops for a key
 * at ring distance d, and with only the successor d hops.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { castsim } from '../support/cli.js';

const root = new URL('../..', import.meta.url).pathname;
const chord = join(root, 'examples/chord.yaml');
const dir = mkdtempSync(join(tmpdir(), 'castsim-plugins-'));
const N = 100; // examples/chord.yaml's ring

const popcount = (x: number) => x.toString(2).split('').filter((b) => b === '1').length;
/** Hops of a greedy lookup over fingers 1, 2, …, 2^(f−1) for a key at ring distance d. */
const greedyHops = (d: number, f: number) => Math.floor(d / 2 ** (f - 1)) + popcount(d % 2 ** (f - 1));

function json(args: string[]) {
  const r = castsim(args, { cwd: root });
  expect(r.stderr, r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

/** Every lookup of a traced run: its source, key and the hops its delivery reported. */
function lookups(trace: string): Array<{ from: number; to: number; hops: number | undefined }> {
  const events = readFileSync(trace, 'utf8').trim().split('\n').slice(1).map((l) => JSON.parse(l));
  const hops = new Map(events.filter((e) => e.type === 'deliver').map((e) => [e.msg, e.hops]));
  return events.filter((e) => e.type === 'request').map((e) => ({ from: e.node, to: e.to, hops: hops.get(e.msg) }));
}

describe('a plug-in from protocol.module (examples/chord.mjs)', () => {
  it('run: every lookup arrives after exactly popcount(distance) ≤ ⌈log2 n⌉ hops', () => {
    const trace = join(dir, 'chord.jsonl');
    const result = json(['run', chord, '--json', '--trace', trace]);
    expect(result.protocol).toBe('chord');
    expect(result.metrics).toMatchObject({ messages: 100, expected: 100, delivered: 100, dropped: 0, duplicates: 0 });
    const all = lookups(trace);
    expect(all).toHaveLength(100);
    for (const { from, to, hops } of all) expect(hops).toBe(popcount((to - from + N) % N));
    expect(Math.max(...all.map((l) => l.hops!))).toBeLessThanOrEqual(Math.ceil(Math.log2(N)));
    // One transmission per hop: nothing is lost or duplicated on these links.
    expect(result.metrics.sent).toBe(all.reduce((s, l) => s + l.hops!, 0));
  });

  it('run: with only the successor as finger a lookup walks the ring, d hops', () => {
    const trace = join(dir, 'successor.jsonl');
    json(['run', chord, '--json', '--trace', trace, '--set', 'protocol.fingers=1']);
    for (const { from, to, hops } of lookups(trace)) expect(hops).toBe((to - from + N) % N);
  });

  it('validate fills the options in, and list --module shows the plug-in', () => {
    expect(castsim(['validate', chord], { cwd: root }).stdout).toBe(`${chord}: ok (chord on a ring topology, seed 1)\n`);
    const listed = json(['list', '--json', '--module', 'examples/chord.mjs']);
    expect(listed.plugins).toEqual([{ type: 'chord', description: expect.stringContaining('Chord finger-table lookup'), module: join(root, 'examples/chord.mjs') }]);
    expect(listed.protocols.map((p: { type: string }) => p.type)).not.toContain('chord');
  });

  it('compare: the plug-in joins the six on the same network, with the scenario\'s own workload', () => {
    const rows = json(['compare', chord, '--json']);
    expect(rows.map((r: { protocol: string }) => r.protocol)).toEqual(['unicast', 'multicast', 'broadcast', 'anycast', 'gossip', 'reliable', 'chord']);
    expect(new Set(rows.map((r: { topologyFingerprint: string }) => r.topologyFingerprint)).size).toBe(1);
    const own = rows[6];
    expect(own.metrics).toMatchObject({ messages: 100, expected: 100, delivered: 100 });
    // Same seed, same workload stream: the row is the run of `castsim run`.
    expect(own.fingerprint).toBe(json(['run', chord, '--json']).fingerprint);
  });

  const sweepArgs = ['sweep', chord, '--vary', 'protocol.fingers=1,7', '--seeds', '3', '--json'];

  it('sweep --jobs 2: workers load the module themselves; the report equals --jobs 1, byte for byte', () => {
    const two = castsim([...sweepArgs, '--jobs', '2'], { cwd: root });
    expect(two.stderr).toBe('');
    expect(two.code).toBe(0);
    expect(castsim([...sweepArgs, '--jobs', '1'], { cwd: root }).stdout).toBe(two.stdout);
    const report = JSON.parse(two.stdout);
    expect(report.runs).toBe(6);
    const [successor, full] = report.points;
    for (const p of report.points) expect(p.metrics['metrics.deliveryRatio']).toMatchObject({ n: 3, mean: 1, sd: 0 });
    expect(full.metrics['metrics.hops.max'].mean).toBeLessThanOrEqual(Math.ceil(Math.log2(N)));
    // Walking the ring costs the mean distance (n/2 over uniform pairs); fingers cost about log2(n)/2.
    expect(successor.metrics['metrics.hops.mean'].mean).toBeGreaterThan(35);
    expect(full.metrics['metrics.hops.mean'].mean).toBeLessThan(4.5);
  });

  it('merge: shards of the plug-in sweep merge into exactly the unsharded report', () => {
    const shards = [1, 2].map((i) => {
      const r = castsim([...sweepArgs, '--jobs', '2', '--shard', `${i}/2`], { cwd: root });
      expect(r.code).toBe(0);
      const file = join(dir, `shard-${i}.json`);
      writeFileSync(file, r.stdout);
      return file;
    });
    const merged = castsim(['merge', shards[1]!, shards[0]!, '--json'], { cwd: root });
    expect(merged.stderr).toBe('');
    expect(merged.stdout).toBe(castsim([...sweepArgs, '--jobs', '1'], { cwd: root }).stdout);
  });

  it('a changed module is another sweep: its shards do not merge with the old ones', () => {
    const copy = mkdtempSync(join(dir, 'copy-'));
    writeFileSync(join(copy, 'chord.yaml'), readFileSync(chord, 'utf8'));
    // Outside the package, 'castsim' resolves to nothing: point the copy at the build.
    writeFileSync(join(copy, 'chord.mjs'), readFileSync(join(root, 'examples/chord.mjs'), 'utf8').replace("from 'castsim'", `from '${join(root, 'dist/index.js')}'`));
    const shard = (i: number) => {
      const r = castsim(['sweep', join(copy, 'chord.yaml'), '--vary', 'link.loss=0', '--seeds', '2', '--jobs', '1', '--shard', `${i}/2`], { cwd: root });
      expect(r.code).toBe(0);
      const file = join(copy, `s${i}.json`);
      writeFileSync(file, r.stdout);
      return file;
    };
    const first = shard(1);
    writeFileSync(join(copy, 'chord.mjs'), `${readFileSync(join(copy, 'chord.mjs'), 'utf8')}\n// changed\n`);
    const second = shard(2);
    const r = castsim(['merge', first, second], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is a shard of a different sweep/);
  });
});

describe('bad plug-in modules are bad input: exit 2, the file and field named, nothing on stdout', () => {
  const scenario = (name: string, protocol: string) => {
    const file = join(dir, `${name}.yaml`);
    writeFileSync(file, `topology: { kind: ring, nodes: 8 }\nprotocol: ${protocol}\n`);
    return file;
  };
  writeFileSync(join(dir, 'empty.mjs'), 'export const answer = 42;\n');
  writeFileSync(join(dir, 'bad-options.mjs'), "export default { type: 'mine', description: 'x', options: {}, expected: () => [], createProcess: () => ({}) };\n");
  writeFileSync(join(dir, 'no-process.mjs'), "export const mine = { type: 'mine', description: 'x', options: { '~standard': { version: 1, vendor: 'mine', validate: (value) => ({ value }) } }, expected: () => [] };\n");
  writeFileSync(join(dir, 'needs-a-package.mjs'), "import 'castsim-no-such-package';\nexport default {};\n");
  const cases: Array<[string, string, string]> = [
    ['a missing module', '{ type: mine, module: ./nowhere.mjs }', `protocol.module: cannot load ${join(dir, 'nowhere.mjs')}: file not found`],
    ['a module that exports no plug-in', '{ type: mine, module: ./empty.mjs }', `protocol.module: ${join(dir, 'empty.mjs')} exports no protocol plug-in`],
    ['options that are no validator', '{ type: mine, module: ./bad-options.mjs }', `protocol.module: ${join(dir, 'bad-options.mjs')}: export default is not a valid protocol plug-in: options must be a Standard Schema validator`],
    ['a plug-in without createProcess', '{ type: mine, module: ./no-process.mjs }', `protocol.module: ${join(dir, 'no-process.mjs')}: export mine is not a valid protocol plug-in: createProcess must be a function`],
    ['a module whose own import fails', '{ type: mine, module: ./needs-a-package.mjs }', `protocol.module: cannot load ${join(dir, 'needs-a-package.mjs')}: Error: Cannot find package 'castsim-no-such-package'`],
    ['a type the module does not export', `{ type: chrod, module: ${join(root, 'examples/chord.mjs')} }`, "protocol.type: unknown protocol type 'chrod' — allowed: unicast, multicast, broadcast, anycast, gossip, reliable, chord (did you mean 'chord'?)"],
    ['an option the plug-in rejects', `{ type: chord, module: ${join(root, 'examples/chord.mjs')}, fingers: 0 }`, 'protocol.fingers: must be ≥ 1, got 0'],
    ['a type of your own with no module', '{ type: mine }', "protocol.type: unknown protocol type 'mine'"],
  ];
  for (const [what, protocol, message] of cases) {
    it(what, () => {
      const file = scenario(what.replace(/\W+/g, '-'), protocol);
      for (const args of [['run', file], ['validate', file], ['sweep', file, '--vary', 'link.loss=0,0.1', '--seeds', '2', '--jobs', '2']]) {
        const r = castsim(args);
        expect(r.code, `${args[0]}: ${r.stderr}`).toBe(2);
        expect(r.stdout).toBe('');
        expect(r.stderr).toContain(`${file}: ${message}`);
        expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
      }
    });
  }

  it('list --module names the module that exports nothing', () => {
    const r = castsim(['list', '--module', join(dir, 'empty.mjs')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('exports no protocol plug-in');
  });
});
