// The hold model (bench/hold.mjs) for two builds of the event queue in one process, rounds
// alternating, to compare them on a loaded machine: whole processes alternated there swing
// ±25% a pair, while rounds in one process see the same neighbours. Run it both ways round
// (the ratio is B ÷ A; a build loaded second can be favoured by a few per cent).
//   node bench/hold-ab.mjs DIST_A DIST_B [pending] [steps] [pairs]   (--help)
// DIST_*: a dist/ folder (a copy of an old build's dist/ works: the queue imports nothing else).
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { commandLine } from './cli-args.mjs';

const USAGE = `usage: node bench/hold-ab.mjs DIST_A DIST_B [pending] [steps] [pairs]
  DIST_A, DIST_B: dist/ folders of two builds (each with engine/event-queue.js); pending: queue
  size, ≥ 1 (10000); steps: timed pops per round, ≥ 1 (2000000); pairs: rounds of each, ≥ 1 (11).
  Prints B's rate over A's.
  example: node bench/hold-ab.mjs /tmp/old-build/dist dist 10000 2000000 11`;
const cli = commandLine('bench/hold-ab.mjs', USAGE);
const { positionals: [distA, distB, pending = '10000', steps = '2000000', pairs = '11'] } = cli.parse({ most: 5 });
if (!distA || !distB) cli.usageError('needs two dist/ folders, DIST_A and DIST_B');
for (const [name, dist] of [['DIST_A', distA], ['DIST_B', distB]]) {
  if (!existsSync(resolve(dist, 'engine/event-queue.js'))) cli.usageError(`${name} ${dist} is not a build's dist/ folder (no engine/event-queue.js in it)`);
}
cli.integer('pending', pending, 1); cli.integer('steps', steps, 1); cli.integer('pairs', pairs, 1);
const load = async (dist) => (await import(pathToFileURL(resolve(dist, 'engine/event-queue.js')).href)).EventQueue;

// A separate copy of the benchmark's functions per build, so each call site sees one class.
function harness(EventQueue) {
  return new Function('EventQueue', `
    function fill(q, n, x) { for (let i = 0; i < n; i++) { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; q.push(-Math.log(1 - (x >>> 0) / 4294967296), 1, i); } return x; }
    function hold(q, n, x) { for (let i = 0; i < n; i++) { q.pop(); x ^= x << 13; x ^= x >>> 17; x ^= x << 5; q.push(q.popTime - Math.log(1 - (x >>> 0) / 4294967296), 1, q.popA); } return x; }
    return (pending, steps) => {
      const q = new EventQueue(pending), x = hold(q, pending, fill(q, pending, 2463534242 | 0));
      const c0 = process.cpuUsage(); hold(q, steps, x); const c = process.cpuUsage(c0);
      return steps / ((c.user + c.system) / 1e6);
    };`)(EventQueue);
}

const a = harness(await load(distA)), b = harness(await load(distB));
const ra = [], rb = [], ratio = [];
for (let i = 0; i < Number(pairs); i++) {
  const x = a(Number(pending), Number(steps)), y = b(Number(pending), Number(steps));
  ra.push(x); rb.push(y); ratio.push(y / x);
}
const median = (v) => [...v].sort((p, q) => p - q)[v.length >> 1];
console.log(JSON.stringify({
  bench: 'hold-ab', pending: Number(pending), steps: Number(steps), pairs: Number(pairs),
  aPerCpuSecond: Math.round(median(ra)), bPerCpuSecond: Math.round(median(rb)),
  bOverA: Number(median(ratio).toFixed(3)), pairRatios: ratio.map((r) => Number(r.toFixed(2))),
}));
