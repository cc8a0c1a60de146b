/** Summary of a sample as the JSON contract gives it: min, mean, p50, p95, max (nearest-rank percentiles). */
export interface Distribution { min: number | null; mean: number | null; p50: number | null; p95: number | null; max: number | null }

export function percentile(sorted: ArrayLike<number>, p: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  return sorted[nearestRank(p, n) - 1]!;
}

/** The rank (1-based, ascending) of percentile p among n values: the nearest-rank rule. */
function nearestRank(p: number, n: number): number { return Math.max(1, Math.ceil(p * n)); }

/** A sample's summary from its count, sum, extremes and its value at a rank: the rules every sample's summary follows. */
function summaryFrom(count: number, sum: number, min: number, max: number, valueAt: (rank: number) => number): Distribution {
  if (count === 0) return { min: null, mean: null, p50: null, p95: null, max: null };
  // Rounding (or summation error) must not move the mean outside [min, max]: equal values have mean = min = max.
  const mean = Math.min(max, Math.max(min, round(sum / count)));
  return { min, mean, p50: valueAt(nearestRank(0.5, count)), p95: valueAt(nearestRank(0.95, count)), max };
}

export function summarize(values: ArrayLike<number>, count = values.length): Distribution {
  const copy = new Float64Array(count);
  for (let i = 0; i < count; i++) copy[i] = values[i]!;
  return summarizeSorted(sortAscending(copy));
}

/**
 * Sort in place, ascending, exactly as Float64Array.prototype.sort does. When every value
 * is +0 or more (no −0, no NaN: latencies, times), the IEEE bits order as unsigned integers
 * do, so the sort runs on a BigUint64Array view of the same memory: V8 sorts integer arrays
 * with plain comparisons, doubles with a call per comparison that tells −0 and NaN apart
 * (the 100k latencies of a 100k-node flood: 5 ms against 10).
 */
export function sortAscending(values: Float64Array): Float64Array {
  // The same pass notes whether the values are in order already: a run's latencies usually are
  // (deliveries come in time order, and one message's latencies are their times less one
  // instant), and then there is nothing to sort: values ≥ +0 in nondecreasing order are what
  // the sort would give, bit for bit (no −0 or NaN among them to tell apart).
  let inOrder = true, previous = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!(v > 0) && !(v === 0 && 1 / v > 0)) return values.sort(); // a negative, −0 or NaN
    if (v < previous) inOrder = false;
    previous = v;
  }
  if (!inOrder) new BigUint64Array(values.buffer, values.byteOffset, values.length).sort();
  return values;
}

/** The same summary of a sample already sorted ascending (callers that need the order anyway sort once). */
export function summarizeSorted(sorted: Float64Array): Distribution {
  const count = sorted.length;
  let sum = 0;
  for (let i = 0; i < count; i++) sum += sorted[i]!;
  return summaryFrom(count, sum, sorted[0]!, sorted[count - 1]!, (rank) => sorted[rank - 1]!);
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
  sorted(): Float64Array { return sortAscending(this.values.slice(0, this.length)); }
}

/** Values below this are counted (CountSample): hop counts, hundreds at most. */
const COUNTED = 4096;

/**
 * A Sample of mostly small non-negative integers (hop counts): those are counted by value,
 * not stored, so the summary needs no sort (10⁷ deliveries: a 0.7 s sort of 80 MB, gone).
 * The summary is the same as Sample's: the percentiles and extremes are the same values,
 * and the sum of integers below 2⁵³ is exact in any order, so the mean is too. Any other
 * value (a fraction, −0, a large or negative one) is kept as Sample keeps it, and then
 * the summary is made from all values sorted, exactly as Sample makes it.
 */
export class CountSample {
  private readonly counts = new Float64Array(COUNTED);
  private readonly rest = new Sample();
  private counted = 0;
  /** The largest value counted (−1: none). */
  private top = -1;

  push(x: number): void {
    if (x >= 0 && x < COUNTED && Math.floor(x) === x && !Object.is(x, -0)) {
      this.counts[x]!++;
      this.counted++;
      if (x > this.top) this.top = x;
    } else this.rest.push(x);
  }

  summary(): Distribution {
    if (this.rest.length > 0) {
      const all = new Float64Array(this.counted + this.rest.length);
      let k = 0;
      for (let v = 0; v <= this.top; v++) for (let c = this.counts[v]!; c > 0; c--) all[k++] = v;
      all.set(this.rest.values.subarray(0, this.rest.length), k);
      return summarizeSorted(sortAscending(all));
    }
    let sum = 0, min = -1;
    for (let v = 0; v <= this.top; v++) {
      const c = this.counts[v]!;
      if (c > 0 && min < 0) min = v;
      sum += v * c;
    }
    return summaryFrom(this.counted, sum, min, this.top, (rank) => this.rank(rank));
  }

  /** The value of rank r (1-based) in ascending order. */
  private rank(r: number): number {
    let seen = 0;
    for (let v = 0; v <= this.top; v++) {
      seen += this.counts[v]!;
      if (seen >= r) return v;
    }
    return this.top;
  }
}
