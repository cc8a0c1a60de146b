import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EdgeListError, parseEdgeList, readEdgeList } from '../../src/network/edgelist.js';

function failure(text: string): EdgeListError {
  try { parseEdgeList(text, 'net.txt'); } catch (error) { if (error instanceof EdgeListError) return error; throw error; }
  throw new Error('expected an EdgeListError');
}

describe('parseEdgeList', () => {
  it('reads edges, skipping comments, blank lines and stray whitespace', () => {
    const text = '# a small network\n\n0 1\n  1\t2   # trailing comment\r\n\n3 1#no space\n   \n# end';
    const list = parseEdgeList(text, 'net.txt');
    expect(list.nodes).toBe(4);
    expect(Array.from(list.us)).toEqual([0, 1, 3]);
    expect(Array.from(list.vs)).toEqual([1, 2, 1]);
    expect(list.latency).toBeNull();
  });

  it('reads a latency column and sizes the network by the largest id', () => {
    const list = parseEdgeList('0 9 1.5\n2 3 0\n3 4 1e2\n', 'net.txt');
    expect(list.nodes).toBe(10);
    expect(Array.from(list.latency!)).toEqual([1.5, 0, 100]);
  });

  it('grows past its initial buffers', () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `${i} ${i + 1} ${i % 7}`);
    const list = parseEdgeList(lines.join('\n'), 'net.txt');
    expect([list.nodes, list.us.length, list.vs[4999], list.latency![4999]]).toEqual([5001, 5000, 5000, 4999 % 7]);
    // Short lines without latency: the arrays (sized from the bytes) grow several times mid-way through the fast path.
    const short = parseEdgeList(Array.from({ length: 20_000 }, (_, i) => `${i % 10} ${i % 7}`).join('\n'), 'net.txt');
    expect(short.us.length).toBe(20_000);
    expect(Array.from(short.us).every((u, i) => u === i % 10 && short.vs[i] === i % 7)).toBe(true);
    expect(short.latency).toBeNull();
  });

  it.each([
    ['0 1\n1 2.5\n', 2, /non-negative integer.*'2.5'/],
    ['0 1\n\n-1 2\n', 3, /non-negative integer.*'-1'/],
    ['0 1\nx 2\n', 2, /'x'/],
    ['# c\n0\n', 2, /found 1 columns/],
    ['0 1 2 3\n', 1, /found 4 columns/],
    ['0 1 5\n1 2 -3\n', 2, /non-negative number.*'-3'/],
    ['0 1 5\n1 2 fast\n', 2, /'fast'/],
    ['0 1 5\n# c\n1 2\n', 3, /lacks a latency column but line 1 has one/],
    ['0 1\n1 2 4\n', 2, /has a latency column but line 1 does not/],
    ['0 99999999999\n', 1, /too large/],
  ])('rejects %j at line %i', (text, line, message) => {
    const error = failure(text);
    expect(error.line).toBe(line);
    expect(error.file).toBe('net.txt');
    expect(error.message).toMatch(message);
    expect(error.message.startsWith(`net.txt:${line}: `)).toBe(true);
  });

  it('reads every latency token exactly as Number() does', () => {
    const tokens: string[] = ['0', '0.0', '1.', '.5', '007.250', '1e2', '2E-1', '0x10', '123456789012345678901234.5', '0.1', '0.3',
      '9007199254740993', '1.00000000000000000000001', '4.35', '1.005', '+3'];
    let x = 12345;
    for (let i = 0; i < 2000; i++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      const whole = x % 100000, frac = String(Math.floor(x / 7) % 1000000).padStart(1 + (x % 6), '0');
      tokens.push(`${whole}.${frac}`);
    }
    const list = parseEdgeList(tokens.map((t, i) => `${i} ${i + 1} ${t}`).join('\n'), 'net.txt');
    expect(Array.from(list.latency!)).toEqual(tokens.map(Number));
  });

  it('rejects a file with no edges', () => {
    for (const text of ['', '\n\n', '# only a comment\n   # another\n']) {
      const error = failure(text);
      expect(error.line).toBeNull();
      expect(error.message).toMatch(/no edges/);
    }
  });

  it('parses 100,000 nodes / 400,000 edges', () => {
    const lines: string[] = [];
    for (let i = 0; i < 400_000; i++) lines.push(`${i % 100_000} ${(i * 7919 + 13) % 100_000} ${(i % 50) / 10}`);
    const text = lines.join('\n');
    // No timed assertion (house rule: timings belong in bench/); the counts are exact.
    const list = parseEdgeList(text, 'big.txt');
    expect(list.us.length).toBe(400_000);
    expect(list.nodes).toBe(100_000);
  });
});

describe('readEdgeList', () => {
  const dir = mkdtempSync(join(tmpdir(), 'castsim-edgelist-'));

  it('reads a file from disk', () => {
    const path = join(dir, 'net.txt');
    writeFileSync(path, '0 1\n1 2\n');
    const list = readEdgeList(path);
    expect([list.nodes, list.us.length]).toEqual([3, 2]);
  });

  it('names the path of a missing file', () => {
    const path = join(dir, 'missing.txt');
    expect(() => readEdgeList(path)).toThrow(EdgeListError);
    expect(() => readEdgeList(path)).toThrow(`edge-list file not found: ${path}`);
  });

  it('reads a file larger than its 8 MB read chunk, with lines split across chunks, and a last line without a newline', () => {
    const path = join(dir, 'big.txt');
    const lines: string[] = [];
    for (let i = 0; i < 700_000; i++) lines.push(`${i} ${(i * 7919 + 13) % 700_001}\t${(i % 997) / 100}  # edge ${i}`);
    const text = lines.join('\n');
    writeFileSync(path, text);
    expect(text.length).toBeGreaterThan(9 << 20);
    const fromFile = readEdgeList(path), fromText = parseEdgeList(text, path);
    expect(fromFile.us.length).toBe(700_000);
    // Byte comparison: a deep toEqual over 700k elements takes a minute.
    const bytes = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    expect(bytes(fromFile.us).equals(bytes(fromText.us))).toBe(true);
    expect(bytes(fromFile.vs).equals(bytes(fromText.vs))).toBe(true);
    expect(bytes(fromFile.latency!).equals(bytes(fromText.latency!))).toBe(true);
    expect(fromFile.latency![699_999]).toBe((699_999 % 997) / 100);
  });

  it('reports the line number of a bad line past the first chunk', () => {
    const path = join(dir, 'bad-late.txt');
    const good = Array.from({ length: 600_000 }, (_, i) => `${i} ${i + 1} 1.25`).join('\n');
    writeFileSync(path, `${good}\n1 2 slow\n`);
    expect(() => readEdgeList(path)).toThrow(`${path}:600001: latency must be a non-negative number of ms; got 'slow'`);
  });

  it('says when the path is a folder', () => {
    expect(() => readEdgeList(dir)).toThrow(/folder/);
  });
});

describe('parseEdgeList against a split-and-Number() reading', () => {
  // Lines in every form the parser reads fast and the forms it leaves to its general path.
  function randomLine(rand: () => number): string {
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
    const gap = () => pick([' ', '\t', '  ', ' \t ', '\v', '\f']);
    const id = () => pick(['', '', '0', '00'] as const) + String(Math.floor(rand() * 1000));
    const latency = () => pick([
      () => (rand() * 10).toFixed(2), () => String(Math.floor(rand() * 50)), () => `${Math.floor(rand() * 9)}.`,
      () => `.${Math.floor(rand() * 9)}`, () => `${(rand() * 9).toFixed(1)}e-1`, () => (rand() * 1e6).toFixed(12),
      () => '0.000000000000000001', () => '12345678901234567.5',
    ])();
    const lead = pick(['', '', ' ', '\t']), end = pick(['', '', ' ', '\r', ' # note', '#x']);
    return pick([
      () => `${lead}${id()}${gap()}${id()}${gap()}${latency()}${end}`,
      () => '', () => '# comment', () => '   ',
    ])();
  }

  function reference(text: string): { us: number[]; vs: number[]; latency: number[] } {
    const us: number[] = [], vs: number[] = [], latency: number[] = [];
    for (const line of text.split('\n')) {
      const cols = line.replace(/#.*/, '').split(/[ \t\r\v\f]+/).filter(Boolean);
      if (cols.length === 0) continue;
      us.push(Number(cols[0])); vs.push(Number(cols[1])); latency.push(Number(cols[2]));
    }
    return { us, vs, latency };
  }

  it('agrees on every edge and latency of 2,000 random lines, over 20 seeds', () => {
    for (let seed = 1; seed <= 20; seed++) {
      let s = seed;
      const rand = () => { s = (s * 1103515245 + 12345) % 2147483648; return s / 2147483648; };
      const lines = Array.from({ length: 2000 }, () => randomLine(rand));
      lines.push('1 2 3'); // at least one edge
      const text = lines.join(rand() < 0.5 ? '\n' : '\r\n') + (rand() < 0.5 ? '\n' : '');
      const got = parseEdgeList(text, 'net.txt'), want = reference(text);
      expect(Array.from(got.us)).toEqual(want.us);
      expect(Array.from(got.vs)).toEqual(want.vs);
      expect(Array.from(got.latency!)).toEqual(want.latency);
    }
  });
});
