/**
 * Counts of values ≥ 0 in a bounded number of equal-width bins. When a value falls
 * past the last bin, neighbouring bins merge pairwise and the width doubles, so
 * memory stays fixed however long a run is and the result depends only on the
 * values, never on how many came before (a picture of a 100,000-node run stays small).
 */
export class TimeBins {
  private counts: Float64Array[];
  width: number;

  constructor(readonly series = 1, readonly bins = 200, initialWidth = 0.25) {
    this.width = initialWidth;
    this.counts = Array.from({ length: series }, () => new Float64Array(bins));
  }

  add(x: number, series = 0, amount = 1): void {
    if (!(x >= 0)) x = 0;
    while (x >= this.width * this.bins) this.coarsen();
    this.counts[series]![Math.floor(x / this.width)]! += amount;
  }

  private coarsen(): void {
    for (const c of this.counts) {
      for (let i = 0; i < this.bins / 2; i++) c[i] = c[2 * i]! + c[2 * i + 1]!;
      c.fill(0, this.bins / 2);
    }
    this.width *= 2;
  }

  /** Bins up to and including the last non-empty one (at least one): [start, end, count per series]. */
  rows(): Array<{ start: number; end: number; counts: number[] }> {
    let last = 0;
    for (const c of this.counts) for (let i = 0; i < this.bins; i++) if (c[i]! > 0 && i > last) last = i;
    return Array.from({ length: last + 1 }, (_, i) => ({ start: i * this.width, end: (i + 1) * this.width, counts: this.counts.map((c) => c[i]!) }));
  }
}
