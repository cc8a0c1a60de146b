import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importGraph, importsOf, LAYERS, violations } from '../support/import-graph.js';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));

describe('folders import one way (docs/architecture.md)', () => {
  const edges = importGraph(SRC);

  it('finds the imports it checks', () => {
    // A broken scanner would pass the real test vacuously.
    expect(edges.length).toBeGreaterThan(100);
    expect(edges).toContainEqual({ file: 'simulation/world.ts', target: 'engine/event-queue.js' });
    expect(edges).toContainEqual({ file: 'protocols/gossip.ts', target: 'api/process.js' });
  });

  it('every folder of src/ is in a layer', () => {
    const folders = new Set(edges.flatMap((e) => [e.file, e.target]).filter((p) => p.includes('/')).map((p) => p.split('/')[0]));
    expect([...folders].filter((f) => !LAYERS.some((l) => l.includes(f!)))).toEqual([]);
  });

  it('no import goes up or sideways: engine ← network ← api ← observe ← protocols ← scenario ← simulation ← compare, sweep ← report ← cli', () => {
    expect(violations(edges)).toEqual([]);
  });

  it('flags an import against the order, including dynamic and type-only ones', () => {
    const planted = [
      ...importsOf('observe/x.ts', "import type { GossipOptions } from '../protocols/gossip-options.js';"),
      ...importsOf('engine/x.ts', "const m = await import('../network/topology.js');"),
      ...importsOf('compare/x.ts', "export { sweep } from '../sweep/sweep.js';"),
      ...importsOf('network/x.ts', "import { Topology } from './topology.js';"),
    ];
    expect(violations(planted)).toEqual([
      'observe/x.ts → protocols/gossip-options.js: observe may not import from protocols',
      'engine/x.ts → network/topology.js: engine may not import from network',
      'compare/x.ts → sweep/sweep.js: compare may not import from sweep',
    ]);
  });
});
