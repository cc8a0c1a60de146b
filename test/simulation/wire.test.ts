/**
 * An arrival's message travels as its number on the Wire in the queue entry's kind, or, when
 * the Wire's 127 numbers are all held, as an object in the queue (src/simulation/wire.ts,
 * World). Every arrival must still get exactly its own object, and a flood few numbers.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { RandomStreams } from '../../src/engine/random.js';
import { generateTopology } from '../../src/network/generators.js';
import { linkWeights, Router } from '../../src/network/routing.js';
import type { Context, Message, ProtocolPlugin } from '../../src/api/process.js';
import { getProtocol } from '../../src/protocols/registry.js';
import { parseScenario } from '../../src/scenario/load.js';
import { MAX, Wire } from '../../src/simulation/wire.js';
import { World } from '../../src/simulation/world.js';

const noOptions = z.strictObject({});

function worldOf(raw: Record<string, unknown>, plugin: ProtocolPlugin<any>, options: unknown = {}): World {
  const scenario = parseScenario(raw, '<test>');
  const streams = new RandomStreams(scenario.seed);
  const topology = generateTopology(scenario.topology, streams.stream('topology'));
  return new World(scenario, topology, new Router(topology, linkWeights(topology, scenario.link.latency)), streams, plugin, options);
}

describe('Wire', () => {
  it('gives each arrival its own message and reuses numbers once nothing holds them', () => {
    const w = new Wire();
    const a = { kind: 'a' }, b = { kind: 'b' }, c = { kind: 'c' };
    const na = w.take(a); w.add(na); w.add(na);
    const nb = w.take(b); w.add(nb);
    expect(nb).not.toBe(na);
    // a again while its copies are queued: the same number (it is among the recent ones).
    expect(w.take(a)).toBe(na); w.add(na);
    expect(w.arrived(nb)).toBe(b); // b is not current and has nothing queued: freed
    const nc = w.take(c);
    expect(nc).toBe(nb); // the freed number is reused
    expect(w.arrived(na)).toBe(a);
    expect(w.arrived(na)).toBe(a);
    expect(w.arrived(na)).toBe(a);
    expect(w.capacity).toBe(2);
  });

  it('with all numbers holding queued copies, take answers −1 until one is freed', () => {
    const w = new Wire();
    const held = Array.from({ length: MAX }, (_, i) => ({ kind: 'held', i }));
    for (const m of held) w.add(w.take(m));
    expect(w.take({ kind: 'one too many' })).toBe(-1);
    expect(w.current).toBe(-1);
    expect(w.arrived(5)).toBe(held[5]);
    const m = { kind: 'now there is room' };
    expect(w.take(m)).toBe(5);
    expect(w.capacity).toBe(MAX);
  });

  it('a number taken but never queued (every copy lost) is freed at the next take', () => {
    const w = new Wire();
    for (let i = 0; i < 1000; i++) w.take({ kind: 'lost', i });
    expect(w.capacity).toBe(1);
  });
});

describe('messages and timer data leave and come back whole', () => {
  it('a fresh object per send, many in flight, same objects re-sent out of turn: each arrival gets the object sent', () => {
    const sent = new Map<string, Message>();
    const mismatches: string[] = [];
    let received = 0;
    // Node 0 sends 300 objects to its two neighbours over lossy, duplicating links, and
    // re-sends every tenth one later, after others (no longer the message sent just before).
    const plugin: ProtocolPlugin = {
      type: 'many', description: 'many messages in flight', options: noOptions, expected: () => [],
      createProcess: () => ({
        request: (ctx: Context) => {
          const mine: Message[] = [];
          for (let i = 0; i < 300; i++) {
            const m = { kind: 'data', i };
            mine.push(m);
            sent.set(`${i}`, m);
            ctx.send(1 + (i % 2), m);
          }
          for (let i = 0; i < 300; i += 10) ctx.send(1 + (i % 2), mine[i]!);
        },
        message: (_ctx: Context, _from: number, msg: Message) => {
          received++;
          if (sent.get(`${msg.i}`) !== msg) mismatches.push(String(msg.i));
        },
      }),
    };
    const world = worldOf({ topology: { kind: 'star', nodes: 3 }, link: { latency: { dist: 'uniform', min: 1, max: 50 }, loss: 0.2, duplicate: 0.3 }, protocol: { type: 'many' }, workload: [{ at: 0, from: 0 }] }, plugin);
    world.run();
    expect(received).toBeGreaterThan(250);
    expect(mismatches).toEqual([]);
    // More messages in flight than numbers: the later ones went through the queue as objects.
    expect(world.wireBookkeeping).toBe(MAX);
  });

  it('every message arrives frozen, parts included, whether sent once or again while the Wire holds it', () => {
    const thawed: string[] = [];
    let received = 0;
    // Node 0 sends fresh objects in turn with two held ones (a flood's pattern: the Wire still
    // numbers those, and only a message it does not hold is frozen at its send).
    const held = [{ kind: 'h', part: { i: 0 } }, { kind: 'h', part: { i: 1 } }];
    const plugin: ProtocolPlugin = {
      type: 'frozen', description: 'checks that what arrives is frozen', options: noOptions, expected: () => [],
      createProcess: () => ({
        request: (ctx: Context) => {
          for (let i = 0; i < 40; i++) {
            ctx.sendToNeighbors!(held[i % 2]!);
            ctx.sendToNeighbors!({ kind: 'fresh', part: { i }, list: [i, { j: i }] });
          }
        },
        message: (_ctx: Context, _from: number, msg: Message) => {
          received++;
          const parts: unknown[] = [msg, msg.part, msg.list, (msg.list as unknown[] | undefined)?.[1]];
          if (parts.some((p) => p !== undefined && !Object.isFrozen(p))) thawed.push(String(msg.kind));
        },
      }),
    };
    const world = worldOf({ topology: { kind: 'star', nodes: 4 }, link: { latency: { dist: 'uniform', min: 1, max: 30 } }, protocol: { type: 'frozen' }, workload: [{ at: 0, from: 0 }] }, plugin);
    world.run();
    expect(received).toBe(3 * 80);
    expect(thawed).toEqual([]);
  });

  it('the same object sent again after all its copies arrived, nothing sent in between, arrives whole', () => {
    const got: unknown[] = [];
    const again: Message = { kind: 'data', n: 1 };
    const plugin: ProtocolPlugin = {
      type: 'resend', description: 'resends one object on a timer', options: noOptions, expected: () => [],
      createProcess: (node) => ({
        start: (ctx: Context) => { if (node === 0) { ctx.send(1, again); ctx.setTimer(50); } },
        timer: (ctx: Context) => ctx.send(1, again), // the first copy arrived long ago
        message: (_ctx: Context, _from: number, msg: Message) => { got.push(msg); },
      }),
    };
    const world = worldOf({ topology: { kind: 'line', nodes: 2 }, link: { latency: 1 }, protocol: { type: 'resend' }, workload: [] }, plugin);
    world.run();
    expect(got).toEqual([again, again]);
    expect(got[1]).toBe(again);
  });

  it('a flood of 2,000 nodes needs a few dozen message numbers, not one per forwarding node', () => {
    const broadcast = getProtocol('broadcast')!;
    const world = worldOf({ topology: { kind: 'random-regular', nodes: 2000, degree: 6 }, link: { latency: { dist: 'uniform', min: 1, max: 10 } }, protocol: { type: 'broadcast' }, workload: [{ at: 0, from: 0 }] }, broadcast, { mode: 'flood' });
    world.run();
    expect(world.events).toBe(2 * 6000 - 1999 + 1); // every transmission arrived (and the request)
    expect(world.wireBookkeeping).toBeLessThanOrEqual(40);
  });

  it('every timer fires with its own data (null when set without), slots reused or not', () => {
    const fired: Array<[number, unknown]> = [];
    const objects = Array.from({ length: 50 }, (_, i) => ({ i }));
    const plugin: ProtocolPlugin = {
      type: 'timers', description: 'timers with data', options: noOptions, expected: () => [],
      createProcess: (node) => ({
        start: (ctx: Context) => {
          if (node !== 0) return;
          // 50 pending at once, firing in an order unlike the order set; then more, reusing slots.
          for (let i = 0; i < 50; i++) ctx.setTimer(((i * 37) % 50) + 1, objects[i]);
          ctx.setTimer(0.5);
          ctx.setTimer(0.7, undefined);
        },
        timer: (ctx: Context, data: unknown) => {
          fired.push([ctx.now(), data]);
          if (data !== null && (data as { i: number }).i < 10) ctx.setTimer(100, `again ${(data as { i: number }).i}`);
        },
      }),
    };
    const world = worldOf({ topology: { kind: 'line', nodes: 2 }, protocol: { type: 'timers' }, workload: [] }, plugin);
    world.run();
    expect(fired.slice(0, 2)).toEqual([[0.5, null], [0.7, null]]);
    for (let i = 0; i < 50; i++) {
      const at = ((i * 37) % 50) + 1;
      const hit = fired.find(([t]) => t === at)!;
      expect(hit[1]).toBe(objects[i]);
    }
    const again = fired.filter(([t]) => t > 100).map(([t, d]) => [t, d]);
    expect(again).toHaveLength(10);
    for (const [t, d] of again) {
      const i = Number(String(d).slice(6));
      expect(t).toBe(((i * 37) % 50) + 1 + 100);
    }
  });
});
