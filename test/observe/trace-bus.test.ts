import { describe, expect, it } from 'vitest';
import type { Observer, TraceEvent, TraceEventType } from '../../src/api/trace.js';
import { DeliveryMetricsObserver } from '../../src/observe/delivery-metrics.js';
import { Fingerprint } from '../../src/observe/fingerprint.js';
import { TraceBus } from '../../src/observe/trace-bus.js';
import { run } from '../support/run.js';

/** Every event it is given, copied. */
class Recorder implements Observer {
  readonly seen: TraceEvent[] = [];
  constructor(readonly types?: readonly TraceEventType[]) {}
  event(e: TraceEvent): void { this.seen.push({ ...e }); }
}

// A run with every frequent type: loss (drop at send), a crash (drop at arrival), duplicates, timers.
const scenario = {
  seed: 3,
  topology: { kind: 'erdos-renyi', nodes: 60, p: 0.1 },
  link: { latency: { dist: 'uniform', min: 1, max: 4 }, loss: 0.1, duplicate: 0.1 },
  protocol: { type: 'gossip', fanout: 2 },
  faults: [{ at: 3, crash: [5, 6] }, { at: 9, recover: [5] }],
  workload: [{ at: 0, from: 0 }, { at: 2, from: 7 }],
};

describe('trace bus subscriptions', () => {
  it('an observer with types sees exactly those events of the full sequence, in order', () => {
    const all = new Recorder(), some = new Recorder(['receive', 'drop', 'crash']);
    run(scenario, { observers: [all, some] });
    const types = new Set(all.seen.map((e) => e.type));
    for (const t of ['send', 'receive', 'drop', 'deliver', 'request', 'crash', 'recover', 'timer'] as const) expect(types).toContain(t);
    expect(some.seen).toEqual(all.seen.filter((e) => e.type === 'receive' || e.type === 'drop' || e.type === 'crash'));
  });

  it('the fingerprint fed field by field equals one reading the event objects', () => {
    const all = new Recorder();
    const result = run(scenario, { observers: [all] });
    const byEvent = new Fingerprint();
    for (const e of all.seen) byEvent.event(e);
    expect(byEvent.value()).toBe(result.fingerprint);
  });

  it('a second fingerprint subscribed as an observer computes the same digest', () => {
    const second = new Fingerprint();
    const result = run(scenario, { observers: [second] });
    expect(second.value()).toBe(result.fingerprint);
  });

  it('the delivery metrics fed field by field equal ones reading the event objects', () => {
    // A subclass is not fed directly (it might override event), so it reads the event objects.
    class ByEvent extends DeliveryMetricsObserver {}
    const byEvent = new ByEvent(60);
    const result = run(scenario, { observers: [byEvent] });
    expect(result.metrics.dropped).toBeGreaterThan(0);
    expect(result.metrics.duplicates).toBeGreaterThan(0);
    const { sent, dropped, duplicates, delivered, hops, latency, convergence, expected, messages } = result.metrics;
    expect(byEvent.result()).toEqual({ sent, dropped, duplicates, delivered, hops, latency, convergence, expected, messages, deliveryRatio: result.metrics.deliveryRatio });
  });

  it('an unknown event type is refused when subscribing', () => {
    const bus = new TraceBus();
    expect(() => bus.subscribe(new Recorder(['sned' as TraceEventType]))).toThrow(/unknown trace event type 'sned'/);
  });
});
