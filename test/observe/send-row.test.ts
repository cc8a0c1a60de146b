/**
 * A node's row of sends handed to the trace bus at once (TraceBus.sendRow, Fingerprint.recordRow:
 * World.sendToNeighbors' common case) must leave exactly what one send() per target leaves: the
 * fingerprint's bytes, the delivery metrics' count, the observers' events, the bus's count.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Observer, TraceEvent } from '../../src/api/trace.js';
import { DeliveryMetricsObserver } from '../../src/observe/delivery-metrics.js';
import { Fingerprint } from '../../src/observe/fingerprint.js';
import { TraceBus } from '../../src/observe/trace-bus.js';

class Recorder implements Observer {
  readonly types = ['send', 'deliver'] as const;
  readonly seen: TraceEvent[] = [];
  event(e: TraceEvent): void { this.seen.push({ ...e }); }
}

/** A bus with a fingerprint, delivery metrics and an observer of sends, and the clock it reads. */
function busWith(observe: boolean) {
  const clock = { now: 0 }, bus = new TraceBus(clock), fp = new Fingerprint(), metrics = new DeliveryMetricsObserver(1000), rec = new Recorder();
  bus.subscribe(metrics); bus.subscribe(fp);
  if (observe) bus.subscribe(rec);
  return { clock, bus, fp, metrics, rec };
}

describe('a row of sends at once', () => {
  // 700 targets: the first row crosses the fingerprint's 512-event batch; `except` is met twice in one row, once at its
  // end; a new label (whose text enters the hash where it is first used) in the third.
  const targets = Int32Array.from({ length: 700 }, (_, k) => (k * 37) % 300);
  const linkOf = Int32Array.from({ length: 700 }, (_, k) => 5000 - k);
  const rows: [first: number, end: number, except: number, label: string, t: number][] = [
    [0, 600, 74, 'data', 1.25], [600, 601, -1, 'data', 1.25], [601, 640, (639 * 37) % 300, 'ack', 2.5], [640, 700, targets[650]!, 'data', 2.5], [10, 10, -1, 'data', 3],
  ];

  for (const observe of [false, true]) {
    it(`equals send() per target${observe ? ', with an observer of sends' : ''}`, () => {
      const a = busWith(observe), b = busWith(observe);
      let node = 11;
      for (const [first, end, except, label, t] of rows) {
        a.clock.now = b.clock.now = t;
        const sent = a.bus.sendRow(node, targets, linkOf, first, end, except, 7, label);
        let expected = 0;
        for (let k = first; k < end; k++) if (targets[k] !== except) { b.bus.send(node, targets[k]!, linkOf[k]!, 7, label); expected++; }
        expect(sent).toBe(expected);
        a.bus.deliver(node, 7, 2); b.bus.deliver(node, 7, 2); // a label of its own between rows
        node += 13;
      }
      expect(a.bus.count).toBe(b.bus.count);
      expect(a.bus.count).toBeGreaterThan(690); // rows over 512 sends: a batch boundary inside a row
      expect(a.metrics.result().sent).toBe(b.metrics.result().sent);
      expect(a.rec.seen).toEqual(b.rec.seen);
      if (observe) expect(a.rec.seen.filter((e) => e.type === 'send').length).toBe(a.metrics.result().sent);
      expect(a.fp.value()).toBe(b.fp.value());
    });
  }

  it('without a fingerprint still counts the row', () => {
    const bus = new TraceBus({ now: 0 }), metrics = new DeliveryMetricsObserver(10);
    bus.subscribe(metrics);
    expect(bus.sendRow(0, Int32Array.of(1, 2, 1, 3), Int32Array.of(0, 1, 2, 3), 0, 4, 1, 0, 'x')).toBe(2);
    expect(metrics.result().sent).toBe(2);
    expect(bus.count).toBe(2);
  });
});

describe('fingerprint labels', () => {
  /** The definition, written out: each event as seven float64s, each new label's line before its first event. */
  function reference(events: [code: number, t: number, label: string][]): string {
    const h = createHash('sha256'), numbers = new Map<string, number>();
    for (const [code, t, label] of events) {
      let l = numbers.get(label);
      if (l === undefined) { numbers.set(label, l = numbers.size); h.update(`label ${l} ${label}\n`); }
      h.update(new Uint8Array(Float64Array.of(code * 65536 + l, t, 1, 2, 3, 4, 5).buffer));
    }
    return h.digest('hex');
  }

  it('three labels in turn (two remembered) give the definition\'s digest', () => {
    const events: [number, number, string][] = [];
    const labels = ['data', '', 'data', 'ack', '', 'ack', 'data', 'nack', 'data', ''];
    for (let i = 0; i < 1500; i++) events.push([2 + (i % 3), i * 0.5, labels[i % labels.length]!]);
    const fp = new Fingerprint();
    for (const [code, t, label] of events) fp.record(code, t, 1, 2, 3, 4, 5, label);
    expect(fp.value()).toBe(reference(events));
  });
});
