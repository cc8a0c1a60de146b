import type { GroupSpec } from '../scenario/types.js';

export interface MembershipChange { at: number; group: string; node: number; join: boolean }

/** Current members of every named group, changed by scripted joins and leaves. */
export class GroupMembership {
  private readonly members = new Map<string, Set<number>>();
  private readonly sorted = new Map<string, readonly number[]>();

  constructor(groups: Record<string, GroupSpec>) {
    for (const [name, g] of Object.entries(groups)) this.members.set(name, new Set(g.members));
  }

  /** Joins and leaves of all groups in time order (ties: group order, then joins before leaves as listed). */
  static changes(groups: Record<string, GroupSpec>): MembershipChange[] {
    const all: MembershipChange[] = [];
    for (const [group, g] of Object.entries(groups)) {
      for (const j of g.joins) all.push({ at: j.at, group, node: j.node, join: true });
      for (const l of g.leaves) all.push({ at: l.at, group, node: l.node, join: false });
    }
    return all.map((c, i) => [c, i] as const).sort((a, b) => a[0].at - b[0].at || a[1] - b[1]).map(([c]) => c);
  }

  has(group: string): boolean { return this.members.has(group); }

  /** Members now, ascending; empty for an unknown group. */
  list(group: string): readonly number[] {
    let s = this.sorted.get(group);
    if (!s) {
      s = [...(this.members.get(group) ?? [])].sort((a, b) => a - b);
      this.sorted.set(group, s);
    }
    return s;
  }

  apply(c: MembershipChange): boolean {
    const set = this.members.get(c.group)!;
    const changed = c.join ? !set.has(c.node) : set.has(c.node);
    if (c.join) set.add(c.node); else set.delete(c.node);
    this.sorted.delete(c.group);
    return changed;
  }
}
