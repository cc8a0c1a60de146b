/**
 * What the World promises every plug-in: messages in flight cannot be changed by a
 * receiver, cancelling a timer costs no lasting memory, and the group a request
 * targets comes from the plug-in, whatever its option is called.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { RandomStreams } from '../../src/engine/random.js';
import { generateTopology } from '../../src/network/generators.js';
import { linkWeights, Router } from '../../src/network/routing.js';
import type { Context, Message, ProtocolPlugin, Request } from '../../src/api/process.js';
import { parseScenario } from '../../src/scenario/load.js';
import { simulate } from '../../src/simulation/simulate.js';
import { ProtocolError, World } from '../../src/simulation/world.js';

const noOptions = z.strictObject({});

describe('messages in flight are immutable', () => {
  it('a receiver that mutates a copy fails clearly and every other copy, duplicates included, is intact', () => {
    const seen: Array<{ node: number; value: number; path: readonly number[]; errors: string[] }> = [];
    const shared: Message = { kind: 'data', value: 7, path: [0] };
    const plugin: ProtocolPlugin = {
      type: 'mutator', description: 'receivers try to change what they got', options: noOptions,
      expected: () => [],
      createProcess: () => ({
        // Node 1 (the middle of a line) sends the same object to both neighbours; every
        // transmission is duplicated, so four arrivals share one object.
        request: (ctx: Context) => { for (const v of [0, 2]) ctx.send(v, shared); },
        message: (ctx: Context, _from: number, msg: Message) => {
          const errors: string[] = [];
          const value = msg.value as number, path = [...(msg.path as number[])];
          try { msg.value = 99; } catch (e) { errors.push((e as Error).constructor.name); }
          try { (msg.path as number[]).push(ctx.id); } catch (e) { errors.push((e as Error).constructor.name); }
          try { delete msg.kind; } catch (e) { errors.push((e as Error).constructor.name); }
          seen.push({ node: ctx.id, value, path, errors });
        },
      }),
    };
    const scenario = parseScenario({
      topology: { kind: 'line', nodes: 3 }, link: { duplicate: 1 },
      protocol: { type: 'mutator' }, workload: [{ at: 0, from: 1 }],
    }, '<test>');
    simulate(scenario, { protocols: [plugin] });
    expect(seen.map((s) => s.node).sort()).toEqual([0, 0, 2, 2]);
    for (const s of seen) {
      expect(s.value).toBe(7);
      expect(s.path).toEqual([0]);
      expect(s.errors).toEqual(['TypeError', 'TypeError', 'TypeError']);
    }
    expect(shared).toEqual({ kind: 'data', value: 7, path: [0] });
  });

  it('a message holding a typed array, Map or Set is refused with the field named', () => {
    for (const [payload, name] of [[new Int32Array(2), 'Int32Array'], [new Map(), 'Map'], [new Set([1]), 'Set']] as const) {
      const plugin: ProtocolPlugin = {
        type: 'typed', description: 'sends a typed array', options: noOptions, expected: () => [],
        createProcess: () => ({ request: (ctx: Context) => ctx.send(1, { kind: 'data', body: { payload } }) }),
      };
      const scenario = parseScenario({ topology: { kind: 'line', nodes: 2 }, protocol: { type: 'typed' } }, '<test>');
      expect(() => simulate(scenario, { protocols: [plugin] })).toThrow(ProtocolError);
      expect(() => simulate(scenario, { protocols: [plugin] })).toThrow(`message.body.payload is a ${name}`);
    }
  });
});

describe('messages refused, and cyclic ones', () => {
  /** Node 0 sends `make()`'s object to its neighbours `times` times, catching a refusal each time, then a plain one. */
  function sendCaught(make: () => Message, times: number) {
    const refusals: string[] = [], arrived: Message[] = [];
    const plugin: ProtocolPlugin = {
      type: 'stubborn', description: 'sends one message again after its refusal', options: noOptions, expected: () => [],
      createProcess: () => ({
        request: (ctx: Context) => {
          const msg = make();
          for (let i = 0; i < times; i++) {
            try { ctx.sendToNeighbors!(msg); } catch (err) { if (!(err instanceof ProtocolError)) throw err; refusals.push(err.message); }
            try { ctx.send(1, msg); } catch (err) { if (!(err instanceof ProtocolError)) throw err; refusals.push(err.message); }
          }
          ctx.send(1, { kind: 'plain' });
        },
        message: (_ctx: Context, _from: number, msg: Message) => { arrived.push(msg); },
      }),
    };
    const scenario = parseScenario({ topology: { kind: 'star', nodes: 3 }, protocol: { type: 'stubborn' }, workload: [{ at: 0, from: 0 }] }, '<test>');
    simulate(scenario, { protocols: [plugin] });
    return { refusals, arrived };
  }

  it('a message refused for a part is refused at every send, also when the protocol catches the refusal and sends it again', () => {
    const { refusals, arrived } = sendCaught(() => ({ kind: 'data', body: { inner: { bad: new Map([[1, 2]]) } } }), 3);
    expect(refusals).toHaveLength(6);
    for (const m of refusals) expect(m).toContain('message.body.inner.bad is a Map');
    expect(arrived.map((m) => m.kind)).toEqual(['plain']);
  });

  it('a message whose parts form a cycle is frozen whole and arrives', () => {
    const { refusals, arrived } = sendCaught(() => {
      const a: Record<string, unknown> = { kind: 'cyclic', list: [1, 2] }, b: Record<string, unknown> = { back: a };
      a.next = b; a.self = a; (a.list as unknown[]).push(b);
      return a as Message;
    }, 1);
    expect(refusals).toEqual([]);
    expect(arrived.map((m) => m.kind)).toEqual(['cyclic', 'cyclic', 'cyclic', 'plain']);
    const m = arrived[0]!, next = m.next as Record<string, unknown>;
    for (const part of [m, next, m.list]) expect(Object.isFrozen(part)).toBe(true);
    expect(next.back).toBe(m);
  });

  it('a chain nested deeper than a cycle check starts is frozen to its end', () => {
    const { arrived } = sendCaught(() => {
      const top: Record<string, unknown> = { kind: 'deep' };
      let at = top;
      for (let i = 0; i < 100; i++) { const next: Record<string, unknown> = { i }; at.next = next; at = next; }
      at.next = top; // and a cycle back, a hundred levels down
      return top as Message;
    }, 1);
    let at = arrived[0] as Record<string, unknown>, depth = 0;
    while (depth < 101) { expect(Object.isFrozen(at)).toBe(true); at = at.next as Record<string, unknown>; depth++; }
    expect(at).toBe(arrived[0]);
  });
});

describe('cancelling timers', () => {
  /** One node runs `rounds` timers one after another, cancelling each after it fired, plus one it cancels in time. */
  function timerWorld(rounds: number) {
    const fired: number[] = [];
    const plugin: ProtocolPlugin = {
      type: 'timers', description: 'sets, fires and cancels timers', options: noOptions, expected: () => [],
      createProcess: (node) => {
        let last = -1, round = 0;
        return node !== 0 ? {} : {
          start: (ctx: Context) => {
            const doomed = ctx.setTimer(5, 'doomed');
            ctx.cancelTimer(doomed);
            ctx.cancelTimer(doomed); // twice: still nothing kept
            last = ctx.setTimer(1, round);
          },
          timer: (ctx: Context, data: unknown) => {
            fired.push(data as number);
            ctx.cancelTimer(last); // it just fired: a no-op that must leave nothing behind
            ctx.cancelTimer(last);
            if (++round < rounds) last = ctx.setTimer(1, round);
          },
        };
      },
    };
    const scenario = parseScenario({ topology: { kind: 'line', nodes: 2 }, protocol: { type: 'timers' }, workload: [] }, '<test>');
    const streams = new RandomStreams(scenario.seed);
    const topology = generateTopology(scenario.topology, streams.stream('topology'));
    const world = new World(scenario, topology, new Router(topology, linkWeights(topology, scenario.link.latency)), streams, plugin, {});
    world.run();
    return { fired, world };
  }

  it('a timer cancelled after it fired leaves no bookkeeping behind, and a stale id never cancels a newer timer', () => {
    const small = timerWorld(10), large = timerWorld(1000);
    // Every timer fired in order (a stale cancel of the previous id would have stopped the chain).
    expect(small.fired).toEqual(Array.from({ length: 10 }, (_, i) => i));
    expect(large.fired).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    // At most two timers were ever pending at once (the doomed one and the first round).
    expect(small.world.timerBookkeeping).toBe(2);
    expect(large.world.timerBookkeeping).toBe(2);
  });

  it('a node cannot cancel another node\'s timer', () => {
    const ids: number[] = [];
    const fired: number[] = [];
    const plugin: ProtocolPlugin = {
      type: 'foreign', description: 'node 1 tries to cancel node 0\'s timer', options: noOptions, expected: () => [],
      createProcess: (node) => ({
        start: (ctx: Context) => { if (node === 0) ids.push(ctx.setTimer(10)); else ctx.setTimer(1); },
        timer: (ctx: Context) => { fired.push(ctx.id); if (ctx.id === 1) ctx.cancelTimer(ids[0]!); },
      }),
    };
    const scenario = parseScenario({ topology: { kind: 'line', nodes: 2 }, protocol: { type: 'foreign' }, workload: [] }, '<test>');
    simulate(scenario, { protocols: [plugin] });
    expect(fired).toEqual([1, 0]);
  });
});

describe('the group a request targets comes from the plug-in', () => {
  it('a plug-in whose group option is called `audience` gets the group and its members on every request', () => {
    const requests: Request[] = [];
    const plugin: ProtocolPlugin<{ audience: string }> = {
      type: 'audience', description: 'names its group option differently', options: z.strictObject({ audience: z.string() }),
      group: (o) => o.audience,
      expected: (req) => (req.members ?? []).filter((m) => m !== req.source),
      createProcess: () => ({ request: (_ctx: Context, req: Request) => { requests.push(req); } }),
    };
    const scenario = parseScenario({
      topology: { kind: 'line', nodes: 5 },
      groups: { readers: { members: [1, 3, 4] }, writers: { members: [0, 2] } },
      protocol: { type: 'audience', audience: 'readers' },
      workload: [{ at: 0, from: 0 }, { at: 1, from: 2, group: 'writers' }],
    }, '<test>');
    const r = simulate(scenario, { protocols: [plugin] });
    expect(requests.map((q) => [q.group, q.members])).toEqual([['readers', [1, 3, 4]], ['writers', [0, 2]]]);
    expect(r.metrics.expected).toBe(3 + 1);
  });

  it('without the hook, a request names no group even if an option is called `group`', () => {
    const requests: Request[] = [];
    const plugin: ProtocolPlugin<{ group: string }> = {
      type: 'nogroup', description: 'has a group option but no hook', options: z.strictObject({ group: z.string() }),
      expected: () => [],
      createProcess: () => ({ request: (_ctx: Context, req: Request) => { requests.push(req); } }),
    };
    const scenario = parseScenario({
      topology: { kind: 'line', nodes: 3 }, groups: { g: { members: [1, 2] } },
      protocol: { type: 'nogroup', group: 'g' },
    }, '<test>');
    simulate(scenario, { protocols: [plugin] });
    expect(requests).toHaveLength(1);
    expect(requests[0]!.group).toBeUndefined();
    expect(requests[0]!.members).toBeUndefined();
  });
});

describe('endWhenDelivered: the experimenter stops a run whose processes never go quiet', () => {
  /** Every node pings its neighbours every 10 ms forever; a request is delivered where its ping lands first. */
  function pinger(end: boolean, raw: Record<string, unknown>) {
    const timerTimes: number[] = [];
    const plugin: ProtocolPlugin = {
      type: 'pinger', description: 'pings forever', options: noOptions,
      endWhenDelivered: () => end,
      expected: (req, view) => Array.from({ length: view.nodes }, (_, v) => v).filter((v) => v !== req.source && view.network.isAlive(v)),
      createProcess: () => {
        const known = new Set<number>();
        return {
          start: (ctx: Context) => { ctx.setTimer(10); },
          request: (_ctx: Context, req: Request) => { known.add(req.id); },
          timer: (ctx: Context) => {
            timerTimes.push(ctx.now());
            const nbrs = ctx.neighbors();
            for (let i = 0; i < nbrs.length; i++) {
              for (const id of known) ctx.send(nbrs[i]!, { kind: 'ping', msgId: id });
              if (known.size === 0) ctx.send(nbrs[i]!, { kind: 'empty' });
            }
            ctx.setTimer(10);
          },
          message: (ctx: Context, _from: number, msg: Message) => {
            const id = msg.msgId as number | undefined;
            if (id !== undefined && !known.has(id)) { known.add(id); ctx.deliver(id, 1); }
          },
        };
      },
    };
    const counts = { send: 0, receive: 0, drop: 0, lastDeliver: 0 };
    const observer = { event: (e: { type: string; t: number }) => {
      if (e.type === 'send' || e.type === 'receive' || e.type === 'drop') counts[e.type]++;
      if (e.type === 'deliver') counts.lastDeliver = e.t;
    } };
    const scenario = parseScenario({ topology: { kind: 'ring', nodes: 12 }, link: { latency: 3 }, protocol: { type: 'pinger' }, maxEvents: 20_000, ...raw }, '<test>');
    const r = simulate(scenario, { protocols: [plugin], observers: [observer] });
    return { r, counts, timerTimes };
  }

  it('ends once every expected recipient delivered; copies on the wire still arrive, timers do not fire', () => {
    const { r, counts, timerTimes } = pinger(true, {});
    expect(r.stop).toBe('delivered');
    expect(timerTimes.filter((t) => t > counts.lastDeliver)).toEqual([]);
    expect(timerTimes.length).toBeGreaterThan(0);
    expect(r.metrics.delivered).toBe(11);
    expect(counts.send).toBe(counts.receive + counts.drop);
    // The last event is an arrival, at most one latency after the last delivery.
    expect(r.time - counts.lastDeliver).toBeLessThanOrEqual(3);
    const forever = pinger(false, {});
    expect(forever.r.stop).toBe('event-cap');
  });

  it('a recipient that is down does not hold the run, but a scheduled recovery does', () => {
    // Node 6 is down from t = 5 (for good, or until 400): the ring reaches the others both ways round.
    const down = pinger(true, { faults: [{ at: 5, crash: [6] }] });
    expect(down.r.stop).toBe('delivered');
    const back = pinger(true, { faults: [{ at: 5, crash: [6] }, { at: 400, recover: [6] }] });
    expect(back.r.stop).toBe('delivered');
    expect(back.r.time).toBeGreaterThan(400);
    expect(back.r.metrics.delivered).toBeGreaterThan(down.r.metrics.delivered);
  });
});
