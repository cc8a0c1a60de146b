import type { Argv } from 'yargs';
import { loadScenario } from '../scenario/load.js';
import type { Scenario } from '../scenario/types.js';
import { checkedProtocols } from '../scenario/protocol-binding.js';
import { renderRun } from '../report/run-report.js';
import { colourFor } from '../report/colour.js';
import { EXIT_FAILED_RUN, guard, UsageError } from './errors.js';
import { byteSizeOption, formatBytes, numberOption } from './number-option.js';
import { checkOutputs, openOutput, reportStream, withFlag, writeOutput, type CheckedOutputs } from './output-file.js';
import { LAMPORT_DEFAULT_EVENTS, parseWindow } from './picture-options.js';
import { ensureMemory } from './memory-guard.js';
import { runInWorker } from './run-in-worker.js';
import { runScenario, type RunOutcome, type RunRequest } from './run-scenario.js';
import { resolveScenarioPath } from './scenario-path.js';
import { scenarioOptions, overridesFrom, type ScenarioArgs } from './scenario-options.js';
import { pathOption, singleString } from './single-option.js';
import { commandLines } from './commands.js';

interface RunArgs extends ScenarioArgs {
  scenario: string; transport?: string; timeScale?: number; json?: boolean; trace?: string; maxTraceBytes?: number;
  html?: string; lamport?: string; window?: string; lamportEvents?: number;
}

/** A trace stops (and its run with it) at this size unless --max-trace-bytes says otherwise. */
export const DEFAULT_MAX_TRACE_BYTES = 4e9;

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
  handler: (argv: RunArgs) => guard(async () => {
    const scenario = loadScenario(resolveScenarioPath(argv.scenario), { overrides: overridesFrom(argv) });
    // A plug-in module of the user's own is loaded and checked before any output is touched.
    await checkedProtocols(scenario);
    // Too big: exit 2 now; big: the same command runs in a node with a larger heap.
    const child = await ensureMemory(scenario);
    if (child !== null) { process.exitCode = child; return; }
    if (argv.transport === 'ws') return runOverWebSockets(scenario, argv);
    if (argv.timeScale !== undefined) throw new UsageError('--time-scale applies to --transport ws only');
    const outputs = checkOutputs({ '--trace': argv.trace, '--html': argv.html, '--lamport': argv.lamport });
    if ((argv.window !== undefined || argv.lamportEvents !== undefined) && argv.lamport === undefined) throw new UsageError('--window and --lamport-events shape the space-time diagram: give --lamport FILE.svg too');
    const lamportEvents = argv.lamportEvents ?? LAMPORT_DEFAULT_EVENTS;
    if (!(Number.isInteger(lamportEvents) && lamportEvents >= 1)) throw new UsageError(`--lamport-events must be an integer ≥ 1, got ${lamportEvents}`);
    const request: RunRequest = {
      html: argv.html !== undefined,
      lamport: argv.lamport === undefined ? undefined : { maxEvents: lamportEvents, window: argv.window === undefined ? undefined : parseWindow(argv.window) },
      progress: process.stderr.isTTY === true,
      maxTraceBytes: argv.maxTraceBytes ?? DEFAULT_MAX_TRACE_BYTES,
    };
    const { result, html, lamport } = await runWithTrace(scenario, request, outputs);
    const out = reportStream(outputs);
    if (argv.json) out.write(`${JSON.stringify(result, null, 2)}\n`);
    else out.write(`${renderRun(result, colourFor(out))}\n`);
    if (html !== null) writeOutput(outputs, '--html', html);
    if (lamport !== null) writeOutput(outputs, '--lamport', lamport);
    if (result.stop === 'event-cap') {
      process.stderr.write(`castsim: stopped after ${result.events} events (maxEvents) at t=${result.time} ms: a runaway run? Raise it with --max-events or --set maxEvents=N.\n`);
      process.exitCode = EXIT_FAILED_RUN;
    } else if (result.stop === 'trace-limit') {
      process.stderr.write(`castsim: the trace reached --max-trace-bytes (${formatBytes(request.maxTraceBytes)}) after ${result.events} events, at t=${result.time} ms; the run stopped there and the trace holds every event up to that point. Raise it with --max-trace-bytes.\n`);
      process.exitCode = EXIT_FAILED_RUN;
    }
  }),
};

/**
 * A trace into a regular file is written on a worker thread, so that Ctrl-C can still
 * remove the unfinished file; a trace to stdout, a device or a FIFO (nothing to remove)
 * and a run without a trace stay in this thread.
 */
async function runWithTrace(scenario: Scenario, request: RunRequest, outputs: CheckedOutputs): Promise<RunOutcome> {
  const onTraceWarning = (bytes: number) => process.stderr.write(`castsim: warning: the trace has passed ${formatBytes(bytes)}; it stops at --max-trace-bytes ${formatBytes(request.maxTraceBytes)}\n`);
  const target = outputs.get('--trace');
  if (target === undefined) return runScenario(scenario, request, undefined, onTraceWarning);
  const file = openOutput(outputs, '--trace');
  let outcome: RunOutcome;
  try {
    outcome = target.kind === 'file'
      ? await runInWorker(scenario, request, file.descriptor, onTraceWarning)
      : await withFlag('--trace', () => runScenario(scenario, request, file, onTraceWarning));
  } catch (err) {
    file.discard();
    throw err;
  }
  withFlag('--trace', () => file.commit());
  return outcome;
}

/** `--transport ws`: the same scenario over real sockets; the same result, marked not deterministic. */
async function runOverWebSockets(scenario: Scenario, argv: RunArgs): Promise<void> {
  for (const [flag, v] of [['--trace', argv.trace], ['--html', argv.html], ['--lamport', argv.lamport]] as const) {
    if (v !== undefined) throw new UsageError(`${flag} is not available with --transport ws (it reads the simulator's event trace)`);
  }
  const timeScale = argv.timeScale ?? 1;
  if (!(timeScale > 0)) throw new UsageError(`--time-scale must be > 0, got ${timeScale}`);
  const { runOverSockets } = await import('../transport/run-over-sockets.js');
  const result = await runOverSockets(scenario, { timeScale });
  if (argv.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else process.stdout.write(`${renderRun(result, colourFor(process.stdout))}\ntransport: ws (real WebSockets on loopback, time scale ${timeScale}); timings and fingerprint differ from run to run\n`);
  if (result.stop === 'event-cap') {
    process.stderr.write(`castsim: stopped after ${result.events} events (maxEvents): a runaway run? Raise it with --max-events or --set maxEvents=N.\n`);
    process.exitCode = EXIT_FAILED_RUN;
  }
}
