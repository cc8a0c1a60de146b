/**
 * The JSON wire format, version 1 (docs/websocket-protocol.md). Every frame is one
 * JSON object with `v: 1`. Client commands carry `op`; server frames carry `type`.
 * A command may carry `ref` (any string or number): the reply to it echoes it.
 */
import { z } from 'zod';

export const PROTOCOL_VERSION = 1;

const text = z.unknown().refine((d) => d !== undefined, 'missing');
const group = z.string().min(1).max(200);
const ref = z.union([z.string().max(200), z.number()]).optional();
const clientId = z.int().positive();

export const commandSchema = z.discriminatedUnion('op', [
  z.strictObject({ v: z.literal(1), op: z.literal('hello'), ref, resume: z.string().optional(), since: z.record(z.string(), z.int().min(0)).optional() }),
  z.strictObject({ v: z.literal(1), op: z.literal('join'), ref, group }),
  z.strictObject({ v: z.literal(1), op: z.literal('leave'), ref, group }),
  z.strictObject({ v: z.literal(1), op: z.literal('members'), ref, group }),
  z.strictObject({ v: z.literal(1), op: z.literal('unicast'), ref, to: clientId, data: text }),
  z.strictObject({ v: z.literal(1), op: z.literal('multicast'), ref, group, data: text }),
  z.strictObject({ v: z.literal(1), op: z.literal('broadcast'), ref, data: text }),
  z.strictObject({ v: z.literal(1), op: z.literal('anycast'), ref, group, data: text, select: z.enum(['least-load', 'round-robin']).default('least-load') }),
  z.strictObject({ v: z.literal(1), op: z.literal('publish'), ref, group, data: text, order: z.enum(['fifo', 'total']).default('fifo') }),
  z.strictObject({ v: z.literal(1), op: z.literal('ack'), ref, msg: z.int().min(0).optional(), group: group.optional(), offset: z.int().min(1).optional() }),
  z.strictObject({ v: z.literal(1), op: z.literal('gossip'), ref, data: text, fanout: z.int().min(1).max(64).default(2), ttl: z.int().min(0).max(64).default(4), rumor: z.int().min(1).optional() }),
]);
export type Command = z.infer<typeof commandSchema>;
export const COMMAND_OPS = ['hello', 'join', 'leave', 'members', 'unicast', 'multicast', 'broadcast', 'anycast', 'publish', 'ack', 'gossip'] as const;

export type Parsed = { ok: true; cmd: Command } | { ok: false; code: string; error: string; ref?: unknown };

/** Parse one command frame; every failure names what was wrong and what is allowed. */
export function parseCommand(textFrame: string): Parsed {
  let raw: unknown;
  try {
    raw = JSON.parse(textFrame);
  } catch (err) {
    return { ok: false, code: 'bad-json', error: `not valid JSON (${(err as Error).message}); a frame starting with '{' must be a JSON command, any other text is broadcast` };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, code: 'bad-json', error: 'a command must be a JSON object' };
  const obj = raw as Record<string, unknown>;
  const r = obj.ref;
  const withRef = (x: { ok: false; code: string; error: string }): Parsed => (typeof r === 'string' || typeof r === 'number' ? { ...x, ref: r } : x);
  if (obj.v !== PROTOCOL_VERSION) return withRef({ ok: false, code: 'bad-version', error: `field 'v' must be ${PROTOCOL_VERSION} (the protocol version this server speaks), got ${JSON.stringify(obj.v)}` });
  if (typeof obj.op !== 'string' || !(COMMAND_OPS as readonly string[]).includes(obj.op)) {
    return withRef({ ok: false, code: 'unknown-op', error: `unknown command op ${JSON.stringify(obj.op)}; allowed: ${COMMAND_OPS.join(', ')}` });
  }
  const parsed = commandSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join('.') || '(frame)';
    return withRef({ ok: false, code: 'bad-field', error: `${obj.op}: field '${field}': ${issue.message}` });
  }
  return { ok: true, cmd: parsed.data };
}

export function encode(frame: Record<string, unknown>): string {
  return JSON.stringify({ v: PROTOCOL_VERSION, ...frame });
}

/** What a JSON client receives for a seed-style plain-text broadcast. */
export function plainBroadcastEvent(from: number, data: string): string {
  return encode({ type: 'message', mode: 'broadcast', from, data });
}
