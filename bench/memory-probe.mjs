// Peak memory of one run, split into V8 heap and off-heap (typed arrays), for the
// per-structure constants in src/simulation/memory-estimate.ts. Run:
//   node --expose-gc bench/memory-probe.mjs TYPE NODES DEGREE [KIND] [PROTOCOL-OPTIONS-JSON]
// e.g. node --expose-gc bench/memory-probe.mjs gossip 1000000 8 random-regular '{"mode":"push-pull","fanout":1,"stop":"none"}'
// (after npm run build). Prints one JSON line. Without arguments: broadcast 100000 4 (--help).
import v8 from 'node:v8';
import { commandLine } from './cli-args.mjs';

const TYPES = ['unicast', 'multicast', 'broadcast', 'anycast', 'gossip', 'reliable'];
const USAGE = `usage: node --expose-gc bench/memory-probe.mjs [TYPE] [NODES] [DEGREE] [KIND] [PROTOCOL-OPTIONS-JSON]
  TYPE: ${TYPES.join(', ')} (broadcast); NODES: an integer ≥ 2 (100000); DEGREE: an integer ≥ 1,
  for random-regular (4); KIND: a topology kind (random-regular); PROTOCOL-OPTIONS-JSON: a JSON
  object of protocol options ({}).
  example: node --expose-gc bench/memory-probe.mjs gossip 1000000 8 random-regular '{"mode":"push-pull","fanout":1,"stop":"none"}'`;
const cli = commandLine('bench/memory-probe.mjs', USAGE);
const { positionals: [type = 'broadcast', nodesArg = '100000', degreeArg = '4', kind = 'random-regular', optionsJson = '{}'] } = cli.parse({ most: 5 });
if (!TYPES.includes(type)) cli.usageError(`TYPE must be one of ${TYPES.join(', ')}, got ${type}`);
const nodes = cli.integer('NODES', nodesArg, 2), degree = cli.integer('DEGREE', degreeArg, 1);
let options;
try { options = JSON.parse(optionsJson); } catch (e) { cli.usageError(`PROTOCOL-OPTIONS-JSON is not JSON (${e.message}): ${optionsJson}`); }
if (options === null || typeof options !== 'object' || Array.isArray(options)) cli.usageError(`PROTOCOL-OPTIONS-JSON must be a JSON object, got ${optionsJson}`);
// Imported after the command line is read, so --help and bad input need no build.
const [{ parseScenario }, { simulate }, { estimateMemory }] = await Promise.all(
  ['../dist/scenario/load.js', '../dist/simulation/simulate.js', '../dist/simulation/memory-estimate.js'].map((m) => import(m)));
const group = { g: Array.from({ length: Math.min(nodes, 64) }, (_, i) => i * Math.floor(nodes / Math.min(nodes, 64))) };
const protocol = { type, ...options, ...(['multicast', 'anycast', 'reliable'].includes(type) ? { group: 'g' } : {}) };
const workload = [{ at: 0, from: 0, ...(type === 'unicast' ? { to: nodes - 1 } : {}) }];
const topology = kind === 'random-regular' ? { kind, nodes, degree } : { kind, nodes };
let scenario;
try {
  scenario = parseScenario({ topology, link: { latency: { dist: 'uniform', min: 1, max: 10 } }, groups: group, protocol, workload }, '<probe>');
} catch (e) {
  if (e?.name !== 'ScenarioError') throw e;
  cli.usageError(`the probe's scenario is refused: ${e.message.split('\n')[0]}`);
}
globalThis.gc?.();
const base = process.memoryUsage();
let peakHeap = 0, peakOff = 0, n = 0, inFlight = 0, peakInFlight = 0;
const sample = () => {
  const m = process.memoryUsage();
  peakHeap = Math.max(peakHeap, m.heapUsed - base.heapUsed);
  peakOff = Math.max(peakOff, m.arrayBuffers - base.arrayBuffers);
};
// Messages in flight (sent, not yet received or dropped): what the event queue holds besides timers.
const observer = {
  event(e) {
    if (e.type === 'send') { if (++inFlight > peakInFlight) peakInFlight = inFlight; } else if (e.type === 'receive' || e.type === 'drop') inFlight--;
    if (++n % 20000 === 0) sample();
  },
};
const r = simulate(scenario, { observers: [observer] });
sample();
const est = estimateMemory(scenario, nodes);
console.log(JSON.stringify({ type, nodes, links: r.links, events: r.events, peakInFlight, heapMB: +(peakHeap / 2 ** 20).toFixed(1), offHeapMB: +(peakOff / 2 ** 20).toFixed(1),
  estimateHeapMB: +(est.heap / 2 ** 20).toFixed(1), estimateOffHeapMB: +(est.offHeap / 2 ** 20).toFixed(1), heapLimitMB: v8.getHeapStatistics().heap_size_limit / 2 ** 20 }));
