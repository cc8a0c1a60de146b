import type { Argv } from 'yargs';
import { numberOption, type NumberRule } from './number-option.js';

export interface ScenarioArgs { seed?: number; set?: string | string[]; until?: number; maxEvents?: number }

export const SEED_RULE: NumberRule = { int: true, min: 0, what: 'an integer ≥ 0' };
export const UNTIL_RULE: NumberRule = { gt: 0, max: 1e15, what: 'a time in ms > 0 and ≤ 1e15' };
export const MAX_EVENTS_RULE: NumberRule = { int: true, min: 1, what: 'an integer ≥ 1' };

/** Options every command that loads a scenario shares; they become `--set` overrides. */
export function scenarioOptions<T>(y: Argv<T>) {
  return y
    .option('seed', numberOption('seed', 'run seed (overrides the scenario\'s seed)', SEED_RULE))
    // Not `array: true`: that would swallow a positional after it (`--set a=1 my.yaml`).
    // Repeating --set still collects every value.
    .option('set', { type: 'string', describe: 'override a scenario field by dotted path: --set link.loss=0.1 (repeatable)' })
    .option('until', numberOption('until', 'stop time in ms (overrides the scenario\'s until)', UNTIL_RULE))
    .option('max-events', numberOption('max-events', 'stop a runaway run after this many events', MAX_EVENTS_RULE));
}

export function overridesFrom(argv: ScenarioArgs): string[] {
  const o = argv.set === undefined ? [] : Array.isArray(argv.set) ? [...argv.set] : [argv.set];
  if (argv.seed !== undefined) o.push(`seed=${argv.seed}`);
  if (argv.until !== undefined) o.push(`until=${argv.until}`);
  if (argv.maxEvents !== undefined) o.push(`maxEvents=${argv.maxEvents}`);
  return o;
}
