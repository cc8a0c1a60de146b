import type { Argv } from 'yargs';
import { DEFAULT_PORT, GroupServer, MAX_PAYLOAD } from '../realtime/server.js';
import { guard, UsageError } from './errors.js';
import { numberOption } from './number-option.js';
import { commandLines } from './commands.js';

interface ServeArgs { host: string; port?: number; heartbeat?: number; maxBuffer?: number; history?: number }

export const serveCommand = {
  ...commandLines.serve,
  builder: (y: Argv) => y
    .option('host', { type: 'string', default: '127.0.0.1', describe: 'address to listen on' })
    .option('port', numberOption('port', `port to listen on (default ${DEFAULT_PORT}; 0 picks a free one and prints it)`))
    .option('heartbeat', numberOption('heartbeat', 'ms between heartbeat pings; a client that missed one is terminated (default 30000, 0: off)'))
    .option('max-buffer', numberOption('max-buffer', 'bytes a client may leave unread before it is disconnected as a slow reader (default 4194304)'))
    .option('history', numberOption('history', 'reliable messages kept per group for recovery after a reconnect (default 100)'))
    .example('castsim serve', 'the seed\'s server on ws://127.0.0.1:8765')
    .example('castsim serve --port 0', 'on a free port (printed)'),
  handler: (argv: ServeArgs) => guard(async () => {
    const port = argv.port ?? DEFAULT_PORT;
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be an integer from 0 to 65535, got ${port}`);
    for (const [flag, v] of [['heartbeat', argv.heartbeat], ['max-buffer', argv.maxBuffer], ['history', argv.history]] as const) {
      if (v !== undefined && (!Number.isInteger(v) || v < 0)) throw new UsageError(`--${flag} must be a whole number ≥ 0, got ${v}`);
    }
    let server: GroupServer;
    try {
      server = await GroupServer.start({
        host: argv.host, port, maxPayload: MAX_PAYLOAD,
        heartbeatMs: argv.heartbeat, maxBufferedBytes: argv.maxBuffer, historySize: argv.history,
      });
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      const why = e.code === 'EADDRINUSE' ? 'the port is in use (try --port 0)' : e.code === 'EACCES' ? 'permission denied' : e.message;
      throw new UsageError(`cannot listen on ${argv.host}:${port}: ${why}`);
    }
    await new Promise<void>((resolve) => {
      const shutdown = () => {
        process.stdout.write('Shutting down: closing every client with 1001 (going away)\n');
        void server.close().then(resolve);
      };
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
    });
  }),
};
