#!/usr/bin/env node
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { runCommand } from './run.js';
import { validateCommand } from './validate.js';
import { listCommand } from './list.js';
import { compareCommand } from './compare.js';
import { sweepCommand } from './sweep.js';
import { mergeCommand } from './merge.js';
import { checkCommand } from './check.js';
import { viewCommand } from './view.js';
import { serveCommand } from './serve.js';
import { clientCommand } from './client.js';
import { EXIT_BAD_INPUT } from './errors.js';

/**
 * yargs reads a lone `-` as a positional, so `--trace -` would lose its value:
 * join such pairs into `--trace=-` (stdout) before parsing.
 */
function joinDashValues(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') { out.push(...args.slice(i)); break; }
    if (/^--[^=]+$/.test(a) && args[i + 1] === '-') { out.push(`${a}=-`); i++; } else out.push(a);
  }
  return out;
}

const cli = yargs(joinDashValues(hideBin(process.argv)))
  .scriptName('castsim')
  .usage('$0 <command> [options]\n\nA deterministic simulator of group communication: unicast, multicast, broadcast,\nanycast, gossip and reliable group communication on a network you describe.')
  .command(runCommand as any)
  .command(validateCommand as any)
  .command(listCommand as any)
  .command(compareCommand as any)
  .command(sweepCommand as any)
  .command(mergeCommand as any)
  .command(checkCommand as any)
  .command(viewCommand as any)
  .command(serveCommand as any)
  .command(clientCommand as any)
  .demandCommand(1, 'name a command (castsim --help lists them)')
  .strict()
  .recommendCommands()
  .help()
  .alias('h', 'help')
  .version()
  .wrap(Math.min(110, process.stdout.columns ?? 100))
  .epilogue('Same seed, same result, byte for byte. Exit codes: 0 ok, 1 failed run, 2 bad input.')
  .fail((msg, err) => {
    // Argument errors (including a bad numeric value) are bad input: exit 2, no stack trace.
    process.stderr.write(`castsim: ${msg ?? err?.message} (see castsim --help)\n`);
    process.exit(EXIT_BAD_INPUT);
  });

await cli.parseAsync();
