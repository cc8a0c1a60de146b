#!/usr/bin/env node
// Start-up is part of every run's cost, so load only what the command needs: a plain
// `castsim run SCENARIO [...]` is read by run-args.ts and goes straight to the run;
// anything else goes to yargs (command-line.ts), which loads only the command named.
import { fileURLToPath } from 'node:url';
import { quickRunCached } from './code-cache.js';
import { quickRunArgs } from './run-args.js';

/**
 * In the bundled main.js, tools/bundle-cli.mjs defines this as the file name of the plain
 * run's CommonJS script beside it; in tsc's dist/cli/main.js it is not defined.
 */
declare const CASTSIM_QUICK_RUN_SCRIPT: string | undefined;

const args = process.argv.slice(2);
const quick = quickRunArgs(args);
if (quick !== null) {
  if (typeof CASTSIM_QUICK_RUN_SCRIPT === 'string') {
    await quickRunCached(fileURLToPath(new URL(CASTSIM_QUICK_RUN_SCRIPT, import.meta.url)), (specifier) => import(specifier), quick);
  } else {
    await (await import('./quick-run.js')).quickRun(quick);
  }
} else {
  await (await import('./command-line.js')).runCommandLine(args);
}
