// npm run bench:startup — start-up of a small run, whole process: median CPU seconds
// (user + system) and wall seconds of
//   castsim run scenarios/flood-grid.yaml --json      (25 nodes, 56 transmissions)
// against an empty `node -e 0` as the floor, run alternately so both see the same load.
//   node bench/startup.mjs [reps=21] [other-cli.js ...]   (--help)
// castsim is the package's bin. Each extra argument is another build's CLI script (e.g.
// main's, to compare a change), run in the same alternation with the same scenario.
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { commandLine } from './cli-args.mjs';

const USAGE = `usage: node bench/startup.mjs [reps] [other-cli.js ...]
  reps: alternating runs of each, ≥ 1 (21); each other-cli.js is another build's CLI script
  (e.g. /tmp/old-build/dist/bundle/castsim.cjs), run in the same alternation. CASTSIM_CLI=FILE
  replaces the package's bin.
  example: node bench/startup.mjs 31 /tmp/old-build/dist/bundle/castsim.cjs`;
const cli = commandLine('bench/startup.mjs', USAGE);
const { positionals: [repsArg = '21', ...others] } = cli.parse();
for (const file of others) if (!(existsSync(file) && statSync(file).isFile())) cli.usageError(`other-cli.js ${file}: no such file`);
const here = fileURLToPath(new URL('.', import.meta.url));
const reps = cli.integer('reps', repsArg, 1);
const scenario = `${here}../scenarios/flood-grid.yaml`;
const bin = JSON.parse(readFileSync(`${here}../package.json`, 'utf8')).bin.castsim;
const clis = [process.env.CASTSIM_CLI ?? `${here}../${bin}`, ...others];

const contenders = [
  { name: 'node -e 0', args: ['-e', '0'] },
  ...clis.map((cli, i) => ({ name: i === 0 ? 'castsim run --json' : `castsim run --json (${cli})`, args: [cli, 'run', scenario, '--json'] })),
];

/**
 * One whole process: its CPU seconds (user + system, from bash's `times`, which prints the
 * children's rusage to the millisecond; /usr/bin/time rounds to 10 ms, too coarse here)
 * and wall seconds (our own clock, so including bash's few milliseconds).
 */
function once(args) {
  const t0 = process.hrtime.bigint();
  const p = spawnSync('bash', ['-c', '"$@" >/dev/null; s=$?; times; exit $s', 'bash', process.execPath, ...args], { encoding: 'utf8' });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  if (p.status !== 0) throw new Error(`${args.join(' ')} failed (${p.status}): ${p.stderr}`);
  const children = p.stdout.trim().split('\n').pop().split(' ').map((t) => { const [m, sec] = t.split('m'); return 60 * Number(m) + Number.parseFloat(sec); });
  return { cpu: children[0] + children[1], wall };
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const samples = contenders.map(() => ({ cpu: [], wall: [] }));
const loadBefore = loadavg()[0];
once(contenders[1].args); // warm the file cache once, not measured
for (let r = 0; r < reps; r++) {
  contenders.forEach((c, i) => { const m = once(c.args); samples[i].cpu.push(m.cpu); samples[i].wall.push(m.wall); });
}

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const floor = median(samples[0].cpu);
// Node 20 reads NODE_EXTRA_CA_CERTS's file at every start when it is set (bench/peers.mjs): both rows carry it.
const caNote = process.env.NODE_EXTRA_CA_CERTS === undefined ? 'NODE_EXTRA_CA_CERTS not set' : 'NODE_EXTRA_CA_CERTS set (read at every start, in both rows)';
console.log(`start-up, median of ${reps} alternating runs; ${new Date().toISOString().slice(0, 16)} UTC, node ${process.version}, load average ${loadBefore.toFixed(1)} → ${loadavg()[0].toFixed(1)}, ${caNote}`);
console.log('| command | CPU s (median) | CPU s (mean) | wall s (median) | CPU above node -e 0 |');
console.log('|---|---:|---:|---:|---:|');
contenders.forEach((c, i) => {
  const cpu = median(samples[i].cpu);
  console.log(`| ${c.name} | ${cpu.toFixed(3)} | ${mean(samples[i].cpu).toFixed(3)} | ${median(samples[i].wall).toFixed(3)} | ${i === 0 ? '' : (cpu - floor).toFixed(3)} |`);
});
