import type { ProtocolPlugin } from '../api/process.js';
import { anycast } from './anycast.js';
import { broadcast } from './broadcast.js';
import { gossip } from './gossip.js';
import { multicast } from './multicast.js';
import { reliable } from './reliable.js';
import { unicast } from './unicast.js';

/** The built-in communication types, each a plug-in on the public Process API. */
const BUILTIN: readonly ProtocolPlugin<any>[] = [
  unicast,
  multicast,
  broadcast,
  anycast,
  gossip,
  reliable,
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
