// Hold-model benchmark of the event queue (npm run bench:hold): fill the queue with P
// pending events, then each step pops the earliest and schedules one more at
// now + an exponential increment (mean 1), so the queue stays at P. Prints events per CPU
// second (median and best of the rounds) for P = 10,000 and P = 1,000,000 (the issue-14
// targets: ≥ 10 M/s and ≥ 3 M/s).
//   node bench/hold.mjs [pending,...] [steps] [rounds]   (--help)
import { commandLine } from './cli-args.mjs';

const USAGE = `usage: node bench/hold.mjs [pending,...] [steps] [rounds]
  pending: queue sizes, integers ≥ 1 separated by commas (10000,1000000); steps: timed
  pops per round, ≥ 1 (5000000); rounds: ≥ 1 (3). Runs the built dist/ (npm run bench:hold builds).
  example: node bench/hold.mjs 10000 2000000 5`;
const cli = commandLine('bench/hold.mjs', USAGE);
const { positionals: [sizesArg = '10000,1000000', stepsArg = '5000000', roundsArg = '3'] } = cli.parse({ most: 3 });
const sizes = cli.integers('pending', sizesArg, 1);
const steps = cli.integer('steps', stepsArg, 1);
const rounds = cli.integer('rounds', roundsArg, 1);
// Imported after the command line is read, so --help and bad input need no build.
const { EventQueue } = await import('../dist/engine/event-queue.js');

// A fixed xorshift32 stream, its state a local of the loop: kept in a closure variable it
// would be boxed on every draw (a 16-byte allocation) and the benchmark would time the GC.
function fill(q, n, x) {
  for (let i = 0; i < n; i++) { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; q.push(-Math.log(1 - (x >>> 0) / 4294967296), 1, i); }
  return x;
}
function hold(q, n, x) {
  for (let i = 0; i < n; i++) {
    q.pop();
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    q.push(q.popTime - Math.log(1 - (x >>> 0) / 4294967296), 1, q.popA);
  }
  return x;
}

for (const pending of sizes) {
  const perCpu = [], perWall = [];
  for (let r = 0; r < rounds; r++) {
    const q = new EventQueue(pending);
    // Warm up (and settle the key distribution) before timing.
    const x = hold(q, pending, fill(q, pending, 2463534242 | 0));
    const t0 = process.hrtime.bigint(), c0 = process.cpuUsage();
    hold(q, steps, x);
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9, c = process.cpuUsage(c0), cpu = (c.user + c.system) / 1e6;
    perCpu.push(steps / cpu); perWall.push(steps / seconds);
  }
  const median = (v) => [...v].sort((a, b) => a - b)[v.length >> 1];
  // CPU seconds beside wall seconds: on a shared machine the process gets only part of a core.
  console.log(JSON.stringify({
    bench: 'hold', pending, events: steps, rounds,
    eventsPerCpuSecond: Math.round(median(perCpu)), bestPerCpuSecond: Math.round(Math.max(...perCpu)),
    eventsPerSecond: Math.round(median(perWall)),
  }));
}
