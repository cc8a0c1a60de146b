/**
 * Messages in flight are immutable. One message object may be queued for several
 * arrivals (a duplicated transmission, or one object sent to several neighbours),
 * so a receiver that changed it would change what the others receive. Freezing it,
 * and everything it holds, at send time makes such a change throw instead (ES
 * modules run in strict mode) — and keeps messages plain data, which is what a
 * real transport can carry.
 */
import { ProtocolError } from './protocol-error.js';

/** Deep-freeze `msg` in place; parts already frozen (shared by earlier sends) are skipped. */
export function freezeMessage(msg: object, node: number): void {
  if (Object.isFrozen(msg)) return;
  freezeValue(msg, node, 'message');
}

function freezeValue(value: object, node: number, path: string): void {
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer || value instanceof Map || value instanceof Set) {
    throw new ProtocolError(`node ${node} sent a message whose ${path} is a ${value.constructor.name}, which cannot be frozen: messages in flight are immutable plain data (objects, arrays, strings, numbers, booleans, null) — use an array instead`);
  }
  Object.freeze(value);
  for (const key in value) {
    const v = (value as Record<string, unknown>)[key];
    if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) freezeValue(v, node, `${path}.${key}`);
  }
}
