import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
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

/**
 * Writes the run's events as JSON Lines: a header line naming the format and its
 * version, then one event a line. Buffered; written to a temporary name and
 * renamed at the end so a failed run leaves nothing half-written.
 */
export class TraceFileWriter implements Observer {
  private readonly fd: number;
  private chunks: string[] = [];
  private size = 0;

  constructor(private readonly path: string, header: Record<string, unknown>) {
    this.fd = openSync(`${path}.partial`, 'w');
    this.write(JSON.stringify({ format: TRACE_FORMAT, version: TRACE_VERSION, ...header }));
  }

  event(e: TraceEvent): void { this.write(JSON.stringify(traceLine(e))); }

  private write(line: string): void {
    this.chunks.push(line);
    this.size += line.length;
    if (this.size > 1 << 20) this.flush();
  }

  private flush(): void {
    if (this.chunks.length === 0) return;
    writeSync(this.fd, this.chunks.join('\n') + '\n');
    this.chunks = []; this.size = 0;
  }

  /** Flush and move the file into place. */
  close(): string {
    this.flush();
    closeSync(this.fd);
    try {
      renameSync(`${this.path}.partial`, this.path);
    } catch (err) {
      rmSync(`${this.path}.partial`, { force: true });
      throw err;
    }
    return this.path;
  }

  /** Remove the partial file (the run failed). */
  abort(): void {
    closeSync(this.fd);
    rmSync(`${this.path}.partial`, { force: true });
  }
}
