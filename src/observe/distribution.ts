/** Summary of a sample as the JSON contract gives it: min, mean, p50, p95, max (nearest-rank percentiles). */
export interface Distribution { min: number | null; mean: number | null; p50: number | null; p95: number | null; max: number | null }

export function percentile(sorted: ArrayLike<number>, p: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const rank = Math.max(1, Math.ceil(p * n));
  return sorted[rank - 1]!;
}

export function summarize(values: ArrayLike<number>, count = values.length): Distribution {
  const copy = new Float64Array(count);
  for (let i = 0; i < count; i++) copy[i] = values[i]!;
  return summarizeSorted(copy.sort());
}

/** The same summary of a sample already sorted ascending (callers that need the order anyway sort once). */
export function summarizeSorted(sorted: Float64Array): Distribution {
  const count = sorted.length;
  if (count === 0) return { min: null, mean: null, p50: null, p95: null, max: null };
  let sum = 0;
  for (let i = 0; i < count; i++) sum += sorted[i]!;
  const min = sorted[0]!, max = sorted[count - 1]!;
  // Rounding (or summation error) must not move the mean outside [min, max]: equal values have mean = min = max.
  const mean = Math.min(max, Math.max(min, round(sum / count)));
  return { min, mean, p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), max };
}

/** Round to 9 significant digits so results print the same on every platform and read well. */
export function round(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  return Number(x.toPrecision(9));
}

/** A growable Float64 sample. */
export class Sample {
  values = new Float64Array(64);
  length = 0;
  push(x: number): void {
    if (this.length === this.values.length) { const v = new Float64Array(this.length * 2); v.set(this.values); this.values = v; }
    this.values[this.length++] = x;
  }
  summary(): Distribution { return summarize(this.values, this.length); }

  /** The values so far, sorted ascending (a copy). */
  sorted(): Float64Array { return this.values.slice(0, this.length).sort(); }
}
