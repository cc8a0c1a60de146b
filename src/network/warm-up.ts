/**
 * Warming up the edge-list parser before a large file is read: speed only, nothing a run
 * reads is touched (the synthetic lists are thrown away).
 */
import { parseEdgeList } from './edgelist.js';

/** Files from this size on are worth warming the parser for (see warmEdgeListParser). */
export const WARM_FROM_BYTES = 1 << 20;

/**
 * Lines in both forms, with and without latencies, and with tabs, CRLF, a comment and a blank
 * line among them, so that every branch of plainLines has run before V8 optimises it.
 */
const WARM_PLAIN = '0 1\n1 2\r\n# c\n2\t0\n';
const WARM_TIMED = '0 1 4.82\n1 17 5.5\n2\t3\t10\n17 2 0.25\r\n# c\n\n3 0 7.125\n';

/**
 * Parse some 1,600 synthetic lines, so that by the time a large edge list is read its parser
 * is already optimised. V8 marks plainLines for optimisation after ~1,000 lines and compiles
 * it (~6 ms) on its compiler thread while the parse goes on in the interpreter, ~15× slower:
 * the run's parse spent its first ~10,000 lines so, and often compiled plainLines a second
 * time on the stack for nothing. Called while the scenario is being checked (~10 ms), the
 * compile runs beside that instead. Fewer lines (770) left plainLines' compile to the real
 * parse's call on the stack. Returns the edges parsed (1,148).
 */
export function warmEdgeListParser(): number {
  return parseEdgeList(WARM_PLAIN.repeat(16), 'warm-up').us.length + parseEdgeList(WARM_TIMED.repeat(220), 'warm-up').us.length;
}

let parserWarmed = false;

/** warmEdgeListParser once a process: V8 keeps what it compiled, so a second warm-up would cost ~2 ms for nothing. */
export function warmEdgeListParserOnce(): void {
  if (parserWarmed) return;
  parserWarmed = true;
  warmEdgeListParser();
}

/**
 * The file a scenario's text seems to name as its edge list, found without parsing the text
 * (a `kind: edgelist` and a `file:` anywhere in it, YAML or JSON), or null. A guess, to warm the
 * parser before the YAML is parsed: plainLines' compile (5–8 ms) then has those ~2 ms more to
 * finish before the real parse, which otherwise often begins while it is still compiling and
 * runs its first lines in baseline code. A wrong guess costs one warm-up (~2 ms).
 */
export function edgeListFileHint(text: string): string | null {
  if (!/\bkind["']?\s*:\s*["']?edgelist\b/.test(text)) return null;
  const m = /\bfile["']?\s*:\s*(?:"([^"\n]+)"|'([^'\n]+)'|([^\s,{}#'"]+))/.exec(text);
  return m ? (m[1] ?? m[2] ?? m[3]!) : null;
}
