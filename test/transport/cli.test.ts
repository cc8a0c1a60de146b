import { describe, expect, it } from 'vitest';
import { castsim } from '../support/cli.js';

describe('castsim run / compare --transport ws', () => {
  it('run --transport ws prints the same JSON contract, marked not deterministic, with the simulator\'s counts', () => {
    const r = castsim(['run', 'flood-grid', '--transport', 'ws', '--time-scale', '0.1', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j).slice(0, 9)).toEqual(['scenario', 'seed', 'protocol', 'nodes', 'links', 'metrics', 'events', 'fingerprint', 'topologyFingerprint']);
    expect(j).toMatchObject({ transport: 'ws', deterministic: false, timeScale: 0.1, stop: 'idle' });
    expect(j.metrics).toMatchObject({ expected: 24, delivered: 24, sent: 56, dropped: 0 });
    // Real links take at least the injected 100 ms per hop (10 ms of wall time at scale 0.1, less the timer clock's 1 ms granularity).
    expect(j.metrics.latency.min).toBeGreaterThan(90);
  });

  it('run --transport ws prints the run table and says it was measured', () => {
    const r = castsim(['run', 'flood-grid', '--transport', 'ws', '--time-scale', '0.1']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/delivered \/ expected\s+24 \/ 24/);
    expect(r.stdout).toMatch(/transport: ws \(real WebSockets on loopback, time scale 0\.1\)/);
  });

  it('compare --transport ws: simulated beside measured; on a loss-free network the timing-independent types agree exactly', () => {
    const r = castsim(['compare', '--transport', 'ws', '--set', 'link.loss=0', '--set', 'topology.nodes=32', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as Array<{ type: string; simulated: any; measured: any }>;
    expect(rows.map((x) => x.type)).toEqual(['unicast', 'multicast', 'broadcast', 'anycast', 'gossip', 'reliable']);
    for (const { type, simulated, measured } of rows) {
      expect(measured.topologyFingerprint).toBe(simulated.topologyFingerprint);
      expect(measured.metrics.expected).toBe(simulated.metrics.expected);
      if (['unicast', 'multicast', 'broadcast', 'anycast'].includes(type)) {
        expect([type, measured.metrics.delivered, measured.metrics.sent]).toEqual([type, simulated.metrics.delivered, simulated.metrics.sent]);
      }
    }
    const table = castsim(['compare', '--transport', 'ws', '--set', 'link.loss=0', '--set', 'topology.nodes=16']);
    expect(table.stdout).toMatch(/^broadcast\s+15 \/ 15\s+15 \/ 15\s+(\d+) \/ \1\s.*equal$/m);
  });

  it('refuses what it cannot do over sockets, as bad input', () => {
    const r = castsim(['run', 'flood-grid', '--transport', 'ws', '--trace', 'x.jsonl']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--trace is not available with --transport ws/);
    const s = castsim(['run', 'flood-grid', '--time-scale', '0.5']);
    expect(s.code).toBe(2);
    expect(s.stderr).toMatch(/--time-scale applies to --transport ws only/);
  });
});
