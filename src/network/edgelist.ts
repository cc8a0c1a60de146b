/**
 * Edge-list import: one link per line, `u v [latency_ms]`, whitespace separated,
 * `#` starts a comment. Node ids are 0-based and dense (n = largest id + 1).
 * A file is read in fixed-size chunks and parsed byte by byte, once: no string of
 * the whole file, no string per line or token (only an error message quotes one).
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';

/** Ids beyond this would make the per-node arrays gigabytes long; a typo is likelier than such a network. */
export const MAX_NODES = 50_000_000;

/** Longest line accepted: a real edge line is a few dozen characters; a longer one is not an edge list. */
export const MAX_LINE_CHARS = 4096;

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

/** The longest line the reader holds in its buffer; a longer one is refused (the message names this bound). */
const CHUNK = 8 << 20;

/**
 * The buffer's first size: a chunk this small stays in the core's cache between the read that
 * fills it and the parse that follows, and its pages are touched once and reused (an 8 MB
 * buffer cost a page fault per 4 KB, ~3 µs each here: ~5 ms at 100k). It doubles, up to
 * CHUNK, only while a single line does not fit, so every error is the same as before.
 */
const FIRST_CHUNK = 256 << 10;

export function readEdgeList(path: string, readFile?: ReadText): EdgeList {
  if (readFile) return parseEdgeList(readText(path, readFile), path);
  const kept = takeKept(path);
  if (kept) return kept;
  // A regular file only, checked before opening: a device (/dev/zero) would be read without
  // end and opening a FIFO blocks. No size bound is needed: the file is never one string.
  let fd: number, size: number;
  try {
    const stat = statSync(path);
    size = stat.size;
    if (stat.isDirectory()) throw Object.assign(new Error('is a folder'), { code: 'EISDIR' });
    if (!stat.isFile()) throw new EdgeListError(path, null, `edge-list path is not a regular file (a device, FIFO or socket): ${path}`);
    fd = openSync(path, 'r');
  } catch (error) {
    throw readError(path, error);
  }
  try {
    const parser = new EdgeListParser(path, size);
    let buf = Buffer.allocUnsafe(FIRST_CHUNK);
    let carry = 0; // bytes of an unfinished line kept at the front of buf
    for (;;) {
      let got: number;
      try { got = readSync(fd, buf, carry, buf.length - carry, null); } catch (error) { throw readError(path, error); }
      const end = carry + got;
      if (got === 0) { parser.feed(buf, 0, end, true); break; }
      const lastNewline = buf.lastIndexOf(10, end - 1);
      if (lastNewline < 0 && end === buf.length) {
        if (end === CHUNK) throw new EdgeListError(path, parser.line + 1, `line is over ${CHUNK} characters long; an edge line has at most ${MAX_LINE_CHARS} (is this an edge list?)`);
        const grown = Buffer.allocUnsafe(Math.min(2 * buf.length, CHUNK));
        buf.copy(grown, 0, 0, end);
        buf = grown; carry = end;
        continue;
      }
      const upto = lastNewline < 0 ? 0 : lastNewline + 1;
      parser.feed(buf, 0, upto, false);
      buf.copy(buf, 0, upto, end);
      carry = end - upto;
    }
    return parser.finish();
  } finally {
    closeSync(fd);
  }
}

function readText(path: string, readFile: ReadText): string {
  try { return readFile(path); } catch (error) { throw readError(path, error); }
}

function readError(path: string, error: unknown): EdgeListError {
  if (error instanceof EdgeListError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new EdgeListError(path, null, `edge-list file not found: ${path}`);
  if (code === 'EISDIR') return new EdgeListError(path, null, `edge-list path is a folder, not a file: ${path}`);
  return new EdgeListError(path, null, `cannot read edge-list file: ${(error as Error).message}`);
}

export function parseEdgeList(text: string, fileLabel: string): EdgeList {
  const bytes = Buffer.from(text, 'utf8');
  const parser = new EdgeListParser(fileLabel, bytes.length);
  parser.feed(bytes, 0, bytes.length, true);
  return parser.finish();
}

/**
 * One parse of a scenario's edge list serves both the scenario check (node ids in
 * range) and the run: the loader keeps what it parsed, and the run takes it back if
 * the file is unchanged (same size, time and inode), instead of reading it again.
 */
let kept: { path: string; stamp: string; list: EdgeList } | null = null;

function stampOf(path: string): string | null {
  try { const s = statSync(path); return `${s.size}:${s.mtimeMs}:${s.ino}`; } catch { return null; }
}

/** Parse `path` and keep the result for the next readEdgeList of the same, unchanged file. */
export function readAndKeepEdgeList(path: string): EdgeList {
  const stamp = stampOf(path);
  const list = readEdgeList(path);
  kept = stamp === null ? null : { path, stamp, list };
  return list;
}

function takeKept(path: string): EdgeList | null {
  if (!kept || kept.path !== path) return null;
  const k = kept;
  kept = null; // handed over once: the run's topology, not this cache, holds the memory from now on
  return stampOf(path) === k.stamp ? k.list : null;
}

const HASH = 35, SPACE = 32, TAB = 9, LF = 10, VT = 11, FF = 12, CR = 13, DOT = 46, ZERO = 48, NINE = 57;
/** 10^k for k ≤ 22 is exact in a double, so digits / 10^k is Number()'s correctly rounded value. */
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * plainLines returns after this many lines, so its exit has run (and has type feedback) long
 * before V8 optimises it: it is then compiled once, as a whole function, where a first call
 * over the whole file was compiled on the stack mid-loop (slower to compile) and deoptimised
 * at its first return (measured: 3 compiles, ~38 ms, against 1, ~8 ms).
 */
const LINES_PER_CALL = 256;

/** 1 for the bytes that separate columns on the fast path (space, tab). */
const GAP = new Uint8Array(256);
GAP[SPACE] = 1; GAP[TAB] = 1;

/** Stands in for the latency array of a file without one, so plainLines' local has one type. */
const NO_LATENCY = new Float64Array(0);

function isBlank(c: number): boolean {
  return c === SPACE || c === TAB || c === CR || c === VT || c === FF;
}

/** Parses complete lines fed as bytes; keeps the edges in growing typed arrays. */
class EdgeListParser {
  private us: Int32Array;
  private vs: Int32Array;
  private latency: Float64Array | null = null;
  private count = 0;
  private maxId = -1;
  private hasLatency: boolean | null = null;
  private firstEdgeLine = 0;
  private started = false;
  line = 0;
  private readonly starts = [0, 0, 0];
  private readonly ends = [0, 0, 0];

  /** `bytes`, the input's size, sizes the arrays: a typical line is 12–20 bytes, so most files never grow them. */
  constructor(private readonly file: string, bytes: number) {
    const capacity = Math.max(1024, Math.min(Math.floor(bytes / 16), 1 << 22));
    [this.us, this.vs] = pairOfArrays(capacity);
  }

  private fail(detail: string): never { throw new EdgeListError(this.file, this.line, detail); }

  /** Parse the lines in b[from, to); `last` marks the end of the input (a final line without a newline). */
  feed(b: Uint8Array, from: number, to: number, last: boolean): void {
    let pos = from;
    if (!this.started && to - pos >= 3 && b[pos] === 0xef && b[pos + 1] === 0xbb && b[pos + 2] === 0xbf) pos += 3; // byte-order mark
    if (to > from) this.started = true;
    // Lines before `lined` end in a newline inside [from, to): the fast path never reads past one.
    const lined = last ? b.lastIndexOf(LF, to - 1) + 1 : to;
    while (pos < to) {
      // The fast path needs the file's form (latency column or not) fixed by a first edge.
      if (pos < lined && this.hasLatency !== null) {
        if (this.count === this.us.length) this.grow();
        const next = this.plainLines(b, pos, lined);
        if (next !== pos) { pos = next; continue; }
      }
      pos = this.anyLine(b, pos, to, last);
    }
  }

  /**
   * The common lines, `u v` or `u v latency` with plain decimals in the file's form, from
   * `pos` on, straight into the arrays. Stops before the first other line (anyLine parses
   * it, or reports what is wrong), at `lined`, or when the arrays are full; returns where
   * it stopped. One loop over locals (no call, no field access per line): V8 compiles it
   * early on the stack, and its per-line cost before that is the least bytecode there is.
   */
  private plainLines(b: Uint8Array, pos: number, lined: number): number {
    const us = this.us, vs = this.vs, withLatency = this.hasLatency === true;
    const latency = this.latency ?? NO_LATENCY;
    let count = this.count, maxId = this.maxId, line = this.line;
    const stop = Math.min(us.length, count + LINES_PER_CALL);
    // Each test below is one compare that runs on every line that reaches it ((c - ZERO) >>> 0
    // is a digit test; GAP a table): V8 optimises on the feedback of the compares that have
    // run, and a short-circuited second compare (c <= NINE after a one-digit number) that
    // first runs thousands of lines in would deoptimise the loop and have it compiled again.
    lines: while (pos < lined && count < stop) {
      let i = pos, c = b[i]!, u = 0, v = 0;
      if ((c - ZERO) >>> 0 > 9) break lines;
      do { u = u * 10 + (c - ZERO); c = b[++i]!; } while ((c - ZERO) >>> 0 <= 9);
      if (GAP[c] === 0) break lines;
      do c = b[++i]!; while (GAP[c] === 1);
      if ((c - ZERO) >>> 0 > 9) break lines;
      do { v = v * 10 + (c - ZERO); c = b[++i]!; } while ((c - ZERO) >>> 0 <= 9);
      if ((u > v ? u : v) >= MAX_NODES) break lines;
      while (GAP[c] === 1) c = b[++i]!;
      let ms = 0;
      if ((c - ZERO) >>> 0 <= 9) {
        if (!withLatency) break lines;
        const start = i;
        let digits = 0, fraction = 0;
        do { digits = digits * 10 + (c - ZERO); c = b[++i]!; } while ((c - ZERO) >>> 0 <= 9);
        if (c === DOT) {
          c = b[++i]!;
          if ((c - ZERO) >>> 0 > 9) break lines;
          do { digits = digits * 10 + (c - ZERO); fraction++; c = b[++i]!; } while ((c - ZERO) >>> 0 <= 9);
        }
        if (i - start > 15) break lines; // every such number is below 2^53: digits are exact
        ms = fraction > 0 ? digits / POW10[fraction]! : digits;
        while (GAP[c] === 1) c = b[++i]!;
      } else if (withLatency) break lines;
      if (c === CR) c = b[++i]!;
      if (c !== LF || i - pos > MAX_LINE_CHARS) break lines;
      us[count] = u; vs[count] = v;
      if (withLatency) latency[count] = ms;
      count++; line++;
      if (u > maxId) maxId = u;
      if (v > maxId) maxId = v;
      pos = i + 1;
    }
    this.count = count; this.maxId = maxId; this.line = line;
    return pos;
  }

  private grow(): void {
    const count = this.count;
    const [grownU, grownV] = pairOfArrays(count * 2);
    grownU.set(this.us); grownV.set(this.vs); this.us = grownU; this.vs = grownV;
    if (this.latency) { const grownL = new Float64Array(count * 2); grownL.set(this.latency); this.latency = grownL; }
  }

  /** Any line, in full generality: comments, blanks, other number forms, and every error. */
  private anyLine(b: Uint8Array, pos: number, to: number, last: boolean): number {
    const starts = this.starts, ends = this.ends;
    this.line++;
    let end = b.indexOf(LF, pos);
    if (end < 0 || end >= to) { end = to; if (!last) this.fail('internal: partial line fed'); }
    if (end - pos > MAX_LINE_CHARS) this.fail(`line is ${end - pos} characters long; an edge line has at most ${MAX_LINE_CHARS} (is this an edge list?)`);
    let columns = 0;
    for (let i = pos; i < end;) {
      const c = b[i]!;
      if (c === HASH) break;
      if (isBlank(c)) { i++; continue; }
      const start = i;
      while (i < end) {
        const d = b[i]!;
        if (d === HASH || isBlank(d)) break;
        i++;
      }
      if (columns < 3) { starts[columns] = start; ends[columns] = i; }
      columns++;
    }
    if (columns === 0) return end + 1;
    if (columns !== 2 && columns !== 3) this.fail(`expected 'u v' or 'u v latency_ms', found ${columns} columns`);
    this.edge(b, columns === 3);
    return end + 1;
  }

  private edge(b: Uint8Array, withLatency: boolean): void {
    const starts = this.starts, ends = this.ends;
    const u = this.nodeId(b, starts[0]!, ends[0]!, 'first');
    const v = this.nodeId(b, starts[1]!, ends[1]!, 'second');
    this.add(u, v, withLatency, withLatency ? -1 : 0);
    if (withLatency) this.latency![this.count - 1] = this.milliseconds(b, starts[2]!, ends[2]!);
  }

  private add(u: number, v: number, withLatency: boolean, ms: number): void {
    if (this.hasLatency !== withLatency) {
      if (this.hasLatency === null) {
        this.hasLatency = withLatency; this.firstEdgeLine = this.line;
        if (withLatency) this.latency = new Float64Array(this.us.length);
      } else {
        this.fail(`${withLatency ? 'has' : 'lacks'} a latency column but line ${this.firstEdgeLine} ${withLatency ? 'does not' : 'has one'}; give every edge a latency or none`);
      }
    }
    if (this.count === this.us.length) this.grow();
    const count = this.count;
    if (this.latency) this.latency[count] = ms;
    this.us[count] = u; this.vs[count] = v; this.count = count + 1;
    if (u > this.maxId) this.maxId = u;
    if (v > this.maxId) this.maxId = v;
  }

  private nodeId(b: Uint8Array, start: number, end: number, which: string): number {
    let value = 0;
    for (let i = start; i < end; i++) {
      const c = b[i]!;
      if (c < ZERO || c > NINE) this.fail(`${which} node id must be a non-negative integer; got '${text(b, start, end)}'`);
      value = value * 10 + (c - ZERO);
      if (value >= MAX_NODES) this.fail(`${which} node id ${text(b, start, end)} is too large (ids must be below ${MAX_NODES})`);
    }
    return value;
  }

  /** The latency token as Number() reads it: plain decimals directly, anything else through Number(). */
  private milliseconds(b: Uint8Array, start: number, end: number): number {
    let digits = 0, fraction = -1, i = start;
    for (; i < end; i++) {
      const c = b[i]!;
      if (c >= ZERO && c <= NINE) { digits = digits * 10 + (c - ZERO); if (fraction >= 0) fraction++; }
      else if (c === DOT && fraction < 0) fraction = 0;
      else break;
    }
    const plain = i === end && end > start && !(fraction === 0 && end - start === 1) && digits <= Number.MAX_SAFE_INTEGER && fraction <= 22;
    const ms = plain ? (fraction > 0 ? digits / POW10[fraction]! : digits) : Number(text(b, start, end));
    if (!Number.isFinite(ms) || ms < 0) this.fail(`latency must be a non-negative number of ms; got '${text(b, start, end)}'`);
    return ms;
  }

  finish(): EdgeList {
    const count = this.count;
    if (count === 0) throw new EdgeListError(this.file, null, 'no edges found (every line is blank or a comment)');
    const latency = this.latency;
    return {
      nodes: this.maxId + 1,
      us: fit(this.us, count),
      vs: fit(this.vs, count),
      latency: latency ? fit(latency, count) : null,
    };
  }
}

/**
 * us and vs side by side in one buffer: once the graph is built from them, that buffer is
 * long enough to hold the graph's `targets` (two entries per edge), which then costs no fresh
 * memory (a page fault per 4 KB, ~3 µs here). See edgeListMemory.
 */
function pairOfArrays(capacity: number): [Int32Array, Int32Array] {
  const both = new Int32Array(2 * capacity);
  return [both.subarray(0, capacity), both.subarray(capacity)];
}

/**
 * The memory of a list's arrays, for Topology.fromEdges to build in (its `spare`): the list
 * must not be used after that build. Each buffer once (us and vs usually share one).
 */
export function edgeListMemory(list: EdgeList): ArrayBuffer[] {
  const buffers = [list.us.buffer, list.vs.buffer, list.latency?.buffer];
  return buffers.filter((b, i): b is ArrayBuffer => b instanceof ArrayBuffer && buffers.indexOf(b) === i);
}

/**
 * The first `count` entries: a view when little is unused (the list lives only until the
 * graph is built, so a copy would cost more than the spare tail), else a copy.
 */
function fit<T extends Int32Array | Float64Array>(a: T, count: number): T {
  if (count === a.length) return a;
  return (count >= a.length - (a.length >> 3) ? a.subarray(0, count) : a.slice(0, count)) as T;
}

function text(b: Uint8Array, start: number, end: number): string {
  return Buffer.from(b.buffer, b.byteOffset + start, end - start).toString('utf8');
}
