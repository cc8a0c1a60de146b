import { UsageError } from './errors.js';

/** Default cap of a space-time diagram (Maelstrom caps its messages.svg at 10,000; 5,000 keeps a browser quick). */
export const LAMPORT_DEFAULT_EVENTS = 5000;

/** `--window FROM:TO` in ms, e.g. 0:500. */
export function parseWindow(text: string): { from: number; to: number } {
  const m = /^\s*([0-9.eE+-]+)\s*:\s*([0-9.eE+-]+)\s*$/.exec(text);
  const from = m ? Number(m[1]) : NaN, to = m ? Number(m[2]) : NaN;
  if (!Number.isFinite(from) || !Number.isFinite(to) || from < 0 || to < from) {
    throw new UsageError(`--window must be FROM:TO in ms with 0 ≤ FROM ≤ TO (e.g. --window 0:500), got '${text}'`);
  }
  return { from, to };
}
