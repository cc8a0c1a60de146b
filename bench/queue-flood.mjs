// The reference flood's event sequence through the event queue alone (no World, no trace):
// the queue's share of `castsim run peers-N.yaml`, to compare queue variants in isolation.
// Node 0 floods; a node's first receipt forwards to every neighbour but the sender, in
// ascending order, at now + the link's latency (the edge list's third column), each push with
// a message ref as the World's are. Prints the replay's CPU ms per round and a checksum of
// the pops (so two builds can be checked to pop the same sequence).
//   node bench/queue-flood.mjs EDGES.txt [rounds] [--dist DIR] [--count]   (--help)
// --count wraps the queue's internal steps to count them (slower: not for timing).
import { readGraph } from './peers/read-edges.mjs';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { existsSync, statSync } from 'node:fs';
import { commandLine } from './cli-args.mjs';

const USAGE = `usage: node bench/queue-flood.mjs EDGES.txt [rounds] [--dist DIR] [--count]
  EDGES.txt: an edge list with a latency column (bench/data/peers-100000.txt, written by
  node bench/peers.mjs); rounds: ≥ 1 (3); --dist: another build's dist/ folder (this one's);
  --count: count the queue's internal steps (slower: not for timing).
  example: node bench/queue-flood.mjs bench/data/peers-100000.txt 5 --dist /tmp/old-build/dist`;
const cli = commandLine('bench/queue-flood.mjs', USAGE);
const { options, positionals: [file, roundsArg = '3'] } = cli.parse({ valued: ['dist'], flags: ['count'], most: 2 });
if (file === undefined) cli.usageError('needs EDGES.txt, an edge-list file');
if (!(existsSync(file) && statSync(file).isFile())) cli.usageError(`EDGES.txt ${file}: no such file`);
const rounds = cli.integer('rounds', roundsArg, 1);
const dist = options.dist ?? new URL('../dist/', import.meta.url).pathname;
if (!existsSync(resolve(dist, 'engine/event-queue.js'))) cli.usageError(`--dist ${dist} is not a build's dist/ folder (no engine/event-queue.js in it)`);
const count = options.count === true;
const { EventQueue } = await import(pathToFileURL(resolve(dist, 'engine/event-queue.js')).href);

// CSR with rows sorted by target and repeated links dropped (what castsim's topology holds).
const g = readGraph(file);
{
  const { offsets, targets, delay } = g;
  for (let v = 0; v < g.nodes; v++) {
    const lo = offsets[v], hi = offsets[v + 1];
    for (let i = lo + 1; i < hi; i++) {
      const t = targets[i], d = delay[i];
      let j = i;
      while (j > lo && targets[j - 1] > t) { targets[j] = targets[j - 1]; delay[j] = delay[j - 1]; j--; }
      targets[j] = t; delay[j] = d;
    }
  }
}

const counters = {};
if (count) {
  for (const name of Object.getOwnPropertyNames(EventQueue.prototype)) {
    const d = Object.getOwnPropertyDescriptor(EventQueue.prototype, name);
    if (typeof d.value !== 'function' || name === 'constructor' || name === 'push' || name === 'pop') continue;
    const f = d.value;
    counters[name] = 0;
    EventQueue.prototype[name] = function (...a) { counters[name]++; return f.apply(this, a); };
  }
}

const msg = { kind: 'flood' };
function replay() {
  const { offsets, targets, delay } = g;
  const q = new EventQueue(4096), seen = new Uint8Array(g.nodes);
  let pops = 0, sum = 0, maxPending = 0;
  seen[0] = 1;
  for (let k = offsets[0]; k < offsets[1]; k++) q.push(delay[k], 0, 0, targets[k], k, msg);
  while (q.pop()) {
    pops++;
    const to = q.popB, from = q.popA, now = q.popTime;
    sum = (sum * 31 + to + q.popC) % 1000000007;
    if (seen[to]) continue;
    seen[to] = 1;
    for (let k = offsets[to], end = offsets[to + 1]; k < end; k++) {
      const v = targets[k];
      if (v !== from) q.push(now + delay[k], 0, to, v, k, msg);
    }
    if (q.size > maxPending) maxPending = q.size;
  }
  return { pops, sum, maxPending };
}

const cpu = [];
let out;
for (let r = 0; r < rounds; r++) {
  const c0 = process.cpuUsage();
  out = replay();
  const c = process.cpuUsage(c0);
  cpu.push(Math.round((c.user + c.system) / 1000));
}
console.log(JSON.stringify({ bench: 'queue-flood', nodes: g.nodes, ...out, cpuMs: cpu, ...(count ? { counters } : {}) }));
