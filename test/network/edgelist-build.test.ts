// The edge-list run path, read then built, against an independent, plain construction: the
// file is read in a small buffer that grows only for a long line, fromEdges files rows with
// its row starts as their own cursors (no copies), and a run's build places the rows in the
// edge list's own memory (edgeListMemory) once it has read the edges.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EdgeListError, edgeListMemory, parseEdgeList, readEdgeList } from '../../src/network/edgelist.js';
import { generateTopology } from '../../src/network/generators.js';
import { Topology } from '../../src/network/topology.js';
import { arraysOf, plainTopology, randomEdgeList } from './edge-list-fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'castsim-edgelist-build-'));

describe('edge list to topology', () => {
  it('builds the plain construction from random edge lists, over 12 seeds (sparse and dense ids)', () => {
    for (let seed = 1; seed <= 12; seed++) {
      const text = randomEdgeList(seed, 3000, seed % 2 ? 5000 : 300);
      const list = parseEdgeList(text, 'net.txt');
      expect(arraysOf(Topology.fromEdges(list.nodes, list.us, list.vs, list.latency))).toEqual(plainTopology(text));
    }
  });

  it('builds the plain construction in the lists\' own memory, over 12 seeds', () => {
    for (let seed = 1; seed <= 12; seed++) {
      const text = randomEdgeList(seed, 3000, seed % 2 ? 5000 : 300);
      const list = parseEdgeList(text, 'net.txt');
      expect(arraysOf(Topology.fromEdges(list.nodes, list.us, list.vs, list.latency, edgeListMemory(list)))).toEqual(plainTopology(text));
    }
  });

  it('puts targets and linkOf in the list\'s memory when it fits, and still builds the plain construction', () => {
    // Lines of exactly 16 bytes size the reader's arrays exactly (bytes / 16); a shuffled ring has no repeat.
    const n = 3000, lines: string[] = [];
    for (let v = 0; v < n; v++) lines.push(`${String(v).padStart(5, '0')} ${String((v * 7 + 1) % n).padStart(5, '0')} ${(v % 9) + 1}.5`);
    const text = lines.join('\n') + '\n';
    expect(text.length).toBe(16 * n);
    const list = parseEdgeList(text, 'ring.txt');
    const memory = edgeListMemory(list);
    expect(memory.length).toBe(2); // us and vs share one buffer; the latencies have their own
    const t = Topology.fromEdges(list.nodes, list.us, list.vs, list.latency, memory);
    // By identity: toEqual holds any two ArrayBuffers in a Set equal, whatever their size.
    expect(memory.indexOf(t.targets.buffer as ArrayBuffer)).toBeGreaterThanOrEqual(0);
    expect(memory.indexOf(t.linkOf.buffer as ArrayBuffer)).toBeGreaterThanOrEqual(0);
    expect(t.targets.buffer).not.toBe(t.linkOf.buffer);
    expect(arraysOf(t)).toEqual(plainTopology(text));
  });

  it('leaves a buffer with more than an eighth to spare (the topology would keep all of it)', () => {
    const spare = new ArrayBuffer(1024);
    const t = Topology.fromEdges(3, [0, 1], [1, 2], [1, 2], [spare]);
    expect([t.targets.buffer, t.linkOf.buffer, t.slotLatency!.buffer]).not.toContain(spare);
    expect([...t.targets]).toEqual([1, 0, 2, 1]);
  });

  it('reads a file over many read chunks into the same edges as the text, and builds the plain construction', () => {
    const text = randomEdgeList(7, 60_000, 20_000); // ~1.3 MB: several of the reader's first 256 KB chunks
    expect(text.length).toBeGreaterThan(1 << 20);
    const path = join(dir, 'mixed.txt');
    writeFileSync(path, text);
    const fromFile = readEdgeList(path), fromText = parseEdgeList(text, path);
    const bytes = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    for (const key of ['us', 'vs', 'latency'] as const) expect(bytes(fromFile[key]!).equals(bytes(fromText[key]!))).toBe(true);
    const want = plainTopology(text);
    expect(arraysOf(Topology.fromEdges(fromFile.nodes, fromFile.us, fromFile.vs, fromFile.latency))).toEqual(want);
    // The run's way: read again and built in the list's memory.
    expect(arraysOf(generateTopology({ kind: 'edgelist', file: path }, () => 0.5))).toEqual(want);
  });
});

describe('readEdgeList read buffer', () => {
  function failure(path: string): EdgeListError {
    try { readEdgeList(path); } catch (error) { if (error instanceof EdgeListError) return error; throw error; }
    throw new Error('expected an EdgeListError');
  }

  it('grows for a line longer than its first chunk, so the line is measured and named as with one 8 MB buffer', () => {
    const path = join(dir, 'long-line.txt');
    writeFileSync(path, `0 1\n1 2\n${'9'.repeat(300_000)}\n2 3\n`);
    const e = failure(path);
    expect(e.message).toBe(`${path}:3: line is 300000 characters long; an edge line has at most 4096 (is this an edge list?)`);
  });

  it('still refuses a line that does not fit in 8 MB, naming its line', () => {
    const path = join(dir, 'huge-line.txt');
    writeFileSync(path, `0 1\n${'1'.repeat(9 << 20)}\n`);
    const e = failure(path);
    expect(e.message).toBe(`${path}:2: line is over ${8 << 20} characters long; an edge line has at most 4096 (is this an edge list?)`);
  });
});
