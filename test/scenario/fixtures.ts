/** Shared helpers for the scenario tests: a temp folder, fake protocol plug-ins, and error capture. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll } from 'vitest';
import { z } from 'zod';
import type { ProtocolPlugin } from '../../src/api/process.js';
import { ScenarioError } from '../../src/scenario/errors.js';
import { loadScenario, type LoadOptions } from '../../src/scenario/load.js';

export const tmp = mkdtempSync(join(tmpdir(), 'castsim-scenario-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Write a file under the temp folder and return its path. */
export function write(name: string, text: string): string {
  const path = join(tmp, name);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return path;
}

const base = { description: 'fake', expected: () => [], createProcess: () => ({}) };

export const fakeGossip: ProtocolPlugin<{ fanout: number; mode: string }> = {
  ...base,
  type: 'gossip',
  options: z.strictObject({
    fanout: z.int().min(1).default(3),
    mode: z.enum(['push', 'pull', 'push-pull']).default('push'),
  }),
};

export const fakeMulticast: ProtocolPlugin<{ group: string; core?: number }> = {
  ...base,
  type: 'multicast',
  options: z.strictObject({ group: z.string(), core: z.int().min(0).optional() }),
  check(options, ctx) {
    const problems: Array<[string, string]> = [];
    if (!(options.group in ctx.groups)) problems.push(['group', `no group named '${options.group}'`]);
    if (options.core !== undefined && options.core >= ctx.nodes) problems.push(['core', `node ${options.core} is out of range 0..${ctx.nodes - 1}`]);
    return problems;
  },
};

export const plugins = [fakeGossip, fakeMulticast];

/** Run `fn`, expecting a ScenarioError; return it. */
export function scenarioError(fn: () => unknown): ScenarioError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ScenarioError) return err;
    throw err;
  }
  throw new Error('expected a ScenarioError, but the scenario was accepted');
}

let counter = 0;

/** Write `text` as a scenario file and return the formatted ScenarioError with its file path. */
export function rejectText(text: string, opts: LoadOptions = {}, ext = 'yaml'): { file: string; message: string; error: ScenarioError } {
  const file = write(`bad-${++counter}.${ext}`, text);
  const error = scenarioError(() => loadScenario(file, { plugins, ...opts }));
  return { file, message: error.format(), error };
}
