import type { Argv } from 'yargs';
import { builtinProtocols } from '../protocols/registry.js';
import { TOPOLOGY_KINDS } from '../scenario/types.js';
import { loadScenario } from '../scenario/load.js';
import { loadProtocolModule } from '../scenario/protocol-module.js';
import { checkExtraPlugins } from '../scenario/protocol-binding.js';
import { resolve } from 'node:path';
import { colourFor } from '../report/colour.js';
import { guard } from './errors.js';
import { ScenarioError } from '../scenario/errors.js';
import { bundledScenarioNames, resolveScenarioPath } from './scenario-path.js';
import { commandLines } from './commands.js';

export const listCommand = {
  ...commandLines.list,
  builder: (y: Argv) => y
    .option('json', { type: 'boolean', describe: 'print as JSON' })
    .option('module', { type: 'string', array: true, describe: 'also load the protocol plug-ins of this JavaScript module (as protocol.module does)' })
    .example('castsim list', '')
    .example('castsim list --module examples/chord.mjs', 'check a module of your own and show its plug-ins'),
  handler: (argv: { json?: boolean; module?: string[] }) => guard(async () => {
    const loaded: Array<{ type: string; description: string; module: string }> = [];
    for (const m of argv.module ?? []) {
      const path = resolve(m);
      const plugins = await loadProtocolModule(path, m, '');
      checkExtraPlugins(plugins, m);
      for (const p of plugins) {
        if (loaded.some((l) => l.type === p.type)) throw new ScenarioError([{ file: m, path: '', message: `plug-in '${p.type}' is also exported by ${loaded.find((l) => l.type === p.type)!.module}` }]);
        loaded.push({ type: p.type, description: p.description, module: path });
      }
    }
    const scenarios = bundledScenarioNames().map((name) => {
      const s = loadScenario(resolveScenarioPath(name));
      return { name, protocol: s.protocol.type, topology: s.topology.kind };
    });
    const protocols = builtinProtocols().map((p) => ({ type: p.type, description: p.description }));
    if (argv.json) {
      process.stdout.write(`${JSON.stringify({ scenarios, topologies: TOPOLOGY_KINDS, protocols, ...(argv.module && { plugins: loaded }) }, null, 2)}\n`);
      return;
    }
    const c = colourFor(process.stdout);
    const lines = [c.bold('Bundled scenarios') + ' (castsim run NAME)'];
    const w = Math.max(...scenarios.map((s) => s.name.length), 4);
    for (const s of scenarios) lines.push(`  ${s.name.padEnd(w)}  ${s.protocol} on ${s.topology}`);
    lines.push('', c.bold('Topology kinds'), `  ${TOPOLOGY_KINDS.join(', ')}`, '', c.bold('Protocols'));
    for (const p of protocols) lines.push(`  ${p.type.padEnd(10)}  ${p.description}`);
    if (argv.module) {
      lines.push('', c.bold('Loaded plug-ins') + ' (protocol.module)');
      for (const p of loaded) lines.push(`  ${p.type.padEnd(10)}  ${p.description}  (${p.module})`);
    }
    process.stdout.write(`${lines.join('\n')}\n`);
  }),
};
