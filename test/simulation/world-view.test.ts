import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Context, ProtocolPlugin, WorldView } from '../../src/api/process.js';
import { parseScenario } from '../../src/scenario/load.js';
import { simulate } from '../../src/simulation/simulate.js';

describe('the WorldView plug-ins get', () => {
  it('holds only the node count and the network services, one frozen object per run', () => {
    const seen: WorldView[] = [];
    const probe: ProtocolPlugin = {
      type: 'probe',
      description: 'records the views it is given',
      options: z.strictObject({}),
      expected: (_req, view) => { seen.push(view); return []; },
      createProcess: (_node, _o, view) => { seen.push(view); return {}; },
      metrics: (_o, view) => { seen.push(view); return []; },
    };
    const scenario = parseScenario({ topology: { kind: 'line', nodes: 3 }, protocol: { type: 'probe' } }, '<test>');
    simulate(scenario, { protocols: [probe] });
    expect(seen.length).toBe(1 + 3 + 1); // metrics, one process per node, one request
    for (const view of seen) expect(view).toBe(seen[0]);
    expect(Object.keys(seen[0]!).sort()).toEqual(['network', 'nodes']);
    expect(Object.isFrozen(seen[0])).toBe(true);
    expect(seen[0]!.nodes).toBe(3);
  });

  it('a context exposes its node, not the World behind it', () => {
    const ctxs: Context[] = [];
    const probe: ProtocolPlugin = {
      type: 'probe',
      description: 'keeps the contexts it is given',
      options: z.strictObject({}),
      expected: () => [],
      createProcess: () => ({ start: (ctx: Context) => { ctxs.push(ctx); } }),
    };
    const scenario = parseScenario({ topology: { kind: 'line', nodes: 2 }, protocol: { type: 'probe' } }, '<test>');
    simulate(scenario, { protocols: [probe] });
    expect(ctxs.map((c) => c.id)).toEqual([0, 1]);
    for (const ctx of ctxs) {
      expect(Object.keys(ctx)).toEqual(['id']);
      expect((ctx as unknown as Record<string, unknown>).world).toBeUndefined();
    }
  });
});
