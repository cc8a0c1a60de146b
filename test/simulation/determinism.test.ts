import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { Observer, TraceEvent } from '../../src/api/trace.js';
import { run } from '../support/run.js';

const CLI = ['dist/cli/main.js'];

describe('determinism', () => {
  it('the same scenario and seed give byte-identical JSON in two separate processes', () => {
    const once = () => execFileSync(process.execPath, [...CLI, 'run', 'scenarios/flood-random-1k.yaml', '--json'], { encoding: 'utf8' });
    const a = once(), b = once();
    expect(a.length).toBeGreaterThan(100);
    expect(a).toBe(b);
    expect(JSON.parse(a).fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it('another seed changes the fingerprint of a random scenario', () => {
    const base = { topology: { kind: 'erdos-renyi', nodes: 200, p: 0.05 }, link: { latency: { dist: 'exponential', mean: 5 } }, protocol: { type: 'broadcast' } };
    const a = run({ ...base, seed: 1 }), b = run({ ...base, seed: 2 }), a2 = run({ ...base, seed: 1 });
    expect(a.fingerprint).toBe(a2.fingerprint);
    expect(a.fingerprint).not.toBe(b.fingerprint);
    expect(a.topologyFingerprint).not.toBe(b.topologyFingerprint);
  });

  it('changing link.loss leaves the generated topology unchanged', () => {
    const base = { seed: 5, topology: { kind: 'watts-strogatz', nodes: 300, k: 6, beta: 0.2 }, protocol: { type: 'broadcast' } };
    const a = run({ ...base, link: { latency: 3, loss: 0 } });
    const b = run({ ...base, link: { latency: 3, loss: 0.25 } });
    expect(b.topologyFingerprint).toBe(a.topologyFingerprint);
    expect(b.links).toBe(a.links);
    expect(b.fingerprint).not.toBe(a.fingerprint);
    expect(b.metrics.dropped).toBeGreaterThan(0);
  });

  it('changing the loss rate does not shift the latency draws of surviving transmissions', () => {
    // Stop-and-wait on one link with a timeout above the round trip: one transmission
    // in flight at a time. Every transmission draws its latency, lost or not, so the
    // k-th transmission's delay is the k-th draw whatever the loss rate.
    const delays = (loss: number) => {
      const out: Array<number | null> = [];
      let sentAt = 0;
      const observer: Observer = {
        event(e: TraceEvent) {
          if (e.type === 'send') { sentAt = e.t; out.push(null); }
          else if (e.type === 'receive') out[out.length - 1] = e.t - sentAt;
        },
      };
      run({
        topology: { kind: 'line', nodes: 2 },
        link: { latency: { dist: 'uniform', min: 1, max: 100 }, loss },
        protocol: { type: 'unicast', retransmit: 'hop-by-hop', timeout: 300, maxRetries: 100 },
        workload: [{ every: 10_000, count: 100, from: 0, to: 1 }],
      }, { observers: [observer] });
      return out;
    };
    const clean = delays(0), lossy = delays(0.3);
    expect(clean.length).toBe(200);
    expect(clean.every((d) => d !== null)).toBe(true);
    // Lossy runs resend, so they transmit more; of the first 200, the survivors match.
    expect(lossy.length).toBeGreaterThan(200);
    const compared = lossy.slice(0, 200).filter((d, i) => d !== null && (expect(d).toBeCloseTo(clean[i]!, 6), true));
    expect(compared.length).toBeGreaterThan(100);
    expect(compared.length).toBeLessThan(180);
    expect(new Set(clean).size).toBeGreaterThan(150);
  });
});
