// Topology.fromEdges builds a list with no repeated pair in one pass after filing (each
// lower-end row sorted, then written into both ends' rows, the rows' bounds counted from
// both ends up front), and goes back to keep-first-then-fill at the first repeated pair
// it meets: both ways against the plain construction, in fresh memory and in the list's own.
import { describe, expect, it } from 'vitest';
import { edgeListMemory, parseEdgeList } from '../../src/network/edgelist.js';
import { Topology } from '../../src/network/topology.js';
import { arraysOf, plainTopology, uniqueEdgeList } from './edge-list-fixtures.js';

function both(text: string) {
  const a = parseEdgeList(text, 'net.txt'), b = parseEdgeList(text, 'net.txt');
  return [
    arraysOf(Topology.fromEdges(a.nodes, a.us, a.vs, a.latency)),
    arraysOf(Topology.fromEdges(b.nodes, b.us, b.vs, b.latency, edgeListMemory(b))),
  ];
}

/** The pairs of the list's lines as (low, high), self-loops left out, in line order. */
function pairsOf(text: string): [number, number][] {
  const list = parseEdgeList(text, 'net.txt');
  const pairs: [number, number][] = [];
  for (let i = 0; i < list.us.length; i++) {
    const u = list.us[i]!, v = list.vs[i]!;
    if (u !== v) pairs.push([Math.min(u, v), Math.max(u, v)]);
  }
  return pairs;
}

describe('fromEdges without repeated pairs', () => {
  it('builds the plain construction, over 12 seeds (hub rows over 32, self-loops, sparse and dense ids)', () => {
    for (let seed = 1; seed <= 12; seed++) {
      const text = uniqueEdgeList(seed, 3000, seed % 2 ? 5000 : 300);
      const want = plainTopology(text);
      expect(Math.max(...want.offsets.slice(1).map((o, v) => o - want.offsets[v]!))).toBeGreaterThan(32);
      for (const got of both(text)) expect(got).toEqual(want);
    }
  });

  it('goes back to keep-first-then-fill at a repeat met in the last row, in a hub\'s row, or in the first', () => {
    for (let seed = 1; seed <= 6; seed++) {
      const base = uniqueEdgeList(seed, 2000, seed % 2 ? 3000 : 200);
      const pairs = pairsOf(base);
      const last = pairs.reduce((a, b) => (b[0] > a[0] ? b : a));
      const hub = pairs.find((p) => p[0] === 0)!;
      for (const repeat of [[last], [hub], [last, hub]] as [number, number][][]) {
        const text = uniqueEdgeList(seed, 2000, seed % 2 ? 3000 : 200, repeat);
        const want = plainTopology(text);
        expect(want.linkU.length).toBe(plainTopology(base).linkU.length); // the repeat adds no link
        for (const got of both(text)) expect(got).toEqual(want);
      }
    }
  });

  it('builds the rows again in the same memory after a repeat: the list\'s own, when it fits', () => {
    // Lines of exactly 16 bytes size the reader's arrays exactly; the last line repeats the first pair the other way round.
    const n = 3000, lines: string[] = [];
    for (let v = 0; v < n; v++) lines.push(`${String(v).padStart(5, '0')} ${String((v * 7 + 1) % n).padStart(5, '0')} ${(v % 9) + 1}.5`);
    lines.push(`${String(1).padStart(5, '0')} ${String(0).padStart(5, '0')} 9.5`);
    const text = lines.join('\n') + '\n';
    const list = parseEdgeList(text, 'ring.txt');
    const memory = edgeListMemory(list);
    const t = Topology.fromEdges(list.nodes, list.us, list.vs, list.latency, memory);
    // By identity: toEqual holds any two ArrayBuffers in a Set equal, whatever their size.
    expect(memory.indexOf(t.targets.buffer as ArrayBuffer)).toBeGreaterThanOrEqual(0);
    expect(memory.indexOf(t.linkOf.buffer as ArrayBuffer)).toBeGreaterThanOrEqual(0);
    expect(t.targets.buffer).not.toBe(t.linkOf.buffer);
    expect(t.links).toBe(n);
    expect(arraysOf(t)).toEqual(plainTopology(text));
  });

  it('numbers links by (low, high) and keeps both ends\' rows sorted for a list given highest pair first', () => {
    const list = parseEdgeList('3 2 1.5\n3 0 2\n2 1 3\n1 0 4\n2 0 5\n', 'net.txt');
    const t = Topology.fromEdges(list.nodes, list.us, list.vs, list.latency, edgeListMemory(list));
    expect([...t.linkU]).toEqual([0, 0, 0, 1, 2]);
    expect([...t.linkV]).toEqual([1, 2, 3, 2, 3]);
    expect([...t.linkLatency!]).toEqual([4, 5, 2, 3, 1.5]);
    expect([...t.offsets]).toEqual([0, 3, 5, 8, 10]);
    expect([...t.targets]).toEqual([1, 2, 3, 0, 2, 0, 1, 3, 0, 2]);
    expect([...t.linkOf]).toEqual([0, 1, 2, 0, 3, 1, 3, 4, 2, 4]);
    expect([...t.slotLatency!]).toEqual([4, 5, 2, 4, 3, 5, 3, 1.5, 2, 1.5]);
  });
});
