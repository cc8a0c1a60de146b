/**
 * A scenario's protocol block bound to its plug-in: the one place a protocol's
 * options are validated for a type the parser did not know (a plug-in passed to
 * `simulate({ protocols })`, or loaded from `protocol.module`). Built-in types were
 * validated when the scenario was parsed and are taken as they are.
 */
import type { ProtocolPlugin } from '../api/process.js';
import { getProtocol, protocolTypes } from '../protocols/registry.js';
import { formatPath, ScenarioError, unknownChoice } from './errors.js';
import { nodeCount, pluginCheck } from './load.js';
import { scenarioProtocols } from './protocol-module.js';
import { checkStandard } from './messages.js';
import type { Scenario } from './types.js';

export interface BoundProtocol {
  plugin: ProtocolPlugin<any>;
  /** The validated options, defaults filled in (the block minus `type` and `module`). */
  options: Record<string, unknown>;
}

/** Plug-ins may add types, not replace the built-in ones: a scenario's `type` must mean one thing. */
export function checkExtraPlugins(extra: readonly ProtocolPlugin<any>[], file: string): void {
  const taken = extra.filter((p) => getProtocol(p.type) !== undefined).map((p) => p.type);
  if (taken.length > 0) {
    throw new ScenarioError([{ file, path: 'protocol.type', message: `a plug-in may not reuse the built-in type name${taken.length > 1 ? 's' : ''} ${taken.map((t) => `'${t}'`).join(', ')} — give it a name of its own` }]);
  }
}

/**
 * Find the plug-in for `scenario.protocol.type` among the built-ins and `extra`, and
 * validate the block against it. Throws a ScenarioError naming the file and field.
 */
export function bindProtocol(scenario: Scenario, extra: readonly ProtocolPlugin<any>[], nodes: number): BoundProtocol {
  checkExtraPlugins(extra, scenario.file);
  const { type, module, ...raw } = scenario.protocol;
  const builtin = getProtocol(type);
  if (builtin && module === undefined) return { plugin: builtin, options: raw };
  const plugin = extra.find((p) => p.type === type) ?? builtin;
  const fail = (path: string, message: string): never => { throw new ScenarioError([{ file: scenario.file, path, message }]); };
  if (!plugin) {
    const known = [...protocolTypes(), ...extra.map((p) => p.type)];
    const hint = module !== undefined
      ? ` (${module} exports ${extra.length === 0 ? 'no plug-in' : extra.map((p) => `'${p.type}'`).join(', ')})`
      : ' — a protocol of your own is registered with simulate(scenario, { protocols }) or named by protocol.module';
    fail('protocol.type', `${unknownChoice('protocol type', type, known)}${hint}`);
  }
  const r = checkStandard(plugin!.options, raw);
  if (!r.ok) throw new ScenarioError(r.issues.map((i) => ({ file: scenario.file, path: formatPath(['protocol', ...i.path]), message: i.message })));
  const options = r.data as Record<string, unknown>;
  const problems = pluginCheck(plugin!, options, scenario, nodes);
  if (problems.length > 0) throw new ScenarioError(problems.map((p) => ({ file: scenario.file, ...p })));
  return { plugin: plugin!, options };
}

/**
 * Load the scenario's `protocol.module` (if any) and bind a protocol the parser kept as
 * written, so a bad module or option is bad input before anything runs. Returns the
 * module's plug-ins, for `simulate({ protocols })`.
 */
export async function checkedProtocols(scenario: Scenario): Promise<ProtocolPlugin<any>[]> {
  const protocols = await scenarioProtocols(scenario);
  if (scenario.protocol.module !== undefined || !getProtocol(scenario.protocol.type)) {
    const problems: Parameters<typeof nodeCount>[1] = [];
    const nodes = nodeCount(scenario, problems);
    if (problems.length > 0) throw new ScenarioError(problems.map((p) => ({ file: scenario.file, ...p })));
    bindProtocol(scenario, protocols, nodes ?? 0);
  }
  return protocols;
}
