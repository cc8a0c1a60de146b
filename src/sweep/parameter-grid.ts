/**
 * The parameter grid of a sweep: `--vary path=v1,v2,...` (or a range
 * `path=start:end:step`) per varied field, and their cartesian product.
 * Each value stays as the text the user gave (it becomes a `--set` override, so
 * it is parsed and validated exactly like one) plus its parsed value for reports.
 */
import { parseOverride } from '../scenario/overrides.js';
import { SweepInputError } from './sweep-input-error.js';

/** One varied field and its values. */
export interface VaryAxis {
  path: string;
  /** The values as override text (`0.1`, `flood`, `{dist: uniform, min: 1, max: 5}`). */
  texts: string[];
  /** The same values parsed (numbers, strings, objects), for reports. */
  values: unknown[];
}

/** One point of the grid: a value for every axis, as `--set` overrides. */
export interface GridPoint {
  index: number;
  /** Parsed value per varied path, in --vary order. */
  values: Record<string, unknown>;
  overrides: string[];
}

/** A range longer than this is almost certainly a typo (0:1000:0.001). */
export const MAX_RANGE_VALUES = 10_000;

const NUMBER = String.raw`[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?`;
const RANGE = new RegExp(`^(${NUMBER}):(${NUMBER}):(${NUMBER})$`);

/** Split on commas that are not inside [...], {...} or quotes, so flow values survive. */
function splitValues(text: string): string[] {
  const out: string[] = [];
  let depth = 0, quote = '', start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) { if (ch === quote) quote = ''; continue; }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '[' || ch === '{') depth++;
    else if (ch === ']' || ch === '}') depth--;
    else if (ch === ',' && depth === 0) { out.push(text.slice(start, i)); start = i + 1; }
  }
  out.push(text.slice(start));
  return out.map((s) => s.trim());
}

/** Fewest decimals that print `x` exactly (0.1 → 1, 5 → 0, 1e-7 → 7). */
function decimals(x: number): number {
  for (let d = 0; d <= 20; d++) if (Number(x.toFixed(d)) === x) return d;
  return 20;
}

/**
 * start:end:step, end included when reached. Each value is start + i·step rounded to
 * the decimals of start and step, so 0:0.5:0.1 gives 0.3, not 0.30000000000000004.
 */
export function expandRange(path: string, text: string): number[] | null {
  const m = RANGE.exec(text);
  if (!m) return null;
  const [start, end, step] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const where = `--vary ${path}=${text}`;
  if (step === 0) throw new SweepInputError(`${where}: the step of a range start:end:step must not be 0`);
  const span = (end - start) / step;
  if (span < -1e-9) {
    throw new SweepInputError(`${where}: empty range — from ${start} a step of ${step} never reaches ${end} (use a ${step > 0 ? 'negative' : 'positive'} step)`);
  }
  const count = Math.floor(span + 1e-9) + 1;
  if (count > MAX_RANGE_VALUES) throw new SweepInputError(`${where}: a range of ${count} values is too long (at most ${MAX_RANGE_VALUES})`);
  const d = Math.max(decimals(start), decimals(step));
  return Array.from({ length: count }, (_, i) => Number((start + i * step).toFixed(d)));
}

/** Parse one `--vary path=v1,v2,...` (values may be ranges a:b:step). */
export function parseVary(arg: string): VaryAxis {
  const eq = arg.indexOf('=');
  if (eq < 0) throw new SweepInputError(`--vary ${arg}: expected path=v1,v2,... or path=start:end:step, e.g. --vary link.loss=0,0.1,0.2`);
  const path = arg.slice(0, eq).trim();
  const list = arg.slice(eq + 1).trim();
  if (!path) throw new SweepInputError(`--vary ${arg}: the path before '=' is empty`);
  if (path === 'seed') throw new SweepInputError(`--vary ${arg}: seeds are not a --vary field — use --seeds N or --seed-list a,b,c`);
  if (!list) throw new SweepInputError(`--vary ${arg}: empty value list — give at least one value, e.g. ${path}=1,2,3`);
  const texts: string[] = [];
  splitValues(list).forEach((token, i) => {
    if (!token) throw new SweepInputError(`--vary ${arg}: value ${i + 1} is empty (two commas in a row, or a trailing comma)`);
    const range = expandRange(path, token);
    if (range) texts.push(...range.map(String)); else texts.push(token);
  });
  const values = texts.map((text) => {
    const parsed = parseOverride(`${path}=${text}`);
    if (typeof parsed === 'string') throw new SweepInputError(`--vary ${arg}: ${parsed}`);
    return parsed.value;
  });
  const seen = new Map<string, string>();
  values.forEach((v, i) => {
    const key = JSON.stringify(v);
    const first = seen.get(key);
    if (first !== undefined) throw new SweepInputError(`--vary ${arg}: value ${texts[i]} is listed twice (as ${first} and ${texts[i]})`);
    seen.set(key, texts[i]!);
  });
  return { path, texts, values };
}

/** All --vary arguments; a field may be varied only once. */
export function parseVaries(args: readonly string[]): VaryAxis[] {
  if (args.length === 0) throw new SweepInputError('nothing to sweep — give at least one --vary path=v1,v2,...');
  const axes = args.map(parseVary);
  axes.forEach((a, i) => {
    if (axes.findIndex((b) => b.path === a.path) !== i) throw new SweepInputError(`--vary ${a.path} is given twice — list all its values in one --vary`);
  });
  return axes;
}

/** The cartesian product, first axis outermost (it changes slowest). */
export function gridPoints(axes: readonly VaryAxis[]): GridPoint[] {
  let combos: number[][] = [[]];
  for (const a of axes) combos = combos.flatMap((c) => a.texts.map((_, j) => [...c, j]));
  return combos.map((c, index) => ({
    index,
    values: Object.fromEntries(axes.map((a, k) => [a.path, a.values[c[k]!]])),
    overrides: axes.map((a, k) => `${a.path}=${a.texts[c[k]!]}`),
  }));
}

/** How a point reads in messages and tables: `link.loss=0.1 topology.nodes=100`. */
export function describePoint(p: GridPoint): string {
  return p.overrides.join(' ');
}
