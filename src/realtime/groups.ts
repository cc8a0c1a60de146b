/**
 * Group membership and presence: who is in each group right now (live
 * connections only), with join/leave events sent to the other members.
 */
import type { Peer } from './peer.js';
import { encode } from './wire.js';

export class Groups {
  private readonly members = new Map<string, Map<number, Peer>>();

  list(group: string): Peer[] { return [...(this.members.get(group)?.values() ?? [])]; }
  ids(group: string): number[] { return [...(this.members.get(group)?.keys() ?? [])].sort((a, b) => a - b); }
  size(group: string): number { return this.members.get(group)?.size ?? 0; }

  join(peer: Peer, group: string): boolean {
    let m = this.members.get(group);
    if (!m) { m = new Map(); this.members.set(group, m); }
    if (m.has(peer.id)) return false;
    this.announce(group, 'join', peer.id);
    m.set(peer.id, peer);
    peer.groups.add(group);
    return true;
  }

  leave(peer: Peer, group: string): boolean {
    const m = this.members.get(group);
    if (!m?.delete(peer.id)) return false;
    peer.groups.delete(group);
    if (m.size === 0) this.members.delete(group);
    this.announce(group, 'leave', peer.id);
    return true;
  }

  /** Presence: tell the group's current members (JSON clients) who came or went. */
  private announce(group: string, event: 'join' | 'leave', id: number): void {
    const m = this.members.get(group);
    if (!m || m.size === 0) return;
    const frame = encode({ type: 'presence', group, event, id });
    for (const p of m.values()) p.send(frame);
  }
}
