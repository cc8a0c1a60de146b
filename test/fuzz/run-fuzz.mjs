// npm run fuzz [-- --seed N] [-- --runs N]: the fuzz tests with 10,000 cases each on a
// fresh seed (printed first, so any run can be replayed with --seed).
import { spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';

const args = process.argv.slice(2);
const value = (name) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const seed = value('--seed') ?? String(randomInt(2 ** 31 - 1));
const runs = value('--runs') ?? '10000';
if (!/^\d+$/.test(seed) || !/^\d+$/.test(runs)) {
  console.error('usage: npm run fuzz [-- --seed N] [--runs N]');
  process.exit(2);
}
console.log(`castsim fuzz: seed ${seed}, ${runs} cases per property (replay: npm run fuzz -- --seed ${seed})`);
const r = spawnSync('npx', ['vitest', 'run', 'test/fuzz', '--reporter', 'verbose'], {
  stdio: 'inherit', env: { ...process.env, CASTSIM_FUZZ_SEED: seed, CASTSIM_FUZZ_RUNS: runs },
});
process.exit(r.status ?? 1);
