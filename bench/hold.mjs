// Hold-model benchmark of the event queue (npm run bench:hold): fill the queue with P
// pending events, then each step pops the earliest and schedules one more at
// now + an exponential increment (mean 1), so the queue stays at P. Prints events/s
// for P = 10,000 and P = 1,000,000 (the issue-14 targets: ≥ 10 M/s and ≥ 3 M/s).
//   node bench/hold.mjs [pending,...] [steps]
import { EventQueue } from '../dist/engine/event-queue.js';

const sizes = (process.argv[2] ?? '10000,1000000').split(',').map(Number);
const steps = Number(process.argv[3] ?? 20_000_000);
// A fixed xorshift stream: the benchmark needs no seeding API, only the same draws each run.
let x = 2463534242;
const uniform = () => { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; return (x >>> 0) / 4294967296; };

for (const pending of sizes) {
  const q = new EventQueue(pending);
  for (let i = 0; i < pending; i++) q.push(-Math.log(1 - uniform()), 1, i);
  // Warm up (and settle the key distribution) before timing.
  for (let i = 0; i < pending; i++) { q.pop(); q.push(q.popTime - Math.log(1 - uniform()), 1, q.popA); }
  const t0 = process.hrtime.bigint(), c0 = process.cpuUsage();
  for (let i = 0; i < steps; i++) { q.pop(); q.push(q.popTime - Math.log(1 - uniform()), 1, q.popA); }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9, c = process.cpuUsage(c0), cpu = (c.user + c.system) / 1e6;
  // CPU seconds beside wall seconds: on a shared machine the process gets only part of a core.
  console.log(JSON.stringify({
    bench: 'hold', pending, events: steps, seconds: Number(seconds.toFixed(3)), eventsPerSecond: Math.round(steps / seconds),
    cpuSeconds: Number(cpu.toFixed(3)), eventsPerCpuSecond: Math.round(steps / cpu),
  }));
}
