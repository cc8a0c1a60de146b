import type { Argv } from 'yargs';
import { mergeShards, readShardFile } from '../sweep/merge.js';
import { guard } from './errors.js';
import { checkOutputFile } from './output-file.js';
import { asUsage, writeReport } from './sweep.js';

interface MergeArgs { files: string[]; json?: boolean; csv?: string; html?: string }

export const mergeCommand = {
  command: 'merge <files..>',
  describe: 'Combine the shard outputs of one sweep (sweep --shard i/n --json) into its full report',
  builder: (y: Argv) =>
    y.positional('files', { type: 'string', array: true, describe: 'every shard file of the sweep, in any order', demandOption: true })
      .option('json', { type: 'boolean', describe: 'print the report as JSON, exactly as the unsharded sweep --json would' })
      .option('csv', { type: 'string', describe: 'also write the report as CSV to FILE' })
      .option('html', { type: 'string', describe: 'also write the HTML report to FILE' })
      .example('castsim merge shard-*.json --csv loss.csv', 'the full sweep from its shards'),
  handler: (argv: MergeArgs) => guard(() => asUsage(async () => {
    if (argv.csv !== undefined) checkOutputFile(argv.csv, '--csv');
    if (argv.html !== undefined) checkOutputFile(argv.html, '--html');
    await writeReport(mergeShards(argv.files.map(String).map(readShardFile)), argv);
  })),
};
