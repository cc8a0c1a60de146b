/**
 * A sweep, planned and checked before anything runs: the scenario (with its
 * `--set` overrides applied), the grid, the seeds, and the run list. Run r is
 * point ⌊r / seeds⌋ with seed seeds[r mod seeds]: points in grid order, seeds in
 * the order given. Every point's scenario is validated up front, so a bad
 * `--vary` path or value fails in a second, not after an hour of runs.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ScenarioError } from '../scenario/errors.js';
import { nodeCount, parseScenario, parseText } from '../scenario/load.js';
import { getProtocol } from '../protocols/registry.js';
import { bindProtocol } from '../scenario/protocol-binding.js';
import { scenarioProtocols } from '../scenario/protocol-module.js';
import { applyOverrides } from '../scenario/overrides.js';
import { describePoint, gridPoints, parseVaries, type GridPoint, type VaryAxis } from './parameter-grid.js';
import { SweepInputError } from './sweep-input-error.js';

export interface SweepSpec {
  /** A scenario file path, or a scenario as a plain object. */
  scenario: string | Record<string, unknown>;
  /** What to call an object scenario in messages; relative `topology.file` paths resolve against its folder. Default '<inline>'. */
  file?: string;
  /** `path=value` overrides applied to every run before the varied fields (`--set`). */
  overrides?: readonly string[];
  /** One `path=v1,v2,...` or `path=start:end:step` per varied field. */
  vary: readonly string[];
  /** Seeds 1..N (a count) or an explicit list. Default 10. */
  seeds?: number | readonly number[];
}

/** What a worker needs to rebuild any run's scenario: plain data, structured-clonable. */
export interface SweepSource {
  raw: Record<string, unknown>;
  file: string;
  baseDir: string;
}

/** The identity and shape of a sweep: everything a report or a merge needs besides the run values. */
export interface SweepMeta {
  /** sha256 of the scenario content (after --set), the varied fields and values, and the seeds. */
  sweep: string;
  scenario: string;
  vary: Array<{ path: string; values: unknown[] }>;
  seeds: number[];
  /** Total runs: points × seeds. */
  runs: number;
}

export interface SweepPlan {
  meta: SweepMeta;
  /** sha256 of each distinct `protocol.module` the points use, sorted: part of the identity. */
  modules: string[];
  source: SweepSource;
  axes: VaryAxis[];
  points: GridPoint[];
}

export const DEFAULT_SEEDS = 10;
const MAX_SEEDS = 1_000_000;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Seeds 1..N or a list: integers ≥ 0, no repeats. */
export function resolveSeeds(seeds: number | readonly number[] = DEFAULT_SEEDS): number[] {
  if (typeof seeds === 'number') {
    if (!Number.isInteger(seeds) || seeds < 1 || seeds > MAX_SEEDS) throw new SweepInputError(`--seeds must be an integer from 1 to ${MAX_SEEDS}, got ${seeds}`);
    return Array.from({ length: seeds }, (_, i) => i + 1);
  }
  if (seeds.length === 0) throw new SweepInputError('--seed-list is empty — give seeds like 3,5,9');
  seeds.forEach((s, i) => {
    if (!Number.isInteger(s) || s < 0) throw new SweepInputError(`--seed-list: seed ${i + 1} must be an integer ≥ 0, got ${s}`);
    if (seeds.indexOf(s) !== i) throw new SweepInputError(`--seed-list: seed ${s} is listed twice`);
  });
  return [...seeds];
}

function readSource(spec: SweepSpec): SweepSource {
  if (typeof spec.scenario !== 'string') {
    const file = spec.file ?? '<inline>';
    const baseDir = file.startsWith('<') ? process.cwd() : dirname(resolve(file));
    return { raw: spec.scenario, file, baseDir };
  }
  const file = spec.scenario;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ScenarioError([{ file, path: '', message: `cannot read scenario: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (err as Error).message}` }]);
  }
  const raw = parseText(text, file);
  if (!isRecord(raw)) parseScenario(raw, file); // throws its "must be a mapping" message
  return { raw: raw as Record<string, unknown>, file, baseDir: dirname(resolve(file)) };
}

/** Object keys sorted at every level, so the hash does not depend on field order in the file. */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (!isRecord(v)) return v;
  return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical(v[k])]));
}

/** `modules`: sha256 of each protocol module's content, so shards run with different versions of a plug-in do not merge. */
export function sweepIdentity(raw: unknown, axes: readonly VaryAxis[], seeds: readonly number[], modules: readonly string[] = []): string {
  const what = { format: 'castsim-sweep', version: 1, scenario: canonical(raw), vary: axes.map((a) => [a.path, a.texts]), seeds, ...(modules.length > 0 && { modules }) };
  return createHash('sha256').update(JSON.stringify(what)).digest('hex');
}

/** The overrides that make run r's scenario from the source. */
export function runOverrides(plan: SweepPlan, run: number): string[] {
  const s = plan.meta.seeds.length;
  return [...plan.points[Math.floor(run / s)]!.overrides, `seed=${plan.meta.seeds[run % s]}`];
}

export function describeRun(plan: SweepPlan, run: number): string {
  const s = plan.meta.seeds.length;
  return `run ${run} (${describePoint(plan.points[Math.floor(run / s)]!)}, seed ${plan.meta.seeds[run % s]})`;
}

/** The content hash of a protocol module (a missing one is bad input, found before any run). */
function moduleHash(module: string, file: string): string {
  let data: Buffer;
  try {
    data = readFileSync(module);
  } catch {
    throw new ScenarioError([{ file, path: 'protocol.module', message: `cannot load ${module}: file not found (a relative path is resolved against the scenario file's folder)` }]);
  }
  return createHash('sha256').update(data).digest('hex');
}

/**
 * Every point's protocol of the user's own, loaded and validated as a run would
 * (its module imported here, in this thread): so a bad option or module fails before
 * any run, not in a worker an hour in. Built-in types were validated by planSweep.
 */
export async function checkPlugins(plan: SweepPlan): Promise<void> {
  for (const p of plan.points) {
    try {
      const scenario = parseScenario(plan.source.raw, plan.source.file, { overrides: [...p.overrides, `seed=${plan.meta.seeds[0]}`], baseDir: plan.source.baseDir });
      if (scenario.protocol.module === undefined && getProtocol(scenario.protocol.type)) continue;
      const problems: Parameters<typeof nodeCount>[1] = [];
      bindProtocol(scenario, await scenarioProtocols(scenario), nodeCount(scenario, problems) ?? 0);
    } catch (err) {
      if (!(err instanceof ScenarioError)) throw err;
      throw new ScenarioError(err.issues.map((i) => ({ ...i, message: `${i.message} (in sweep point ${describePoint(p)})` })));
    }
  }
}

/** Parse, expand and validate a sweep; throws ScenarioError or SweepInputError before any run. */
export function planSweep(spec: SweepSpec): SweepPlan {
  const axes = parseVaries(spec.vary);
  const seeds = resolveSeeds(spec.seeds);
  const loaded = readSource(spec);
  const raw = spec.overrides?.length ? applyOverrides(loaded.raw, spec.overrides, loaded.file) as Record<string, unknown> : loaded.raw;
  const source: SweepSource = { ...loaded, raw };
  const points = gridPoints(axes);
  let name = '';
  const modules = new Map<string, string>();
  for (const p of points) {
    try {
      const scenario = parseScenario(raw, source.file, { overrides: [...p.overrides, `seed=${seeds[0]}`], baseDir: source.baseDir });
      name ||= scenario.name;
      const module = scenario.protocol.module;
      if (module !== undefined && !modules.has(module)) modules.set(module, moduleHash(module, scenario.file));
    } catch (err) {
      if (!(err instanceof ScenarioError)) throw err;
      throw new ScenarioError(err.issues.map((i) => ({ ...i, message: `${i.message} (in sweep point ${describePoint(p)})` })));
    }
  }
  const moduleHashes = [...modules.values()].sort();
  return {
    modules: moduleHashes,
    meta: {
      sweep: sweepIdentity(raw, axes, seeds, moduleHashes),
      scenario: name,
      vary: axes.map((a) => ({ path: a.path, values: a.values })),
      seeds,
      runs: points.length * seeds.length,
    },
    source,
    axes,
    points,
  };
}
