/** The broken scenarios in test/fixtures/bad (kept for CLI tests), checked with the built-in protocol registry. */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load.js';
import { scenarioError } from './fixtures.js';

const bad = (name: string) => fileURLToPath(new URL(`../fixtures/bad/${name}`, import.meta.url));

describe('test/fixtures/bad', () => {
  it.each([
    ['unknown-field.yaml', ["link.laetncy: unknown field 'laetncy' — did you mean 'latency'?"]],
    ['loss-out-of-range.yaml', ['link.loss: must be a probability in [0, 1], got 1.5']],
    ['node-out-of-range.yaml', [
      'faults[0].crash[1]: node 16 is out of range — the topology has 16 nodes (ids 0..15)',
      'workload[0].from: node 20 is out of range — the topology has 16 nodes (ids 0..15)',
    ]],
  ])('%s', (name, lines) => {
    const file = bad(name);
    expect(scenarioError(() => loadScenario(file)).format()).toBe(lines.map((l) => `${file}: ${l}`).join('\n'));
  });
});
