// npm run bench:peers — the issue-14 reference flood on castsim and its peers, on the same
// edge-list file, runs alternating tool by tool, each its own whole process:
//   castsim (`castsim run … --json` through the package's bin, dist/bundle/castsim.cjs: the
//   CommonJS launcher with V8's code cache that an installed `castsim` runs; --castsim FILE
//   times another entry), ns-3's event core with its default (Map) and Heap schedulers (a
//   small C++ program built here against Debian's libns3-dev, skipped when that is not
//   installed), SIM.JS, and a tight typed-array JS flood (the bar).
// Prints median whole-process wall time, castsim's ratio to each, events/s and peak RSS.
//   node bench/peers.mjs [--nodes 100000,1000000] [--reps 5] [--simjs-reps 3] [--only castsim,typed] [--castsim FILE] [--keep-ca-certs] (--help)
// Every tool runs in this environment without NODE_EXTRA_CA_CERTS (--keep-ca-certs keeps it):
// when it is set, Node 20 reads that certificate file at the start of every process, TLS or
// not (`node -e 0` 0.07 s against 0.02 s without, on the machine of bench/RESULTS.md), a cost
// of the environment that falls on the Node tools only; the header line says which was used.
// A benchmark, not a test: CI installs no libns3-dev and never runs it.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const data = `${here}data/`;
const USAGE = `usage: node bench/peers.mjs [--nodes 100000,1000000] [--reps 5] [--simjs-reps 3] [--only castsim,typed] [--castsim FILE] [--keep-ca-certs]
  --only keeps the tools whose name starts with one of its words: castsim, ns-3 (both schedulers), typed, sim
  example: node bench/peers.mjs --nodes 100000 --reps 7 --simjs-reps 0`;
const VALUED = ['nodes', 'reps', 'simjs-reps', 'only', 'castsim'];
const usageError = (message) => { process.stderr.write(`bench/peers.mjs: ${message}\n${USAGE}\n`); process.exit(2); };
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  if (a === '--help' || a === '-h') { process.stdout.write(`${USAGE}\n`); process.exit(0); }
  if (a === '--keep-ca-certs') continue;
  if (!VALUED.includes(a.replace(/^--/, '')) || !a.startsWith('--')) usageError(`unknown argument ${a}`);
  if (process.argv[i + 1] === undefined) usageError(`${a} needs a value`);
  i++;
}
const arg = (name, fallback) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1] : fallback; };
const count = (name, fallback, least) => {
  const v = Number(arg(name, fallback));
  if (!(Number.isInteger(v) && v >= least)) usageError(`--${name} must be an integer ≥ ${least}, got ${arg(name, fallback)}`);
  return v;
};
const sizes = arg('nodes', '100000,1000000').split(',').map((n) => {
  const v = Number(n);
  if (!(Number.isInteger(v) && v >= 2)) usageError(`--nodes takes node counts ≥ 2 separated by commas, got ${n}`);
  return v;
});
const reps = count('reps', '5', 1);
const simjsReps = count('simjs-reps', '3', 0);
const only = arg('only', '')?.split(',').filter(Boolean);
const castsimMain = arg('castsim', `${here}../dist/bundle/castsim.cjs`);
const keepCaCerts = process.argv.includes('--keep-ca-certs');
const env = { ...process.env };
if (!keepCaCerts) delete env.NODE_EXTRA_CA_CERTS;
const caNote = process.env.NODE_EXTRA_CA_CERTS === undefined ? 'NODE_EXTRA_CA_CERTS not set' : keepCaCerts ? 'NODE_EXTRA_CA_CERTS kept' : 'NODE_EXTRA_CA_CERTS unset for every tool';

function ns3Binary() {
  if (!existsSync('/usr/include/ns3/core-module.h')) return null;
  const src = `${here}peers/ns3-flood.cc`, bin = `${data}ns3/ns3-flood`;
  if (!existsSync(bin) || statSync(bin).mtimeMs < statSync(src).mtimeMs) {
    mkdirSync(`${data}ns3`, { recursive: true });
    process.stderr.write('building the ns-3 flood (g++ -O2, libns3-core) ...\n');
    execFileSync('g++', ['-O2', '-std=c++17', '-o', bin, src, '-lns3-core'], { stdio: 'inherit' });
  }
  return bin;
}

function graphFor(n) {
  const file = `${data}peers-${n}.txt`;
  if (!existsSync(file)) {
    process.stderr.write(`writing the ${n}-node reference graph ...\n`);
    execFileSync(process.execPath, [`${here}peers/make-graph.mjs`, file, String(n)], { stdio: 'inherit' });
  }
  const scenario = `${data}peers-${n}.yaml`;
  writeFileSync(scenario, `name: peers-flood-${n}\ntopology: { kind: edgelist, file: ${JSON.stringify(file)} }\n`
    + `protocol: { type: broadcast, mode: flood }\nworkload: [{ at: 0, from: 0 }]\n`);
  return { file, scenario };
}

/**
 * One whole-process run under /usr/bin/time: wall seconds (our own clock), CPU seconds (user +
 * system: steadier than wall on a shared machine), peak RSS, and its JSON line.
 */
function runOnce(cmd, args) {
  const rusage = `${data}peers-time.txt`;
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M %U %S', '-o', rusage, cmd, ...args], { encoding: 'utf8', maxBuffer: 1 << 26, env });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  const [peakKiB, user, sys] = readFileSync(rusage, 'utf8').trim().split('\n').pop().split(' ').map(Number);
  return { wall, cpu: user + sys, peakMiB: peakKiB / 1024, out: JSON.parse(r.stdout) };
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b), k = s.length >> 1; return s.length % 2 ? s[k] : (s[k - 1] + s[k]) / 2; };

// ns-3 is built (ns3Binary) only after the command line is checked, and only when a column needs it.
const ns3Installed = existsSync('/usr/include/ns3/core-module.h');
const tools = [
  { name: 'castsim', run: (g) => runOnce(process.execPath, [castsimMain, 'run', g.scenario, '--json']), events: (o) => o.events },
  ...(ns3Installed ? [
    { name: 'ns-3 default (Map)', run: (g) => runOnce(ns3, [g.file, 'map']), events: (o) => o.arrivals },
    { name: 'ns-3 Heap', run: (g) => runOnce(ns3, [g.file, 'heap']), events: (o) => o.arrivals },
  ] : []),
  { name: 'typed-array JS', run: (g) => runOnce(process.execPath, [`${here}peers/typed-flood.mjs`, g.file]), events: (o) => o.arrivals },
  { name: 'SIM.JS', run: (g) => runOnce(process.execPath, [`${here}peers/simjs-flood.mjs`, g.file]), events: (o) => o.arrivals, reps: simjsReps },
].filter((t) => !only?.length || only.some((o) => t.name.toLowerCase().startsWith(o.toLowerCase())));
if (tools.length === 0) usageError(`--only ${only.join(',')} names no tool here${ns3Installed ? '' : ' (ns-3 is not installed)'}`);
if (!existsSync(castsimMain)) usageError(`--castsim ${castsimMain}: no such file (npm run build makes dist/bundle/castsim.cjs)`);
if (!ns3Installed) process.stderr.write('libns3-dev is not installed: the ns-3 columns are skipped\n');
const ns3 = tools.some((t) => t.name.startsWith('ns-3')) ? ns3Binary() : null;

const lines = [];
const say = (s) => { console.log(s); lines.push(s); };
say(`${new Date().toISOString().slice(0, 16)}Z, ${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${caNote}`);
for (const n of sizes) {
  const g = graphFor(n);
  const results = new Map(tools.map((t) => [t.name, []]));
  for (let rep = 0; rep < reps; rep++) {
    for (const t of tools) {
      if (rep >= (t.reps ?? reps)) continue;
      const r = t.run(g);
      results.get(t.name).push(r);
      process.stderr.write(`  ${n} ${t.name}: ${r.wall.toFixed(2)} s wall, ${r.cpu.toFixed(2)} s CPU, ${Math.round(r.peakMiB)} MiB\n`);
    }
  }
  const base = median(results.get('castsim')?.map((r) => r.wall) ?? [NaN]);
  const baseCpu = median(results.get('castsim')?.map((r) => r.cpu) ?? [NaN]);
  say('');
  say(`flood on ${n.toLocaleString('en')} nodes (${g.file.replace(here, 'bench/')}), median of ${reps} alternating runs`);
  // The ratio of the medians, and the median of each round's own ratio: runs of one round are
  // seconds apart, so the second is steadier when the machine's speed drifts during a sitting.
  say('| tool | runs | median wall s | castsim ÷ tool (wall) | median of round ratios (wall) | median CPU s | castsim ÷ tool (CPU) | events | events per wall s | peak MiB |');
  say('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  const castsimRuns = results.get('castsim') ?? [];
  for (const t of tools) {
    const rs = results.get(t.name);
    if (rs.length === 0) continue;
    const wall = median(rs.map((r) => r.wall)), cpu = median(rs.map((r) => r.cpu)), events = t.events(rs[0].out);
    const rounds = rs.slice(0, castsimRuns.length).map((r, i) => castsimRuns[i].wall / r.wall);
    say(`| ${t.name} | ${rs.length} | ${wall.toFixed(2)} | ${(base / wall).toFixed(2)} | ${rounds.length ? median(rounds).toFixed(2) : '–'} | ${cpu.toFixed(2)} | ${(baseCpu / cpu).toFixed(2)} | ${events} | ${Math.round(events / wall).toLocaleString('en')} | ${Math.round(median(rs.map((r) => r.peakMiB)))} |`);
  }
}
if (process.argv.includes('--record')) {
  const file = `${here}RESULTS.md`;
  const old = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmark results\n';
  writeFileSync(file, `${old.trimEnd()}\n\n## bench:peers, ${lines[0]}\n\n\`node bench/peers.mjs ${process.argv.slice(2).join(' ')}\`\n\n${lines.slice(1).join('\n').trim()}\n`);
}
