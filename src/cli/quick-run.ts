/**
 * A plain `castsim run SCENARIO [...]` (run-args.ts's quick reader), as main.ts starts it.
 * The bundled CLI builds this module and everything it loads into one CommonJS script
 * (quick-run.cjs, tools/bundle-cli.mjs), compiled with V8's code cache (code-cache.ts).
 */
import { guard } from './errors.js';
import { runAction } from './run-action.js';
import type { RunArgs } from './run-args.js';

export function quickRun(args: RunArgs): Promise<void> {
  return guard(() => runAction(args));
}
