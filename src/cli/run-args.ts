/**
 * `castsim run`'s arguments, and a quick reader for its plain shapes. yargs costs a
 * small run about a fifth of its start-up (it renders the command's whole help text
 * on every call, to have it ready), so main.ts reads the common shapes here:
 *   castsim run SCENARIO [--json] [--seed N] [--until N] [--max-events N] [--set PATH=VALUE]... [--trace FILE]
 * each value as its own word and plain digits. Anything else (help, `=` forms, other
 * options, repeats, odd values) gets null and goes to yargs, which owns every message.
 */
import { numberOption } from './number-option.js';
import { MAX_EVENTS_RULE, SEED_RULE, UNTIL_RULE, type ScenarioArgs } from './scenario-options.js';

export interface RunArgs extends ScenarioArgs {
  scenario: string; transport?: string; timeScale?: number; json?: boolean; trace?: string; maxTraceBytes?: number;
  html?: string; lamport?: string; window?: string; lamportEvents?: number;
}

/** A trace stops (and its run with it) at this size unless --max-trace-bytes says otherwise. */
export const DEFAULT_MAX_TRACE_BYTES = 4e9;

/** The numeric options of scenario-options.ts, checked by the same rules yargs applies there. */
const NUMBERS = { '--seed': ['seed', SEED_RULE], '--until': ['until', UNTIL_RULE], '--max-events': ['maxEvents', MAX_EVENTS_RULE] } as const;
const PLAIN_NUMBER = /^\d+(\.\d+)?$/;

export function quickRunArgs(args: readonly string[]): RunArgs | null {
  if (args[0] !== 'run') return null;
  const out: RunArgs = { scenario: '' };
  const seen = new Set<string>();
  const sets: string[] = [];
  for (let i = 1; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith('-')) {
      // yargs would read `true`/`false` after a boolean flag as its value.
      if (out.scenario !== '' || a === '' || a === 'true' || a === 'false') return null;
      out.scenario = a;
      continue;
    }
    if (a === '--json') {
      if (seen.has(a)) return null;
      seen.add(a);
      out.json = true;
      continue;
    }
    const value = args[i + 1];
    if (value === undefined || value === '' || value.startsWith('-')) return null;
    i++;
    if (a === '--set') { sets.push(value); continue; }
    if (seen.has(a)) return null;
    seen.add(a);
    if (a === '--trace') { out.trace = value; continue; }
    if (!(a in NUMBERS) || !PLAIN_NUMBER.test(value)) return null;
    const [key, rule] = NUMBERS[a as keyof typeof NUMBERS];
    try {
      out[key] = numberOption(a.slice(2), '', rule).coerce(value);
    } catch {
      return null; // out of range: yargs says so
    }
  }
  if (out.scenario === '') return null;
  if (sets.length > 0) out.set = sets.length === 1 ? sets[0]! : sets;
  return out;
}
