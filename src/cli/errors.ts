import { ScenarioError } from '../scenario/errors.js';
import { OutputWriteError } from './output-file.js';

/** Bad command-line input: printed without a stack trace, exit 2. */
export class UsageError extends Error {}

export const EXIT_FAILED_RUN = 1;
export const EXIT_BAD_INPUT = 2;

/**
 * Run a command body and turn failures into the CLI contract: bad input exits 2
 * with every problem listed, a failed run exits 1; never a stack trace unless
 * CASTSIM_DEBUG is set.
 */
export async function guard(body: () => unknown | Promise<unknown>): Promise<void> {
  try {
    await body();
  } catch (err) {
    if (process.env.CASTSIM_DEBUG) console.error(err);
    if (err instanceof ScenarioError) {
      process.stderr.write(`${err.format()}\n`);
      process.exitCode = EXIT_BAD_INPUT;
    } else if (err instanceof OutputWriteError) {
      process.stderr.write(`castsim: ${err.message}\n`);
      process.exitCode = EXIT_FAILED_RUN;
    } else if (err instanceof UsageError) {
      process.stderr.write(`castsim: ${err.message}\n`);
      process.exitCode = EXIT_BAD_INPUT;
    } else {
      process.stderr.write(`castsim: run failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = EXIT_FAILED_RUN;
    }
  }
}
