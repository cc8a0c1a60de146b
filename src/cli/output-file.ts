/**
 * Output files for every command: check ALL of a command's outputs before its first
 * run, then write each through src/io/output-file.ts (atomic for regular files,
 * straight through for stdout, devices and FIFOs, temporaries removed on any exit).
 *
 *   const out = checkOutputs({ '--trace': argv.trace, '--html': argv.html });
 *   ... run ...
 *   writeOutput(out, '--html', html);            // whole text at once
 *   const f = openOutput(out, '--trace');        // or streamed: f.write(...), f.commit()
 *   reportStream(out).write(report);             // stderr when an output took stdout
 */
import { statSync } from 'node:fs';
import { checkOutput, OutputFile, OutputFileError, writeOutputFile, type OutputTarget } from '../io/output-file.js';
import { UsageError } from './errors.js';

export { OutputFile, OutputFileError, type OutputTarget } from '../io/output-file.js';

/** Checked outputs of one command, by flag ('--trace', '--csv', ...); absent flags are left out. */
export type CheckedOutputs = ReadonlyMap<string, OutputTarget>;

/** Same file or stream? Two outputs may not share one. */
function identity(t: OutputTarget): string {
  if (t.kind === 'fd') return `fd:${t.fd}`;
  try {
    const st = statSync(t.path);
    return `inode:${st.dev}:${st.ino}`;
  } catch {
    return `path:${t.path}`;
  }
}

/**
 * Check every output a command was given before any work: each must be writable
 * (exit 2 naming the flag otherwise), and no two may name the same file or both
 * take stdout. Call it once, with all of them, before the first run.
 */
export function checkOutputs(flags: Record<string, string | undefined>): CheckedOutputs {
  const out = new Map<string, OutputTarget>();
  const seen = new Map<string, string>();
  for (const [flag, path] of Object.entries(flags)) {
    if (path === undefined) continue;
    let target: OutputTarget;
    try {
      target = checkOutput(path);
    } catch (err) {
      if (err instanceof OutputFileError) throw new UsageError(`${flag} ${path}: ${err.reason}`);
      throw err;
    }
    const id = identity(target);
    const other = seen.get(id);
    if (other !== undefined) throw new UsageError(`${flag} ${path}: ${other} writes there too — give each output its own file`);
    seen.set(id, flag);
    out.set(flag, target);
  }
  return out;
}

/** One checked output of a command, open for streaming. */
export function openOutput(outputs: CheckedOutputs, flag: string): OutputFile {
  return withFlag(flag, () => OutputFile.open(target(outputs, flag)));
}

/** Write one checked output whole (atomically for a file). */
export function writeOutput(outputs: CheckedOutputs, flag: string, text: string | Uint8Array): void {
  withFlag(flag, () => writeOutputFile(target(outputs, flag), text));
}

/** Where the human or JSON report goes: stdout, unless an output was sent there (then stderr). */
export function reportStream(outputs: CheckedOutputs): NodeJS.WriteStream {
  for (const t of outputs.values()) if (t.kind === 'fd' && t.fd === 1) return process.stderr;
  return process.stdout;
}

function target(outputs: CheckedOutputs, flag: string): OutputTarget {
  const t = outputs.get(flag);
  if (t === undefined) throw new Error(`output ${flag} was not checked first (checkOutputs)`);
  return t;
}

/** A write failing after the checks (a full disk, /dev/full): a failed run, named by its flag. */
export class OutputWriteError extends Error {}

/** Run `body`, naming `flag` in an output error it throws (for writes streamed outside writeOutput). */
export function withFlag<T>(flag: string, body: () => T): T {
  const named = (err: unknown): never => {
    if (err instanceof OutputFileError) throw new OutputWriteError(`${flag} ${err.path}: ${err.reason}`);
    throw err;
  };
  try {
    const value = body();
    return (value instanceof Promise ? value.catch(named) : value) as T;
  } catch (err) {
    return named(err);
  }
}
