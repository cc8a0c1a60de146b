/**
 * Gossip's per-run node state (src/protocols/gossip-state.ts): the rumor table's chains,
 * and a fresh run whenever a WorldView is reused, so no state carries over between runs.
 */
import { describe, expect, it } from 'vitest';
import type { Context, Message, WorldView } from '../../src/api/process.js';
import { gossip } from '../../src/protocols/gossip.js';
import { NONE, RumorTable } from '../../src/protocols/gossip-state.js';

describe('gossip rumor table', () => {
  it('keeps each node its own rumors in the order learned, through growth', () => {
    const t = new RumorTable(3);
    // Node 1 learns 40 rumors (far past the table's first spare room), node 0 two, node 2 none.
    t.add(0, 100, 5, 1, 7);
    for (let k = 0; k < 40; k++) t.add(1, k, k * 10, k, k + 0.5);
    t.add(0, 101, 6, 2, 8);
    const chain = (v: number) => {
      const ids: number[] = [];
      if (t.id[v] !== NONE) for (let s = v; s !== NONE; s = t.next[s]!) ids.push(t.id[s]!);
      return ids;
    };
    expect(chain(0)).toEqual([100, 101]);
    expect(chain(1)).toEqual(Array.from({ length: 40 }, (_, k) => k));
    expect(chain(2)).toEqual([]);
    const s = t.find(1, 33);
    expect([t.birth[s], t.gen[s], t.informedAt[s], t.state[s], t.counter[s]]).toEqual([330, 33, 33.5, 1, 0]);
    expect(t.find(2, 33)).toBe(NONE);
    expect(t.find(0, 33)).toBe(NONE);
  });
});

describe('gossip processes on a reused WorldView', () => {
  const options = gossip.options['~standard'].validate({ mode: 'push', peers: 'all', stop: 'none' });
  if ('issues' in options && options.issues) throw new Error('bad options');
  const o = (options as { value: unknown }).value as Parameters<typeof gossip.createProcess>[1];

  function fakeCtx(timers: number[]): Context<Message> {
    return {
      id: 0, now: () => 0, neighbors: () => [1], send: () => {}, deliver: () => {}, random: () => 0.5,
      setTimer: (delay: number) => { timers.push(delay); return timers.length; }, cancelTimer: () => {},
      network: { size: 2, isAlive: () => true } as unknown as Context['network'],
    };
  }

  it('a node created again on the same view starts with nothing: a second run does not inherit the first', () => {
    const view: WorldView = { nodes: 2, network: { size: 2, isAlive: () => true } as unknown as WorldView['network'] };
    const first: number[] = [], second: number[] = [];
    gossip.createProcess(0, o, view).request!(fakeCtx(first), { id: 0, source: 0, at: 0 });
    expect(first).toEqual([0]); // the source's round loop starts
    // The same view for a new run: node 0 does not know rumor 0 yet and starts its loop again.
    gossip.createProcess(0, o, view).request!(fakeCtx(second), { id: 0, source: 0, at: 0 });
    expect(second).toEqual([0]);
  });
});
