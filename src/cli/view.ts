import { Worker } from 'node:worker_threads';
import type { Argv } from 'yargs';
import { traceView, scenarioMeta, ViewTooLarge, type ViewMessage } from '../report/viewer/view-source.js';
import { TraceFormatError } from '../observe/trace-reader.js';
import { loadScenario } from '../scenario/load.js';
import { guard, UsageError } from './errors.js';
import { numberOption } from './number-option.js';
import { resolveScenarioPath } from './scenario-path.js';
import { overridesFrom, scenarioOptions, type ScenarioArgs } from './scenario-options.js';
import { ViewServer } from './view-server.js';
import { commandLines } from './commands.js';

interface ViewArgs extends ScenarioArgs { input: string; port?: number }

/** A trace file is named .jsonl (castsim run --trace writes them). */
const isTrace = (p: string) => /\.jsonl$/i.test(p);

async function messagesOf(argv: ViewArgs, server: () => ViewServer): Promise<{ title: string; start: () => void }> {
  if (isTrace(argv.input)) {
    let messages: ViewMessage[];
    try {
      messages = await traceView(argv.input);
    } catch (err) {
      if (err instanceof TraceFormatError || err instanceof ViewTooLarge) throw new UsageError(err.message);
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new UsageError(`${argv.input}: no such trace file`);
      throw err;
    }
    return { title: (messages[0] as { title: string }).title, start: () => { for (const m of messages) server().push(m); } };
  }
  const path = resolveScenarioPath(argv.input);
  const overrides = overridesFrom(argv);
  const scenario = loadScenario(path, { overrides });
  let meta;
  try { meta = scenarioMeta(scenario); } catch (err) { if (err instanceof ViewTooLarge) throw new UsageError(err.message); throw err; }
  return {
    title: meta.title,
    start: () => {
      server().push(meta);
      // The run goes on a worker thread so its events stream to the page while it runs
      // (the worker sits beside this module, in dist/cli/ or in the bundled CLI's dist/bundle/).
      const worker = new Worker(new URL('./view-worker.js', import.meta.url), { workerData: { path, overrides } });
      worker.on('message', (m: ViewMessage) => server().push(m));
      worker.on('error', (err) => server().push({ type: 'error', message: err.message }));
    },
  };
}

export const viewCommand = {
  ...commandLines.view,
  builder: (y: Argv) =>
    scenarioOptions(y)
      .positional('input', { type: 'string', describe: 'a scenario (file or bundled name: runs it and streams its events) or a trace.jsonl (castsim run --trace)', demandOption: true })
      .option('port', numberOption('port', 'port on 127.0.0.1 [default: 0, any free port]'))
      .example('castsim view flood-grid', 'run a bundled scenario and watch it')
      .example('castsim run my.yaml --trace run.jsonl && castsim view run.jsonl', 'replay a recorded run'),
  handler: (argv: ViewArgs) => guard(async () => {
    const port = argv.port ?? 0;
    if (!(Number.isInteger(port) && port >= 0 && port <= 65535)) throw new UsageError(`--port must be an integer from 0 to 65535, got ${port}`);
    let server: ViewServer | null = null;
    const source = await messagesOf(argv, () => server!);
    try {
      server = await ViewServer.start(source.title, port);
    } catch (err) {
      throw new UsageError(`cannot listen on 127.0.0.1:${port}: ${(err as Error).message}`);
    }
    source.start();
    process.stdout.write(`castsim view: open ${server.url} (Ctrl-C to stop)\n`);
    await new Promise<void>((resolve) => {
      const stop = () => { process.off('SIGINT', stop); process.off('SIGTERM', stop); void server!.close().then(resolve); };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    process.exit(0);
  }),
};
