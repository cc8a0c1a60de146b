/**
 * Zod issues turned into sentences a user can act on: "must be an integer ≥ 1,
 * got 0", "unknown field 'laetncy' — did you mean 'latency'?". The same wording
 * serves our own schemas and the protocol plug-ins' option schemas.
 */
import { z } from 'zod';
import type { StandardSchemaV1 } from '../api/standard-schema.js';
import { show, unknownChoice, unknownField, type PathSegment } from './errors.js';

/** An issue still relative to the value that was validated. */
export interface FieldIssue {
  path: PathSegment[];
  message: string;
}

type RawIssue = z.core.$ZodRawIssue;

const EXPECTED: Record<string, string> = {
  number: 'a number', int: 'an integer', string: 'a string', boolean: 'true or false',
  array: 'a list', object: 'a mapping (an object)', record: 'a mapping (an object)',
  null: 'null', bigint: 'an integer', nonoptional: 'a value',
};

/** Keys of a zod object schema (its public `shape`; looked up on the issue's `inst`), for did-you-mean. */
export function objectKeys(inst: unknown): string[] {
  const shape = (inst as { shape?: unknown } | undefined)?.shape;
  return typeof shape === 'object' && shape !== null ? Object.keys(shape) : [];
}

function bound(kind: 'min' | 'max', iss: { origin: string; inclusive?: boolean; exact?: boolean }, limit: number | bigint): string {
  const n = Number(limit);
  if (iss.origin === 'array' || iss.origin === 'set') {
    if (iss.exact) return `must have exactly ${n} item${n === 1 ? '' : 's'}`;
    return kind === 'min' ? `must have at least ${n} item${n === 1 ? '' : 's'}` : `must have at most ${n} item${n === 1 ? '' : 's'}`;
  }
  if (iss.origin === 'string') {
    if (kind === 'min' && n === 1) return 'must not be empty';
    return kind === 'min' ? `must have at least ${n} characters` : `must have at most ${n} characters`;
  }
  const op = kind === 'min' ? (iss.inclusive ? '≥' : '>') : (iss.inclusive ? '≤' : '<');
  return `must be ${op} ${n}`;
}

/**
 * The per-parse error map. Schema-level messages (see `must` in schema.ts) take
 * precedence; this phrases everything else, including plug-in schemas.
 * For unrecognized keys it returns one line per key (split again in `fieldIssues`).
 */
export function errorMap(iss: RawIssue): string {
  const got = `, got ${show(iss.input)}`;
  switch (iss.code) {
    case 'invalid_type': {
      const what = EXPECTED[iss.expected] ?? iss.expected;
      return iss.input === undefined ? `missing — must be ${what}` : `must be ${what}${got}`;
    }
    case 'too_small': return bound('min', iss, iss.minimum) + got;
    case 'too_big': return bound('max', iss, iss.maximum) + got;
    case 'invalid_value': {
      const values = iss.values.map((v) => (typeof v === 'string' ? v : String(v)));
      if (values.length === 1) return `must be ${show(iss.values[0])}${got}`;
      if (typeof iss.input === 'string') return unknownChoice('value', iss.input, values);
      return `must be one of ${values.join(', ')}${got}`;
    }
    case 'unrecognized_keys': {
      const allowed = objectKeys(iss.inst);
      return iss.keys.map((k) => unknownField(k, allowed)).join('\n');
    }
    case 'not_multiple_of': return `must be a multiple of ${String(iss.divisor)}${got}`;
    case 'invalid_format': return `must be a valid ${iss.format}${got}`;
    case 'invalid_union': return `does not match any allowed form${got}`;
    case 'invalid_key': return `has an invalid key${got}`;
    case 'invalid_element': return `has an invalid element${got}`;
    default: return typeof iss.message === 'string' ? iss.message : `is invalid${got}`;
  }
}

/** Finalized zod issues → FieldIssues, one per unknown key (its path ends in the key). */
export function fieldIssues(issues: readonly z.core.$ZodIssue[]): FieldIssue[] {
  const out: FieldIssue[] = [];
  for (const iss of issues) {
    const path = iss.path.filter((p): p is PathSegment => typeof p !== 'symbol');
    if (iss.code === 'unrecognized_keys') {
      const lines = iss.message.split('\n');
      iss.keys.forEach((k, i) => out.push({ path: [...path, k], message: lines[i] ?? unknownField(k, []) }));
    } else {
      out.push({ path, message: iss.message });
    }
  }
  return out;
}

export type Checked<T> = { ok: true; data: T } | { ok: false; issues: FieldIssue[] };

/** Validate `value` with `schema`, phrasing every problem with `errorMap`. */
export function check<T>(schema: z.ZodType<T>, value: unknown): Checked<T> {
  const r = schema.safeParse(value, { error: errorMap });
  return r.success ? { ok: true, data: r.data } : { ok: false, issues: fieldIssues(r.error.issues) };
}

/**
 * Validate with any Standard Schema validator (a plug-in's options). A zod schema is
 * run through zod's public `safeParse` with castsim's error map, so its messages read
 * like the rest of castsim's; any other library's issues are kept as it words them.
 */
export function checkStandard<T>(schema: StandardSchemaV1<unknown, T>, value: unknown): Checked<T> {
  const std = (schema as Partial<StandardSchemaV1<unknown, T>>)?.['~standard'];
  if (!std || typeof std.validate !== 'function') {
    return { ok: false, issues: [{ path: [], message: 'the plug-in has no options validator: `options` must be a Standard Schema (a zod, valibot or arktype schema)' }] };
  }
  const zodLike = schema as unknown as { safeParse?: unknown };
  if (std.vendor === 'zod' && typeof zodLike.safeParse === 'function') return check(schema as unknown as z.ZodType<T>, value);
  const r = std.validate(value);
  if (r instanceof Promise) {
    return { ok: false, issues: [{ path: [], message: `the plug-in's options validator (${std.vendor}) is asynchronous; castsim needs one that validates synchronously` }] };
  }
  if (r.issues) {
    return {
      ok: false,
      issues: r.issues.map((i) => ({
        path: (i.path ?? []).map((p) => (typeof p === 'object' && p !== null && 'key' in p ? p.key : p))
          .filter((p): p is PathSegment => typeof p === 'string' || typeof p === 'number'),
        message: i.message,
      })),
    };
  }
  return { ok: true, data: r.value };
}
