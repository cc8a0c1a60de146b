/**
 * One run of a sweep, the same in the main thread and in a worker: rebuild the
 * scenario from the source and the run's overrides, simulate, and keep every
 * numeric result under its dotted path (`metrics.latency.mean`). Nulls are kept
 * as null so the aggregate can count them.
 */
import { parseScenario } from '../scenario/load.js';
import { scenarioProtocols } from '../scenario/protocol-module.js';
import { simulate, type RunResult } from '../simulation/simulate.js';
import type { SweepSource } from './sweep-plan.js';

/** The numeric results of one run by dotted path; null where the run had no value (e.g. t100). */
export type RunValues = Record<string, number | null>;

/** Fields of the result that identify a run rather than measure it. */
const NOT_MEASURED = new Set(['seed']);

/** Every number and null in the result, depth first in the result's own field order; lists are skipped. */
export function numericValues(result: RunResult): RunValues {
  const out: RunValues = {};
  const walk = (v: unknown, path: string) => {
    // Non-finite numbers become null: they would not survive JSON (shard files) either.
    if (v === null || typeof v === 'number') { out[path] = v !== null && Number.isFinite(v) ? v : null; return; }
    if (typeof v !== 'object' || Array.isArray(v)) return;
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) walk(x, path ? `${path}.${k}` : k);
  };
  for (const [k, v] of Object.entries(result)) if (!NOT_MEASURED.has(k)) walk(v, k);
  // `stop` is a word; 1 marks a run cut off at maxEvents, so the report can say so (its mean: the fraction cut off).
  out.eventCap = result.stop === 'event-cap' ? 1 : 0;
  return out;
}

/** One run; the plug-ins of a `protocol.module` are loaded here, in whichever thread runs it (imports are cached). */
export async function executeRun(source: SweepSource, overrides: readonly string[]): Promise<RunValues> {
  const scenario = parseScenario(source.raw, source.file, { overrides, baseDir: source.baseDir });
  return numericValues(simulate(scenario, { protocols: await scenarioProtocols(scenario) }));
}
