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
  freezeValue(msg, node, 'message', 0, null);
}

/** Past this depth the objects visited are remembered, so that a cycle of unfrozen objects ends. */
const DEEP = 32;

/**
 * Freeze `value` and its parts, the parts first: an object is frozen only once everything in it
 * is, so a message refused for one of its parts (a Map, say) is left unfrozen, and sending it
 * again is refused again. Frozen the other way round, its top stayed frozen and a second send
 * passed the early return above with the Map inside. A part already frozen was checked whole
 * when it was frozen. `seen`: the objects visited past DEEP levels (no plain message nests so
 * deep; a cycle does), made only then.
 */
function freezeValue(value: object, node: number, path: string, depth: number, seen: Set<object> | null): void {
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer || value instanceof Map || value instanceof Set) {
    throw new ProtocolError(`node ${node} sent a message whose ${path} is a ${value.constructor.name}, which cannot be frozen: messages in flight are immutable plain data (objects, arrays, strings, numbers, booleans, null) — use an array instead`);
  }
  if (depth >= DEEP) {
    seen ??= new Set();
    if (seen.has(value)) return;
    seen.add(value);
  }
  for (const key in value) {
    const v = (value as Record<string, unknown>)[key];
    if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) freezeValue(v, node, `${path}.${key}`, depth + 1, seen);
  }
  Object.freeze(value);
}
