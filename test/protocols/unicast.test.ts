import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../support/run.js';
import { floyd, lcg, randomGraph } from '../support/reference-graphs.js';
import { DeliveryLog } from '../support/trace-collector.js';

describe('unicast', () => {
  const dir = mkdtempSync(join(tmpdir(), 'castsim-unicast-'));
  const n = 60;
  const edges = randomGraph(n, 90, 11);
  const file = join(dir, 'g.txt');
  writeFileSync(file, edges.map(([u, v, w]) => `${u} ${v} ${w}`).join('\n') + '\n');
  const pairs: Array<{ at: number; from: number; to: number }> = [];
  const rnd = lcg(5);
  for (let i = 0; i < 200; i++) {
    const from = Math.floor(rnd() * n);
    let to = Math.floor(rnd() * n);
    if (to === from) to = (to + 1) % n;
    pairs.push({ at: i * 1000, from, to });
  }

  it('routing by latency: every delivery latency equals the independent shortest-path distance', () => {
    const dist = floyd(n, edges, (w) => w);
    const log = new DeliveryLog();
    const r = run({ topology: { kind: 'edgelist', file }, protocol: { type: 'unicast', routing: 'latency' }, workload: pairs }, { observers: [log] });
    expect(r.metrics.delivered).toBe(200);
    for (const d of log.deliveries) {
      expect(d.node).toBe(d.to);
      expect(d.t - d.sentAt).toBeCloseTo(dist[d.source]![d.node]!, 9);
    }
  });

  it('routing by hops: hop count equals the BFS distance and latency is hops × link latency', () => {
    const hops = floyd(n, edges, () => 1);
    const log = new DeliveryLog();
    const plain = edges.map(([u, v]) => `${u} ${v}`).join('\n');
    const f2 = join(dir, 'plain.txt');
    writeFileSync(f2, plain);
    const r = run({ topology: { kind: 'edgelist', file: f2 }, link: { latency: 7 }, protocol: { type: 'unicast', routing: 'hops' }, workload: pairs }, { observers: [log] });
    expect(r.metrics.delivered).toBe(200);
    for (const d of log.deliveries) {
      expect(d.hops).toBe(hops[d.source]![d.node]);
      expect(d.t - d.sentAt).toBe(7 * d.hops);
    }
    // Without loss or retransmission, transmissions are exactly the hops travelled.
    expect(r.metrics.sent).toBe(log.deliveries.reduce((s, d) => s + d.hops, 0));
    expect(r.metrics.unicast).toEqual({ dataTransmissions: r.metrics.sent, retransmissions: 0, acks: 0 });
  });

  // Stop-and-wait on one link: each attempt succeeds only if the data AND its ack
  // survive (acks are lost like data), so attempts per message are geometric with
  // success probability (1−p)²: E[data transmissions] = 1/(1−p)².
  it('stop-and-wait over one lossy link costs 1/(1−p)² data transmissions per message', () => {
    for (const p of [0.1, 0.3]) {
      const r = run({
        seed: 4,
        topology: { kind: 'line', nodes: 2 },
        link: { latency: 1, loss: p },
        protocol: { type: 'unicast', retransmit: 'hop-by-hop', timeout: 5, maxRetries: 1000 },
        workload: [{ every: 10_000, count: 2000, from: 0, to: 1 }],
      });
      expect(r.metrics.delivered).toBe(2000);
      const perMessage = (r.metrics.unicast as { dataTransmissions: number }).dataTransmissions / 2000;
      const closedForm = 1 / (1 - p) ** 2;
      expect(Math.abs(perMessage - closedForm) / closedForm).toBeLessThan(0.05);
    }
  });

  it('end-to-end retransmission recovers losses over many hops', () => {
    const r = run({
      topology: { kind: 'line', nodes: 6 },
      link: { latency: 2, loss: 0.2 },
      protocol: { type: 'unicast', retransmit: 'end-to-end', timeout: 50, maxRetries: 200 },
      workload: [{ every: 1000, count: 100, from: 0, to: 5 }],
    });
    expect(r.metrics.delivered).toBe(100);
    expect((r.metrics.unicast as { retransmissions: number }).retransmissions).toBeGreaterThan(0);
  });

  it('without retransmission, loss loses messages', () => {
    const r = run({
      topology: { kind: 'line', nodes: 6 },
      link: { latency: 2, loss: 0.2 },
      protocol: { type: 'unicast' },
      workload: [{ every: 10, count: 400, from: 0, to: 5 }],
    });
    // Each message survives 5 links with probability 0.8^5 ≈ 0.328; 400 messages: sd ≈ 9.4.
    expect(r.metrics.delivered).toBeGreaterThan(400 * 0.328 - 40);
    expect(r.metrics.delivered).toBeLessThan(400 * 0.328 + 40);
  });
});
