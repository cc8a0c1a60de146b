import type { Argv } from 'yargs';
import { builtinProtocols } from '../protocols/registry.js';
import { TOPOLOGY_KINDS } from '../scenario/types.js';
import { loadScenario } from '../scenario/load.js';
import { colourFor } from '../report/colour.js';
import { guard } from './errors.js';
import { bundledScenarioNames, resolveScenarioPath } from './scenario-path.js';

export const listCommand = {
  command: 'list',
  describe: 'List the bundled scenarios, topology kinds and protocols',
  builder: (y: Argv) => y.option('json', { type: 'boolean', describe: 'print as JSON' }).example('castsim list', ''),
  handler: (argv: { json?: boolean }) => guard(() => {
    const scenarios = bundledScenarioNames().map((name) => {
      const s = loadScenario(resolveScenarioPath(name));
      return { name, protocol: s.protocol.type, topology: s.topology.kind };
    });
    const protocols = builtinProtocols().map((p) => ({ type: p.type, description: p.description }));
    if (argv.json) {
      process.stdout.write(`${JSON.stringify({ scenarios, topologies: TOPOLOGY_KINDS, protocols }, null, 2)}\n`);
      return;
    }
    const c = colourFor(process.stdout);
    const lines = [c.bold('Bundled scenarios') + ' (castsim run NAME)'];
    const w = Math.max(...scenarios.map((s) => s.name.length), 4);
    for (const s of scenarios) lines.push(`  ${s.name.padEnd(w)}  ${s.protocol} on ${s.topology}`);
    lines.push('', c.bold('Topology kinds'), `  ${TOPOLOGY_KINDS.join(', ')}`, '', c.bold('Protocols'));
    for (const p of protocols) lines.push(`  ${p.type.padEnd(10)}  ${p.description}`);
    process.stdout.write(`${lines.join('\n')}\n`);
  }),
};
