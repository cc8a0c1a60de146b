import type { Argv } from 'yargs';
import { loadScenario } from '../scenario/load.js';
import { simulate } from '../simulation/simulate.js';
import { renderRun } from '../report/run-report.js';
import { colourFor } from '../report/colour.js';
import { EXIT_FAILED_RUN, guard, UsageError } from './errors.js';
import { checkOutputFile, writeFileAtomic } from './output-file.js';
import { LAMPORT_DEFAULT_EVENTS, parseWindow } from './picture-options.js';
import { numberOption } from './number-option.js';
import { RunProgress } from './run-progress.js';
import { resolveScenarioPath } from './scenario-path.js';
import { scenarioOptions, overridesFrom, type ScenarioArgs } from './scenario-options.js';

interface RunArgs extends ScenarioArgs { scenario: string; json?: boolean; trace?: string; html?: string; lamport?: string; window?: string; lamportEvents?: number }

export const runCommand = {
  command: 'run <scenario>',
  describe: 'Run one scenario and report its metrics',
  builder: (y: Argv) =>
    scenarioOptions(y)
      .positional('scenario', { type: 'string', describe: 'scenario file (YAML or JSON) or the name of a bundled scenario', demandOption: true })
      .option('json', { type: 'boolean', describe: 'print the result as one JSON object' })
      .option('trace', { type: 'string', describe: 'write every event to FILE.jsonl (JSON Lines, versioned header)' })
      .option('html', { type: 'string', describe: 'also write a self-contained HTML report (charts, topology drawing, summary) to FILE' })
      .option('lamport', { type: 'string', describe: 'also write a space-time (Lamport) diagram to FILE.svg' })
      .option('window', { type: 'string', describe: 'the space-time diagram shows only events in FROM:TO ms (e.g. 0:500)' })
      .option('lamport-events', numberOption('lamport-events', `cap of the space-time diagram, in events [default: ${LAMPORT_DEFAULT_EVENTS}]`))
      .example('castsim run flood-grid', 'flood a 5×5 grid (a bundled scenario)')
      .example('castsim run my.yaml --seed 7 --json', 'one run as JSON')
      .example('castsim run my.yaml --set link.loss=0.1 --set topology.nodes=5000', 'override fields')
      .example('castsim run my.yaml --trace run.jsonl', 'save the event trace')
      .example('castsim run flood-grid --html report.html --lamport run.svg', 'pictures of the run'),
  handler: (argv: RunArgs) => guard(async () => {
    const scenario = loadScenario(resolveScenarioPath(argv.scenario), { overrides: overridesFrom(argv) });
    if (argv.trace !== undefined) checkOutputFile(argv.trace, '--trace');
    if (argv.html !== undefined) checkOutputFile(argv.html, '--html');
    if (argv.lamport !== undefined) checkOutputFile(argv.lamport, '--lamport');
    if ((argv.window !== undefined || argv.lamportEvents !== undefined) && argv.lamport === undefined) throw new UsageError('--window and --lamport-events shape the space-time diagram: give --lamport FILE.svg too');
    const maxEvents = argv.lamportEvents ?? LAMPORT_DEFAULT_EVENTS;
    if (!(Number.isInteger(maxEvents) && maxEvents >= 1)) throw new UsageError(`--lamport-events must be an integer ≥ 1, got ${maxEvents}`);
    const lamport = argv.lamport === undefined ? undefined : { maxEvents, window: argv.window === undefined ? undefined : parseWindow(argv.window) };
    const progress = process.stderr.isTTY ? new RunProgress(process.stderr) : null;
    let run;
    try {
      const observers = progress ? [progress] : [];
      if (argv.html !== undefined || lamport) {
        // Loaded only when asked for: the chart library costs start-up time every other run would pay.
        const { simulateWithPictures } = await import('../report/pictures/picture-run.js');
        run = simulateWithPictures(scenario, { trace: argv.trace, html: argv.html !== undefined, lamport, observers });
      } else run = { result: simulate(scenario, { trace: argv.trace, observers }), html: null, lamport: null };
    } finally {
      progress?.clear();
    }
    const { result, html, lamport: svg } = run;
    if (argv.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else process.stdout.write(`${renderRun(result, colourFor(process.stdout))}\n`);
    if (html !== null) writeFileAtomic(argv.html!, html);
    if (svg !== null) writeFileAtomic(argv.lamport!, svg);
    if (result.stop === 'event-cap') {
      process.stderr.write(`castsim: stopped after ${result.events} events (maxEvents) at t=${result.time} ms: a runaway run? Raise it with --max-events or --set maxEvents=N.\n`);
      process.exitCode = EXIT_FAILED_RUN;
    }
  }),
};
