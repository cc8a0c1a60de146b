/**
 * Reads a JSON Lines trace as `castsim run --trace` writes it (trace-file.ts): an
 * optional header line `{format: 'castsim-trace', version: 1, ...}`, then one event
 * a line. Lines are checked as they stream by; the first bad one stops the read
 * with its line number. Hand-written traces may leave out the header and every
 * field an event does not need.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { TRACE_FORMAT, TRACE_VERSION, type TraceLine } from './trace-file.js';

const EVENT_TYPES = new Set<string>(['request', 'send', 'drop', 'receive', 'deliver', 'timer', 'crash', 'recover', 'partition', 'heal', 'join', 'leave']);

/** A line that is not a valid trace line; `line` counts from 1. */
export class TraceFormatError extends Error {
  constructor(readonly file: string, readonly line: number, readonly detail: string) {
    super(`${file}, line ${line}: ${detail}`);
    this.name = 'TraceFormatError';
  }
}

export interface TraceHeader { format: string; version: number; [field: string]: unknown }

/** A bad line is quoted by its start only: a trace line can be megabytes long. */
function short(text: string): string {
  return text.length <= 60 ? text : `${text.slice(0, 59)}… (${text.length} characters)`;
}

function isInt(v: unknown, min: number): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= min;
}

/** Where a line is, for its error message; `first` when no line with content came before it. */
export interface LinePlace { file: string; line: number; first: boolean }

/** One line's event, or null for a blank line or the header (stored in `header.value`). */
export function parseTraceLine(text: string, at: LinePlace, header: { value: TraceHeader | null }): TraceLine | null {
  if (text.trim() === '') return null;
  const bad = (detail: string) => new TraceFormatError(at.file, at.line, detail);
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (err) {
    throw bad(`not valid JSON (${(err as Error).message})`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw bad(`must be a JSON object, got ${short(JSON.stringify(v) ?? String(v))}`);
  const o = v as Record<string, unknown>;
  if ('format' in o) {
    if (!at.first) throw bad('a header line (with format) may only come first');
    if (o.format !== TRACE_FORMAT) throw bad(`unknown trace format ${JSON.stringify(o.format)} — expected '${TRACE_FORMAT}'`);
    if (o.version !== TRACE_VERSION) throw bad(`unsupported trace version ${JSON.stringify(o.version)} — this castsim reads version ${TRACE_VERSION}`);
    header.value = o as TraceHeader;
    return null;
  }
  if (typeof o.type !== 'string' || !EVENT_TYPES.has(o.type)) {
    throw bad(`'type' must be one of ${[...EVENT_TYPES].join(', ')}, got ${JSON.stringify(o.type)}`);
  }
  if (typeof o.t !== 'number' || !Number.isFinite(o.t)) throw bad(`'t' must be a time in ms, got ${JSON.stringify(o.t)}`);
  if (!isInt(o.node, -1)) throw bad(`'node' must be a node id (an integer ≥ 0), got ${JSON.stringify(o.node)}`);
  if (o.msg !== undefined && !isInt(o.msg, 0)) throw bad(`'msg' must be a message id (an integer ≥ 0), got ${JSON.stringify(o.msg)}`);
  if ((o.type === 'request' || o.type === 'deliver') && o.msg === undefined) throw bad(`a ${o.type} event needs 'msg' (the message id)`);
  if (o.type === 'request' && (!Array.isArray(o.expected) || !o.expected.every((x) => isInt(x, 0)))) {
    throw bad(`a request event needs 'expected', the list of intended recipients (node ids), got ${JSON.stringify(o.expected)}`);
  }
  if (o.label !== undefined && typeof o.label !== 'string') throw bad(`'label' must be a string, got ${JSON.stringify(o.label)}`);
  if (o.group !== undefined && typeof o.group !== 'string') throw bad(`'group' must be a group name, got ${JSON.stringify(o.group)}`);
  return o as unknown as TraceLine;
}

/**
 * Stream a trace file's events to `onEvent`; resolves with the header (null when the file has none).
 * `input` reads an open stream instead (stdin), which `path` then only names in messages.
 */
export async function readTrace(path: string, onEvent: (e: TraceLine) => void, input?: Readable): Promise<TraceHeader | null> {
  const header = { value: null as TraceHeader | null };
  const stream = input ?? createReadStream(path, { encoding: 'utf8' });
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let n = 0, seen = false;
  try {
    for await (const text of lines) {
      n++;
      const e = parseTraceLine(text, { file: path, line: n, first: !seen }, header);
      if (text.trim() !== '') seen = true;
      if (e) onEvent(e);
    }
  } finally {
    lines.close();
    stream.destroy();
  }
  return header.value;
}
