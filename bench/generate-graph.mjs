// Writes a seeded random graph as an edge list with a per-link latency column:
//   node bench/generate-graph.mjs OUT.txt [nodes=100000] [avgDegree=8] [seed=1]
// G(n, m) with m = n·degree/2 uniform random pairs (self-loops and repeats are
// dropped by the reader), latency uniform in [1, 10] ms rounded to 0.01 ms.
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import seedrandom from 'seedrandom';

const [out, nArg = '100000', degArg = '8', seedArg = '1'] = process.argv.slice(2);
if (!out) { console.error('usage: node bench/generate-graph.mjs OUT.txt [nodes] [avgDegree] [seed]'); process.exit(2); }
const n = Number(nArg), degree = Number(degArg);
const rng = seedrandom.alea(`bench-graph:${seedArg}`);
const m = Math.round((n * degree) / 2);
mkdirSync(dirname(out), { recursive: true });
const w = createWriteStream(out);
w.write(`# G(n=${n}, m=${m}) seed ${seedArg}; columns: u v latency_ms\n`);
let chunk = [];
for (let i = 0; i < m; i++) {
  const u = Math.floor(rng() * n), v = Math.floor(rng() * n);
  chunk.push(`${u} ${v} ${(1 + Math.round(rng() * 900) / 100).toFixed(2)}`);
  if (chunk.length === 10000) { w.write(chunk.join('\n') + '\n'); chunk = []; }
}
if (chunk.length) w.write(chunk.join('\n') + '\n');
w.end();
