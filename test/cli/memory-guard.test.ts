/**
 * A run too big for the memory allowed is refused before it allocates (exit 2, the
 * figure, and how to raise the limit); a big run that fits gets a larger V8 heap by
 * running again in a child node, instead of dying in a V8 heap abort.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { childEnv, parseBytes } from '../../src/cli/memory-guard.js';
import { castsim } from '../support/cli.js';

const main = new URL('../../dist/cli/main.js', import.meta.url).pathname;
/** The CLI in a node whose heap is `heapMb` MB; with `noRerun` it may not start a larger one. */
function small(heapMb: number, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [`--max-old-space-size=${heapMb}`, main, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

describe('memory guard', () => {
  const dir = mkdtempSync(join(tmpdir(), 'castsim-memory-'));

  it('parses sizes', () => {
    expect(parseBytes('8G')).toBe(8 * 2 ** 30);
    expect(parseBytes('512m')).toBe(512 * 2 ** 20);
    expect(parseBytes('2.5GiB')).toBe(2.5 * 2 ** 30);
    expect(parseBytes('1000')).toBe(1000);
    expect(parseBytes('lots')).toBeNull();
  });

  it('a re-run child asks glibc for huge pages, keeping any tunables the user set', () => {
    expect(childEnv({ PATH: '/bin' }, 9000)).toEqual({ PATH: '/bin', CASTSIM_HEAP_MB: '9000', GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1' });
    expect(childEnv({ GLIBC_TUNABLES: 'glibc.malloc.arena_max=2' }, 1).GLIBC_TUNABLES).toBe('glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1');
    // The user's own choice stands, 0 (off) included.
    expect(childEnv({ GLIBC_TUNABLES: 'glibc.malloc.hugetlb=0' }, 1).GLIBC_TUNABLES).toBe('glibc.malloc.hugetlb=0');
    expect(childEnv({ GLIBC_TUNABLES: 'glibc.malloc.arena_max=2:glibc.malloc.hugetlb=2' }, 1).GLIBC_TUNABLES).toBe('glibc.malloc.arena_max=2:glibc.malloc.hugetlb=2');
    // An empty value is no tunable at all.
    expect(childEnv({ GLIBC_TUNABLES: '' }, 1).GLIBC_TUNABLES).toBe('glibc.malloc.hugetlb=1');
  });

  // CASTSIM_HEAP_MB marks a process that may not re-run itself, and a 40 MB heap could not
  // even build these topologies: a refusal here proves nothing was allocated first.
  const refuse = (args: string[], pattern: RegExp) => {
    const r = small(40, args, { CASTSIM_MAX_MEMORY: '4G', CASTSIM_HEAP_MB: '40' });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(pattern);
    expect(r.stderr).toMatch(/more than the 4\.0 GiB allowed \(CASTSIM_MAX_MEMORY\).*CASTSIM_MAX_MEMORY=SIZE/);
    expect(r.stderr).not.toMatch(/FATAL|heap out of memory|\n\s+at /);
    expect(r.stdout).toBe('');
  };

  it('12 M nodes of degree 8 (48 M links) over the limit: exit 2 naming the figure', () => {
    refuse(['run', 'default', '--set', 'topology.nodes=12000000', '--set', 'topology.degree=8'],
      /this run needs about \d+(\.\d)? GiB of memory \(12,000,000 nodes, 48,000,000 links, broadcast\)/);
  });

  it('validate refuses what run would refuse for memory: exit 2 naming the figure', () => {
    refuse(['validate', 'default', '--set', 'topology.nodes=12000000', '--set', 'topology.degree=8'],
      /this run needs about \d+(\.\d)? GiB of memory \(12,000,000 nodes, 48,000,000 links, broadcast\)/);
  });

  it('50 M nodes on a line: exit 2', () => {
    refuse(['run', 'default', '--set', 'topology={kind: line, nodes: 50000000}'], /50,000,000 nodes, 49,999,999 links/);
  });

  it("a one-line edge list '0 49999999' (50 M nodes): exit 2", () => {
    writeFileSync(join(dir, 'far.txt'), '0 49999999\n');
    writeFileSync(join(dir, 'far.yaml'), 'topology: { kind: edgelist, file: far.txt }\nprotocol: { type: broadcast }\n');
    refuse(['run', join(dir, 'far.yaml')], /50,000,000 nodes, 1 links/);
  });

  it('compare is guarded too', () => {
    refuse(['compare', 'default', '--set', 'topology.nodes=12000000', '--set', 'topology.degree=8'], /12,000,000 nodes/);
  });

  it('a bad CASTSIM_MAX_MEMORY is a usage error', () => {
    const r = castsim(['run', 'flood-grid'], { env: { CASTSIM_MAX_MEMORY: 'plenty' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/CASTSIM_MAX_MEMORY must be a size such as 8G/);
  });

  it('a run that needs more heap than V8 was given runs in a larger one, with the same result', { timeout: 120_000 }, () => {
    writeFileSync(join(dir, 'big.yaml'), 'topology: { kind: random-regular, nodes: 200000, degree: 4 }\nprotocol: { type: broadcast }\n');
    const roomy = castsim(['run', join(dir, 'big.yaml'), '--json']);
    // 200,000 processes need far more than 48 MB of heap: without the re-run this aborts.
    const cramped = small(48, ['run', join(dir, 'big.yaml'), '--json']);
    expect(cramped.code, cramped.stderr).toBe(0);
    expect(cramped.stderr).toBe('');
    expect(JSON.parse(cramped.stdout).fingerprint).toBe(JSON.parse(roomy.stdout).fingerprint);
    expect(JSON.parse(cramped.stdout).metrics.delivered).toBe(199_999);
  });
});

describe('memory guard and the edge list', () => {
  it('the estimate reads the list the loader kept and keeps it for the run: one parse per run', async () => {
    const { loadScenario } = await import('../../src/scenario/load.js');
    const { estimateScenario } = await import('../../src/cli/memory-guard.js');
    const { readAndKeepEdgeList, readEdgeList } = await import('../../src/network/edgelist.js');
    const dir = mkdtempSync(join(tmpdir(), 'castsim-guard-'));
    writeFileSync(join(dir, 'g.txt'), '0 1\n1 2\n2 0\n2 3\n');
    writeFileSync(join(dir, 's.yaml'), 'name: g\ntopology: { kind: edgelist, file: g.txt }\nprotocol: { type: broadcast }\nworkload: [{ at: 0, from: 0 }]\n');
    const scenario = loadScenario(join(dir, 's.yaml'));
    const file = (scenario.topology as { file: string }).file;
    const parsed = readAndKeepEdgeList(file); // what the loader kept (handed back and kept again)
    const estimate = estimateScenario(scenario);
    expect([estimate.nodes, estimate.links]).toEqual([4, 4]);
    // The run gets the very object parsed before the estimate: the file is not parsed again.
    expect(readEdgeList(file)).toBe(parsed);
    expect(readEdgeList(file)).not.toBe(parsed); // handed over once; a later read parses anew
  });
});
