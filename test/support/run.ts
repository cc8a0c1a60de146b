import { parseScenario } from '../../src/scenario/load.js';
import { simulate, type RunResult, type SimulateOptions } from '../../src/simulation/simulate.js';

/** Validate an inline scenario exactly as a file would be, then run it. */
export function run(raw: Record<string, unknown>, opts?: SimulateOptions): RunResult {
  return simulate(parseScenario(raw, '<test>'), opts);
}
