import type { Argv } from 'yargs';
import { guard } from './errors.js';
import { byteSizeOption, formatBytes, numberOption } from './number-option.js';
import { LAMPORT_DEFAULT_EVENTS } from './picture-options.js';
import { DEFAULT_MAX_TRACE_BYTES, type RunArgs } from './run-args.js';
import { scenarioOptions } from './scenario-options.js';
import { pathOption, singleString } from './single-option.js';
import { commandLines } from './commands.js';

export const runCommand = {
  ...commandLines.run,
  builder: (y: Argv) =>
    scenarioOptions(y)
      .positional('scenario', { type: 'string', describe: 'scenario file (YAML or JSON) or the name of a bundled scenario', demandOption: true })
      .option('json', { type: 'boolean', describe: 'print the result as one JSON object' })
      .option('transport', { type: 'string', choices: ['sim', 'ws'], default: 'sim', describe: 'sim: the simulator; ws: every node a real WebSocket endpoint on loopback, the same protocol code' })
      .option('time-scale', numberOption('time-scale', 'with --transport ws: wall ms per scenario ms (0.5 runs twice as fast) [default: 1]'))
      .option('trace', pathOption('trace', 'write every event to FILE.jsonl (JSON Lines, versioned header); - for stdout (the report then goes to stderr)'))
      .option('max-trace-bytes', byteSizeOption('max-trace-bytes', `stop the run when its trace reaches this size, e.g. 500M or 10G [default: ${formatBytes(DEFAULT_MAX_TRACE_BYTES)}]`))
      .option('html', pathOption('html', 'also write a self-contained HTML report (charts, topology drawing, summary) to FILE'))
      .option('lamport', pathOption('lamport', 'also write a space-time (Lamport) diagram to FILE.svg'))
      .option('window', singleString('window', 'the space-time diagram shows only events in FROM:TO ms (e.g. 0:500)'))
      .option('lamport-events', numberOption('lamport-events', `cap of the space-time diagram, in events [default: ${LAMPORT_DEFAULT_EVENTS}]`))
      .example('castsim run flood-grid', 'flood a 5×5 grid (a bundled scenario)')
      .example('castsim run my.yaml --seed 7 --json', 'one run as JSON')
      .example('castsim run my.yaml --set link.loss=0.1 --set topology.nodes=5000', 'override fields')
      .example('castsim run my.yaml --trace run.jsonl', 'save the event trace')
      .example('castsim run flood-grid --html report.html --lamport run.svg', 'pictures of the run')
      .example('castsim run flood-grid --transport ws', 'the same run over real WebSockets'),
  handler: async (argv: RunArgs) => {
    // The run's code loads after the command line is read, so `castsim run --help` does not pay for it.
    const { runAction } = await import('./run-action.js');
    await guard(() => runAction(argv));
  },
};
