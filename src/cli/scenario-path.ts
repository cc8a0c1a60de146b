import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { UsageError } from './errors.js';

/** The scenarios/ folder shipped with castsim. */
export const BUNDLED_SCENARIOS = fileURLToPath(new URL('../../scenarios/', import.meta.url));
export const DEFAULT_SCENARIO = join(BUNDLED_SCENARIOS, 'default.yaml');

export function bundledScenarioNames(): string[] {
  if (!existsSync(BUNDLED_SCENARIOS)) return [];
  return readdirSync(BUNDLED_SCENARIOS).filter((f) => /\.(ya?ml|json)$/.test(f)).map((f) => f.replace(/\.(ya?ml|json)$/, '')).sort();
}

/** A path as given, or the name of a bundled scenario (`castsim run flood-grid`). */
export function resolveScenarioPath(arg: string): string {
  if (existsSync(arg)) return arg;
  for (const ext of ['.yaml', '.yml', '.json', '']) {
    const p = join(BUNDLED_SCENARIOS, arg + ext);
    if (existsSync(p)) return p;
  }
  throw new UsageError(`no scenario file '${arg}' (and no bundled scenario of that name; bundled: ${bundledScenarioNames().join(', ')})`);
}
