/**
 * `sweep --slurm DIR` without Slurm: the folder's run-local.sh gives the unsharded
 * sweep's bytes, `merge DIR` names the shards that are missing with the array ids to
 * resubmit, a finished shard is skipped when its task runs again, and a folder that
 * holds something else is never overwritten.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { castsim } from '../support/cli.js';
import { flood40, SWEEP_ARGS } from '../support/cluster-sweep.js';

const dir = mkdtempSync(join(tmpdir(), 'castsim-folder-'));
const scenario = flood40(dir);
const bash = (args: string[]) => spawnSync('bash', args, { encoding: 'utf8', env: { ...process.env, CASTSIM: '' } });
const listing = (d: string) => readdirSync(d, { recursive: true }).map(String).sort();

describe('sweep --slurm DIR, run without Slurm', () => {
  const folder = join(dir, 'loss');
  const reference = castsim(['sweep', scenario, ...SWEEP_ARGS, '--json']);

  it('writes the scripts, the frozen scenario and a manifest, and prints the two sbatch commands', { timeout: 30_000 }, () => {
    const r = castsim(['sweep', scenario, ...SWEEP_ARGS, '--slurm', folder, '--shards', '4', '--partition', 'short', '--time', '00:10:00']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`jobid=$(sbatch --parsable ${folder}/array.sbatch)`);
    expect(r.stdout).toContain(`sbatch --dependency=afterok:$jobid ${folder}/merge.sbatch`);
    expect(listing(folder)).toEqual(['array.sbatch', 'logs', 'merge.sbatch', 'merge.sh', 'run-local.sh', 'scenario', 'scenario/flood.yaml', 'shard.sh', 'shards', 'sweep.json']);
    const array = readFileSync(join(folder, 'array.sbatch'), 'utf8');
    for (const line of ['#SBATCH --array=1-4', '#SBATCH --cpus-per-task=1', '#SBATCH --partition=short', '#SBATCH --time=00:10:00']) expect(array).toContain(line);
    expect(array).toContain('"${SLURM_CPUS_PER_TASK:-1}"');
    expect(readFileSync(join(folder, 'merge.sbatch'), 'utf8')).toContain('#SBATCH --kill-on-invalid-dep=yes');
    // The frozen scenario carries --set (until) and plans the same sweep as the original.
    expect(readFileSync(join(folder, 'scenario/flood.yaml'), 'utf8')).toMatch(/^until: 900$/m);
    const manifest = JSON.parse(readFileSync(join(folder, 'sweep.json'), 'utf8'));
    expect(manifest).toMatchObject({ format: 'castsim-sweep-folder', shards: 4, runs: 8, sweep: JSON.parse(reference.stdout).sweep });
  });

  it('merge DIR names the missing shards and the sbatch --array to rerun them; rerunning those completes it', { timeout: 60_000 }, () => {
    for (const i of [1, 2, 4]) expect(bash([join(folder, 'shard.sh'), String(i)]).status).toBe(0);
    const partial = castsim(['merge', folder]);
    expect(partial.code).toBe(1);
    expect(partial.stdout).toBe('');
    expect(partial.stderr).toContain('3 of 4 shards done; no complete result yet for shard 3');
    expect(partial.stderr).toContain(`jobid=$(sbatch --array=3 --parsable ${folder}/array.sbatch)`);
    expect(bash([join(folder, 'shard.sh'), '3']).status).toBe(0);
    const whole = castsim(['merge', folder, '--json']);
    expect(whole.stderr).toBe('');
    expect(whole.stdout).toBe(reference.stdout);
    // A plain folder of shard files (no sweep.json) merges like the files given one by one.
    expect(castsim(['merge', join(folder, 'shards'), '--json']).stdout).toBe(reference.stdout);
  });

  it('a shard already complete is skipped when its task runs again (its file untouched)', { timeout: 30_000 }, () => {
    const file = join(folder, 'shards/2.json');
    const before = statSync(file);
    const again = bash([join(folder, 'shard.sh'), '2']);
    expect(again.status).toBe(0);
    expect(again.stderr).toContain('shard 2/4 is already complete');
    expect(statSync(file).mtimeMs).toBe(before.mtimeMs);
    expect(statSync(file).ino).toBe(before.ino);
  });

  it('bash run-local.sh writes result.json equal to the unsharded sweep, byte for byte', { timeout: 90_000 }, () => {
    const local = join(dir, 'local');
    expect(castsim(['sweep', scenario, ...SWEEP_ARGS, '--slurm', local, '--shards', '2']).code).toBe(0);
    const r = bash([join(local, 'run-local.sh')]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readFileSync(join(local, 'result.json'), 'utf8')).toBe(reference.stdout);
    expect(readFileSync(join(local, 'result.csv'), 'utf8')).toMatch(/^point,link\.loss,protocol\.mode,metric,/);
    expect(listing(join(local, 'shards'))).toEqual(['1.json', '2.json']);
  });

  it('the same command on the same folder leaves it as it is; another sweep is refused, exit 2, nothing changed', { timeout: 60_000 }, () => {
    const same = castsim(['sweep', scenario, ...SWEEP_ARGS, '--slurm', folder, '--shards', '4', '--partition', 'short', '--time', '00:10:00']);
    expect(same.code).toBe(0);
    expect(same.stdout).toContain('already holds this sweep (4 of 4 shards done)');
    const before = listing(folder);
    for (const other of [['--shards', '2'], ['--shards', '4', '--set', 'link.loss=0.1']]) {
      const r = castsim(['sweep', scenario, ...SWEEP_ARGS, '--slurm', folder, ...other]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/the folder is not empty and it holds another sweep/);
    }
    const foreign = join(dir, 'foreign');
    mkdirSync(foreign);
    writeFileSync(join(foreign, 'notes.txt'), 'mine\n');
    const r = castsim(['sweep', scenario, ...SWEEP_ARGS, '--slurm', foreign]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not empty and it is not a castsim sweep folder/);
    expect(listing(foreign)).toEqual(['notes.txt']);
    expect(listing(folder)).toEqual(before);
  });

  it('an edge list is copied into the folder, so the cluster runs it even if the original changes', { timeout: 60_000 }, () => {
    const edges = join(dir, 'ring.txt');
    writeFileSync(edges, Array.from({ length: 12 }, (_, i) => `${i} ${(i + 1) % 12}`).join('\n'));
    const ring = join(dir, 'ring.yaml');
    writeFileSync(ring, 'topology: { kind: edgelist, file: ring.txt }\nprotocol: { type: broadcast }\n');
    const args = [ring, '--vary', 'link.loss=0,0.5', '--seeds', '2'];
    const want = castsim(['sweep', ...args, '--json']).stdout;
    const folder2 = join(dir, 'ring');
    expect(castsim(['sweep', ...args, '--slurm', folder2, '--shards', '2']).code).toBe(0);
    writeFileSync(edges, '0 1\n');
    for (const i of [1, 2]) expect(bash([join(folder2, 'shard.sh'), String(i)]).status).toBe(0);
    expect(castsim(['merge', folder2, '--json']).stdout).toBe(want);
    expect(readFileSync(join(folder2, 'scenario/ring.txt'), 'utf8')).toMatch(/^0 1\n1 2\n/);
    // A shard of another sweep copied in is bad input, named, not merged.
    expect(castsim(['sweep', scenario, ...SWEEP_ARGS, '--shard', '1/2', '--out', join(folder2, 'shards/1.json')]).code).toBe(0);
    const foreign = castsim(['merge', folder2]);
    expect(foreign.code).toBe(2);
    expect(foreign.stderr).toMatch(/shards\/1\.json: holds shard 1\/2 of sweep \w+, but this folder expects shard 1\/2 of sweep \w+ — copied from elsewhere/);
  });

  it('bad --slurm options exit 2 with a message and create no folder; --shards and --resume need their partners', { timeout: 60_000 }, () => {
    const bad: Array<[string[], RegExp]> = [
      [['--shards', '9'], /--shards 9 is more than the 8 runs of this sweep/],
      [['--jobs', '2'], /--jobs does not go with --slurm/],
      [['--partition', 'a b'], /--partition a b: expected a partition name/],
      [['--time', 'soon'], /--time soon: expected HH:MM:SS/],
    ];
    for (const [args, message] of bad) {
      const target = join(dir, 'bad');
      const r = castsim(['sweep', scenario, ...SWEEP_ARGS, '--slurm', target, ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(existsSync(target)).toBe(false);
    }
    expect(castsim(['sweep', scenario, ...SWEEP_ARGS, '--shards', '2']).stderr).toMatch(/--shards goes with --slurm DIR/);
    expect(castsim(['sweep', scenario, ...SWEEP_ARGS, '--shard', '1/2', '--resume']).stderr).toMatch(/--resume goes with --shard i\/n and --out FILE/);
  });

  it('--submit where there is no sbatch: exit 1 saying so; the folder is written and can be submitted later', { timeout: 30_000 }, () => {
    const target = join(dir, 'nosbatch');
    const r = castsim(['sweep', scenario, ...SWEEP_ARGS, '--slurm', target, '--submit'], { env: { PATH: join(dir, 'no-such-bin') } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/sbatch not found: is this a Slurm login node\?/);
    expect(existsSync(join(target, 'array.sbatch'))).toBe(true);
  });

  it('leaves no temporary folder behind', () => {
    expect(readdirSync(dir).filter((f) => f.includes('.partial'))).toEqual([]);
    rmSync(join(dir, 'foreign'), { recursive: true });
  });
});
