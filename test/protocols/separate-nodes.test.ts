/**
 * The built-in types run over a second, bare transport (test/support/separate-nodes.ts):
 * every node has its own WorldView and every message crosses as JSON. A type whose
 * nodes reached into run-wide state (gossip's old shared epidemic, anycast's old load
 * table) informs nobody here or never spreads load.
 */
import { describe, expect, it } from 'vitest';
import { anycast } from '../../src/protocols/anycast.js';
import { broadcast } from '../../src/protocols/broadcast.js';
import { gossip } from '../../src/protocols/gossip.js';
import { multicast } from '../../src/protocols/multicast.js';
import { unicast } from '../../src/protocols/unicast.js';
import { runSeparately } from '../support/separate-nodes.js';

const ring = (nodes: number) => ({ kind: 'ring' as const, nodes });

describe('every node on its own, messages as JSON', () => {
  for (const mode of ['push', 'pull', 'push-pull']) {
    it(`gossip ${mode}: every node is informed exactly once, by what messages told it`, () => {
      const r = runSeparately(gossip, { mode, peers: 'all', stop: 'none', maxRounds: 40 }, ring(200),
        [{ source: 7, at: 0 }], { latency: 10, until: 1e6 });
      const nodes = r.deliveries.map((d) => d.node).sort((a, b) => a - b);
      expect(nodes).toEqual(Array.from({ length: 200 }, (_, v) => v).filter((v) => v !== 7));
      // Anti-entropy stops at the rumor's age limit, which every copy carries: 40 rounds.
      expect(r.end).toBeLessThan(40 * 100 + 100);
    });
  }

  it('gossip rumor mongering with feedback: "already knew" comes back in real messages and every node stops', () => {
    const r = runSeparately(gossip, { mode: 'push', peers: 'all', stop: { counter: 2, feedback: true } }, ring(300),
      [{ source: 0, at: 0 }], { latency: 10, until: 1e6 });
    const informed = r.deliveries.length + 1;
    expect(informed).toBeGreaterThan(250);
    // Latency below the round: each node stops at its 2nd feedback, so exactly 2 per informed node.
    expect(r.sent.get('feedback')).toBe(2 * informed);
    expect(r.end).toBeLessThan(100 * 100);
  });

  it('anycast load: clients spread requests from the loads members report, with no shared table', () => {
    const servers = [0, 1, 2];
    const requests = Array.from({ length: 300 }, (_, i) => ({ source: 3 + ((i * 7) % 27), at: 5 * i, group: 's', members: servers }));
    const served = (select: string) => {
      const r = runSeparately(anycast, { group: 's', select, service: 40 }, { kind: 'line', nodes: 30 }, requests, { latency: 1, until: 1e6, groups: { s: servers } });
      const counts = servers.map((m) => r.deliveries.filter((d) => d.node === m).length);
      expect(counts.reduce((a, b) => a + b, 0)).toBe(300);
      return counts;
    };
    // Node 2 is every client's nearest member: by latency it serves all 300.
    expect(served('latency')).toEqual([0, 0, 300]);
    // By load each client knows only what responses it received or relayed told it: each
    // client sends every 135 ms, longer than a report stays fresh (service: 40 ms), so the
    // spread is rougher than with one shared table, but every member takes a share and none
    // takes most (the shared table of old, unreachable here, left it [0, 0, 300]).
    const byLoad = served('load');
    expect(Math.min(...byLoad)).toBeGreaterThan(0);
    expect(Math.max(...byLoad)).toBeLessThan(0.6 * 300);
  });

  it('broadcast, multicast and unicast deliver everywhere they should', () => {
    const flood = runSeparately(broadcast, {}, ring(50), [{ source: 0, at: 0 }], { latency: 1, until: 1e6 });
    expect(flood.deliveries.length).toBe(49);
    const group = [3, 9, 20, 33, 41];
    const tree = runSeparately(multicast, { group: 'g', mode: 'shared-tree' }, ring(50), [{ source: 0, at: 0, group: 'g', members: group }], { latency: 1, until: 1e6, groups: { g: group } });
    expect(tree.deliveries.map((d) => d.node).sort((a, b) => a - b)).toEqual(group);
    const one = runSeparately(unicast, { retransmit: 'end-to-end' }, ring(50), [{ source: 0, at: 0, to: 25 }], { latency: 1, until: 1e6 });
    expect(one.deliveries.map((d) => [d.node, d.hops])).toEqual([[25, 25]]);
  });
});
