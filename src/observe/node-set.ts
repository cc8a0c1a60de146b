/**
 * A set of node ids for one message: a bit per node when the message concerns many
 * nodes, a Set when it concerns few (the same threshold as NodeFlags), so a run of n
 * one-recipient messages costs O(messages), not O(messages × n).
 *
 * Why bits: the delivery metrics ask "did this node already hold a copy?" on every
 * receive, at a random node. One bit per node is 8× smaller than a flag byte: 12.5 KB at
 * 10⁵ nodes (in the L1/L2 cache), 1.25 MB at 10⁷, where the byte array's 10 MB missed the
 * caches on most receives (a perf annotate of World.arrive put 57% of its samples on that
 * byte's load at 10⁶ nodes).
 */
export class NodeSet {
  private readonly dense: Int32Array | null;
  private readonly sparse: Set<number> | null;

  constructor(nodes: number, expectedCount: number) {
    const useDense = expectedCount * 16 >= nodes;
    this.dense = useDense ? new Int32Array((nodes + 31) >>> 5) : null;
    this.sparse = useDense ? null : new Set();
  }

  has(v: number): boolean {
    const d = this.dense;
    return d !== null ? (d[v >>> 5]! & (1 << (v & 31))) !== 0 : this.sparse!.has(v);
  }

  add(v: number): void {
    const d = this.dense;
    if (d !== null) d[v >>> 5]! |= 1 << (v & 31); else this.sparse!.add(v);
  }

  /** Add v; true when it was already in the set (one lookup for the test and the set). */
  addHad(v: number): boolean {
    const d = this.dense;
    if (d === null) {
      const s = this.sparse!;
      if (s.has(v)) return true;
      s.add(v);
      return false;
    }
    const w = v >>> 5, bit = 1 << (v & 31), word = d[w]!;
    if ((word & bit) !== 0) return true;
    d[w] = word | bit;
    return false;
  }
}
