import { ensureMemory } from './memory-guard.js';
import type { Argv } from 'yargs';
import { compare, compareTypes, loadCompareScenario } from '../compare/compare.js';
import { scenarioProtocols } from '../scenario/protocol-module.js';
import { renderCompare } from '../report/compare-table.js';
import { colourFor } from '../report/colour.js';
import type { RunResult } from '../simulation/simulate.js';
import { EXIT_FAILED_RUN, guard, UsageError } from './errors.js';
import { numberOption } from './number-option.js';
import type { Scenario } from '../scenario/types.js';
import { checkOutputs, reportStream, writeOutput } from './output-file.js';
import { pathOption } from './single-option.js';
import { RunProgress } from './run-progress.js';
import { DEFAULT_SCENARIO, resolveScenarioPath } from './scenario-path.js';
import { overridesFrom, scenarioOptions, type ScenarioArgs } from './scenario-options.js';
import { commandLines } from './commands.js';

interface CompareArgs extends ScenarioArgs { scenario?: string; transport?: string; timeScale?: number; json?: boolean; html?: string }

export const compareCommand = {
  ...commandLines.compare,
  builder: (y: Argv) =>
    scenarioOptions(y)
      .positional('scenario', { type: 'string', describe: 'scenario file or bundled scenario name; its protocol block is ignored, except that the plug-ins of its protocol.module join the table (default: the bundled default scenario)' })
      .option('json', { type: 'boolean', describe: 'print an array of run results, one per type' })
      .option('html', pathOption('html', 'also write a self-contained HTML report (coverage curves, bars) to FILE'))
      .option('transport', { type: 'string', choices: ['sim', 'ws'], default: 'sim', describe: 'ws: run each type in the simulator and over real WebSockets on loopback, and print both' })
      .option('time-scale', numberOption('time-scale', 'with --transport ws: wall ms per scenario ms [default: 1]'))
      .example('castsim compare', 'the six types on the bundled default network')
      .example('castsim compare flood-random-1k --seed 3', 'on another network and seed')
      .example('castsim compare --set link.loss=0.1 --json', 'with more loss, as JSON')
      .example('castsim compare --transport ws', 'simulated against measured over real sockets'),
  handler: (argv: CompareArgs) => guard(async () => {
    const path = argv.scenario === undefined ? DEFAULT_SCENARIO : resolveScenarioPath(argv.scenario);
    const scenario = loadCompareScenario(path, overridesFrom(argv));
    const child = await ensureMemory(scenario);
    if (child !== null) { process.exitCode = child; return; }
    if (argv.transport === 'ws') return compareOverWebSockets(scenario, argv);
    if (argv.timeScale !== undefined) throw new UsageError('--time-scale applies to --transport ws only');
    const outputs = checkOutputs({ '--html': argv.html });
    const progress = process.stderr.isTTY ? new RunProgress(process.stderr) : null;
    const protocols = await scenarioProtocols(scenario);
    const opts = progress
      ? { protocols, observers: () => [progress], onProgress: (done: number, total: number, type: string) => { progress.restart(`compare ${done + 1}/${total} ${type}`); progress.note(progress.label); } }
      : { protocols };
    let results: RunResult[];
    try {
      if (argv.html !== undefined) {
        const { compareWithPictures } = await import('../report/pictures/compare-html.js');
        const out = compareWithPictures(scenario, opts);
        results = out.results;
        writeOutput(outputs, '--html', out.html);
      } else results = compare(scenario, opts);
    } finally {
      progress?.clear();
    }
    const report = reportStream(outputs);
    if (argv.json) report.write(`${JSON.stringify(results, null, 2)}\n`);
    else report.write(`${renderCompare(results, colourFor(report), compareTypes().missing)}\n`);
    const capped = results.filter((r) => r.stop === 'event-cap');
    if (capped.length > 0) {
      process.stderr.write(`castsim: ${capped.map((r) => r.protocol).join(', ')} stopped at maxEvents: a runaway run? Raise it with --max-events or --set maxEvents=N.\n`);
      process.exitCode = EXIT_FAILED_RUN;
    }
  }),
};

/** `--transport ws`: each type simulated and measured; `--json` prints [{type, simulated, measured}]. */
async function compareOverWebSockets(scenario: Scenario, argv: CompareArgs): Promise<void> {
  if (argv.html !== undefined) throw new UsageError('--html is not available with --transport ws');
  const timeScale = argv.timeScale ?? 1;
  if (!(timeScale > 0)) throw new UsageError(`--time-scale must be > 0, got ${timeScale}`);
  const { compareOverSockets } = await import('../transport/compare-over-sockets.js');
  const { renderTransportCompare } = await import('../report/transport-table.js');
  const rows = await compareOverSockets(scenario, { timeScale });
  if (argv.json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  else process.stdout.write(`${renderTransportCompare(rows, colourFor(process.stdout))}\n`);
  const capped = rows.filter((r) => r.measured.stop === 'event-cap' || r.simulated.stop === 'event-cap');
  if (capped.length > 0) {
    process.stderr.write(`castsim: ${capped.map((r) => r.type).join(', ')} stopped at maxEvents: a runaway run? Raise it with --max-events or --set maxEvents=N.\n`);
    process.exitCode = EXIT_FAILED_RUN;
  }
}
