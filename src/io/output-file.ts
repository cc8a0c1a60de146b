/**
 * Writing an output file without ever clobbering what its path names.
 *
 * - A regular file (or a path that does not exist yet) is written atomically: into a
 *   temporary file in the same folder, renamed over the target when complete. A
 *   symlink is followed first, so the file it points to is replaced and the link stays.
 * - Anything else that can be written — `-` or /dev/stdout (our own stdout), a
 *   character device such as /dev/null or /dev/full, a FIFO — is written straight
 *   through, never replaced.
 * - Unfinished temporaries are removed on every exit path: commit or discard, an
 *   exception, process.exit(), SIGINT, SIGTERM and SIGHUP (with a one-line message and
 *   the exit status a shell reports for that signal, 128 + its number).
 *
 * Usage: `checkOutput(path)` before any long work (cheap, creates nothing that stays),
 * then `OutputFile.open(path)`, `write()` as often as needed, `commit()`; or
 * `writeOutputFile(path, text)` for a whole text at once.
 */
import { accessSync, chmodSync, closeSync, constants, fstatSync, lstatSync, openSync, readlinkSync, renameSync, statSync, unlinkSync, writeSync, type Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/** An output path that cannot be written; `reason` says why, for "FLAG PATH: reason". */
export class OutputFileError extends Error {
  constructor(readonly path: string, readonly reason: string) {
    super(`${path}: ${reason}`);
    this.name = 'OutputFileError';
  }
}

/**
 * What an output path turned out to be. `file`: written atomically at `path` (the end of
 * any symlink chain). `stream`: opened and written straight through (device, FIFO).
 * `fd`: an already open descriptor of this process (1 for `-` and /dev/stdout).
 */
export type OutputTarget =
  | { kind: 'file'; given: string; path: string }
  | { kind: 'stream'; given: string; path: string }
  | { kind: 'fd'; given: string; fd: number };

/** Names that mean this process's own stdout / stderr, written through the open descriptor. */
const OWN_DESCRIPTORS = new Map<string, number>([
  ['-', 1], ['/dev/stdout', 1], ['/dev/fd/1', 1], ['/proc/self/fd/1', 1],
  ['/dev/stderr', 2], ['/dev/fd/2', 2], ['/proc/self/fd/2', 2],
]);

const SYMLINK_LIMIT = 40;

function errno(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException).code;
}

/** Follow a chain of symlinks to the path finally named (which may not exist yet). */
function followSymlinks(given: string): string {
  let path = resolve(given);
  for (let i = 0; i < SYMLINK_LIMIT; i++) {
    let st: Stats;
    try {
      st = lstatSync(path);
    } catch (err) {
      if (errno(err) === 'ENOENT') return path;
      throw err;
    }
    if (!st.isSymbolicLink()) return path;
    path = resolve(dirname(path), readlinkSync(path));
  }
  throw new OutputFileError(given, `too many levels of symbolic links`);
}

/** Classify an output path without creating or changing anything. */
export function resolveOutput(given: string): OutputTarget {
  if (given === '') throw new OutputFileError(given, 'the path is empty');
  const own = OWN_DESCRIPTORS.get(given);
  if (own !== undefined) return { kind: 'fd', given, fd: own };
  let st: Stats | null;
  try {
    st = statSync(given);
  } catch (err) {
    const code = errno(err);
    if (code === 'ENOTDIR') throw new OutputFileError(given, `cannot write there — part of the path is a file, not a folder`);
    if (code === 'ELOOP') throw new OutputFileError(given, `too many levels of symbolic links`);
    if (code === 'EACCES') throw new OutputFileError(given, `permission denied`);
    if (code !== 'ENOENT') throw new OutputFileError(given, (err as Error).message);
    st = null;
  }
  if (st?.isDirectory()) throw new OutputFileError(given, `is a folder — give a file name, e.g. ${given.replace(/\/+$/, '')}/out`);
  if (st && !st.isFile()) {
    if (st.isSocket()) throw new OutputFileError(given, 'is a socket; castsim writes files, devices and FIFOs');
    return { kind: 'stream', given, path: given };
  }
  const path = followSymlinks(given);
  const folder = dirname(path);
  let folderStat: Stats;
  try {
    folderStat = statSync(folder);
  } catch {
    throw new OutputFileError(given, `cannot write there — the folder ${folder} does not exist`);
  }
  if (!folderStat.isDirectory()) throw new OutputFileError(given, `cannot write there — ${folder} is a file, not a folder`);
  return { kind: 'file', given, path };
}

/**
 * Resolve an output and prove it can be written, before any work is done: a file's
 * folder must take a new file (a temporary is created and removed again), an existing
 * file must be writable, a device or FIFO must be open for writing to this user.
 */
export function checkOutput(given: string): OutputTarget {
  const target = resolveOutput(given);
  if (target.kind === 'fd') {
    try { fstatSync(target.fd); } catch { throw new OutputFileError(given, `descriptor ${target.fd} is not open`); }
  } else if (target.kind === 'stream') {
    try { accessSync(target.path, constants.W_OK); } catch { throw new OutputFileError(given, 'permission denied'); }
  } else {
    try { accessSync(target.path, constants.W_OK); } catch (err) {
      if (errno(err) !== 'ENOENT') throw new OutputFileError(given, 'the file is read-only');
    }
    const probe = createTemporary(target);
    closeSync(probe.fd);
    unlinkSync(probe.path);
  }
  return target;
}

// ---- temporaries: every one is removed however the process ends ----

const temporaries = new Map<string, string>(); // temporary path → the output it will become
const SIGNALS = [['SIGINT', 2], ['SIGTERM', 15], ['SIGHUP', 1]] as const;
let cleanupInstalled = false;

function removeTemporaries(): string[] {
  const removed: string[] = [];
  for (const [temp, final] of temporaries) {
    try { unlinkSync(temp); } catch { /* already gone */ }
    removed.push(final);
  }
  temporaries.clear();
  return removed;
}

function onSignal(signal: NodeJS.Signals, number: number): void {
  const removed = removeTemporaries();
  const what = removed.length === 0 ? '' : `; removed the unfinished ${removed.join(', ')}`;
  process.stderr.write(`castsim: interrupted by ${signal}${what}\n`);
  process.exit(128 + number);
}

const signalHandlers = SIGNALS.map(([signal, number]) => [signal, () => onSignal(signal, number)] as const);

function track(temp: string, final: string): void {
  if (!cleanupInstalled) {
    cleanupInstalled = true;
    process.on('exit', removeTemporaries);
  }
  // Signal handlers only while a temporary exists, so Ctrl-C behaves normally otherwise.
  if (temporaries.size === 0) for (const [signal, handler] of signalHandlers) process.on(signal, handler);
  temporaries.set(temp, final);
}

function untrack(temp: string): void {
  if (!temporaries.delete(temp)) return;
  if (temporaries.size === 0) for (const [signal, handler] of signalHandlers) process.off(signal, handler);
}

/** A new, exclusively created file beside the target: `.NAME.PID.N.partial`. */
function createTemporary(target: { given: string; path: string }): { fd: number; path: string } {
  const folder = dirname(target.path);
  for (let n = 0; ; n++) {
    const path = join(folder, `.${basename(target.path)}.${process.pid}.${n}.partial`);
    try {
      return { fd: openSync(path, 'wx'), path };
    } catch (err) {
      const code = errno(err);
      if (code === 'EEXIST' && n < 1000) continue;
      if (code === 'EACCES' || code === 'EPERM') throw new OutputFileError(target.given, `cannot write in the folder ${folder}: permission denied`);
      if (code === 'EROFS') throw new OutputFileError(target.given, `cannot write in the folder ${folder}: read-only file system`);
      throw new OutputFileError(target.given, `cannot write in the folder ${folder}: ${(err as Error).message}`);
    }
  }
}

/** Write all of `data` to an open descriptor, waiting out a full non-blocking pipe (stdout may be one). */
export function writeAll(fd: number, data: Uint8Array): void {
  let offset = 0;
  while (offset < data.length) {
    try {
      offset += writeSync(fd, data, offset, data.length - offset);
    } catch (err) {
      if (errno(err) !== 'EAGAIN') throw err;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
    }
  }
}

/** One output being written. Not reusable: after commit() or discard() it is closed. */
export class OutputFile {
  private closed = false;
  /** Bytes written so far. */
  bytes = 0;

  private constructor(
    readonly target: OutputTarget,
    /** Where the bytes go now: the temporary for a file, else the target itself. */
    private readonly fd: number,
    private readonly temporary: string | null,
  ) {}

  /** Open an output (a path, or a target from checkOutput). */
  static open(output: string | OutputTarget): OutputFile {
    const target = typeof output === 'string' ? resolveOutput(output) : output;
    if (target.kind === 'fd') return new OutputFile(target, target.fd, null);
    if (target.kind === 'stream') {
      try {
        return new OutputFile(target, openSync(target.path, 'w'), null);
      } catch (err) {
        throw new OutputFileError(target.given, (err as Error).message);
      }
    }
    const temp = createTemporary(target);
    track(temp.path, target.path);
    try {
      // Replacing a file keeps its permissions.
      chmodSync(temp.path, statSync(target.path).mode & 0o7777);
    } catch { /* a new file: the default mode */ }
    return new OutputFile(target, temp.fd, temp.path);
  }

  /** Descriptor the bytes go to, for a worker thread that writes on this file's behalf. */
  get descriptor(): number { return this.fd; }

  /** Where the output ends up, for messages. */
  get path(): string { return this.target.kind === 'fd' ? this.target.given : this.target.path; }

  write(data: string | Uint8Array): void {
    if (this.closed) throw new Error(`write to ${this.path} after it was closed`);
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    try {
      writeAll(this.fd, bytes);
    } catch (err) {
      throw new OutputFileError(this.target.given, `write failed: ${(err as Error).message}`);
    }
    this.bytes += bytes.length;
  }

  /** The output is complete: move a file into place, or close the stream. */
  commit(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.temporary === null) {
      if (this.target.kind !== 'fd') closeSync(this.fd);
      return;
    }
    try {
      closeSync(this.fd);
      renameSync(this.temporary, (this.target as { path: string }).path);
    } catch (err) {
      try { unlinkSync(this.temporary); } catch { /* already gone */ }
      throw new OutputFileError(this.target.given, `could not be completed: ${(err as Error).message}`);
    } finally {
      untrack(this.temporary);
    }
  }

  /** Give up: remove the temporary (a file is left as it was); a stream is closed. */
  discard(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.target.kind !== 'fd') {
      try { closeSync(this.fd); } catch { /* already closed */ }
    }
    if (this.temporary !== null) {
      try { unlinkSync(this.temporary); } catch { /* already gone */ }
      untrack(this.temporary);
    }
  }
}

/** Write a whole text to an output, atomically for a file. */
export function writeOutputFile(output: string | OutputTarget, text: string | Uint8Array): void {
  const out = OutputFile.open(output);
  try {
    out.write(text);
  } catch (err) {
    out.discard();
    throw err;
  }
  out.commit();
}
