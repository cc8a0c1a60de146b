// npm run bench: every benchmark in its own process (so peak memory is its own),
// one JSON line each, then a readable summary.
//   node bench/run.mjs [ONLY]   (--help): ONLY keeps the benchmarks whose name starts with it
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { commandLine } from './cli-args.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const benches = ['flood-100k.mjs', 'compare-20k.mjs', 'gossip-million.mjs'].filter((b) => existsSync(here + b));
const USAGE = `usage: node bench/run.mjs [ONLY]   (npm run bench [-- ONLY] builds first)
  Runs each benchmark in its own process: ${benches.map((b) => b.replace(/\.mjs$/, '')).join(', ')}.
  ONLY keeps those whose name starts with it.
  example: node bench/run.mjs gossip`;
const cli = commandLine('bench/run.mjs', USAGE);
const { positionals: [only] } = cli.parse({ most: 1 });
if (only !== undefined && !benches.some((b) => b.startsWith(only))) cli.usageError(`ONLY ${only} names no benchmark here`);
const results = [];
for (const b of benches) {
  if (only && !b.startsWith(only)) continue;
  process.stderr.write(`running ${b} ...\n`);
  const out = execFileSync(process.execPath, ['--max-old-space-size=16384', here + b], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  for (const line of out.trim().split('\n')) { console.log(line); results.push(JSON.parse(line)); }
}
console.log('\nbenchmark            events      seconds   events/s     peak MiB');
for (const r of results) {
  console.log(`${r.bench.padEnd(18)} ${String(r.events).padStart(10)} ${String(r.seconds).padStart(10)} ${String(r.eventsPerSecond).padStart(10)} ${String(r.peakMemoryMiB).padStart(10)}`);
}
