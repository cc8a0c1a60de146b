/**
 * `compare()`: the six communication types side by side on one network. The
 * topology is generated once and handed to every run, and each run draws link
 * loss and latency from the same named streams of the same seed (common random
 * numbers), so rows differ by the protocol and its workload, not by luck.
 * The scenario's own `protocol` block is ignored, except that the plug-ins of its
 * `protocol.module` join the table; its topology, link model, faults, groups, seed
 * and `until` are shared.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Topology } from '../network/topology.js';
import type { ProtocolPlugin } from '../api/process.js';
import type { Observer } from '../api/trace.js';
import { getProtocol } from '../protocols/registry.js';
import { formatPath, ScenarioError } from '../scenario/errors.js';
import { checkStandard } from '../scenario/messages.js';
import { parseScenario, parseText } from '../scenario/load.js';
import { applyOverrides } from '../scenario/overrides.js';
import type { Scenario } from '../scenario/types.js';
import { buildTopology, simulate, type RunResult } from '../simulation/simulate.js';
import { COMPARE_OPTIONS, COMPARE_TYPES, defaultWorkload } from './default-workloads.js';

export interface CompareOptions {
  /** Types to run, in this order. Default: those of the six that are registered, then each plug-in of `protocols`. */
  types?: readonly string[];
  /** Plug-ins beyond the built-in ones (a user's own), looked up by type first. */
  protocols?: readonly ProtocolPlugin<any>[];
  /** Extra observers for one type's run (e.g. what a report's charts need). */
  observers?: (type: string, nodes: number) => readonly Observer[];
  /** Called before each type's run starts: how many have finished, of how many, and which runs next. */
  onProgress?: (done: number, total: number, type: string) => void;
}

function lookup(type: string, extra: readonly ProtocolPlugin<any>[] = []): ProtocolPlugin<any> | undefined {
  return extra.find((p) => p.type === type) ?? getProtocol(type);
}

/** Which of the six types can run now, and which are not registered (yet). */
export function compareTypes(extra?: readonly ProtocolPlugin<any>[]): { available: string[]; missing: string[] } {
  const available = COMPARE_TYPES.filter((t) => lookup(t, extra));
  return { available, missing: COMPARE_TYPES.filter((t) => !available.includes(t)) };
}

/**
 * The scenario one row runs: the base with this type's protocol options, workload and
 * groups. One of the six gets compare's options and default workload; a type of your
 * own runs the scenario's own workload and groups, with the options of the scenario's
 * protocol block if that block names it (else its defaults).
 */
export function compareScenario(type: string, base: Scenario, topology: Topology, extra?: readonly ProtocolPlugin<any>[]): Scenario {
  const plugin = lookup(type, extra);
  if (!plugin) throw new Error(`compare: no protocol plug-in of type '${type}' is registered`);
  const own = !(COMPARE_TYPES as readonly string[]).includes(type);
  const { type: baseType, module: _module, ...baseOptions } = base.protocol;
  const wanted = own ? (baseType === type ? baseOptions : {}) : COMPARE_OPTIONS[type] ?? {};
  const parsed = checkStandard(plugin.options, wanted);
  if (!parsed.ok) {
    // Compare's own option choices are not user input: a rejection is a castsim bug.
    if (!own) throw new Error(`compare: the ${type} plug-in rejects compare's default options ${JSON.stringify(wanted)}: ${parsed.issues.map((i) => i.message).join('; ')}`);
    throw new ScenarioError(parsed.issues.map((i) => ({ file: base.file, path: `compare ${type}: ${formatPath(['protocol', ...i.path])}`, message: i.message })));
  }
  const options = parsed.data as Record<string, unknown>;
  const { workload, groups } = own ? { workload: base.workload, groups: base.groups } : defaultWorkload(type, base, topology);
  const problems = plugin.check?.(options, { nodes: topology.nodes, groups, workload }) ?? [];
  if (problems.length > 0) {
    throw new ScenarioError(problems.map(([field, message]) => ({ file: base.file, path: `compare ${type}: protocol.${field}`, message })));
  }
  return { ...base, protocol: { type, ...options }, workload, groups };
}

/** Run every type on the scenario's network and seed; one RunResult per type, in table order. */
export function compare(base: Scenario, opts: CompareOptions = {}): RunResult[] {
  const own = (opts.protocols ?? []).map((p) => p.type).filter((t) => !(COMPARE_TYPES as readonly string[]).includes(t));
  const types = opts.types ?? [...compareTypes(opts.protocols).available, ...own];
  const topology = buildTopology(base);
  return types.map((type, i) => {
    opts.onProgress?.(i, types.length, type);
    return simulate(compareScenario(type, base, topology, opts.protocols), { topology, protocols: opts.protocols, observers: opts.observers?.(type, topology.nodes) });
  });
}

/**
 * Load a scenario for compare: `--set` overrides apply, the `protocol` block is
 * replaced by a placeholder (compare sets its own per type), and everything else
 * is validated as `castsim run` would.
 */
export function loadCompareScenario(path: string, overrides: readonly string[] = []): Scenario {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ScenarioError([{ file: path, path: '', message: `cannot read scenario: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (err as Error).message}` }]);
  }
  const raw = parseText(text, path);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return parseScenario(raw, path); // throws its message
  const applied = applyOverrides(raw, overrides, path) as Record<string, unknown>;
  // A block naming a module is kept (as parsing keeps it): its plug-ins join the table.
  const block = applied.protocol;
  const keep = typeof block === 'object' && block !== null && 'module' in block;
  return parseScenario({ ...applied, protocol: keep ? block : { type: 'broadcast' } }, path, { baseDir: dirname(resolve(path)) });
}
