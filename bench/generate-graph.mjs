// Writes a seeded random graph as an edge list with a per-link latency column:
//   node bench/generate-graph.mjs OUT.txt [nodes=100000] [avgDegree=8] [seed=1]   (--help)
// G(n, m) with m = n·degree/2 uniform random pairs (self-loops and repeats are
// dropped by the reader), latency uniform in [1, 10] ms rounded to 0.01 ms.
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import seedrandom from 'seedrandom';
import { commandLine } from './cli-args.mjs';

const USAGE = `usage: node bench/generate-graph.mjs OUT.txt [nodes] [avgDegree] [seed]
  OUT.txt: the file to write (its folder is made); nodes: an integer ≥ 2 (100000); avgDegree:
  a number > 0 (8); seed: any word (1).
  example: node bench/generate-graph.mjs /tmp/g-10k.txt 10000 8 2`;
const cli = commandLine('bench/generate-graph.mjs', USAGE);
const { positionals: [out, nArg = '100000', degArg = '8', seedArg = '1'] } = cli.parse({ most: 4 });
if (!out) cli.usageError('needs OUT.txt, the file to write');
const n = cli.integer('nodes', nArg, 2), degree = cli.positive('avgDegree', degArg);
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
