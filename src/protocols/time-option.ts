/**
 * A protocol option that is a time in ms (a round length, a timeout, a detection delay).
 * Bounded as a scenario's times are, so a timer set from it never ends at Infinity: an absurd
 * value is refused when the scenario is validated, naming the option, instead of failing the
 * run as a ProtocolError.
 */
import { z } from 'zod';
import { MAX_TIME_MS } from '../network/time-bound.js';

function quote(value: unknown): string {
  if (typeof value === 'string') return `'${value.length > 40 ? `${value.slice(0, 39)}…` : value}'`;
  return typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? String(value));
}

/** A time in ms, > 0 (`positive`) or ≥ 0, and at most 1e15. */
export function timeOption(lower: 'positive' | 'zero-or-more'): z.ZodNumber {
  const what = `a time in ms ${lower === 'positive' ? '> 0' : '≥ 0'} and ≤ 1e15`;
  const error = (iss: { input?: unknown }) => (iss.input === undefined ? `missing — must be ${what}` : `must be ${what}, got ${quote(iss.input)}`);
  const n = z.number({ error });
  return (lower === 'positive' ? n.gt(0, { error }) : n.min(0, { error })).max(MAX_TIME_MS, { error });
}
