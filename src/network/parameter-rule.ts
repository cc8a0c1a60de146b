/**
 * One rule for one number in a topology or latency spec. The scenario schema
 * (scenario/schema.ts) and the library's own guards (`checkTopologySpec`, `checkLatency`)
 * judge a value with the same `numberIssue`, so they cannot drift apart.
 */

/** How a bad value is quoted after "got" (the scenario layer passes its own, which shortens long text). */
export type Show = (value: unknown) => string;

export const plainShow: Show = (value) => (typeof value === 'string' ? `'${value}'` : String(value));

export interface NumberRule {
  /** What is allowed, for messages: 'a node count (an integer from 1 to 50000000)'. */
  what: string;
  int?: boolean;
  min?: number;
  /** Exclusive lower bound. */
  gt?: number;
  max?: number;
}

/** A broken rule: the parameter to blame ('' for the whole spec) and what is allowed there. */
export interface ParameterIssue {
  param: string;
  message: string;
}

/** Why `value` breaks `rule` ("missing — must be …", "must be …, got …"), or undefined if it keeps it. Infinity and NaN never do. */
export function numberIssue(rule: NumberRule, value: unknown, show: Show = plainShow): string | undefined {
  if (value === undefined) return `missing — must be ${rule.what}`;
  const ok = typeof value === 'number' && Number.isFinite(value)
    && (!rule.int || Number.isInteger(value))
    && (rule.min === undefined || value >= rule.min)
    && (rule.gt === undefined || value > rule.gt)
    && (rule.max === undefined || value <= rule.max);
  return ok ? undefined : `must be ${rule.what}, got ${show(value)}`;
}

/** Each rule of `rules` applied to the same-named field of `spec`; a rule with a default lets the field be absent. */
export function ruleIssues(
  rules: Readonly<Record<string, NumberRule>>, spec: object, show: Show, defaults: Readonly<Record<string, number>> = {},
): ParameterIssue[] {
  const issues: ParameterIssue[] = [];
  for (const [param, rule] of Object.entries(rules)) {
    const value = (spec as Record<string, unknown>)[param];
    if (value === undefined && Object.hasOwn(defaults, param)) continue;
    const message = numberIssue(rule, value, show);
    if (message !== undefined) issues.push({ param, message });
  }
  return issues;
}
