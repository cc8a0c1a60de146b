import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Context, Message, Process, ProtocolPlugin } from '../../src/api/process.js';
import { broadcast, type BroadcastOptions } from '../../src/protocols/broadcast.js';
import { run } from '../support/run.js';

// A lossy, duplicating flood with a crash and two messages: every path of a send and an arrival.
const flood = (type: string) => ({
  seed: 5,
  topology: { kind: 'erdos-renyi', nodes: 80, p: 0.08 },
  link: { latency: { dist: 'uniform', min: 1, max: 5 }, loss: 0.05, duplicate: 0.05 },
  protocol: { type, mode: 'flood' },
  faults: [{ at: 4, crash: [3, 9] }, { at: 12, recover: [3] }],
  workload: [{ at: 0, from: 0 }, { at: 6, from: 41 }],
});

/** Broadcast as it was written before: one Process per node, a plain send loop over neighbors(). */
const perNode: ProtocolPlugin<BroadcastOptions> = {
  ...broadcast,
  type: 'per-node-broadcast',
  createSharedProcess: undefined,
  createProcess: (_node, options) => {
    const seen = new Set<number>();
    const forward = (ctx: Context, msgId: number, src: number, hops: number, from: number): void => {
      const nbrs = ctx.neighbors(), copy = { kind: 'data', msgId, src, hops: hops + 1 };
      for (let i = 0; i < nbrs.length; i++) if (nbrs[i] !== from) ctx.send(nbrs[i]!, copy);
    };
    return {
      request: (ctx, req) => { seen.add(req.id); forward(ctx, req.id, ctx.id, 0, -1); },
      message: (ctx, from, msg: Message) => {
        const id = msg.msgId as number;
        if (seen.has(id)) return;
        seen.add(id);
        ctx.deliver(id, msg.hops as number);
        if (options.ttl === undefined || (msg.hops as number) < options.ttl) forward(ctx, id, msg.src as number, msg.hops as number, from);
      },
    };
  },
};

describe('one Process for all nodes, and ctx.sendToNeighbors', () => {
  it('the built-in flood (shared Process, sendToNeighbors, shared copies) gives the per-node flood\'s run, event for event', () => {
    const shared = run(flood('broadcast'));
    const plain = run(flood('per-node-broadcast'), { protocols: [perNode] });
    expect(shared.metrics.dropped).toBeGreaterThan(0);
    expect(shared.metrics.messages).toBe(2);
    expect(shared.fingerprint).toBe(plain.fingerprint);
    expect(shared.metrics).toEqual(plain.metrics);
  });

  // sendToNeighbors hands a row's sends to the trace bus at once and then queues them when the
  // link neither loses nor duplicates and no partition holds; otherwise it transmits one by one.
  // Either way the run must be the per-node flood's.
  const plain = (type: string, extra: Record<string, unknown> = {}) => ({
    seed: 9,
    topology: { kind: 'erdos-renyi', nodes: 120, p: 0.06 },
    link: { latency: { dist: 'uniform', min: 1, max: 5 } },
    protocol: { type, mode: 'flood' },
    workload: [{ at: 0, from: 0 }, { at: 1.5, from: 77 }, { at: 30, from: 3 }],
    ...extra,
  });
  const variants: Record<string, Record<string, unknown>> = {
    'a plain link (rows at once)': {},
    'a partition for a while (one by one while it holds)': { faults: [{ at: 2, partition: [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]] }, { at: 6, heal: true }] },
    'crashed receivers (rows at once, drops on arrival)': { faults: [{ at: 1, crash: [10, 11, 12] }, { at: 8, recover: [11] }] },
    'a ttl': { protocol: { type: 'broadcast', mode: 'flood', ttl: 3 } },
  };
  for (const [name, extra] of Object.entries(variants)) {
    it(`the built-in flood gives the per-node flood's run with ${name}`, () => {
      const as = (type: string) => plain(type, { ...extra, protocol: { mode: 'flood', ...(extra.protocol as object | undefined), type } });
      const shared = run(as('broadcast')), perNodeRun = run(as('per-node-broadcast'), { protocols: [perNode] });
      expect(shared.metrics.messages).toBe(3);
      expect(shared.metrics.sent).toBeGreaterThan(500);
      expect(shared.fingerprint).toBe(perNodeRun.fingerprint);
      expect(shared.metrics).toEqual(perNodeRun.metrics);
    });
  }

  it('the same with an edge list\'s fixed latencies', () => {
    const dir = mkdtempSync(join(tmpdir(), 'castsim-rows-'));
    try {
      const lines: string[] = [];
      for (let i = 0; i < 300; i++) for (const j of [(i + 1) % 300, (i * 7 + 3) % 300]) if (j !== i) lines.push(`${i} ${j} ${(1 + ((i * 13 + j) % 900) / 100).toFixed(2)}`);
      const file = join(dir, 'g.txt');
      writeFileSync(file, `${lines.join('\n')}\n`);
      const scenario = (type: string) => ({ topology: { kind: 'edgelist', file }, protocol: { type, mode: 'flood' }, workload: [{ at: 0, from: 0 }, { at: 4, from: 150 }] });
      const shared = run(scenario('broadcast')), perNodeRun = run(scenario('per-node-broadcast'), { protocols: [perNode] });
      expect(shared.metrics.delivered).toBe(2 * 299);
      expect(shared.fingerprint).toBe(perNodeRun.fingerprint);
      expect(shared.metrics).toEqual(perNodeRun.metrics);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('sendToNeighbors(msg, except) sends what a loop of send over neighbors() would, in the same order', () => {
    const viaLoop: ProtocolPlugin = {
      type: 'loop', description: 'sends to all neighbours but 2 by a loop', options: z.strictObject({}), expected: () => [],
      createProcess: () => ({ request: (ctx) => { for (const v of Array.from(ctx.neighbors())) if (v !== 2) ctx.send(v, { kind: 'x' }); } }),
    };
    const viaCall: ProtocolPlugin = {
      ...viaLoop, type: 'call',
      createProcess: () => ({ request: (ctx) => ctx.sendToNeighbors!({ kind: 'x' }, 2) }),
    };
    const scenario = (type: string) => ({ topology: { kind: 'complete', nodes: 6 }, link: { latency: { dist: 'uniform', min: 1, max: 9 } }, protocol: { type }, workload: [{ at: 0, from: 0 }] });
    const a = run(scenario('loop'), { protocols: [viaLoop] }), b = run(scenario('call'), { protocols: [viaCall] });
    expect(a.metrics.sent).toBe(4);
    expect(b.fingerprint).toBe(a.fingerprint);
  });

  it('a shared Process is made once, never createProcess, and is lent one Context whose id is the node\'s', () => {
    const ids: number[] = [], ctxs = new Set<Context>();
    let made = 0;
    const process: Process = { start: (ctx) => { ids.push(ctx.id); ctxs.add(ctx); } };
    const probe: ProtocolPlugin = {
      type: 'probe', description: 'records the contexts it is lent', options: z.strictObject({}), expected: () => [],
      createProcess: () => { throw new Error('createProcess called although createSharedProcess is given'); },
      createSharedProcess: () => { made++; return process; },
    };
    run({ topology: { kind: 'line', nodes: 4 }, protocol: { type: 'probe' } }, { protocols: [probe] });
    expect(made).toBe(1);
    expect(ids).toEqual([0, 1, 2, 3]);
    expect(ctxs.size).toBe(1);
    expect(Object.keys([...ctxs][0]!)).toEqual(['id']);
  });
});
