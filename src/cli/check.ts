import type { Argv } from 'yargs';
import type { ChalkInstance } from 'chalk';
import { OrderChecker, type CheckReport, type OrderLevel } from '../observe/order-checker.js';
import { readTrace, TraceFormatError, type TraceHeader } from '../observe/trace-reader.js';
import { colourFor } from '../report/colour.js';
import { renderTable } from '../report/table.js';
import { EXIT_FAILED_RUN, guard, UsageError } from './errors.js';
import { commandLines } from './commands.js';

interface CheckArgs { trace: string; order: OrderLevel; uniform?: boolean; json?: boolean }

/** Violations listed in the human report; --json lists them all. */
const SHOWN = 30;

export const checkCommand = {
  ...commandLines.check,
  builder: (y: Argv) =>
    y.positional('trace', { type: 'string', describe: "a trace file (JSON Lines) written by castsim run --trace, or your own in that format; '-' reads it from stdin", demandOption: true })
      .option('order', { choices: ['none', 'fifo', 'causal', 'total'] as const, default: 'none' as OrderLevel, describe: 'the delivery order to verify (causal includes fifo)' })
      .option('uniform', { type: 'boolean', describe: 'also require uniform agreement, and total order among crashed nodes too' })
      .option('json', { type: 'boolean', describe: 'print the findings as one JSON object' })
      .example('castsim run reliable-total-lossy --trace run.jsonl && castsim check run.jsonl --order total', 'verify a run')
      .example('castsim check mine.jsonl --order causal --json', "check your own protocol's trace")
      .example('castsim run reliable-causal --trace - | castsim check - --order causal', 'check a run without a file'),
  handler: (argv: CheckArgs) => guard(async () => {
    const checker = new OrderChecker({ order: argv.order, uniform: argv.uniform === true });
    let header: TraceHeader | null;
    let events = 0;
    // '-' is stdin, as for --trace: `castsim run x --trace - | castsim check -`. yargs hands a
    // lone '-' positional over as '' (it re-parses positionals as `--trace -`), so ask argv.
    const stdin = argv.trace === '-' || (argv.trace === '' && process.argv.slice(2).includes('-'));
    const name = stdin ? 'stdin' : argv.trace;
    try {
      // Not /dev/stdin: a socket on stdin (a spawned child's) cannot be opened by name.
      header = await readTrace(name, (e) => { events++; checker.event(e); }, stdin ? process.stdin.setEncoding('utf8') : undefined);
    } catch (err) {
      if (err instanceof TraceFormatError) throw new UsageError(`malformed trace: ${err.message}`);
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw new UsageError(`cannot read trace ${argv.trace}: file not found`);
      if (code === 'EISDIR') throw new UsageError(`cannot read trace ${argv.trace}: it is a folder`);
      if (code) throw new UsageError(`cannot read trace ${argv.trace}: ${(err as Error).message}`);
      throw err;
    }
    // An empty file proves nothing: say so rather than report 'no violation'.
    if (header === null && events === 0) throw new UsageError(`trace ${name} is empty: no header and no events (write one with castsim run --trace)`);
    const report = checker.finish();
    if (argv.json) {
      process.stdout.write(`${JSON.stringify({ trace: name, order: argv.order, uniform: argv.uniform === true, ok: report.violations.length === 0, ...report }, null, 2)}\n`);
    } else {
      process.stdout.write(`${renderCheck(name, header, argv, report, colourFor(process.stdout))}\n`);
    }
    if (report.violations.length > 0) process.exitCode = EXIT_FAILED_RUN;
  }),
};

function renderCheck(file: string, header: TraceHeader | null, argv: CheckArgs, r: CheckReport, c: ChalkInstance): string {
  const out: string[] = [];
  const about = header ? `  ${String(header.protocol ?? '?')} on ${String(header.nodes ?? '?')} nodes, seed ${String(header.seed ?? '?')}` : '';
  out.push(c.bold(file) + about);
  out.push(`${r.messages} messages, ${r.deliveries} deliveries; crashed: ${r.crashed.length ? r.crashed.join(', ') : 'none'}; order ${argv.order}${argv.uniform ? ', uniform' : ''}`);
  out.push('');
  const count = new Map<string, number>();
  for (const v of r.violations) count.set(v.property, (count.get(v.property) ?? 0) + 1);
  const rows = r.properties.map((p) => [p, String(count.get(p) ?? 0)]);
  out.push(renderTable([{ header: 'property', align: 'left' }, { header: 'violations', align: 'right' }], rows, c, (i, j) => j === 1 && rows[i]![1] === '0'));
  out.push('');
  if (r.violations.length === 0) {
    out.push(c.green('no violation'));
    return out.join('\n');
  }
  for (const v of r.violations.slice(0, SHOWN)) out.push(`${c.red(v.property)}: ${v.message}`);
  if (r.violations.length > SHOWN) out.push(c.dim(`… and ${r.violations.length - SHOWN} more (--json lists them all)`));
  out.push(c.red.bold(`${r.violations.length} violation${r.violations.length === 1 ? '' : 's'}`));
  return out.join('\n');
}
