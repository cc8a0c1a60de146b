/**
 * The package's bin in the bundled CLI: tools/bundle-cli.mjs builds this file as CommonJS
 * (dist/bundle/castsim.cjs). A plain `castsim run SCENARIO [...]` (run-args.ts) then never
 * starts Node's ES module loader: its CommonJS script is compiled with V8's code cache
 * (code-cache.ts) and requires only Node's own modules. Starting the ES loader and reading
 * package.json to learn that main.js is one cost a small run about a tenth of its start-up.
 * Every other command line goes to main.js, the ES module CLI, unchanged.
 */
import { fileURLToPath } from 'node:url';
import { quickRunCached } from './code-cache.js';
import { quickRunArgs } from './run-args.js';

/** The plain run's CommonJS script beside this one (tools/bundle-cli.mjs defines it; tsc's build does not). */
declare const CASTSIM_QUICK_RUN_SCRIPT: string | undefined;

/** CommonJS has no top-level await; guard() inside quickRun reports every failure of the run itself. */
async function start(): Promise<void> {
  const quick = typeof CASTSIM_QUICK_RUN_SCRIPT === 'string' ? quickRunArgs(process.argv.slice(2)) : null;
  if (quick === null || typeof CASTSIM_QUICK_RUN_SCRIPT !== 'string') {
    await import('./main.js');
    return;
  }
  // import() from here resolves beside this file, as from main.js: the script's ES entries, a user's plug-in.
  await quickRunCached(fileURLToPath(new URL(CASTSIM_QUICK_RUN_SCRIPT, import.meta.url)), (specifier) => import(specifier), quick);
}

void start();
