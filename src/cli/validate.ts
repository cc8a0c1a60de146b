import type { Argv } from 'yargs';
import { loadScenario, nodeCount } from '../scenario/load.js';
import { bindProtocol } from '../scenario/protocol-binding.js';
import { scenarioProtocols } from '../scenario/protocol-module.js';
import { ScenarioError } from '../scenario/errors.js';
import { guard } from './errors.js';
import { refuseOversized } from './memory-guard.js';
import { resolveScenarioPath } from './scenario-path.js';
import { overridesFrom, scenarioOptions, type ScenarioArgs } from './scenario-options.js';
import { commandLines } from './commands.js';

interface ValidateArgs extends ScenarioArgs { scenario: string; json?: boolean }

export const validateCommand = {
  ...commandLines.validate,
  builder: (y: Argv) =>
    scenarioOptions(y)
      .positional('scenario', { type: 'string', describe: 'scenario file or bundled scenario name', demandOption: true })
      .option('json', { type: 'boolean', describe: 'print the resolved scenario (all defaults filled in) as JSON' })
      .example('castsim validate my.yaml', 'list every problem in my.yaml'),
  handler: (argv: ValidateArgs) => guard(async () => {
    const path = resolveScenarioPath(argv.scenario);
    const loaded = loadScenario(path, { overrides: overridesFrom(argv) });
    // A protocol of the user's own is validated once its module is loaded.
    const problems: Parameters<typeof nodeCount>[1] = [];
    const { options } = bindProtocol(loaded, await scenarioProtocols(loaded), nodeCount(loaded, problems) ?? 0);
    if (problems.length > 0) throw new ScenarioError(problems.map((p) => ({ file: loaded.file, ...p })));
    // validate says no to what run would refuse: the memory estimate is one of run's checks.
    refuseOversized(loaded);
    const scenario = { ...loaded, protocol: { type: loaded.protocol.type, ...(loaded.protocol.module !== undefined && { module: loaded.protocol.module }), ...options } };
    if (argv.json) process.stdout.write(`${JSON.stringify(scenario, null, 2)}\n`);
    else process.stdout.write(`${path}: ok (${scenario.protocol.type} on a ${scenario.topology.kind} topology, seed ${scenario.seed})\n`);
  }),
};
