// npm run bench: every benchmark in its own process (so peak memory is its own),
// one JSON line each, then a readable summary.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const benches = ['flood-100k.mjs', 'compare-20k.mjs', 'gossip-million.mjs'].filter((b) => existsSync(here + b));
const only = process.argv[2];
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
