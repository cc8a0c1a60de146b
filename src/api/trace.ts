/**
 * The trace bus's event and the observers that read it: the one contract between
 * the World that emits events and the metrics, trace file and checkers that read
 * them. Protocols and observe/ both import it from here.
 */
/** One trace event, as observers see it. The object is reused: copy what you keep. */
export interface TraceEvent {
  type: TraceEventType;
  t: number;
  /** The node it happened at (the sender for send/drop, the receiver for receive). */
  node: number;
  /** The other end of a transmission, or -1. */
  peer: number;
  /** Link id of a transmission, or -1. */
  link: number;
  /** Application message id (request, deliver, and copies carrying one), or -1. */
  msg: number;
  /** Hops of a delivered copy, or -1. */
  hops: number;
  /** send, drop, receive: the transmission's kind label; join, leave: the group; request: '' or 'source-down'. Otherwise ''. */
  label: string;
  /** request: { request, expected } (RequestDetail); drop: the reason ('loss', 'partition', 'crashed'); partition: the sides. Otherwise null. */
  detail: unknown;
}

export type TraceEventType =
  | 'request' | 'send' | 'drop' | 'receive' | 'deliver' | 'timer'
  | 'crash' | 'recover' | 'partition' | 'heal' | 'join' | 'leave';

export interface Observer {
  event(e: TraceEvent): void;
  /**
   * The event types this observer reads; `event` is called for those only. Omit it to
   * see every event. Read once, when the observer subscribes.
   */
  readonly types?: readonly TraceEventType[];
  /** Called once when the run ends. */
  finish?(endTime: number): void;
}

/** An observer that contributes `metrics[name]` to the result. */
export interface MetricsObserver extends Observer {
  readonly name: string;
  result(): unknown;
}
