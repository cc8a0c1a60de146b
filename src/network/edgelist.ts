/**
 * Edge-list import: one link per line, `u v [latency_ms]`, whitespace separated,
 * `#` starts a comment. Node ids are 0-based and dense (n = largest id + 1).
 * The parser walks the text by character codes, so a 400,000-line file parses
 * without allocating a string per token.
 */
import { readFileSync, statSync } from 'node:fs';

/** Ids beyond this would make the per-node arrays gigabytes long; a typo is likelier than such a network. */
export const MAX_NODES = 50_000_000;

/** Longest line accepted: a real edge line is a few dozen characters; a longer one is not an edge list. */
export const MAX_LINE_CHARS = 4096;

/** Largest file read: V8 cannot hold a longer string, and at ~10 bytes a line this is ~50 M links. */
export const MAX_FILE_BYTES = 512 * 1024 * 1024;

/** Reads a whole text file; the scenario layer may pass its own (tests, bundled files). */
export type ReadText = (path: string) => string;

export interface EdgeList {
  nodes: number;
  us: Int32Array;
  vs: Int32Array;
  /** Per-edge latency in ms, or null when the file has no latency column. */
  latency: Float64Array | null;
}

/** A problem with an edge-list file; `line` is 1-based, or null when it is about the whole file. */
export class EdgeListError extends Error {
  constructor(readonly file: string, readonly line: number | null, readonly detail: string) {
    super(line === null ? `${file}: ${detail}` : `${file}:${line}: ${detail}`);
    this.name = 'EdgeListError';
  }
}

/**
 * Reads a regular file only: a device (/dev/zero) or a FIFO would be read without end
 * (or block), so they are refused before reading, as is a file too long to be a string.
 */
function readRegularFile(path: string): string {
  const stat = statSync(path);
  if (stat.isDirectory()) throw Object.assign(new Error('is a folder'), { code: 'EISDIR' });
  if (!stat.isFile()) throw new EdgeListError(path, null, `edge-list path is not a regular file (a device, FIFO or socket): ${path}`);
  if (stat.size > MAX_FILE_BYTES) {
    throw new EdgeListError(path, null, `edge-list file is ${stat.size} bytes; at most ${MAX_FILE_BYTES} bytes (512 MiB) are read`);
  }
  return readFileSync(path, 'utf8');
}

export function readEdgeList(path: string, readFile: ReadText = readRegularFile): EdgeList {
  let text: string;
  try {
    text = readFile(path);
  } catch (error) {
    if (error instanceof EdgeListError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new EdgeListError(path, null, `edge-list file not found: ${path}`);
    if (code === 'EISDIR') throw new EdgeListError(path, null, `edge-list path is a folder, not a file: ${path}`);
    throw new EdgeListError(path, null, `cannot read edge-list file: ${(error as Error).message}`);
  }
  return parseEdgeList(text, path);
}

const HASH = 35, SPACE = 32, TAB = 9, CR = 13, VT = 11, FF = 12, ZERO = 48, NINE = 57;

function isBlank(c: number): boolean {
  return c === SPACE || c === TAB || c === CR || c === VT || c === FF;
}

export function parseEdgeList(text: string, fileLabel: string): EdgeList {
  let us = new Int32Array(1024), vs = new Int32Array(1024);
  let latency: Float64Array | null = null;
  let count = 0, maxId = -1;
  let hasLatency: boolean | null = null, firstEdgeLine = 0;
  const starts = [0, 0, 0], ends = [0, 0, 0];
  const length = text.length;
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0; // skip a byte-order mark
  let line = 0;

  const fail = (detail: string): never => { throw new EdgeListError(fileLabel, line, detail); };
  const nodeId = (start: number, end: number, which: string): number => {
    let value = 0;
    for (let i = start; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c < ZERO || c > NINE) {
        return fail(`${which} node id must be a non-negative integer; got '${text.slice(start, end)}'`);
      }
      value = value * 10 + (c - ZERO);
      if (value >= MAX_NODES) return fail(`${which} node id ${text.slice(start, end)} is too large (ids must be below ${MAX_NODES})`);
    }
    return value;
  };

  while (pos < length) {
    line++;
    let end = text.indexOf('\n', pos);
    if (end < 0) end = length;
    if (end - pos > MAX_LINE_CHARS) fail(`line is ${end - pos} characters long; an edge line has at most ${MAX_LINE_CHARS} (is this an edge list?)`);
    let columns = 0;
    for (let i = pos; i < end;) {
      const c = text.charCodeAt(i);
      if (c === HASH) break;
      if (isBlank(c)) { i++; continue; }
      const start = i;
      while (i < end) {
        const d = text.charCodeAt(i);
        if (d === HASH || isBlank(d)) break;
        i++;
      }
      if (columns < 3) { starts[columns] = start; ends[columns] = i; }
      columns++;
    }
    pos = end + 1;
    if (columns === 0) continue;
    if (columns !== 2 && columns !== 3) fail(`expected 'u v' or 'u v latency_ms', found ${columns} columns`);

    const u = nodeId(starts[0]!, ends[0]!, 'first');
    const v = nodeId(starts[1]!, ends[1]!, 'second');
    const withLatency = columns === 3;
    if (hasLatency === null) {
      hasLatency = withLatency; firstEdgeLine = line;
      if (withLatency) latency = new Float64Array(us.length);
    } else if (hasLatency !== withLatency) {
      fail(`${withLatency ? 'has' : 'lacks'} a latency column but line ${firstEdgeLine} ${withLatency ? 'does not' : 'has one'}; give every edge a latency or none`);
    }

    if (count === us.length) {
      const grownU = new Int32Array(count * 2), grownV = new Int32Array(count * 2);
      grownU.set(us); grownV.set(vs); us = grownU; vs = grownV;
      if (latency) { const grownL = new Float64Array(count * 2); grownL.set(latency); latency = grownL; }
    }
    if (latency) {
      const token = text.slice(starts[2]!, ends[2]!), ms = Number(token);
      if (!Number.isFinite(ms) || ms < 0) fail(`latency must be a non-negative number of ms; got '${token}'`);
      latency[count] = ms;
    }
    us[count] = u; vs[count] = v; count++;
    if (u > maxId) maxId = u;
    if (v > maxId) maxId = v;
  }

  if (count === 0) throw new EdgeListError(fileLabel, null, 'no edges found (every line is blank or a comment)');
  return { nodes: maxId + 1, us: us.slice(0, count), vs: vs.slice(0, count), latency: latency ? latency.slice(0, count) : null };
}
