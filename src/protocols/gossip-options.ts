/**
 * The gossip `protocol:` options and their stop rules, validated with messages
 * that name the field and what is allowed there, and the round grid they define.
 */
import { z } from 'zod';
import { timeOption } from './time-option.js';

/**
 * When an informed node stops gossiping a rumor (Demers et al. 1987, "rumor mongering").
 * 'none' is anti-entropy: it gossips until every live node knows the rumor.
 */
export type StopRule =
  | 'none'
  | { rounds: number }
  | { counter: number; feedback: boolean }
  | { coin: number; feedback: boolean };

const FORMS = "'none', {rounds: N}, {counter: k, feedback: true|false} or {coin: k, feedback: true|false}";

function describe(v: unknown): string {
  if (typeof v === 'string') return `'${v}'`;
  if (typeof v === 'number') return String(v); // JSON would print Infinity and NaN as null
  try { return JSON.stringify(v) ?? String(v); } catch { return String(v); }
}

type Ctx = z.core.$RefinementCtx;

/** One rule; every problem is reported against its own field (stop.counter, stop.feedback, ...). */
function parseStop(input: unknown, ctx: Ctx): StopRule {
  const bad = (path: string[], message: string): StopRule => {
    ctx.addIssue({ code: 'custom', path, message });
    return z.NEVER as never;
  };
  if (input === 'none') return 'none';
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return bad([], `must be ${FORMS}, got ${describe(input)}`);
  const rule = input as Record<string, unknown>;
  const kinds = ['rounds', 'counter', 'coin'].filter((k) => k in rule);
  if (kinds.length !== 1) {
    return bad(kinds.length ? [kinds[1]!] : [], kinds.length
      ? `a stop rule has exactly one of rounds, counter, coin; got ${kinds.join(' and ')}`
      : `must be ${FORMS}, got ${describe(input)}`);
  }
  const kind = kinds[0]!;
  const allowed = kind === 'rounds' ? ['rounds'] : [kind, 'feedback'];
  for (const key of Object.keys(rule)) {
    if (!allowed.includes(key)) return bad([key], `unknown field '${key}' in a ${kind} stop rule — allowed: ${allowed.join(', ')}`);
  }
  const k = rule[kind];
  if (kind === 'coin') {
    if (typeof k !== 'number' || !Number.isFinite(k) || k < 1) return bad([kind], `must be a number ≥ 1 (stop with probability 1/k), got ${describe(k)}`);
  } else if (typeof k !== 'number' || !Number.isInteger(k) || k < 1 || k > 1_000_000) {
    return bad([kind], `must be an integer from 1 to 1000000, got ${describe(k)}`);
  }
  if (kind === 'rounds') return { rounds: k };
  const feedback = rule.feedback ?? true;
  if (typeof feedback !== 'boolean') return bad(['feedback'], `must be true or false, got ${describe(feedback)}`);
  return kind === 'counter' ? { counter: k, feedback } : { coin: k, feedback };
}

const stopSchema = z.unknown().transform(parseStop);

export const gossipOptions = z.strictObject({
  mode: z.enum(['push', 'pull', 'push-pull']).default('push'),
  fanout: z.int().min(1).max(1_000_000).default(1),
  /** Round length in ms. */
  interval: timeOption('positive').default(100),
  peers: z.enum(['neighbors', 'all']).default('neighbors'),
  phase: z.enum(['sync', 'random']).default('sync'),
  stop: stopSchema.default('none'),
  /** Safety bound: a rumor is over after this many rounds, whatever the stop rule. */
  maxRounds: z.int().min(1).default(1000),
});
export type GossipOptions = z.infer<typeof gossipOptions>;

/** Start of a message's round 1: the first round boundary at or after the request (the request time with random phase). */
export function firstRoundAt(at: number, interval: number, phase: GossipOptions['phase']): number {
  return phase === 'random' ? at : Math.ceil(at / interval) * interval;
}

/** The stop rule as the round loop applies it. */
export interface StopPlan {
  /** Remove after this many gossip rounds (rounds N, or a blind counter k); 0 for none. */
  roundLimit: number;
  /** Each round, remove with this probability (blind coin); 0 for none. */
  roundCoin: number;
  /** Remove after this many unnecessary contacts (counter k with feedback); 0 for none. */
  contactLimit: number;
  /** After each unnecessary contact, remove with this probability (coin k with feedback); 0 for none. */
  contactCoin: number;
  /** Anti-entropy: never removed; the rumor is over when every live node knows it. */
  untilAllInformed: boolean;
}

export function stopPlan(stop: StopRule): StopPlan {
  const plan: StopPlan = { roundLimit: 0, roundCoin: 0, contactLimit: 0, contactCoin: 0, untilAllInformed: false };
  if (stop === 'none') plan.untilAllInformed = true;
  else if ('rounds' in stop) plan.roundLimit = stop.rounds;
  else if ('counter' in stop) { if (stop.feedback) plan.contactLimit = stop.counter; else plan.roundLimit = stop.counter; }
  else if (stop.feedback) plan.contactCoin = 1 / stop.coin;
  else plan.roundCoin = 1 / stop.coin;
  return plan;
}
