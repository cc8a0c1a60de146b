// npm run bench:scale — cost of the broadcast flood on a random-regular graph of degree 8
// (generated in-process, latency uniform 1–10 ms) from 10^4 to 10^7 nodes, each size a whole
// `castsim run` process (with no flag: at 10^7 the memory guard re-runs it with a larger V8
// heap, and /usr/bin/time counts that child too), as the README's scaling table reports it:
// CPU and wall seconds, peak memory, events, each row's CPU growth over the previous row
// beside n log n's, and CPU time per n·log2(n) relative to the smallest size (a column that
// stays flat or falls means growth no faster than n log n).
//   node bench/scale.mjs [sizes=10000,100000,1000000,10000000] [reps=1]   (--help)
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { commandLine } from './cli-args.mjs';

const USAGE = `usage: node bench/scale.mjs [sizes] [reps]
  sizes: node counts, integers ≥ 9 (degree 8) separated by commas (10000,100000,1000000,10000000);
  reps: whole runs per size, ≥ 1 (1; the table takes the median by CPU). CASTSIM_CLI=FILE times
  another CLI script than dist/bundle/main.js.
  example: node bench/scale.mjs 10000,100000 3`;
const args = commandLine('bench/scale.mjs', USAGE);
const { positionals: [sizesArg = '10000,100000,1000000,10000000', repsArg = '1'] } = args.parse({ most: 2 });
const here = fileURLToPath(new URL('.', import.meta.url));
const sizes = args.integers('sizes', sizesArg, 9);
const reps = args.integer('reps', repsArg, 1);
const cli = process.env.CASTSIM_CLI ?? `${here}../dist/bundle/main.js`;
mkdirSync(`${here}data`, { recursive: true });

const rows = [];
for (const n of sizes) {
  const scenario = `${here}data/scale-${n}.yaml`;
  writeFileSync(scenario, `name: scale-${n}\ntopology: { kind: random-regular, nodes: ${n}, degree: 8 }\n`
    + `link: { latency: { dist: uniform, min: 1, max: 10 } }\nprotocol: { type: broadcast, mode: flood }\nworkload: [{ at: 0, from: 0 }]\n`);
  const runs = [];
  for (let r = 0; r < reps; r++) {
    const usage = `${here}data/scale-time.txt`;
    const t0 = process.hrtime.bigint();
    const p = spawnSync('/usr/bin/time', ['-f', '%U %S %M', '-o', usage, process.execPath, cli, 'run', scenario, '--json'], { encoding: 'utf8', maxBuffer: 1 << 26 });
    const wall = Number(process.hrtime.bigint() - t0) / 1e9;
    if (p.status !== 0) throw new Error(`${n} nodes failed (${p.status}): ${p.stderr}`);
    const [user, sys, kib] = readFileSync(usage, 'utf8').trim().split('\n').pop().split(' ').map(Number);
    const out = JSON.parse(p.stdout);
    runs.push({ wall, cpu: user + sys, peakMiB: kib / 1024, events: out.events, fingerprint: out.fingerprint.slice(0, 16) });
    process.stderr.write(`  ${n}: ${wall.toFixed(1)} s wall, ${(user + sys).toFixed(1)} s CPU, ${Math.round(kib / 1024)} MiB\n`);
  }
  const best = runs.sort((a, b) => a.cpu - b.cpu)[Math.floor(runs.length / 2)];
  rows.push({ n, ...best });
}
const base = rows[0];
const nLogN = (n) => n * Math.log2(n);
const perNLogN = (r) => r.cpu / nLogN(r.n);
// Growth no faster than n log n: each row's CPU ratio to the previous row stays at or under n log n's.
console.log('| nodes | events | CPU s | wall s | peak MiB | bytes/node | CPU × prev | n log n × prev | CPU ÷ n·log n (vs first) | fingerprint |');
console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|');
rows.forEach((r, i) => {
  const prev = rows[i - 1];
  const growth = prev ? `${(r.cpu / prev.cpu).toFixed(1)}` : '';
  const bound = prev ? `${(nLogN(r.n) / nLogN(prev.n)).toFixed(1)}` : '';
  console.log(`| ${r.n.toLocaleString('en')} | ${r.events.toLocaleString('en')} | ${r.cpu.toFixed(1)} | ${r.wall.toFixed(1)} | ${Math.round(r.peakMiB)} | ${Math.round(r.peakMiB * 2 ** 20 / r.n)} | ${growth} | ${bound} | ${(perNLogN(r) / perNLogN(base)).toFixed(2)} | ${r.fingerprint} |`);
});
