// The issue-14 reference graph as an edge list with a per-link latency column:
//   node bench/peers/make-graph.mjs OUT.txt NODES [seed=1]
// Node i is linked to i+1 (mod n) and to 3 random others (no self-loops, no repeated
// pairs, so every simulator reads the same simple graph without deduplicating);
// latency uniform in [1, 10] ms with 0.01 ms steps. Seeded: the same file every time.
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import seedrandom from 'seedrandom';

const [out, nArg, seedArg = '1'] = process.argv.slice(2);
if (!out || !nArg) { console.error('usage: node bench/peers/make-graph.mjs OUT.txt NODES [seed]'); process.exit(2); }
const n = Number(nArg);
const rng = seedrandom.alea(`castsim-peers:${seedArg}`);
const seen = new Set();
const key = (u, v) => (u < v ? u * n + v : v * n + u);
mkdirSync(dirname(out), { recursive: true });
const w = createWriteStream(out);
w.write(`# issue-14 reference flood graph: n=${n}, ring + 3 random links per node, seed ${seedArg}; u v latency_ms\n`);
let chunk = '';
const latency = () => (1 + Math.round(rng() * 900) / 100).toFixed(2);
for (let i = 0; i < n; i++) {
  const next = (i + 1) % n;
  if (next !== i && !seen.has(key(i, next))) { seen.add(key(i, next)); chunk += `${i} ${next} ${latency()}\n`; }
  for (let k = 0; k < 3; k++) {
    let j;
    do j = Math.floor(rng() * n); while (j === i || seen.has(key(i, j)));
    seen.add(key(i, j));
    chunk += `${i} ${j} ${latency()}\n`;
  }
  if (chunk.length > 1 << 20) { w.write(chunk); chunk = ''; }
}
w.end(chunk);
