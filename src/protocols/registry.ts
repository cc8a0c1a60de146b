import type { ProtocolPlugin } from './api.js';
import { broadcast } from './broadcast.js';
import { unicast } from './unicast.js';

/** The built-in communication types, each a plug-in on the public Process API. */
const BUILTIN: readonly ProtocolPlugin<any>[] = [
  unicast,
  broadcast,
];

export function getProtocol(type: string): ProtocolPlugin<any> | undefined {
  return BUILTIN.find((p) => p.type === type);
}

export function protocolTypes(): string[] {
  return BUILTIN.map((p) => p.type);
}

export function builtinProtocols(): readonly ProtocolPlugin<any>[] {
  return BUILTIN;
}
