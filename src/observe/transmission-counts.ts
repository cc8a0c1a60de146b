import type { Observer, TraceEvent, TraceEventType } from '../api/trace.js';

/** Counts transmissions (send events) by their kind label, e.g. data, retransmit, ack. */
export class TransmissionCounts implements Observer {
  /** The event types read below; the others are not passed (Observer.types). */
  readonly types: readonly TraceEventType[] = ['send'];
  private readonly counts = new Map<string, number>();

  event(e: TraceEvent): void {
    if (e.type === 'send') this.counts.set(e.label, (this.counts.get(e.label) ?? 0) + 1);
  }

  get(label: string): number { return this.counts.get(label) ?? 0; }
}
