/**
 * Which nodes are up and which pairs a partition separates: plain state the
 * scripted faults change and every transmission consults.
 */
export class FaultState {
  readonly up: Uint8Array;
  private readonly crashedAt: Float64Array;
  /** Partition side of every node; only meaningful while `partitioned` is true. */
  private readonly side: Int32Array;
  private split = false;
  /** Nodes down now: while none is, isUp need not read the node's byte (a cache miss per arrival on a large network). */
  private down = 0;

  constructor(readonly nodes: number) {
    this.up = new Uint8Array(nodes).fill(1);
    this.crashedAt = new Float64Array(nodes).fill(NaN);
    this.side = new Int32Array(nodes);
  }

  isUp(v: number): boolean { return this.down === 0 || this.up[v] === 1; }

  downSince(v: number): number | null { return this.up[v] ? null : this.crashedAt[v]!; }

  crash(v: number, t: number): boolean {
    if (!this.up[v]) return false;
    this.up[v] = 0; this.crashedAt[v] = t; this.down++;
    return true;
  }

  recover(v: number): boolean {
    if (this.up[v]) return false;
    this.up[v] = 1; this.crashedAt[v] = NaN; this.down--;
    return true;
  }

  /**
   * Split the network into the listed sides; nodes not listed form one more side
   * together. A new partition replaces the previous one.
   */
  partition(sides: number[][]): void {
    this.side.fill(0);
    sides.forEach((members, i) => { for (const v of members) this.side[v] = i + 1; });
    this.split = true;
  }

  heal(): void { this.split = false; }

  /** True while a partition holds (then separated() may be true for some pairs). */
  get partitioned(): boolean { return this.split; }

  separated(a: number, b: number): boolean { return this.split && this.side[a] !== this.side[b]; }
}
