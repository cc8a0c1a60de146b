import type { Observer, TraceEvent } from '../api/trace.js';
import type { RequestDetail } from './delivery-metrics.js';

export const TRACE_FORMAT = 'castsim-trace';
export const TRACE_VERSION = 1;

/** One trace line as written to and read from a .jsonl file. Fields absent when -1 / empty. */
export interface TraceLine {
  type: TraceEvent['type'];
  t: number;
  node: number;
  peer?: number;
  link?: number;
  msg?: number;
  hops?: number;
  label?: string;
  expected?: readonly number[];
  to?: number;
  group?: string;
  groups?: number[][];
  /** Why a transmission was dropped: loss, partition or crashed. */
  reason?: string;
}

export function traceLine(e: TraceEvent): TraceLine {
  const line: TraceLine = { type: e.type, t: e.t, node: e.node };
  if (e.peer >= 0) line.peer = e.peer;
  if (e.link >= 0) line.link = e.link;
  if (e.msg >= 0) line.msg = e.msg;
  if (e.hops >= 0) line.hops = e.hops;
  if (e.label) line.label = e.label;
  if (e.type === 'request') {
    const d = e.detail as RequestDetail;
    line.expected = d.expected;
    if (d.request.to !== undefined) line.to = d.request.to;
    if (d.request.group !== undefined) line.group = d.request.group;
  } else if (e.type === 'drop') {
    line.reason = e.detail as string;
  } else if (e.type === 'partition') {
    line.groups = e.detail as number[][];
  }
  return line;
}

/** Where trace text goes: an output file (src/io/output-file.ts) or anything that takes text. */
export interface TraceSink { write(text: string): void }

/** A trace's size bounds: stop at `maxBytes`; say so once when it passes `warnBytes`. */
export interface TraceLimits {
  maxBytes?: number;
  /** Called once, when the trace first reaches `maxBytes`: the run should stop after this event. */
  onLimit?: (bytes: number) => void;
  warnBytes?: number;
  onWarn?: (bytes: number) => void;
}

/**
 * Writes the run's events as JSON Lines: a header line naming the format and its
 * version, then one event a line, in chunks of about 1 MB. Whole lines only: the
 * event that reaches `maxBytes` is written in full, then the writer asks the run
 * to stop (onLimit), so the trace is always exactly the run's events.
 */
export class TraceFileWriter implements Observer {
  private chunks: string[] = [];
  private size = 0;
  /** Bytes of trace produced so far (written or buffered). */
  bytes = 0;
  private warned = false;
  private limited = false;

  constructor(private readonly sink: TraceSink, header: Record<string, unknown>, private readonly limits: TraceLimits = {}) {
    this.write(JSON.stringify({ format: TRACE_FORMAT, version: TRACE_VERSION, ...header }));
  }

  event(e: TraceEvent): void { this.write(JSON.stringify(traceLine(e))); }

  private write(line: string): void {
    this.chunks.push(line);
    this.size += line.length;
    this.bytes += Buffer.byteLength(line, 'utf8') + 1;
    if (this.size > 1 << 20) this.flush();
    const { maxBytes, warnBytes } = this.limits;
    if (!this.warned && warnBytes !== undefined && this.bytes >= warnBytes) { this.warned = true; this.limits.onWarn?.(this.bytes); }
    if (!this.limited && maxBytes !== undefined && this.bytes >= maxBytes) { this.limited = true; this.limits.onLimit?.(this.bytes); }
  }

  /** Write out what is buffered. */
  flush(): void {
    if (this.chunks.length === 0) return;
    this.sink.write(this.chunks.join('\n') + '\n');
    this.chunks = []; this.size = 0;
  }
}
