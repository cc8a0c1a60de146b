/**
 * Every command's name, usage line and one-line description, without its code: `castsim
 * --help` lists them all, and main.ts loads the module of only the command it runs.
 */
export const commandLines = {
  run: { command: 'run <scenario>', describe: 'Run one scenario and report its metrics' },
  validate: { command: 'validate <scenario>', describe: 'Check a scenario file and explain every error (exit 2 if any)' },
  list: { command: 'list', describe: 'List the bundled scenarios, topology kinds and protocols' },
  compare: { command: 'compare [scenario]', describe: 'Run all six communication types on one network and compare them' },
  sweep: { command: 'sweep <scenario>', describe: 'Run a scenario over a grid of parameter values and seeds: mean, sd and 95% CI of every metric' },
  merge: { command: 'merge <files..>', describe: 'Combine the shard outputs of one sweep (sweep --shard i/n) into its full report; or a sweep folder (sweep --slurm DIR)' },
  check: { command: 'check <trace>', describe: 'Check a saved trace for reliable-broadcast properties: validity, agreement, FIFO / causal / total order (exit 1 on a violation)' },
  view: { command: 'view <input>', describe: 'Replay a run in the browser: a page on 127.0.0.1 with the topology, messages in flight and the coverage curve' },
  serve: { command: 'serve', describe: "Run the seed's WebSocket group-communication server (plain text is broadcast; JSON frames are commands)" },
  client: { command: 'client', describe: "The seed's WebSocket client: connect, send a message, print what arrives" },
} as const;

export type CommandName = keyof typeof commandLines;
