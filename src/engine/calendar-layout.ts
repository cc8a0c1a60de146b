/**
 * How the event queue's calendar is cut: the bucket width and ring size chosen from the
 * pending events, and when to choose them again. Pure arithmetic on counts and a sample of
 * times; the queue does the filing.
 */

/** Events per bucket aimed for: enough to amortise a bucket change, few enough to sort quickly. */
export const TARGET = 16;
export const MIN_RING = 64;
export const MAX_RING = 1 << 24;
/**
 * The ring spans this many times the pending events' share of buckets (TARGET a bucket at
 * the front): events beyond the ring wait in the far chain and are filed a second time when
 * it is poured, so a short ring refiles a large share of events with long delays (a third of
 * them under exponential delays at 2×, a sixth at 4×). A ring entry is 4 bytes: at 4× that is
 * one byte a pending event.
 */
const SPAN = 4;

/** Ring size for m pending events: a power of two. */
export function ringSize(m: number): number {
  let ring = MIN_RING;
  while (ring < MAX_RING && ring * TARGET < SPAN * m) ring *= 2;
  return ring;
}

/**
 * Bucket width and ring size for m pending events from a sorted sample of their times
 * (earliest minT). The width aims at about TARGET events a bucket where the popping starts
 * (bucketWidth); but when the times fall on a grid (gridStep: latencies in 0.01 ms steps, a
 * flood's wave) and that width is under SNAP grid steps, or finer than one, a bucket is one
 * grid step wide instead, and the ring is lengthened by as much, so it spans the same time.
 * A growing wave (whose density-based width would keep narrowing as it grows) is then laid
 * out once for good: its buckets are single instants that no narrower width would split,
 * where the 100k flood was laid out a second time at 131,769 pending (0.038 ms → 0.0012 ms,
 * ~8 empty buckets an instant) and every pending event filed again. onStep says which.
 * A sample of one instant says nothing of how the events will spread: the width `kept` (that
 * of the layout before, when it was informed) is kept rather than a guess of 1. A gossip round's
 * timers, all that is left once a round's calls are popped, were laid out 1 ms wide, so the
 * calls they send filled 1 ms buckets until the next re-layout: two re-layouts a round.
 * `informed` says whether the width came from the events' spread (or was kept from such a one).
 */
export function layoutFor(sample: number[], m: number, minT: number, kept = 0): Layout {
  const first = sample[0]!, last = sample[sample.length - 1]!;
  if (first === last || (Number.isFinite(last) && last - first <= 2 ** -40 * Math.abs(last))) {
    return kept > 0 ? { width: clampWidth(kept, minT), span: ringSize(m), onStep: false, informed: true, kept: true }
      : { width: bucketWidth(sample, m, minT), span: ringSize(m), onStep: false, informed: false, kept: false };
  }
  const width = bucketWidth(sample, m, minT), span = ringSize(m), step = gridStep(sample);
  // Times on no grid: buckets of SPREAD_FACTOR × TARGET (their load spreads them by time, so
  // the sort costs about the same an event at any size, and fewer buckets cost fewer changes),
  // the ring as much shorter, so it spans the same time.
  if (!(step > 0)) return { width: clampWidth(SPREAD_FACTOR * width, minT), span: Math.max(MIN_RING, span / SPREAD_FACTOR), onStep: false, informed: true, kept: false };
  if (width >= SNAP * step) return { width, span, onStep: false, informed: true, kept: false };
  // A shade wider than the step, so instant k of the grid (k × step, give or take rounding)
  // falls well inside bucket k − 1 − floor(k × 2^−20): exactly one step wide, every instant
  // would sit on a bucket boundary, its rounding variants split between two buckets.
  const snapped = clampWidth(step * (1 + 2 ** -20), minT);
  let ring = span;
  while (ring < MAX_RING && ring * snapped < span * width) ring *= 2;
  return { width: snapped, span: ring, onStep: true, informed: true, kept: false };
}

/** `kept`: the width is the one passed in (the sample was one instant), so is the choice of levels (event-queue.ts). */
export interface Layout { width: number; span: number; onStep: boolean; informed: boolean; kept: boolean }

/** Buckets of times on no grid are this many times wider than TARGET's (layoutFor): a power of two. */
export const SPREAD_FACTOR = 2;

/** A snapped width (layoutFor) is used only below this many grid steps: buckets of at least TARGET / SNAP events at the front. */
const SNAP = 4;

/**
 * Bucket width from a sorted sample of the pending times (m events, earliest minT): about
 * TARGET events a bucket where the popping starts, judged from the first tenth of the sample
 * (times ahead thin out: exponential delays are ~3× denser at the front than on average), or
 * from the middle 80% when a tenth of the events share one instant, so a few outliers (a
 * timer far ahead) do not stretch every bucket.
 */
export function bucketWidth(sample: number[], m: number, minT: number): number {
  const len = sample.length, tenth = Math.max(1, Math.floor(len * 0.1));
  let width = (sample[tenth]! - sample[0]!) / (m * tenth / len) * TARGET;
  if (!(width > 0)) width = (sample[Math.floor((len - 1) * 0.9)]! - sample[tenth]!) / (0.8 * m) * TARGET;
  // Never finer than the smallest gap between distinct sampled times: buckets between
  // the instants events actually fall on would only be skipped.
  let gap = Infinity;
  for (let i = 1; i < len; i++) { const g = sample[i]! - sample[i - 1]!; if (g > 0 && g < gap) gap = g; }
  if (gap < Infinity && width < gap) width = gap;
  if (!(width > 0) || !Number.isFinite(width)) width = (sample[len - 1]! - sample[0]!) / m * TARGET;
  if (!(width > 0) || !Number.isFinite(width)) width = 1;
  return clampWidth(width, minT);
}

function clampWidth(width: number, minT: number): number {
  // Keep bucket numbers exact integers well inside 2^53.
  if (Number.isFinite(minT) && Math.abs(minT) / width > 2 ** 50) width = Math.abs(minT) / 2 ** 50;
  if (width < 1e-290) width = 1e-290; // so 1 / width is finite
  return width;
}

/**
 * The step of the grid the sampled times (sorted) fall on, or 0 if none shows. Times closer
 * than 2^−40 of their size (a few thousand units in the last place) are one instant: sums of
 * grid latencies reach the same instant with different rounding (24.65 and 24.650000000000002).
 * Infinite times are passed over (∞ − t is within that of ∞).
 * The step is the smallest gap between instants; it is a grid's when at least GRID_GAPS gaps
 * are all whole multiples of it (within 10^−3 of a step), which spread times pass by chance
 * with odds under 10^−18, and when it is far (2^10) above the rounding threshold, so the
 * multiples are measured exactly enough.
 */
export function gridStep(sample: number[]): number {
  let step = Infinity, gaps = 0, prev = NaN;
  for (let i = 0; i < sample.length; i++) {
    const t = sample[i]!;
    if (t - prev <= 2 ** -40 * Math.abs(t)) continue;
    if (t - prev < step) step = t - prev; // false for the first time (t − NaN is NaN)
    if (t - prev > 0) gaps++;
    prev = t;
  }
  if (gaps < GRID_GAPS || !(step > 2 ** -30 * Math.max(Math.abs(sample[0]!), Math.abs(prev)))) return 0;
  prev = NaN;
  for (let i = 0; i < sample.length; i++) {
    const t = sample[i]!;
    if (t - prev <= 2 ** -40 * Math.abs(t)) continue;
    const r = (t - prev) / step;
    if (Math.abs(r - Math.round(r)) > 1e-3) return 0;
    prev = t;
  }
  return step;
}
const GRID_GAPS = 8;

/** Bucket-fill statistics since the last re-layout. */
export interface FillStats {
  /** Events pushed since. */
  pushed: number;
  /** Buckets loaded, events they held, empty buckets passed. */
  loads: number;
  loaded: number;
  skipped: number;
  /** Fat buckets of a few times loaded (dealt out by time in one pass, bucket-load.ts), and the events they held. */
  dealtLoads: number;
  dealt: number;
  /** The width is a grid's step (layoutFor): a bucket is one instant, which no width splits. */
  onStep: boolean;
  /** The width came from the pending events' spread (layoutFor), not a guess from one instant. */
  informed: boolean;
}

/**
 * Buckets far fuller or emptier than TARGET since the last re-layout: time to re-choose
 * the width. Judged only once half as many events as are pending have been pushed (or
 * buckets been skipped) since the last re-layout, so a re-layout, O(pending), costs O(1)
 * per event even when no width helps (many events at one instant), and a growing queue
 * (a flood's wave) is re-laid out as it grows, not only once it drains. Fat buckets are
 * tolerated up to 16 × TARGET: they only make the sort a little longer, while a growing
 * wave (a flood) would otherwise re-layout again and again. Those of a few times (dealt out
 * in one linear pass: single instants, or on a grid's step an instant with its rounding
 * variants) are not counted at all when the width is informed: no width would split them (a
 * flood's wave on the step; a gossip round's timers at one instant, beside the calls they send).
 * When it is a guess from one instant, they count: a gossip run's first timers are laid out
 * 1 ms wide, and re-laying out after their bucket is what spreads the calls they send (judged
 * by the sorted buckets alone, that came one fat sorted bucket later: 2,217 events against 34
 * in a test's rounds).
 */
export function fillIsBad(s: FillStats, pending: number, ring: number, far: number): boolean {
  if (s.pushed + s.skipped < pending >> 1) return false;
  const perLoad = s.loaded / Math.max(1, s.loads);
  const fat = s.informed ? (s.loaded - s.dealt) / Math.max(1, s.loads - s.dealtLoads) : perLoad;
  // Fat buckets beside many empty ones, or on the step most events in buckets of one instant,
  // are clustered times (e.g. latencies on a 0.01 ms grid, so many events share an instant): no
  // width splits those, and no longer ring helps them either unless many events wait beyond it
  // (a flood's wave, all within the ring, would otherwise be filed again each time it doubles).
  const clustered = (s.skipped > 2 * s.loads || (s.onStep && 2 * s.dealt > s.loaded)) && far < pending >> 3;
  return (fat > 16 * TARGET && s.skipped < s.loads) || (s.skipped > 2 * s.loads + 16 && perLoad < TARGET / 4) ||
    (pending > 4 * TARGET * ring && !clustered);
}

/** Buckets in a group of the two-level calendar (a power of two). */
export const GROUP = 256;

/**
 * Whether the pending events (a sorted sample of their times) fall in so many distinct
 * buckets of 1 / inverse that pushes would write into more open blocks than stay in cache
 * (OPEN_BUCKETS of 256 bytes: 2 MB), so the two-level calendar pays for its extra copy.
 * Times clustered on a few instants (latencies on a grid: a flood's wave covers a few
 * hundred instants however many events) keep one level, whose pushes hit those few buckets.
 * The occupied buckets are estimated from the sample by Chao1 (d distinct buckets seen, f1
 * of them once and f2 twice: d + f1² / 2f2 is a lower bound on the number of classes),
 * which heavy buckets (a tenth of the events at one instant) do not mislead.
 */
export function spreadWide(sample: number[], inverse: number): boolean {
  let d = 0, f1 = 0, f2 = 0;
  for (let i = 0; i < sample.length;) {
    const b = Math.floor(sample[i]! * inverse);
    let j = i + 1;
    while (j < sample.length && Math.floor(sample[j]! * inverse) === b) j++;
    d++;
    if (j - i === 1) f1++; else if (j - i === 2) f2++;
    i = j;
  }
  return d + (f2 > 0 ? f1 * f1 / (2 * f2) : f1 * (f1 - 1) / 2) >= OPEN_BUCKETS;
}
const OPEN_BUCKETS = 8192;
