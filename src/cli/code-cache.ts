/**
 * Load a CommonJS script of the bundled CLI with V8's code cache. Compiling JavaScript is
 * most of a small run's start-up: Node 20 caches nothing between processes (it has no
 * module.enableCompileCache), so the bundled CLI keeps a plain run's code in one CommonJS
 * file (tools/bundle-cli.mjs) and compiles it here with vm.Script and the bytecode a
 * previous run left in `code-cache/` beside it.
 *
 * The cache is an optimisation, never a dependency: missing, unreadable, written by another
 * V8 or rejected by V8 (flags, a changed script), the script is compiled from source as
 * usual. It is written only into that folder, by a plain `node` (no flags, no NODE_OPTIONS:
 * V8 rejects a cache made under other flags), when there was none or V8 rejected it, after
 * a successful run (so it holds the functions a run compiles, not only the top level);
 * through a temporary file renamed into place, so a concurrent run reads a whole cache or
 * none, and a read-only folder only means no cache is written.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import vm from 'node:vm';
import type { RunArgs } from './run-args.js';

export interface CachedScript {
  /** What the script put in module.exports. */
  exports: Record<string, unknown>;
  /** Keep this process's compiled code for later runs, if it should (see above); never throws. */
  saveCache(): void;
}

/** The cache folder's name; one file a script, V8 version and architecture. */
export const CODE_CACHE_DIR = 'code-cache';

/**
 * Compile and run `file`, an ASCII CommonJS script whose import() calls were renamed
 * __castsimImport (tools/bundle-cli.mjs); `importModule` does them, as the caller's own
 * import() (a script's own dynamic import callback does not survive V8's code cache).
 */
export function loadCachedScript(file: string, importModule: (specifier: string) => Promise<unknown>): CachedScript {
  const dir = dirname(file);
  const cacheFile = join(dir, CODE_CACHE_DIR, `${basename(file)}.${process.versions.v8}.${process.arch}.bin`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // none yet, or unreadable: compile from source
  }
  // The build writes the script in ASCII (tools/bundle-cli.mjs): latin1 reads it as is.
  const source = readFileSync(file, 'latin1');
  // Node's own CommonJS wrapper (and import()), on the script's first line so line numbers hold.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname, __castsimImport) {${source}\n})`, { filename: file, cachedData });
  const stale = cachedData === undefined || script.cachedDataRejected === true;
  const module = { exports: {} as Record<string, unknown> };
  (script.runInThisContext() as (...a: unknown[]) => void)(module.exports, createRequire(file), module, file, dir, importModule);
  return {
    exports: module.exports,
    saveCache() {
      if (!stale || process.execArgv.length > 0 || process.env.NODE_OPTIONS) return;
      const temporary = `${cacheFile}.${process.pid}.tmp`;
      try {
        mkdirSync(dirname(cacheFile), { recursive: true });
        writeFileSync(temporary, script.createCachedData());
        renameSync(temporary, cacheFile);
      } catch {
        // a read-only or full folder: no cache, the next run compiles as this one did
        try { rmSync(temporary, { force: true }); } catch { /* nothing was written */ }
      }
    },
  };
}

/**
 * A plain `castsim run` from the bundle's quick-run script `file` (quick-run.ts built as
 * CommonJS), as bin.ts and main.ts start it; its compiled code is kept when the run succeeded.
 */
export async function quickRunCached(file: string, importModule: (specifier: string) => Promise<unknown>, args: RunArgs): Promise<void> {
  const script = loadCachedScript(file, importModule);
  await (script.exports as typeof import('./quick-run.js')).quickRun(args);
  if (!process.exitCode) script.saveCache();
}
