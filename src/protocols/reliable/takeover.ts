/**
 * Sequencer takeover, the pure parts. Epoch e's sequencer is the e-th lowest group
 * member, so every member derives the same succession from the same failure
 * detector: when view[e] is suspected (down for `detect` ms), the next unsuspected
 * member in id order takes over as epoch e' > e. Before it assigns anything it asks
 * every unsuspected member for the slots it knows (sync → state), merges them, and
 * installs the longest gap-free prefix: every slot some live member may have
 * delivered lies in it, because members deliver slots strictly in order. Slots
 * after the first gap were delivered by no live member, so the new epoch assigns
 * them afresh (the origins resubmit what they have not seen ordered).
 */
import type { NodeId } from '../../api/process.js';
import type { SlotEntry } from './envelope.js';

/** Per slot, the assignment of the highest epoch any report carries. */
export function mergeReports(reports: Iterable<readonly SlotEntry[]>): Map<number, SlotEntry> {
  const merged = new Map<number, SlotEntry>();
  for (const slots of reports) {
    for (const e of slots) {
      const cur = merged.get(e.slot);
      if (!cur || cur.epoch < e.epoch) merged.set(e.slot, e);
    }
  }
  return merged;
}

/** The first slot number the merged knowledge lacks: the new epoch's base. */
export function gapFreeLength(merged: ReadonlyMap<number, SlotEntry>): number {
  let h = 0;
  while (merged.has(h)) h++;
  return h;
}

/** The prefix entries a member lacks, given what it reported (undefined: it never reported). */
export function missingFrom(prefix: readonly SlotEntry[], reported: readonly SlotEntry[] | undefined): SlotEntry[] {
  if (!reported) return [...prefix];
  const has = new Map<number, number>();
  for (const e of reported) has.set(e.slot, e.epoch);
  return prefix.filter((e) => has.get(e.slot) !== e.epoch);
}

/** The epoch after `epoch` whose sequencer is not suspected; view.length when none is left. */
export function nextEpoch(view: readonly NodeId[], epoch: number, suspected: (v: NodeId) => boolean): number {
  let e = epoch + 1;
  while (e < view.length && suspected(view[e]!)) e++;
  return e;
}

/** The epoch a key `o:EPOCH:SLOT` or `y:EPOCH` / `i:EPOCH` belongs to. */
export function epochOf(key: string): number {
  return Number(key.split(':')[1]);
}
