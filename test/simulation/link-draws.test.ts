/**
 * The link streams advance once per transmission whether or not it is lost, so a
 * different loss rate leaves the surviving copies' arrival times where they were.
 */
import { describe, expect, it } from 'vitest';
import type { Observer, TraceEvent } from '../../src/api/trace.js';
import { run } from '../support/run.js';

/** Arrival times of the hub's copies at each leaf (several when duplicated), and which leaves lost it. */
class HubArrivals implements Observer {
  readonly arrivals = new Map<number, number[]>();
  readonly lost = new Set<number>();
  event(e: TraceEvent): void {
    if (e.type === 'receive' && e.peer === 0) this.arrivals.set(e.node, [...(this.arrivals.get(e.node) ?? []), e.t]);
    if (e.type === 'drop' && e.node === 0 && e.detail === 'loss') this.lost.add(e.peer);
  }
}

function star(loss: number, duplicate: number, seed: number): HubArrivals {
  const log = new HubArrivals();
  run({
    seed,
    topology: { kind: 'star', nodes: 11 },
    link: { latency: { dist: 'uniform', min: 1, max: 100 }, loss, duplicate },
    protocol: { type: 'broadcast' },
  }, { observers: [log] });
  return log;
}

describe('link draws do not depend on the loss rate', () => {
  for (const duplicate of [0, 0.3]) {
    it(`star of 11, uniform 1–100 ms, duplicate ${duplicate}: every surviving copy arrives when it would without loss`, () => {
      let lostSomewhere = 0;
      for (let seed = 1; seed <= 10; seed++) {
        const clean = star(0, duplicate, seed), lossy = star(0.3, duplicate, seed);
        // Without loss every leaf hears the hub's first send.
        expect(clean.arrivals.size).toBe(10);
        for (const [leaf, times] of lossy.arrivals) {
          if (lossy.lost.has(leaf)) continue; // the leaf's copies from the hub were lost; later ones come from a flood that differs
          // The hub's first (request-time) transmission to each leaf is the first entry in both runs.
          expect(times[0], `seed ${seed}, leaf ${leaf}`).toBe(clean.arrivals.get(leaf)![0]);
        }
        lostSomewhere += lossy.lost.size;
      }
      // Loss 0.3 on 100 transmissions: some were lost (else the check above compared nothing different).
      expect(lostSomewhere).toBeGreaterThan(10);
    });
  }
});
