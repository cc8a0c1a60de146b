/**
 * `castsim sweep ... --slurm DIR`: freeze the sweep into DIR, then either submit
 * it (`--submit`: the array job, and the merge job after it) or print the two
 * sbatch commands that do.
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeClusterFolder, type ClusterFolderRequest } from '../sweep/cluster-folder.js';
import { readFolderShards } from '../sweep/folder-merge.js';
import { jobName } from '../sweep/slurm-scripts.js';
import { EXIT_FAILED_RUN } from './errors.js';

/** This castsim, as the shard scripts should start it: the node binary and main.js (dist/cli/'s or the bundled dist/bundle/'s), absolute. */
export function thisCastsim(): string[] {
  return [process.execPath, fileURLToPath(new URL('./main.js', import.meta.url))];
}

/** Run sbatch --parsable; the job id, or an Error saying why not. */
function sbatch(args: string[]): string | Error {
  const r = spawnSync('sbatch', ['--parsable', ...args], { encoding: 'utf8' });
  if (r.error) return new Error((r.error as NodeJS.ErrnoException).code === 'ENOENT' ? 'sbatch not found: is this a Slurm login node?' : r.error.message);
  if (r.status !== 0) return new Error(`sbatch ${args.join(' ')} failed (exit ${r.status}): ${r.stderr.trim()}`);
  // --parsable prints "jobid" or "jobid;cluster".
  return r.stdout.trim().split(';')[0]!;
}

export function slurmSweep(dir: string, req: ClusterFolderRequest, submit: boolean): void {
  const abs = resolve(dir);
  const { manifest, state } = writeClusterFolder(abs, req);
  const array = join(abs, 'array.sbatch'), merge = join(abs, 'merge.sbatch');
  const out = process.stdout;
  if (state === 'existing') {
    const { done } = readFolderShards(abs);
    out.write(`${dir} already holds this sweep (${done.length} of ${manifest.shards} shards done); left as it is — finished shards are skipped when their task runs again\n`);
  } else {
    out.write(`wrote ${dir}: ${manifest.runs} runs of ${manifest.scenario} in ${manifest.shards} shards (sweep ${manifest.sweep.slice(0, 12)})\n`);
  }
  if (!submit) {
    out.write([
      'submit with:',
      `  jobid=$(sbatch --parsable ${array})`,
      `  sbatch --dependency=afterok:$jobid ${merge}`,
      `or run it here without Slurm: bash ${join(abs, 'run-local.sh')}`,
      '',
    ].join('\n'));
    return;
  }
  const arrayId = sbatch([array]);
  if (arrayId instanceof Error) return fail(arrayId);
  out.write(`submitted array job ${arrayId} (${manifest.shards} shards)\n`);
  const mergeId = sbatch([`--dependency=afterok:${arrayId}`, merge]);
  if (mergeId instanceof Error) return fail(mergeId);
  out.write(`submitted merge job ${mergeId} (runs when every shard has succeeded)\n`);
  out.write(`progress: squeue --name=${jobName(manifest.scenario)},${jobName(manifest.scenario)}-merge   castsim merge ${dir}\n`);
  out.write(`result: ${join(abs, 'result.json')} and result.csv\n`);
}

function fail(err: Error): void {
  process.stderr.write(`castsim: ${err.message}\n`);
  process.exitCode = EXIT_FAILED_RUN;
}
