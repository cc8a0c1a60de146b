// Benchmark: castsim compare on the bundled default scenario grown to 20,000 nodes,
// all six types with their default workloads. Prints events/s and peak memory, plus
// seconds per type (anycast and reliable once scaled quadratically with group size).
import { compare, loadCompareScenario } from '../dist/index.js';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const perType = {};
let events = 0;
const t0 = process.hrtime.bigint();
for (const type of ['unicast', 'multicast', 'broadcast', 'anycast', 'gossip', 'reliable']) {
  const scenario = loadCompareScenario(`${here}../scenarios/default.yaml`, ['topology.nodes=20000']);
  const t = process.hrtime.bigint();
  const [r] = compare(scenario, { types: [type] });
  perType[type] = Number((Number(process.hrtime.bigint() - t) / 1e9).toFixed(3));
  events += r.events;
}
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
console.log(JSON.stringify({
  bench: 'compare-20k', nodes: 20000, events, seconds: Number(seconds.toFixed(3)),
  eventsPerSecond: Math.round(events / seconds), peakMemoryMiB: Math.round(process.resourceUsage().maxRSS / 1024), secondsPerType: perType,
}));
