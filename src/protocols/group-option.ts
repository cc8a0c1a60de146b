import type { ProtocolPlugin } from '../api/process.js';

type GroupCheckContext = Parameters<NonNullable<ProtocolPlugin['check']>>[1];

/**
 * Problems with the group a group type sends to: `protocol.group` naming a group the
 * scenario does not define, a group that never has a member (no members and no joins),
 * or a workload item that names no group when `protocol.group` is not given.
 * Shared by the group types.
 */
export function checkGroupOption(group: string | undefined, ctx: GroupCheckContext, type: string): Array<[string, string]> {
  const names = Object.keys(ctx.groups);
  const empty = (g: string): boolean => {
    // Own properties only: a group named 'toString' must not find Object.prototype.toString.
    const spec = (Object.hasOwn(ctx.groups, g) ? ctx.groups[g] : undefined) as { members: number[]; joins?: unknown[] } | undefined;
    return spec !== undefined && spec.members.length === 0 && (spec.joins?.length ?? 0) === 0;
  };
  const emptyMessage = (g: string) => `group '${g}' is empty — it must have at least one member or join`;
  const problems: Array<[string, string]> = [];
  if (group !== undefined && !Object.hasOwn(ctx.groups, group)) {
    problems.push(['group', `unknown group '${group}' — ${names.length ? `defined: ${names.join(', ')}` : "the scenario defines no groups (add one under 'groups:')"}`]);
  } else if (group !== undefined && empty(group)) {
    problems.push(['group', emptyMessage(group)]);
  }
  ctx.workload.forEach((w, i) => {
    if (w.group === undefined && group === undefined) {
      problems.push([`/workload[${i}].group`, `missing — ${type} sends to a group: give protocol.group or a group on each workload item`]);
    } else if (w.group !== undefined && empty(w.group)) {
      problems.push([`/workload[${i}].group`, emptyMessage(w.group)]);
    }
  });
  return problems;
}
