import type { Argv } from 'yargs';
import { runClient, SEED_MESSAGE } from '../realtime/client.js';
import { guard, UsageError } from './errors.js';
import { numberOption } from './number-option.js';
import { commandLines } from './commands.js';

interface ClientArgs { url: string; send?: string; listen?: boolean; exitAfter?: number; join?: string; to?: number; json?: boolean }

export const clientCommand = {
  ...commandLines.client,
  builder: (y: Argv) => y
    .option('url', { type: 'string', default: 'ws://localhost:8765', describe: 'server address' })
    .option('send', { type: 'string', describe: `text to send once connected (default: the seed's "${SEED_MESSAGE}")` })
    .option('listen', { type: 'boolean', describe: 'send nothing, only print what arrives' })
    .option('exit-after', numberOption('exit-after', 'exit after receiving this many messages'))
    .option('join', { type: 'string', describe: 'join this group (JSON protocol); --send then multicasts to it' })
    .option('to', numberOption('to', 'send to this client id (JSON protocol, unicast)'))
    .option('json', { type: 'boolean', describe: 'speak the JSON protocol and print every frame as received' })
    .conflicts('listen', 'send')
    .example('castsim client', "the seed's client: sends the test message, prints the broadcast")
    .example('castsim client --join lab --send hi', 'join group lab and multicast to it'),
  handler: (argv: ClientArgs) => guard(async () => {
    if (!/^wss?:\/\//.test(argv.url)) throw new UsageError(`--url must start with ws:// or wss://, got '${argv.url}'`);
    if (argv.exitAfter !== undefined && (!Number.isInteger(argv.exitAfter) || argv.exitAfter < 1)) throw new UsageError(`--exit-after must be a whole number ≥ 1, got ${argv.exitAfter}`);
    if (argv.to !== undefined && (!Number.isInteger(argv.to) || argv.to < 1)) throw new UsageError(`--to must be a client id (a whole number ≥ 1), got ${argv.to}`);
    const client = runClient({
      url: argv.url, send: argv.listen ? undefined : argv.send ?? SEED_MESSAGE, exitAfter: argv.exitAfter,
      join: argv.join, to: argv.to, json: argv.json,
      out: (l) => process.stdout.write(`${l}\n`), err: (l) => process.stderr.write(`${l}\n`),
    });
    process.once('SIGINT', () => { client.stop(); process.exitCode = 0; });
    process.exitCode = await client.done;
  }),
};
