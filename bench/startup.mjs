// npm run bench:startup — start-up of a small run, whole process: median CPU seconds
// (user + system, from /usr/bin/time) and wall seconds of
//   castsim run scenarios/flood-grid.yaml --json      (25 nodes, 56 transmissions)
// against an empty `node -e 0` as the floor, run alternately so both see the same load.
//   node bench/startup.mjs [reps=21] [other-cli.js ...]
// Each extra argument is another build's dist/cli/main.js (e.g. main's, to compare a
// change), run in the same alternation with the same scenario.
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const reps = Number(process.argv[2] ?? 21);
const scenario = `${here}../scenarios/flood-grid.yaml`;
const clis = [process.env.CASTSIM_CLI ?? `${here}../dist/cli/main.js`, ...process.argv.slice(3)];
const tmp = mkdtempSync(join(tmpdir(), 'castsim-startup-'));
const usage = join(tmp, 'time.txt');

const contenders = [
  { name: 'node -e 0', args: ['-e', '0'] },
  ...clis.map((cli, i) => ({ name: i === 0 ? 'castsim run --json' : `castsim run --json (${cli})`, args: [cli, 'run', scenario, '--json'] })),
];

/** One whole process under /usr/bin/time: CPU seconds (user + system) and wall seconds. */
function once(args) {
  const t0 = process.hrtime.bigint();
  const p = spawnSync('/usr/bin/time', ['-f', '%U %S', '-o', usage, process.execPath, ...args], { encoding: 'utf8' });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  if (p.status !== 0) throw new Error(`${args.join(' ')} failed (${p.status}): ${p.stderr}`);
  const [user, sys] = readFileSync(usage, 'utf8').trim().split('\n').pop().split(' ').map(Number);
  return { cpu: user + sys, wall };
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const samples = contenders.map(() => ({ cpu: [], wall: [] }));
const loadBefore = loadavg()[0];
once(contenders[1].args); // warm the file cache once, not measured
for (let r = 0; r < reps; r++) {
  contenders.forEach((c, i) => { const m = once(c.args); samples[i].cpu.push(m.cpu); samples[i].wall.push(m.wall); });
}
rmSync(tmp, { recursive: true, force: true });

const floor = { cpu: median(samples[0].cpu), wall: median(samples[0].wall) };
console.log(`start-up, median of ${reps} alternating runs; ${new Date().toISOString().slice(0, 16)} UTC, node ${process.version}, load average ${loadBefore.toFixed(1)} → ${loadavg()[0].toFixed(1)}`);
console.log('| command | CPU s | wall s | CPU above node -e 0 |');
console.log('|---|---:|---:|---:|');
contenders.forEach((c, i) => {
  const cpu = median(samples[i].cpu); const wall = median(samples[i].wall);
  console.log(`| ${c.name} | ${cpu.toFixed(2)} | ${wall.toFixed(2)} | ${i === 0 ? '' : (cpu - floor.cpu).toFixed(2)} |`);
});
