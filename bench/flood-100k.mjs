// Benchmark: flood a 100,000-node random graph (average degree 8, per-link latency
// uniform 1–10 ms) read from an edge-list file. Prints events/s and peak memory.
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { simulate, buildTopology } from '../dist/index.js';
import { parseScenario } from '../dist/scenario/load.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const graph = `${here}data/random-100k.txt`;
if (!existsSync(graph)) execFileSync(process.execPath, [`${here}generate-graph.mjs`, graph, '100000', '8', '1'], { stdio: 'inherit' });

const scenario = parseScenario({
  name: 'bench-flood-100k',
  topology: { kind: 'edgelist', file: graph },
  protocol: { type: 'broadcast', mode: 'flood' },
  workload: [{ at: 0, from: 0 }],
}, `${here}flood-100k.mjs`);

// Setup (reading and building the graph) is timed apart from the run itself.
const t0 = process.hrtime.bigint();
const topology = buildTopology(scenario);
const t1 = process.hrtime.bigint();
const r = simulate(scenario, { topology });
const seconds = Number(process.hrtime.bigint() - t1) / 1e9;
const setupSeconds = Number(t1 - t0) / 1e9;
const peakMiB = process.resourceUsage().maxRSS / 1024;
console.log(JSON.stringify({
  bench: 'flood-100k', nodes: r.nodes, links: r.links, events: r.events, transmissions: r.metrics.sent,
  delivered: r.metrics.delivered, t100: r.metrics.convergence.t100,
  setupSeconds: Number(setupSeconds.toFixed(3)), seconds: Number(seconds.toFixed(3)), eventsPerSecond: Math.round(r.events / seconds), peakMemoryMiB: Math.round(peakMiB),
  fingerprint: r.fingerprint.slice(0, 16),
}));
