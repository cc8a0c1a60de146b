/**
 * `protocol.module`: protocol plug-ins from a JavaScript module of the user's own.
 * The module exports one plug-in or a list of them (default export, named exports,
 * or both); every command and every sweep worker loads it by its absolute path, so
 * the same file registers the same plug-ins everywhere.
 */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { ProtocolPlugin } from '../api/process.js';
import { ScenarioError } from './errors.js';
import type { Scenario } from './types.js';

const REQUIRED_FUNCTIONS = ['expected', 'createProcess'] as const;
const OPTIONAL_FUNCTIONS = ['check', 'group', 'metrics', 'endWhenDelivered'] as const;

/** What is wrong with an export that tries to be a plug-in, or null if it is one. */
function pluginProblem(value: Record<string, unknown>): string | null {
  if (typeof value.type !== 'string' || value.type === '') return `type must be a non-empty string, got ${JSON.stringify(value.type) ?? 'nothing'}`;
  if (typeof value.description !== 'string') return "description must be a string (one line for 'castsim list')";
  const std = (value.options as { '~standard'?: { validate?: unknown } } | null | undefined)?.['~standard'];
  if (typeof std?.validate !== 'function') return 'options must be a Standard Schema validator (a zod, valibot or arktype schema, or an object with ~standard.validate)';
  for (const f of REQUIRED_FUNCTIONS) if (typeof value[f] !== 'function') return `${f} must be a function`;
  for (const f of OPTIONAL_FUNCTIONS) if (value[f] !== undefined && typeof value[f] !== 'function') return `${f}, when given, must be a function`;
  if (value.overlay !== undefined && typeof value.overlay !== 'boolean') return 'overlay, when given, must be true or false';
  return null;
}

/** An export that means to be a plug-in: an object with any of a plug-in's fields. */
function looksLikePlugin(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && ['type', 'createProcess', 'expected', 'options'].some((k) => k in v);
}

/**
 * Import `path` and return its plug-ins, checked. Problems are ScenarioErrors on
 * `field` of `file` (e.g. the scenario's 'protocol.module').
 */
export async function loadProtocolModule(path: string, file: string, field = 'protocol.module'): Promise<ProtocolPlugin<any>[]> {
  const fail = (message: string): never => { throw new ScenarioError([{ file, path: field, message }]); };
  if (!existsSync(path)) fail(`cannot load ${path}: file not found (a relative path is resolved against the scenario file's folder)`);
  let exports: Record<string, unknown>;
  try {
    exports = await import(pathToFileURL(path).href) as Record<string, unknown>;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ERR_UNKNOWN_FILE_EXTENSION') fail(`cannot load ${path}: not a JavaScript module (use .mjs or .js)`);
    fail(`cannot load ${path}: ${err instanceof Error ? `${err.name}: ${err.message.split('\n')[0]}` : String(err)}`);
  }
  const found: ProtocolPlugin<any>[] = [];
  for (const [name, value] of Object.entries(exports!)) {
    const items = Array.isArray(value) && name === 'default' ? value.map((v, i) => [`default[${i}]`, v] as const) : [[name, value] as const];
    for (const [label, item] of items) {
      if (!looksLikePlugin(item)) {
        if (label.startsWith('default')) fail(`${path}: export ${label} is not a protocol plug-in (an object with type, description, options, expected, createProcess)`);
        continue;
      }
      const problem = pluginProblem(item);
      if (problem) fail(`${path}: export ${label} is not a valid protocol plug-in: ${problem}`);
      if (found.includes(item as unknown as ProtocolPlugin<any>)) continue;
      const twin = found.find((p) => p.type === item.type);
      if (twin) fail(`${path}: two different plug-ins are called '${twin.type}'`);
      found.push(item as unknown as ProtocolPlugin<any>);
    }
  }
  if (found.length === 0) fail(`${path} exports no protocol plug-in — export one, e.g. export default { type, description, options, expected, createProcess }`);
  return found;
}

/** The plug-ins of the scenario's `protocol.module`, or none. */
export async function scenarioProtocols(scenario: Scenario): Promise<ProtocolPlugin<any>[]> {
  const module = scenario.protocol.module;
  return module === undefined ? [] : loadProtocolModule(module, scenario.file);
}
