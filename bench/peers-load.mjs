// The reference flood's edge-list load, cold, as a run does it once: each round is a fresh
// process that reads bench/data/peers-N.txt (readEdgeList), builds the topology
// (Topology.fromEdges) and the link model (LinkModel, which takes the per-half-edge latencies),
// and prints the CPU milliseconds of each step (process.cpuUsage: V8's compiler threads
// included, as in a whole run). A build that has the parser's warm-up (network/warm-up.js) runs
// it first, as a run does for a large file, then idles 10 ms where a run checks the scenario
// (the parser's compile goes on meanwhile on V8's thread, and its CPU time is counted in the
// warm-up's column). Builds alternate round by round, so all see the same load; the
// typed-array peer's reader (bench/peers/read-edges.mjs: parse + CSR) runs beside them.
//   node bench/peers-load.mjs [--nodes 100000] [--rounds 15] [DIST ...]   (--help)
// This checkout's dist/ always runs; each DIST is another build's dist/ folder (an old
// build's copy, to compare), run in the same alternation.
// The graph file is written by `node bench/peers.mjs` (or bench/peers/make-graph.mjs).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { commandLine } from './cli-args.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const cpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };

if (process.argv[2] === '--child') {
  const [, , , dist, file] = process.argv;
  const t0 = cpuMs();
  if (dist === 'peer') {
    const { readGraph } = await import(pathToFileURL(`${here}peers/read-edges.mjs`).href);
    readGraph(file);
    console.log(JSON.stringify({ warm: 0, parse: cpuMs() - t0, build: 0, link: 0 }));
  } else {
    const url = (m) => pathToFileURL(`${dist}/network/${m}`).href;
    const [{ readEdgeList, edgeListMemory }, { Topology }, { LinkModel }] = await Promise.all([url('edgelist.js'), url('topology.js'), url('link-model.js')].map((u) => import(u)));
    const w0 = cpuMs();
    if (existsSync(`${dist}/network/warm-up.js`)) {
      (await import(url('warm-up.js'))).warmEdgeListParser();
      await new Promise((done) => setTimeout(done, 10));
    }
    const t1 = cpuMs();
    const list = readEdgeList(file);
    const t2 = cpuMs();
    // As a run builds it (generateTopology): the list's memory given up to the build, in builds that can take it.
    const topology = Topology.fromEdges(list.nodes, list.us, list.vs, list.latency, edgeListMemory ? edgeListMemory(list) : undefined);
    const t3 = cpuMs();
    const rng = () => 0.5;
    new LinkModel({ latency: { dist: 'constant', value: 1 }, loss: 0, duplicate: 0 }, topology, rng, rng, rng);
    console.log(JSON.stringify({ warm: t1 - w0, parse: t2 - t1, build: t3 - t2, link: cpuMs() - t3 }));
  }
  process.exit(0);
}

const USAGE = `usage: node bench/peers-load.mjs [--nodes N] [--rounds N] [DIST ...]
  --nodes: which bench/data/peers-N.txt to load, ≥ 2 (100000; written by node bench/peers.mjs);
  --rounds: ≥ 1 (15). This checkout's dist/ always runs; each DIST is another build's dist/
  folder (with network/edgelist.js), run alternately with it.
  example: node bench/peers-load.mjs --rounds 21 /tmp/old-build/dist`;
const cli = commandLine('bench/peers-load.mjs', USAGE);
const { options, positionals } = cli.parse({ valued: ['nodes', 'rounds'] });
const n = cli.integer('--nodes', options.nodes ?? '100000', 2), rounds = cli.integer('--rounds', options.rounds ?? '15', 1);
for (const dist of positionals) if (!existsSync(`${dist}/network/edgelist.js`)) cli.usageError(`DIST ${dist} is not a build's dist/ folder (no network/edgelist.js in it)`);
const dists = [fileURLToPath(new URL('../dist', import.meta.url)), ...positionals];
const file = `${here}data/peers-${n}.txt`;
if (!existsSync(file)) { console.error(`${file} is missing: run node bench/peers.mjs --nodes ${n} first`); process.exit(2); }

const contenders = [...dists, 'peer'];
const results = new Map(contenders.map((c) => [c, []]));
const load0 = loadavg()[0];
for (let r = 0; r < rounds; r++) {
  for (const c of r % 2 ? [...contenders].reverse() : contenders) {
    results.get(c).push(JSON.parse(execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child', c, file], { encoding: 'utf8' })));
  }
}
const median = (xs) => { const s = [...xs].sort((a, b) => a - b), k = s.length >> 1; return s.length % 2 ? s[k] : (s[k - 1] + s[k]) / 2; };
console.log(`${file.replace(here, 'bench/')}, ${rounds} alternating rounds, load average ${load0.toFixed(1)} → ${loadavg()[0].toFixed(1)}; median CPU ms`);
console.log('| build | warm-up | parse | fromEdges | LinkModel | all four |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const c of contenders) {
  const rs = results.get(c);
  const cell = (k) => median(rs.map((x) => x[k])).toFixed(1);
  console.log(`| ${c === 'peer' ? 'typed-array peer (parse + CSR)' : c} | ${cell('warm')} | ${cell('parse')} | ${cell('build')} | ${cell('link')} | ${median(rs.map((x) => x.warm + x.parse + x.build + x.link)).toFixed(1)} |`);
}
