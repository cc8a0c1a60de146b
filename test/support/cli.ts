import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface CliResult { code: number; stdout: string; stderr: string }

const root = new URL('../../', import.meta.url);
/** The CLI as users run it: the package's bin (the bundled CLI; the test script builds it first). */
export const CASTSIM_BIN = fileURLToPath(new URL((JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { bin: { castsim: string } }).bin.castsim, root));

/** Run the built CLI (the test script builds dist/ first) as a user would. */
export function castsim(args: string[], opts: { env?: Record<string, string>; cwd?: string; input?: string; nodeArgs?: string[] } = {}): CliResult {
  const r = spawnSync(process.execPath, [...opts.nodeArgs ?? [], CASTSIM_BIN, ...args], {
    encoding: 'utf8', cwd: opts.cwd, input: opts.input, env: { ...process.env, ...opts.env },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Run the CLI with a module loader hook that logs every module it loads: the result and
 * the loaded modules' URLs (ES module loader only; a CommonJS package is seen by its entry).
 */
export function castsimLoading(args: string[], opts: { cwd?: string } = {}): CliResult & { loaded: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'castsim-modules-'));
  const log = join(dir, 'modules.txt');
  try {
    const hook = fileURLToPath(new URL('./module-log.mjs', import.meta.url));
    const r = castsim(args, { cwd: opts.cwd, env: { CASTSIM_MODULE_LOG: log }, nodeArgs: ['--import', hook] });
    let loaded: string[] = [];
    try { loaded = readFileSync(log, 'utf8').split('\n').filter((l) => l !== ''); } catch { /* nothing was loaded */ }
    return { ...r, loaded };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
