// Benchmark: push-pull gossip (anti-entropy, fanout 1, partners drawn among all nodes
// over overlay links, latency uniform 1–20 ms, 100 ms rounds) on 1,000,000 nodes.
// Runs the built library (npm run bench builds it first). Prints one JSON line: rounds
// to 50/99/100 % coverage, events, events/s (per wall and per CPU second: on a shared
// machine compare CPU seconds) and peak memory (the process's maximum resident set size,
// which includes building the topology).
//   node bench/gossip-million.mjs [nodes=1000000]   (--help)
import { commandLine } from './cli-args.mjs';

const USAGE = `usage: node bench/gossip-million.mjs [nodes]
  nodes: an integer ≥ 3 (1000000). Runs the built dist/ (npm run bench builds it); prints one JSON line.
  example: node bench/gossip-million.mjs 100000`;
const cli = commandLine('bench/gossip-million.mjs', USAGE);
const { positionals: [nodesArg = '1000000'] } = cli.parse({ most: 1 });
const nodes = cli.integer('nodes', nodesArg, 3);
// Imported after the command line is read, so --help and bad input need no build.
const [{ simulate }, { parseScenario }] = await Promise.all([import('../dist/index.js'), import('../dist/scenario/load.js')]);
const scenario = parseScenario({
  name: 'bench-gossip-million',
  seed: 1,
  maxEvents: 500_000_000,
  // The ring only gives the run its nodes: with peers: all every contact uses an overlay link.
  topology: { kind: 'ring', nodes },
  link: { latency: { dist: 'uniform', min: 1, max: 20 } },
  protocol: { type: 'gossip', mode: 'push-pull', fanout: 1, interval: 100, peers: 'all', stop: 'none' },
  workload: [{ at: 0, from: 0 }],
}, new URL(import.meta.url).pathname);

const t0 = process.hrtime.bigint(), c0 = process.cpuUsage();
const r = simulate(scenario);
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
const c1 = process.cpuUsage(c0), cpuSeconds = (c1.user + c1.system) / 1e6;
const peakMiB = process.resourceUsage().maxRSS / 1024;
const g = r.metrics.gossip;
console.log(JSON.stringify({
  bench: 'gossip-million', nodes: r.nodes, events: r.events, transmissions: r.metrics.sent,
  delivered: r.metrics.delivered, expected: r.metrics.expected,
  rounds: g.rounds, roundsTo50: g.roundsTo.r50, roundsTo99: g.roundsTo.r99, roundsTo100: g.roundsTo.r100,
  trafficPerNode: g.trafficPerNode, stop: r.stop,
  seconds: Number(seconds.toFixed(3)), eventsPerSecond: Math.round(r.events / seconds),
  cpuSeconds: Number(cpuSeconds.toFixed(3)), eventsPerCpuSecond: Math.round(r.events / cpuSeconds), peakMemoryMiB: Math.round(peakMiB),
  fingerprint: r.fingerprint.slice(0, 16),
}));
if (r.metrics.delivered !== r.metrics.expected) {
  process.stderr.write(`gossip-million: only ${r.metrics.delivered} of ${r.metrics.expected} nodes informed\n`);
  process.exitCode = 1;
}
