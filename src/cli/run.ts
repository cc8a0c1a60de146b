import type { Argv } from 'yargs';
import { loadScenario } from '../scenario/load.js';
import { simulate } from '../simulation/simulate.js';
import { renderRun } from '../report/run-report.js';
import { colourFor } from '../report/colour.js';
import { EXIT_FAILED_RUN, guard } from './errors.js';
import { checkOutputFile } from './output-file.js';
import { resolveScenarioPath } from './scenario-path.js';
import { scenarioOptions, overridesFrom, type ScenarioArgs } from './scenario-options.js';

interface RunArgs extends ScenarioArgs { scenario: string; json?: boolean; trace?: string }

export const runCommand = {
  command: 'run <scenario>',
  describe: 'Run one scenario and report its metrics',
  builder: (y: Argv) =>
    scenarioOptions(y)
      .positional('scenario', { type: 'string', describe: 'scenario file (YAML or JSON) or the name of a bundled scenario', demandOption: true })
      .option('json', { type: 'boolean', describe: 'print the result as one JSON object' })
      .option('trace', { type: 'string', describe: 'write every event to FILE.jsonl (JSON Lines, versioned header)' })
      .example('castsim run flood-grid', 'flood a 5×5 grid (a bundled scenario)')
      .example('castsim run my.yaml --seed 7 --json', 'one run as JSON')
      .example('castsim run my.yaml --set link.loss=0.1 --set topology.nodes=5000', 'override fields')
      .example('castsim run my.yaml --trace run.jsonl', 'save the event trace'),
  handler: (argv: RunArgs) => guard(() => {
    const scenario = loadScenario(resolveScenarioPath(argv.scenario), { overrides: overridesFrom(argv) });
    if (argv.trace !== undefined) checkOutputFile(argv.trace, '--trace');
    const result = simulate(scenario, { trace: argv.trace });
    if (argv.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else process.stdout.write(`${renderRun(result, colourFor(process.stdout))}\n`);
    if (result.stop === 'event-cap') {
      process.stderr.write(`castsim: stopped after ${result.events} events (maxEvents) at t=${result.time} ms: a runaway run? Raise it with --max-events or --set maxEvents=N.\n`);
      process.exitCode = EXIT_FAILED_RUN;
    }
  }),
};
