/**
 * Property-based tests over generated scenarios (fast-check). `npm test` runs a few
 * hundred cases on a fixed seed; `npm run fuzz` runs 10,000 on a fresh seed it prints
 * (`npm run fuzz -- --seed N` replays one). A failure prints the shrunk scenario as YAML.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TopologyError } from '../../src/network/topology-rules.js';
import { asYaml, checkInvalid, checkValid } from './check-run.js';
import { invalidScenario, validScenario } from './scenario-arbitrary.js';

const runs = Number(process.env.CASTSIM_FUZZ_RUNS ?? 250);
const seed = Number(process.env.CASTSIM_FUZZ_SEED ?? 20261202);

function report<T>(what: string, out: fc.RunDetails<[T]>, yaml: (t: T) => string): string {
  if (!out.failed) return '';
  const example = out.counterexample?.[0];
  return [
    `${what}: failed after ${out.numRuns} cases (seed ${seed}, path ${out.counterexamplePath ?? '?'}; replay: npm run fuzz -- --seed ${seed})`,
    `problem: ${out.errorInstance instanceof Error ? out.errorInstance.message : String(out.errorInstance)}`,
    'shrunk scenario:',
    example === undefined ? '(none)' : yaml(example),
  ].join('\n');
}

describe('the fuzz harness', () => {
  it('counts a run that refuses a scenario validate accepted as a failure, not a refusal', () => {
    const g = { scenario: { topology: { kind: 'ring', nodes: 3 }, protocol: { type: 'broadcast' } } };
    expect(checkValid(g).outcome).toEqual({ kind: 'ran' });
    const refusing = () => { throw new TopologyError('topology.nodes', 'topology.nodes: refused at run time'); };
    const r = checkValid(g, refusing);
    expect(r.outcome).toBeUndefined();
    expect(r.problem).toMatch(/^validate accepted it, but the run refused it at topology\.nodes: TopologyError/);
  });
});

describe(`fuzz (seed ${seed}, ${runs} cases each)`, () => {
  it('valid scenarios: no exception, the run ends, conservation, deliveries ≤ expected, none by a crashed node, same fingerprint twice', { timeout: 3_600_000 }, () => {
    let ran = 0, rejected = 0;
    const out = fc.check(fc.property(validScenario, (g) => {
      const r = checkValid(g);
      if (r.problem !== undefined) throw new Error(r.problem);
      if (r.outcome?.kind === 'ran') ran++; else rejected++;
    }), { numRuns: runs, seed });
    const message = report('valid scenarios', out, (g) => asYaml(g));
    if (message) console.error(message);
    expect(out.failed, message).toBe(false);
    console.log(`fuzz seed ${seed}: ${runs} valid-scenario cases, ${ran} ran, ${rejected} refused by a plug-in check with a field path, 0 failures`);
    // The generator must mostly produce runnable scenarios, or the properties test little.
    expect(ran).toBeGreaterThan(runs * 0.8);
  });

  it('broken scenarios: rejected with a ScenarioError naming the broken field', { timeout: 3_600_000 }, () => {
    const out = fc.check(fc.property(invalidScenario, (g) => {
      const problem = checkInvalid(g);
      if (problem !== null) throw new Error(problem);
    }), { numRuns: runs, seed });
    const message = report('broken scenarios', out, (g) => `${asYaml(g)}# must blame: ${g.blame}\n`);
    if (message) console.error(message);
    expect(out.failed, message).toBe(false);
    console.log(`fuzz seed ${seed}: ${runs} broken-scenario cases, all rejected with the field named, 0 failures`);
  });
});
