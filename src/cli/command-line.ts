/**
 * The full command line, read by yargs: every command, `--help`, `--version` and every
 * message about bad arguments. main.ts comes here for everything but a plain run.
 */
import yargs from 'yargs';
import { commandLines, type CommandName } from './commands.js';
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

/** Each command's code, loaded only when the command line names it. */
const commandModules: Record<CommandName, () => Promise<object>> = {
  run: async () => (await import('./run.js')).runCommand,
  validate: async () => (await import('./validate.js')).validateCommand,
  list: async () => (await import('./list.js')).listCommand,
  compare: async () => (await import('./compare.js')).compareCommand,
  sweep: async () => (await import('./sweep.js')).sweepCommand,
  merge: async () => (await import('./merge.js')).mergeCommand,
  check: async () => (await import('./check.js')).checkCommand,
  view: async () => (await import('./view.js')).viewCommand,
  serve: async () => (await import('./serve.js')).serveCommand,
  client: async () => (await import('./client.js')).clientCommand,
};

/**
 * Loading every command's code (charts, servers, sweeps) cost a plain run most of its
 * start-up. A command whose name appears among the arguments gets its full definition
 * (options, handler); the others only their usage line and description, which is all
 * `castsim --help` and yargs' "did you mean" read. Any word that names a command loads
 * it, wherever it stands, so yargs still picks the command exactly as before.
 */
async function commandDefinitions(args: string[]): Promise<object[]> {
  const named = new Set(args);
  return Promise.all((Object.keys(commandLines) as CommandName[]).map((name) =>
    named.has(name) ? commandModules[name]() : Promise.resolve(commandLines[name])));
}

/** Read the whole command line with yargs and run the command it names. */
export async function runCommandLine(argv: string[]): Promise<void> {
  const args = joinDashValues(argv);
  const definitions = await commandDefinitions(args);
  const cli = yargs(args)
    .scriptName('castsim')
    .usage('$0 <command> [options]\n\nA deterministic simulator of group communication: unicast, multicast, broadcast,\nanycast, gossip and reliable group communication on a network you describe.')
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
  for (const definition of definitions) cli.command(definition as any);

  await cli.parseAsync();
}
