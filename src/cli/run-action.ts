/**
 * What `castsim run` does, whichever way its command line was read (yargs, or
 * run-args.ts's quick reader): load and check the scenario, run it, print the report.
 */
import { loadScenario } from '../scenario/load.js';
import type { Scenario } from '../scenario/types.js';
import { checkedProtocols } from '../scenario/protocol-binding.js';
import type { RunResult } from '../simulation/simulate.js';
import { EXIT_FAILED_RUN, UsageError } from './errors.js';
import { formatBytes } from './number-option.js';
import { checkOutputs, openOutput, reportStream, withFlag, writeOutput, type CheckedOutputs } from './output-file.js';
import { LAMPORT_DEFAULT_EVENTS, parseWindow } from './picture-options.js';
import { ensureMemory } from './memory-guard.js';
import { runInWorker } from './run-in-worker.js';
import { runScenario, type RunOutcome, type RunRequest } from './run-scenario.js';
import { DEFAULT_MAX_TRACE_BYTES, type RunArgs } from './run-args.js';
import { resolveScenarioPath } from './scenario-path.js';
import { overridesFrom } from './scenario-options.js';

export async function runAction(argv: RunArgs): Promise<void> {
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
    else out.write(`${await renderText(result, out)}\n`);
    if (html !== null) writeOutput(outputs, '--html', html);
    if (lamport !== null) writeOutput(outputs, '--lamport', lamport);
    if (result.stop === 'event-cap') {
      process.stderr.write(`castsim: stopped after ${result.events} events (maxEvents) at t=${result.time} ms: a runaway run? Raise it with --max-events or --set maxEvents=N.\n`);
      process.exitCode = EXIT_FAILED_RUN;
    } else if (result.stop === 'trace-limit') {
      process.stderr.write(`castsim: the trace reached --max-trace-bytes (${formatBytes(request.maxTraceBytes)}) after ${result.events} events, at t=${result.time} ms; the run stopped there and the trace holds every event up to that point. Raise it with --max-trace-bytes.\n`);
      process.exitCode = EXIT_FAILED_RUN;
    }
}

/** The human-readable report; its table and colour code load only when it is printed (not for --json). */
async function renderText(result: RunResult, out: NodeJS.WriteStream): Promise<string> {
  const [{ renderRun }, { colourFor }] = await Promise.all([import('../report/run-report.js'), import('../report/colour.js')]);
  return renderRun(result, colourFor(out));
}

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
  else process.stdout.write(`${await renderText(result, process.stdout)}\ntransport: ws (real WebSockets on loopback, time scale ${timeScale}); timings and fingerprint differ from run to run\n`);
  if (result.stop === 'event-cap') {
    process.stderr.write(`castsim: stopped after ${result.events} events (maxEvents): a runaway run? Raise it with --max-events or --set maxEvents=N.\n`);
    process.exitCode = EXIT_FAILED_RUN;
  }
}
