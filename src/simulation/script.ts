import type { RandomStreams } from '../engine/random.js';
import type { FaultSpec } from '../scenario/types.js';
import type { MembershipChange } from './group-membership.js';
import { RequestStream, type PlannedRequest } from './workload.js';

/**
 * What the scenario scripts, in time order, kept out of the event queue: faults, then
 * membership changes, then workload requests at the same instant, all before any event
 * the run itself schedules for that instant (as if queued first). Requests come from a
 * lazy RequestStream, so a long workload costs nothing until the run reaches it.
 */
export class Script {
  private readonly faultOrder: number[];
  private nextFault = 0;
  private nextChange = 0;
  private readonly requests: RequestStream;

  constructor(private readonly faults: readonly FaultSpec[], private readonly changes: readonly MembershipChange[],
    workload: ConstructorParameters<typeof RequestStream>[0], nodes: number, streams: RandomStreams) {
    // Stable: faults at the same time keep their scenario order.
    this.faultOrder = faults.map((_, i) => i).sort((a, b) => faults[a]!.at - faults[b]!.at || a - b);
    this.requests = new RequestStream(workload, nodes, streams);
  }

  private faultAt(): number { return this.nextFault < this.faultOrder.length ? this.faults[this.faultOrder[this.nextFault]!]!.at : Infinity; }
  private changeAt(): number { return this.nextChange < this.changes.length ? this.changes[this.nextChange]!.at : Infinity; }

  /** Time of the next scripted event; Infinity when none remain. */
  peekTime(): number { return Math.min(this.faultAt(), this.changeAt(), this.requests.peekTime()); }

  /** The next scripted event (call only when peekTime() is finite). */
  take(): { fault: FaultSpec } | { change: MembershipChange } | { request: PlannedRequest } {
    const t = this.peekTime();
    if (this.faultAt() === t) return { fault: this.faults[this.faultOrder[this.nextFault++]!]! };
    if (this.changeAt() === t) return { change: this.changes[this.nextChange++]! };
    return { request: this.requests.take() };
  }
}
