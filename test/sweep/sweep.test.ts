import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/load.js';
import { ScenarioError } from '../../src/scenario/errors.js';
import { simulate } from '../../src/simulation/simulate.js';
import { mergeShards } from '../../src/sweep/merge.js';
import { SweepInputError } from '../../src/sweep/sweep-input-error.js';
import { parseShard, shardRuns, sweep, sweepShard } from '../../src/sweep/sweep.js';
import type { SweepSpec } from '../../src/sweep/sweep-plan.js';

// A flood along a line from one end: node k is reached iff all k links carried it,
// so the expected delivery ratio is (1/(n−1)) Σ_{k=1}^{n−1} (1−p)^k, exactly.
const N = 11;
const line = { topology: { kind: 'line', nodes: N }, link: { latency: 1 }, protocol: { type: 'broadcast', mode: 'flood' } };
const theory = (p: number) => {
  let s = 0;
  for (let k = 1; k < N; k++) s += (1 - p) ** k;
  return s / (N - 1);
};

const random = {
  topology: { kind: 'random-regular', nodes: 40, degree: 3 },
  link: { latency: { dist: 'exponential', mean: 5 } },
  protocol: { type: 'broadcast' },
};

describe('sweep', () => {
  it('flooding delivers less as loss rises, matching (1/(n−1))Σ(1−p)^k on a line', async () => {
    const r = await sweep({ scenario: line, file: '<test>', vary: ['link.loss=0:0.3:0.1'], seeds: 200 }, { jobs: 1 });
    expect(r.complete).toBe(true);
    expect(r.points.map((p) => p.values['link.loss'])).toEqual([0, 0.1, 0.2, 0.3]);
    const means = r.points.map((p) => p.metrics['metrics.deliveryRatio']!.mean!);
    for (let i = 1; i < means.length; i++) expect(means[i]).toBeLessThan(means[i - 1]!);
    r.points.forEach((p) => {
      const m = p.metrics['metrics.deliveryRatio']!;
      expect(m.n).toBe(200);
      // Four standard errors (≈ 0.1 here): a wrong model, e.g. each node reached independently
      // with probability 1 − p (0.9 at p = 0.1 against 0.586), sits far outside.
      const se = m.sd! / Math.sqrt(m.n);
      expect(Math.abs(m.mean! - theory(p.values['link.loss'] as number))).toBeLessThanOrEqual(4 * se + 1e-12);
    });
    expect(r.points[0]!.metrics['metrics.deliveryRatio']).toEqual({ n: 200, nulls: 0, mean: 1, sd: 0, ci95: [1, 1] });
  });

  it('flooding a random graph: mean delivery ratio over seeds falls as loss rises', async () => {
    const r = await sweep({ scenario: random, vary: ['link.loss=0,0.2,0.4,0.6'], seeds: 12 }, { jobs: 1 });
    const means = r.points.map((p) => p.metrics['metrics.deliveryRatio']!.mean!);
    expect(means[0]).toBe(1);
    for (let i = 1; i < means.length; i++) expect(means[i]).toBeLessThan(means[i - 1]!);
  });

  it("each point's CI is the hand-computed one from the runs' own values", async () => {
    const seeds = [3, 5, 9, 11];
    const r = await sweep({ scenario: random, vary: ['link.loss=0.3'], seeds }, { jobs: 1 });
    // Run the same four scenarios directly and compute mean ± t(0.975, 3)·sd/√n by hand.
    const xs = seeds.map((seed) => simulate(parseScenario({ ...random, seed, link: { ...random.link, loss: 0.3 } }, '<test>')).metrics.latency.mean!);
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
    const half = 3.182446 * sd / Math.sqrt(xs.length); // t(0.975, 3), from the table
    const got = r.points[0]!.metrics['metrics.latency.mean']!;
    expect(got.n).toBe(4);
    expect(got.mean).toBeCloseTo(m, 6);
    expect(got.sd).toBeCloseTo(sd, 6);
    expect(got.ci95![0]).toBeCloseTo(m - half, 4);
    expect(got.ci95![1]).toBeCloseTo(m + half, 4);
  });

  it('counts runs without a value (t100 is null when someone never delivers)', async () => {
    const r = await sweep({ scenario: line, vary: ['link.loss=0.3'], seeds: 20 }, { jobs: 1 });
    const t100 = r.points[0]!.metrics['metrics.convergence.t100']!;
    const delivered = r.points[0]!.metrics['metrics.deliveryRatio']!;
    expect(t100.n + t100.nulls).toBe(20);
    // t100 exists exactly in the runs that delivered to everyone: 0.7^10 ≈ 2.8% each.
    expect(t100.nulls).toBeGreaterThan(15);
    expect(delivered.nulls).toBe(0);
  });

  it('output is identical with 1 and 2 worker threads', async () => {
    const spec: SweepSpec = { scenario: random, vary: ['link.loss=0,0.25', 'protocol.mode=flood,tree'], seeds: 5 };
    const one = await sweep(spec, { jobs: 1 });
    const two = await sweep(spec, { jobs: 2 });
    expect(JSON.stringify(two)).toBe(JSON.stringify(one));
    expect(one.points).toHaveLength(4);
  });

  it('shards 1/2 and 2/2 merged equal the unsharded sweep, byte for byte', async () => {
    const spec: SweepSpec = { scenario: random, vary: ['link.loss=0,0.2,0.4'], seeds: 3 };
    const whole = await sweep(spec, { jobs: 1 });
    const s1 = await sweepShard(spec, { index: 1, count: 2 }, { jobs: 1 });
    const s2 = await sweepShard(spec, { index: 2, count: 2 }, { jobs: 2 });
    expect(s1.results.map((r) => r.run)).toEqual([0, 2, 4, 6, 8]);
    expect(s2.results.map((r) => r.run)).toEqual([1, 3, 5, 7]);
    // Through JSON, as shard files travel.
    const file = (s: unknown) => JSON.parse(JSON.stringify(s));
    const merged = mergeShards([{ file: 'b.json', shard: file(s2) }, { file: 'a.json', shard: file(s1) }]);
    expect(JSON.stringify(merged)).toBe(JSON.stringify(whole));
  });

  it('merge refuses different sweeps, repeated, missing and interrupted shards', async () => {
    const spec: SweepSpec = { scenario: line, vary: ['link.loss=0,0.5'], seeds: 2 };
    const s1 = await sweepShard(spec, { index: 1, count: 2 }, { jobs: 1 });
    const s2 = await sweepShard(spec, { index: 2, count: 2 }, { jobs: 1 });
    const other = await sweepShard({ ...spec, seeds: 3 }, { index: 2, count: 2 }, { jobs: 1 });
    const of3 = await sweepShard(spec, { index: 2, count: 3 }, { jobs: 1 });
    const cases: Array<[Parameters<typeof mergeShards>[0], RegExp]> = [
      [[{ file: 'a', shard: s1 }, { file: 'o', shard: other }], /o is a shard of a different sweep than a/],
      [[{ file: 'a', shard: s1 }, { file: 'a2', shard: s1 }, { file: 'b', shard: s2 }], /shard 1\/2 is given twice \(a and a2\)/],
      [[{ file: 'a', shard: s1 }], /missing shard 2\/2/],
      [[{ file: 'a', shard: s1 }, { file: 'c', shard: of3 }], /one of 2 shards/],
      [[{ file: 'a', shard: s1 }, { file: 'b', shard: { ...s2, complete: false, results: s2.results.slice(1) } }], /incomplete/],
      [[], /at least one/],
    ];
    for (const [inputs, message] of cases) {
      expect(() => mergeShards(inputs)).toThrow(SweepInputError);
      expect(() => mergeShards(inputs)).toThrow(message);
    }
  });

  it('round-robin shards partition the run list', () => {
    const all = [1, 2, 3].flatMap((i) => shardRuns(10, { index: i, count: 3 }));
    expect(all.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(shardRuns(2, { index: 4, count: 5 })).toEqual([]);
    expect(parseShard('2/8')).toEqual({ index: 2, count: 8 });
    for (const bad of ['0/2', '3/2', '1/0', 'a/b', '2']) expect(() => parseShard(bad), bad).toThrow(SweepInputError);
  });

  it('checks every point before running any: a bad path or value names the field and the point', async () => {
    await expect(sweep({ scenario: line, vary: ['link.lossy=0.1'], seeds: 1 }, { jobs: 1 })).rejects.toThrow(/link\.lossy: unknown field 'lossy' — did you mean 'loss'\?/);
    await expect(sweep({ scenario: line, vary: ['link.loss=0,1.5'], seeds: 1 }, { jobs: 1 })).rejects.toThrow(ScenarioError);
    await expect(sweep({ scenario: line, vary: ['link.loss=0,1.5'], seeds: 1 }, { jobs: 1 })).rejects.toThrow(/in sweep point link\.loss=1\.5/);
    await expect(sweep({ scenario: line, vary: ['link.loss=0'], seeds: [1, 1] }, { jobs: 1 })).rejects.toThrow(/listed twice/);
  });

  it('an aborted sweep returns only the points whose seeds all finished', async () => {
    const stop = new AbortController();
    const r = await sweep({ scenario: line, vary: ['link.loss=0,0.1,0.2'], seeds: 4 }, {
      jobs: 1, signal: stop.signal, onProgress: (done) => { if (done === 6) stop.abort(); },
    });
    expect(r.complete).toBe(false);
    expect(r.points.map((p) => p.point)).toEqual([0]);
    expect(r.runs).toBe(12);
  });
});
