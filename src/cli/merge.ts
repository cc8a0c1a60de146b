import { statSync } from 'node:fs';
import type { Argv } from 'yargs';
import { mergeShards, readShardFile } from '../sweep/merge.js';
import { missingShardsMessage, readFolderShards } from '../sweep/folder-merge.js';
import { EXIT_FAILED_RUN, guard, UsageError } from './errors.js';
import { checkOutputs } from './output-file.js';
import { pathOption } from './single-option.js';
import { asUsage, writeReport } from './sweep.js';
import { commandLines } from './commands.js';

interface MergeArgs { files: string[]; json?: boolean; csv?: string; html?: string; out?: string }

const isFolder = (p: string) => { try { return statSync(p).isDirectory(); } catch { return false; } };

export const mergeCommand = {
  ...commandLines.merge,
  builder: (y: Argv) =>
    y.positional('files', { type: 'string', array: true, describe: 'every shard file of the sweep, in any order; or one folder of them', demandOption: true })
      .option('json', { type: 'boolean', describe: 'print the report as JSON, exactly as the unsharded sweep --json would' })
      .option('csv', pathOption('csv', 'also write the report as CSV to FILE; - for stdout (the report then goes to stderr)'))
      .option('html', pathOption('html', 'also write the HTML report to FILE'))
      .option('out', pathOption('out', 'write the report to FILE instead of stdout, atomically'))
      .example('castsim merge shard-*.json --csv loss.csv', 'the full sweep from its shards')
      .example('castsim merge loss/', 'a sweep --slurm folder: the report, or which shards to rerun (exit 1)'),
  handler: (argv: MergeArgs) => guard(() => asUsage(async () => {
    const outputs = checkOutputs({ '--out': argv.out, '--csv': argv.csv, '--html': argv.html });
    const paths = argv.files.map(String);
    const folders = paths.filter(isFolder);
    if (folders.length === 0) return writeReport(mergeShards(paths.map(readShardFile)), argv, outputs);
    if (paths.length > 1) throw new UsageError(`merge takes shard files or one folder, not both: ${folders[0]} is a folder`);
    const found = readFolderShards(paths[0]!);
    if (found.manifest && found.missing.length > 0) {
      // Not bad input: the folder is fine, its work is not finished yet.
      process.stderr.write(`castsim: ${missingShardsMessage(paths[0]!, found)}\n`);
      process.exitCode = EXIT_FAILED_RUN;
      return;
    }
    await writeReport(mergeShards(found.done), argv, outputs);
  })),
};
