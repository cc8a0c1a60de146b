/**
 * A few flag bits per node for one message: a byte array when the message concerns
 * many nodes, a map when it concerns few, so a run of n one-recipient messages costs
 * O(messages), not O(messages × n).
 */
export class NodeFlags {
  private readonly dense: Uint8Array | null;
  private readonly sparse: Map<number, number> | null;

  constructor(nodes: number, expectedCount: number) {
    const useDense = expectedCount * 16 >= nodes;
    this.dense = useDense ? new Uint8Array(nodes) : null;
    this.sparse = useDense ? null : new Map();
  }

  get(v: number): number { return this.dense ? this.dense[v]! : this.sparse!.get(v) ?? 0; }

  set(v: number, bits: number): void {
    if (this.dense) this.dense[v] = bits; else this.sparse!.set(v, bits);
  }
}
