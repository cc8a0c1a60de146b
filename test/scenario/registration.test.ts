/**
 * One registration: a plug-in of your own is passed to `simulate({ protocols })`
 * only; parsing keeps a type it does not know as written, and binding validates it
 * with the plug-in's options validator, any Standard Schema (not only zod).
 */
import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { z } from 'zod';
import type { ProtocolPlugin } from '../../src/api/process.js';
import type { StandardSchemaV1 } from '../../src/api/standard-schema.js';
import { ScenarioError } from '../../src/scenario/errors.js';
import { parseScenario } from '../../src/scenario/load.js';
import { bindProtocol } from '../../src/scenario/protocol-binding.js';
import { simulate } from '../../src/simulation/simulate.js';
import { scenarioError } from './fixtures.js';

/** A Standard Schema validator written by hand, as any library other than zod would provide one. */
const probability: StandardSchemaV1<unknown, { p: number }> = {
  '~standard': {
    version: 1,
    vendor: 'hand-written',
    validate(value) {
      const v = value as { p?: unknown };
      if (typeof value !== 'object' || value === null) return { issues: [{ message: 'expected an object' }] };
      const extra = Object.keys(v).filter((k) => k !== 'p');
      if (extra.length > 0) return { issues: extra.map((k) => ({ message: `no such option`, path: [{ key: k }] })) };
      const p = v.p ?? 0.5;
      if (typeof p !== 'number' || p < 0 || p > 1) return { issues: [{ message: `p is a probability, got ${String(p)}`, path: ['p'] }] };
      return { value: { p } };
    },
  },
};

/** Node 0 sends to each neighbour with probability p; neighbours deliver. */
function coinFlood(options: StandardSchemaV1<unknown, { p: number }>): ProtocolPlugin<{ p: number }> {
  return {
    type: 'coin',
    description: 'one hop, each neighbour with probability p',
    options,
    expected: (req, view) => Array.from({ length: view.nodes }, (_, v) => v).filter((v) => v !== req.source),
    createProcess: (_node, { p }) => ({
      request(ctx, req) { for (const n of Array.from(ctx.neighbors())) if (ctx.random() < p) ctx.send(n, { kind: 'data', msgId: req.id }); },
      message(ctx, _from, msg) { ctx.deliver(msg.msgId!, 1); },
    }),
  };
}

const star = (protocol: Record<string, unknown>) => parseScenario({ topology: { kind: 'star', nodes: 9 }, protocol }, 'coin.yaml');

describe('registration through simulate() only', () => {
  it('parsing keeps a type it does not know as written; simulate validates it with the plug-in passed there', () => {
    const s = star({ type: 'coin', p: 1 });
    expect(s.protocol).toEqual({ type: 'coin', p: 1 });
    const r = simulate(s, { protocols: [coinFlood(probability)] });
    expect(r.metrics).toMatchObject({ expected: 8, delivered: 8, sent: 8 });
  });

  it('the validator fills defaults: p = 0.5 sends to about half the leaves', () => {
    const r = simulate(star({ type: 'coin' }), { protocols: [coinFlood(probability)] });
    expect(r.metrics.sent).toBe(r.metrics.delivered);
    expect(r.metrics.expected).toBe(8);
  });

  it('without the plug-in, simulate names the unknown type (exit-2 kind of error, not a crash)', () => {
    const e = scenarioError(() => simulate(star({ type: 'coin' })));
    expect(e.format()).toBe("coin.yaml: protocol.type: unknown protocol type 'coin' — allowed: unicast, multicast, broadcast, anycast, gossip, reliable — a protocol of your own is registered with simulate(scenario, { protocols }) or named by protocol.module");
  });

  it('a typo of a built-in type gets a did-you-mean when it is bound', () => {
    const e = scenarioError(() => bindProtocol(star({ type: 'gosip' }), [], 9));
    expect(e.format()).toMatch(/^coin\.yaml: protocol\.type: unknown protocol type 'gosip' — allowed: .* \(did you mean 'gossip'\?\)/);
  });

  it("a non-zod validator's issues keep its words and its paths", () => {
    expect(scenarioError(() => simulate(star({ type: 'coin', p: 2 }), { protocols: [coinFlood(probability)] })).format())
      .toBe('coin.yaml: protocol.p: p is a probability, got 2');
    expect(scenarioError(() => simulate(star({ type: 'coin', q: 1 }), { protocols: [coinFlood(probability)] })).format())
      .toBe('coin.yaml: protocol.q: no such option');
  });

  it('a zod validator gets castsim\'s own wording, as the built-ins do', () => {
    const zodCoin = coinFlood(z.strictObject({ p: z.number().min(0).max(1).default(0.5) }));
    expect(scenarioError(() => simulate(star({ type: 'coin', pp: 1 }), { protocols: [zodCoin] })).format())
      .toBe("coin.yaml: protocol.pp: unknown field 'pp' — did you mean 'p'?");
    expect(simulate(star({ type: 'coin', p: 1 }), { protocols: [zodCoin] }).metrics.delivered).toBe(8);
  });

  it('a valibot schema works as options, with valibot\'s defaults and its own messages and paths', () => {
    const valibotCoin = coinFlood(v.strictObject({ p: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(1)), 1) }));
    expect(simulate(star({ type: 'coin' }), { protocols: [valibotCoin] }).metrics).toMatchObject({ expected: 8, delivered: 8 });
    const e = scenarioError(() => simulate(star({ type: 'coin', p: 3 }), { protocols: [valibotCoin] }));
    expect(e.issues).toEqual([{ file: 'coin.yaml', path: 'protocol.p', message: 'Invalid value: Expected <=1 but received 3' }]);
  });

  it('an asynchronous validator is refused with a reason', () => {
    const later: StandardSchemaV1<unknown, { p: number }> = { '~standard': { version: 1, vendor: 'later', validate: async () => ({ value: { p: 1 } }) } };
    expect(scenarioError(() => simulate(star({ type: 'coin' }), { protocols: [coinFlood(later)] })).format())
      .toBe("coin.yaml: protocol: the plug-in's options validator (later) is asynchronous; castsim needs one that validates synchronously");
  });

  it('a plug-in may not take a built-in type name', () => {
    const impostor = { ...coinFlood(probability), type: 'broadcast' };
    const e = scenarioError(() => simulate(star({ type: 'broadcast' }), { protocols: [impostor] }));
    expect(e.issues[0]).toMatchObject({ path: 'protocol.type', message: "a plug-in may not reuse the built-in type name 'broadcast' — give it a name of its own" });
  });

  it('the plug-in\'s own check() runs when it is bound', () => {
    const picky = { ...coinFlood(probability), check: (o: { p: number }) => (o.p === 0 ? [['p', 'a coin that never lands is no flood'] as [string, string]] : []) };
    expect(scenarioError(() => simulate(star({ type: 'coin', p: 0 }), { protocols: [picky] })).format()).toBe('coin.yaml: protocol.p: a coin that never lands is no flood');
  });

  it('a scenario naming a module asks a program to load it first', () => {
    const s = parseScenario({ topology: { kind: 'ring', nodes: 4 }, protocol: { type: 'chord', module: 'chord.mjs' } }, '/some/where/s.yaml');
    expect(s.protocol.module).toBe('/some/where/chord.mjs');
    expect(() => simulate(s)).toThrow(ScenarioError);
    expect(scenarioError(() => simulate(s)).issues[0]!.path).toBe('protocol.module');
  });
});
