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

const dir = mkdtempSync(join(tmpdir(), 'castsim-edgelist-build-'));

/** Seeded lines: repeats (either orientation, other latencies), self-loops, any order, comments, odd spacing, CRLF, ids far apart. */
function randomEdgeList(seed: number, lines: number, nodes: number): string {
  let s = seed;
  const rand = () => { s = (Math.imul(s, 1103515245) + 12345) >>> 0; return s / 2 ** 32; };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const id = () => Math.floor(rand() ** 2 * nodes); // low ids more often: long rows and many repeats
  const seen: [number, number][] = [];
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const r = rand();
    let u = id(), v = id();
    if (r < 0.1 && seen.length > 0) [v, u] = pick(seen); // a repeat, other way round
    else if (r < 0.15 && seen.length > 0) [u, v] = pick(seen);
    else if (r < 0.2) v = u; // self-loop
    seen.push([u, v]);
    const ms = pick([() => (rand() * 10).toFixed(2), () => String(Math.floor(rand() * 30)), () => `${(rand() * 9).toFixed(1)}e-1`])();
    out.push(pick([`${u} ${v} ${ms}`, `${u}\t${v}\t${ms}`, `  ${u}  ${v} ${ms}  # edge`, `${u} ${v} ${ms}\r`]));
    if (rand() < 0.05) out.push(pick(['# a comment', '', '   ']));
  }
  return out.join('\n') + '\n';
}

/** The topology by the book: a map from (low, high) to the first latency, links in key order, rows sorted. */
function plainTopology(text: string): { nodes: number; offsets: number[]; targets: number[]; linkOf: number[]; linkU: number[]; linkV: number[]; linkLatency: number[]; slotLatency: number[] } {
  const first = new Map<string, number>();
  let nodes = 0;
  for (const line of text.split('\n')) {
    const cols = line.replace(/#.*/, '').split(/[ \t\r]+/).filter(Boolean);
    if (cols.length === 0) continue;
    const u = Number(cols[0]), v = Number(cols[1]);
    nodes = Math.max(nodes, u + 1, v + 1);
    const key = `${Math.min(u, v)},${Math.max(u, v)}`;
    if (u !== v && !first.has(key)) first.set(key, Number(cols[2]));
  }
  const links = [...first.entries()].map(([key, ms]) => { const [a, b] = key.split(',').map(Number) as [number, number]; return { a, b, ms }; })
    .sort((x, y) => x.a - y.a || x.b - y.b);
  const rows = Array.from({ length: nodes }, () => [] as { to: number; l: number; ms: number }[]);
  links.forEach(({ a, b, ms }, l) => { rows[a]!.push({ to: b, l, ms }); rows[b]!.push({ to: a, l, ms }); });
  const offsets = [0], targets: number[] = [], linkOf: number[] = [], slotLatency: number[] = [];
  for (const row of rows) {
    row.sort((x, y) => x.to - y.to);
    for (const h of row) { targets.push(h.to); linkOf.push(h.l); slotLatency.push(h.ms); }
    offsets.push(targets.length);
  }
  return { nodes, offsets, targets, linkOf, linkU: links.map((x) => x.a), linkV: links.map((x) => x.b), linkLatency: links.map((x) => x.ms), slotLatency };
}

function arraysOf(t: Topology) {
  return {
    nodes: t.nodes, offsets: [...t.offsets], targets: [...t.targets], linkOf: [...t.linkOf], linkU: [...t.linkU], linkV: [...t.linkV],
    linkLatency: [...t.linkLatency!], slotLatency: [...t.slotLatency!],
  };
}

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
    expect(new Set([t.targets.buffer, t.linkOf.buffer])).toEqual(new Set(memory));
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
