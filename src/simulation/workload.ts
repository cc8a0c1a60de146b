import { randomInt, type RandomStreams, type Rng } from '../engine/random.js';
import type { NodeChoice, WorkloadSpec } from '../scenario/types.js';

/** One application message the workload hands to its source node. */
export interface PlannedRequest { at: number; source: number; to?: number; group?: string }

/**
 * The workload's requests in time order (ties keep workload order), generated one at a
 * time as the run reaches them: a series of 10⁸ messages costs no memory up front, and
 * `until` or `maxEvents` stop it like any other event source.
 *
 * `random` picks a node uniformly; a random destination is never the source. Workload
 * item 0 draws from the `workload` stream and item i > 0 from `workload.i`, so each
 * item's draws stay in its own order however the items interleave in time. (A run with
 * a single drawing item draws exactly as when the whole plan was made up front.)
 */
export class RequestStream {
  private readonly specs: readonly WorkloadSpec[];
  /** Next message index per workload item. */
  private readonly nextIndex: Float64Array;
  /** Min-heap of workload items by (time of their next message, item index). */
  private readonly heap: number[] = [];
  private readonly heapAt: number[] = [];
  private readonly rngs: Array<Rng | undefined>;

  constructor(workload: readonly WorkloadSpec[], private readonly nodes: number, private readonly streams: RandomStreams) {
    this.specs = workload;
    this.nextIndex = new Float64Array(workload.length);
    this.rngs = new Array<Rng | undefined>(workload.length);
    workload.forEach((_, i) => this.insert(i, this.timeOf(i, 0)));
  }

  /** Time of the next request; Infinity when the workload is exhausted. */
  peekTime(): number { return this.heap.length > 0 ? this.heapAt[0]! : Infinity; }

  /** The next request in time order (call only when peekTime() is finite). */
  take(): PlannedRequest {
    const item = this.heap[0]!, at = this.heapAt[0]!;
    const spec = this.specs[item]!;
    const k = ++this.nextIndex[item]!;
    this.removeTop();
    if ('every' in spec && k < spec.count) this.insert(item, this.timeOf(item, k));
    const source = this.pick(item, spec.from, -1);
    const r: PlannedRequest = { at, source };
    if (spec.to !== undefined) r.to = this.pick(item, spec.to, source);
    if (spec.group !== undefined) r.group = spec.group;
    return r;
  }

  private timeOf(item: number, k: number): number {
    const spec = this.specs[item]!;
    return 'every' in spec ? spec.start + k * spec.every : spec.at;
  }

  private pick(item: number, choice: NodeChoice, avoid: number): number {
    if (choice !== 'random') return choice;
    const rng = this.rngs[item] ??= this.streams.stream(item === 0 ? 'workload' : `workload.${item}`);
    if (avoid < 0 || this.nodes < 2) return randomInt(rng, this.nodes);
    const v = randomInt(rng, this.nodes - 1);
    return v >= avoid ? v + 1 : v;
  }

  private before(a: number, b: number): boolean {
    const ta = this.heapAt[a]!, tb = this.heapAt[b]!;
    return ta < tb || (ta === tb && this.heap[a]! < this.heap[b]!);
  }

  private swap(a: number, b: number): void {
    const h = this.heap, t = this.heapAt;
    [h[a], h[b]] = [h[b]!, h[a]!];
    [t[a], t[b]] = [t[b]!, t[a]!];
  }

  private insert(item: number, at: number): void {
    let i = this.heap.length;
    this.heap.push(item); this.heapAt.push(at);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(i, parent)) break;
      this.swap(i, parent); i = parent;
    }
  }

  private removeTop(): void {
    const last = this.heap.length - 1;
    this.swap(0, last);
    this.heap.pop(); this.heapAt.pop();
    for (let i = 0; ;) {
      const l = 2 * i + 1, r = l + 1;
      let m = i;
      if (l < last && this.before(l, m)) m = l;
      if (r < last && this.before(r, m)) m = r;
      if (m === i) break;
      this.swap(i, m); i = m;
    }
  }
}
