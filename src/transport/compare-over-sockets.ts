/**
 * `castsim compare --transport ws`: each type's compare scenario run twice, in the
 * simulator and over real WebSockets, on the same network and seed: the model's
 * prediction beside the measurement.
 */
import type { ProtocolPlugin } from '../api/process.js';
import { compareScenario, compareTypes } from '../compare/compare.js';
import type { Scenario } from '../scenario/types.js';
import { buildTopology, simulate, type RunResult } from '../simulation/simulate.js';
import { runOverSockets, type SocketRunResult } from './run-over-sockets.js';

export interface TransportComparison {
  type: string;
  simulated: RunResult;
  measured: SocketRunResult;
}

export async function compareOverSockets(base: Scenario, opts: { types?: readonly string[]; timeScale?: number; protocols?: readonly ProtocolPlugin<any>[] } = {}): Promise<TransportComparison[]> {
  const types = opts.types ?? compareTypes(opts.protocols).available;
  const topology = buildTopology(base);
  const out: TransportComparison[] = [];
  for (const type of types) {
    const scenario = compareScenario(type, base, topology, opts.protocols);
    const simulated = simulate(scenario, { topology, protocols: opts.protocols });
    const measured = await runOverSockets(scenario, { topology, protocols: opts.protocols, timeScale: opts.timeScale });
    out.push({ type, simulated, measured });
  }
  return out;
}
