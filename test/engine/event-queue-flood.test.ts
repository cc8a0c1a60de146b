import { describe, expect, it, vi } from 'vitest';
import { EventQueue } from '../../src/engine/event-queue.js';
import { RandomStreams } from '../../src/engine/random.js';
import { ReferenceHeap } from './reference-heap.js';

type Inside = { split(): void; relayout(): void; move(from: number): void; ringMask: number; coarseMask: number; inverse: number };

/**
 * The reference flood's event sequence (issue 14): node 0 floods a random graph (a ring plus
 * 3 random links a node, latencies 1–10 ms on a 0.01 ms grid); a first receipt forwards to
 * every neighbour but the sender. The wave grows from a handful of events to hundreds of
 * thousands pending, all on a few hundred instants: the calendar must stay one level (its
 * pushes hit those few buckets) with a ring far over 32 groups, and must not re-lay out
 * each time the wave doubles. The order is checked against the textbook heap.
 */
describe('EventQueue on a flood wave (clustered times, a growing queue)', () => {
  it('pops in (time, insertion) order with one level and few re-layouts', () => {
    const rng = new RandomStreams(5).stream('flood');
    const n = 60_000, rows: number[][] = Array.from({ length: n }, () => []), lat: number[][] = Array.from({ length: n }, () => []);
    const link = (u: number, v: number, ms: number): void => { rows[u]!.push(v); lat[u]!.push(ms); rows[v]!.push(u); lat[v]!.push(ms); };
    for (let u = 0; u < n; u++) {
      link(u, (u + 1) % n, (100 + Math.floor(rng() * 901)) / 100);
      for (let k = 0; k < 3; k++) link(u, Math.floor(rng() * n), (100 + Math.floor(rng() * 901)) / 100);
    }
    const proto = EventQueue.prototype as unknown as Inside;
    const split = vi.spyOn(proto, 'split'), relayout = vi.spyOn(proto, 'relayout'), move = vi.spyOn(proto, 'move');
    const q = new EventQueue(64), ref = new ReferenceHeap(), seen = new Uint8Array(n), msgs: object[] = [];
    let id = 0, widest = 0, peak = 0, wrongRefs = 0;
    const forward = (node: number, from: number, now: number): void => {
      const msg = { hop: id }; // one ref a forwarding node, as the World's copy per (message, hops)
      for (let k = 0; k < rows[node]!.length; k++) {
        if (rows[node]![k] === from) continue;
        const t = now + lat[node]![k]!;
        q.push(t, 0, id, rows[node]![k]!, node, msg); ref.push([t, id]); msgs[id++] = msg;
      }
    };
    seen[0] = 1; forward(0, -1, 0);
    const got: number[] = [], want: number[] = [];
    while (q.pop()) {
      got.push(q.popA); want.push(ref.pop()[1]);
      if (q.popRef !== msgs[q.popA]) wrongRefs++;
      peak = Math.max(peak, q.size);
      widest = Math.max(widest, (q as unknown as Inside).ringMask + 1);
      if (seen[q.popB]) continue;
      seen[q.popB] = 1; forward(q.popB, q.popC, q.popTime);
    }
    const splits = split.mock.calls.length, relayouts = relayout.mock.calls.length, moves = move.mock.calls.length;
    split.mockRestore(); relayout.mockRestore(); move.mockRestore();
    expect(ref.length).toBe(0);
    expect(wrongRefs).toBe(0);
    expect(got).toEqual(want);
    expect(seen.every((s) => s === 1)).toBe(true);
    expect(peak).toBeGreaterThan(200_000);
    // One level, and a ring of more than 32 groups of 256 buckets (it would have two levels
    // if the times were spread): the clustered-times choice is what this test covers.
    expect(splits).toBe(0);
    expect(widest).toBeGreaterThanOrEqual(32 * 256);
    // The wave grows ×40 000 and is laid out once, at ~4,300 pending, on the grid's step (a
    // bucket an instant): before, a second re-layout at ~130,000 pending narrowed the width
    // to 0.0012 ms and filed 135,887 events again.
    expect(relayouts).toBe(1);
    expect(moves).toBeLessThan(10_000);
    const width = 1 / (q as unknown as Inside).inverse;
    expect(width).toBeGreaterThan(0.01);
    expect(width).toBeLessThan(0.01 * (1 + 2 ** -19));
  });

  it('a wave of a few hundred thousand on a grid is laid out once: its fat buckets of one instant each are dealt, not re-cut', () => {
    // 5,000 events on 100 instants of a 0.01 ms grid, laid out at the first pop (50 an instant:
    // a bucket of TARGET would be a third of a step, so it is one step); then each pop schedules
    // two more 1.00–1.10 ms later until 400,000 are scheduled: a narrow wave, ~600 events an
    // instant. Before, its fat buckets made it re-lay out three more times (without narrowing:
    // the width was already the step).
    const rng = new RandomStreams(9).stream('wave');
    const lat = (): number => (100 + Math.floor(rng() * 11)) / 100;
    const relayout = vi.spyOn(EventQueue.prototype as unknown as Inside, 'relayout');
    const q = new EventQueue(64), ref = new ReferenceHeap();
    let id = 0, peak = 0;
    const push = (t: number): void => { q.push(t, 0, id); ref.push([t, id]); id++; };
    for (let i = 0; i < 5000; i++) push(100 + Math.floor(rng() * 100) / 100);
    let wrong = 0, pops = 0;
    while (q.pop()) {
      pops++;
      if (ref.pop()[1] !== q.popA) wrong++;
      if (id < 400_000) { push(q.popTime + lat()); push(q.popTime + lat()); } // sums of grid latencies: rounding variants of the grid's instants
      peak = Math.max(peak, q.size);
    }
    const relayouts = relayout.mock.calls.length;
    relayout.mockRestore();
    expect(pops).toBe(400_000);
    expect(wrong).toBe(0);
    expect(peak).toBeGreaterThan(200_000);
    expect(relayouts).toBe(1);
  });
});

describe('EventQueue on gossip rounds (a timer instant beside spread calls)', () => {
  it('sorts the calls in buckets of their own, and re-lays out once a round', () => {
    // 50,000 nodes, each with a timer at every 100 ms (all at one instant); a timer sends one
    // call 1–10 ms later (spread times). Five rounds. The ring spans less than a round (~95 ms),
    // so once a round's calls are popped only the next round's timers are left, beyond it.
    const rng = new RandomStreams(11).stream('gossip');
    // Each bucket loaded (sorted into the run): its size when it holds more than one time.
    type Loading = { load(this: Loading, last: number): number; runTimes: Float64Array };
    const proto = EventQueue.prototype as unknown as Loading, original = proto.load;
    let widest = 0;
    const load = vi.spyOn(proto, 'load').mockImplementation(function (this: Loading, last: number): number {
      const size = original.call(this, last);
      if (this.runTimes[0] !== this.runTimes[size - 1]) widest = Math.max(widest, size);
      return size;
    });
    const relayout = vi.spyOn(EventQueue.prototype as unknown as Inside, 'relayout');
    const q = new EventQueue(64), ref = new ReferenceHeap(), n = 50_000, TIMER = 1, CALL = 2;
    let id = 0, wrong = 0, pops = 0;
    const push = (t: number, kind: number, node: number): void => { q.push(t, kind, id, node); ref.push([t, id]); id++; };
    for (let v = 0; v < n; v++) push(0, TIMER, v);
    while (q.pop()) {
      pops++;
      if (ref.pop()[1] !== q.popA) wrong++;
      if (q.popKind === TIMER) {
        push(q.popTime + 1 + 9 * rng(), CALL, q.popB);
        if (q.popTime < 400) push(q.popTime + 100, TIMER, q.popB);
      }
    }
    const relayouts = relayout.mock.calls.length;
    load.mockRestore(); relayout.mockRestore();
    expect(pops).toBe(10 * n);
    expect(wrong).toBe(0);
    // The first round's timers are laid out 1 ms wide (one instant says nothing of the spread)
    // and re-laid out as soon as their bucket is used up, before the calls' first bucket is
    // sorted: buckets of ~34 events (judging only sorted buckets would sort one of ~2,200 first).
    expect(widest).toBeLessThan(100);
    // Laid out again from the next round's timers alone, they keep the calls' width, so the calls
    // they send need no re-layout of their own: one re-layout a round after the first (10, and
    // 700,000 events moved instead of 350,000, when each round's timers were laid out 1 ms wide).
    expect(relayouts).toBe(6);
  });
});

describe('EventQueue re-laid out from one instant', () => {
  it('keeps the width and the two levels it had: a single instant cannot tell how what follows spreads', () => {
    // 300,000 events spread over 1–41 ms (two levels: far more occupied buckets than stay in
    // cache) and 50,000 timers at 1,000 ms, past the span. Once the spread ones are popped, the
    // timers alone are left: re-laid out from one instant. Each timer then sends one event
    // 1–10 ms later, spread again.
    const rng = new RandomStreams(13).stream('levels');
    type Levels = { relayout(): void; coarseMask: number; inverse: number };
    const proto = EventQueue.prototype as unknown as Levels, original = proto.relayout;
    const layouts: Array<{ width: number; levels: number }> = [];
    const relayout = vi.spyOn(proto, 'relayout').mockImplementation(function (this: Levels): void {
      original.call(this);
      layouts.push({ width: 1 / this.inverse, levels: this.coarseMask > 0 ? 2 : 1 });
    });
    const q = new EventQueue(64), ref = new ReferenceHeap();
    let id = 0, wrong = 0, pops = 0;
    const push = (t: number, kind: number): void => { q.push(t, kind, id); ref.push([t, id]); id++; };
    for (let i = 0; i < 300_000; i++) push(1 + 40 * rng(), 0);
    for (let i = 0; i < 50_000; i++) push(1000, 1);
    while (q.pop()) {
      pops++;
      if (ref.pop()[1] !== q.popA) wrong++;
      if (q.popKind === 1) push(q.popTime + 1 + 9 * rng(), 0);
    }
    relayout.mockRestore();
    expect(pops).toBe(400_000);
    expect(wrong).toBe(0);
    // Laid out at the first pop (two levels), then from the timers alone: the same width, two levels.
    expect(layouts.length).toBe(2);
    expect(layouts[0]!.levels).toBe(2);
    expect(layouts[1]).toEqual(layouts[0]);
  });
});
