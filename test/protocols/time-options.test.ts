/**
 * Protocol time options are bounded like scenario times (at most 1e15 ms): an absurd round
 * length or timeout is refused when the scenario is validated, naming the option, instead of
 * a timer ending at Infinity and failing the run as a ProtocolError (exit 1).
 */
import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../../src/scenario/errors.js';
import { parseScenario } from '../../src/scenario/load.js';
import { simulate } from '../../src/simulation/simulate.js';

const base = { topology: { kind: 'ring', nodes: 4 }, groups: { g: [0, 1, 2] } };

/** [type, option, whether 0 is allowed, other options the type needs]. */
const OPTIONS: Array<[string, string, boolean, Record<string, unknown>]> = [
  ['gossip', 'interval', false, {}],
  ['unicast', 'timeout', false, { retransmit: 'end-to-end' }],
  ['reliable', 'timeout', false, { group: 'g', maxTimeout: 1e15 }],
  ['reliable', 'maxTimeout', false, { group: 'g', timeout: 1 }],
  ['reliable', 'detect', false, { group: 'g' }],
  ['anycast', 'detect', true, { group: 'g' }],
  ['anycast', 'service', true, { group: 'g' }],
];

function verdict(type: string, options: Record<string, unknown>): string | null {
  try {
    const workload = type === 'unicast' ? [{ at: 0, from: 0, to: 2 }] : undefined;
    parseScenario({ ...base, protocol: { type, ...options }, ...(workload && { workload }) }, '<options>');
    return null;
  } catch (err) {
    if (!(err instanceof ScenarioError)) throw err;
    return err.format();
  }
}

describe('protocol time options are at most 1e15 ms, like scenario times', () => {
  it.each(OPTIONS)('%s %s', (type, option, zero, needs) => {
    for (const ok of [1, 1e15, ...(zero ? [0] : [])]) expect(verdict(type, { ...needs, [option]: ok })).toBeNull();
    for (const bad of [1e15 * (1 + 1e-9), 1e308, -1, ...(zero ? [] : [0])]) {
      expect(verdict(type, { ...needs, [option]: bad })).toBe(
        `<options>: protocol.${option}: must be a time in ms ${zero ? '≥ 0' : '> 0'} and ≤ 1e15, got ${bad}`);
    }
  });

  it('a gossip round of 1e15 ms runs to its end; 1e308 is refused before the run (it used to end a timer at Infinity)', () => {
    const r = simulate(parseScenario({ topology: { kind: 'line', nodes: 3 }, protocol: { type: 'gossip', interval: 1e15, stop: { rounds: 2 } } }, '<gossip>'));
    expect(r.stop).not.toBe('event-cap');
    expect(r.metrics.delivered).toBe(r.metrics.expected);
    expect(Number.isFinite(r.time)).toBe(true);
    expect(verdict('gossip', { interval: 1e308 })).toMatch(/protocol\.interval: must be a time in ms > 0 and ≤ 1e15, got 1e\+308/);
  });
});
