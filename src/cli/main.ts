#!/usr/bin/env node
// Start-up is part of every run's cost, so load only what the command needs: a plain
// `castsim run SCENARIO [...]` is read by run-args.ts and goes straight to the run;
// anything else goes to yargs (command-line.ts), which loads only the command named.
import { quickRunArgs } from './run-args.js';

const args = process.argv.slice(2);
const quick = quickRunArgs(args);
if (quick !== null) {
  const [{ guard }, { runAction }] = await Promise.all([import('./errors.js'), import('./run-action.js')]);
  await guard(() => runAction(quick));
} else {
  await (await import('./command-line.js')).runCommandLine(args);
}
