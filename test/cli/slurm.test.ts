/**
 * `sweep --slurm DIR --submit` on a real one-node Slurm, started by .ci/start-slurm.sh
 * (which reuses a Slurm already running). Skipped, saying why, only when not under CI
 * and Slurm is not installed; under CI a missing Slurm fails.
 *
 * The killed shard is held deterministically: shard.sh runs `$CASTSIM` when it is set,
 * and the test points it at a wrapper that parks shard 4 until released, so scancel
 * always catches that task running with no result written.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { castsim } from '../support/cli.js';
import { flood40, SWEEP_ARGS } from '../support/cluster-sweep.js';

const root = new URL('../..', import.meta.url).pathname;
const installed = spawnSync('sh', ['-c', 'command -v sbatch && command -v slurmctld && command -v slurmd && command -v munged'], { encoding: 'utf8' }).status === 0;
const runIt = installed || Boolean(process.env.CI);
if (!runIt) console.log('skipping the Slurm tests: not under CI (CI unset) and Slurm is not installed (apt-get install slurm-wlm munge)');

const dir = mkdtempSync(join(tmpdir(), 'castsim-slurm-'));
const scenario = flood40(dir);
/** Poll no longer than this for a job: generous, since other test runs may share the node. */
const WAIT_MS = 150_000;

function sh(cmd: string, env: Record<string, string | undefined> = {}): { code: number; out: string } {
  const r = spawnSync('bash', ['-c', cmd], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

/** Wait until `done()` holds, checking every 200 ms; fail with what Slurm shows after WAIT_MS. */
async function until(what: string, done: () => boolean): Promise<void> {
  for (let waited = 0; waited < WAIT_MS; waited += 200) {
    if (done()) return;
    await sleep(200);
  }
  throw new Error(`gave up waiting for ${what}; squeue shows:\n${sh('squeue -r').out}`);
}

/** The job ids still queued or running among these (array tasks included). */
const inQueue = (ids: string[]) => spawnSync('squeue', ['-h', '-r', '-o', '%i', '-j', ids.join(',')], { encoding: 'utf8' })
  // stdout only: a job Slurm has already forgotten is an error on stderr, and not in the queue.
  .stdout.split('\n').filter(Boolean);

function submitted(stdout: string): { array: string; merge: string } {
  const array = /submitted array job (\d+)/.exec(stdout)?.[1];
  const merge = /submitted merge job (\d+)/.exec(stdout)?.[1];
  expect(array, stdout).toBeDefined();
  expect(merge, stdout).toBeDefined();
  submittedHere.push(array!, merge!);
  return { array: array!, merge: merge! };
}

/** Every job this file submitted, cancelled at the end should a test fail half-way. */
const submittedHere: string[] = [];

describe.runIf(runIt)('sweep --slurm on a real Slurm', () => {
  let reference = '';
  afterAll(() => {
    writeFileSync(join(dir, 'release'), '');
    if (submittedHere.length > 0) sh(`scancel ${submittedHere.join(' ')}`);
  });

  it('.ci/start-slurm.sh brings up (or finds) a node that sinfo shows idle', { timeout: 90_000 }, () => {
    const r = sh(`${root}.ci/start-slurm.sh`);
    expect(r.code, r.out).toBe(0);
    expect(sh('sinfo -h -o %T').out).toMatch(/idle|mixed|allocated/);
  });

  it('--submit with 4 shards finishes, and the merged JSON equals the unsharded sweep byte for byte', { timeout: WAIT_MS + 60_000 }, async () => {
    const folder = join(dir, 'whole');
    const r = castsim(['sweep', scenario, ...SWEEP_ARGS, '--slurm', folder, '--shards', '4', '--submit'], { env: { CASTSIM: '' } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const jobs = submitted(r.stdout);
    reference = castsim(['sweep', scenario, ...SWEEP_ARGS, '--json']).stdout;
    await until('the array and merge jobs to finish', () => inQueue([jobs.array, jobs.merge]).length === 0);
    expect(existsSync(join(folder, 'result.json')), readFileSync(join(folder, 'logs/merge.log'), 'utf8')).toBe(true);
    expect(readFileSync(join(folder, 'result.json'), 'utf8')).toBe(reference);
    expect(readFileSync(join(folder, 'logs/shard-1.log'), 'utf8')).toBe('');
  });

  it('a shard cancelled mid-run is named by merge; resubmitting what merge prints completes it, same bytes', { timeout: 2 * WAIT_MS + 60_000 }, async () => {
    const folder = join(dir, 'killed');
    const hold = join(dir, 'hold-shard-4.sh');
    writeFileSync(hold, [
      '#!/bin/bash',
      `case " $* " in *" --shard 4/4 "*) touch '${dir}/held'; while [ ! -e '${dir}/release' ]; do sleep 0.1; done ;; esac`,
      `exec '${process.execPath}' '${root}dist/cli/main.js' "$@"`,
      '',
    ].join('\n'));
    chmodSync(hold, 0o755);
    const r = castsim(['sweep', scenario, ...SWEEP_ARGS, '--slurm', folder, '--shards', '4', '--submit'], { env: { CASTSIM: hold } });
    expect(r.code, r.stderr).toBe(0);
    const jobs = submitted(r.stdout);
    const done = (i: number) => existsSync(join(folder, `shards/${i}.json`));
    // A shard file appears just before its task exits: wait for both.
    await until('shard 4 to be held and shards 1-3 to finish', () => existsSync(join(dir, 'held')) && [1, 2, 3].every(done)
      && inQueue([jobs.array]).join() === `${jobs.array}_4`);
    expect(sh(`scancel ${jobs.array}_4`).code).toBe(0);
    // The merge job's afterok can no longer be met: --kill-on-invalid-dep removes it too.
    await until('the cancelled task and the merge job to leave the queue', () => inQueue([jobs.array, jobs.merge]).length === 0);
    expect(readFileSync(join(folder, 'logs/shard-4.log'), 'utf8')).toMatch(/CANCELLED/);
    expect(done(4)).toBe(false);
    expect(existsSync(join(folder, 'result.json'))).toBe(false);

    const merge = castsim(['merge', folder]);
    expect(merge.code).toBe(1);
    expect(merge.stdout).toBe('');
    expect(merge.stderr).toContain('3 of 4 shards done; no complete result yet for shard 4');
    expect(merge.stderr).toContain(`sbatch --array=4 --parsable ${folder}/array.sbatch`);

    // Run the two commands merge printed, as a user would paste them (without the hold).
    const resubmit = merge.stderr.split('\n').filter((l) => /^ {2}(jobid=|sbatch )/.test(l)).join('\n');
    expect(resubmit.split('\n')).toHaveLength(2);
    const again = sh(`${resubmit}\necho "array=$jobid"`, { CASTSIM: '' });
    expect(again.code, again.out).toBe(0);
    const newArray = /array=(\d+)/.exec(again.out)![1]!;
    const newMerge = /Submitted batch job (\d+)/.exec(again.out)![1]!;
    submittedHere.push(newArray, newMerge);
    await until('the resubmitted shard and its merge to finish', () => inQueue([newArray, newMerge]).length === 0);
    expect(readFileSync(join(folder, 'result.json'), 'utf8')).toBe(reference);
  });
});
