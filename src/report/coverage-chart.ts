import type { ChalkInstance } from 'chalk';
import { formatNumber } from './table.js';

const HEIGHT = 8;
const MAX_COLUMNS = 60;
const EIGHTHS = [' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/**
 * The gossip coverage curve as a small terminal bar chart: one column per round
 * (rounds are grouped into at most 60 columns, each showing its last round), the
 * fraction informed at the end of that round as the bar height, in eighths of a row.
 */
export function coverageChart(block: unknown, c: ChalkInstance): string {
  const coverage = (block as { coverage?: unknown } | null)?.coverage;
  if (!Array.isArray(coverage) || coverage.length === 0) return c.dim('coverage: no message was sent');
  const points = coverage as Array<[number, number]>;
  const columns = Math.min(points.length, MAX_COLUMNS);
  const per = points.length / columns;
  const values = Array.from({ length: columns }, (_, j) => points[Math.min(points.length - 1, Math.ceil((j + 1) * per) - 1)]![1]);
  const lines: string[] = [c.bold('coverage') + c.dim(' (fraction of nodes informed at the end of each round)')];
  for (let row = HEIGHT - 1; row >= 0; row--) {
    const label = row === HEIGHT - 1 ? '100%' : row === 0 ? '  0%' : row === HEIGHT / 2 ? ' 50%' : '    ';
    let bar = '';
    for (const f of values) {
      const eighths = Math.round(Math.min(1, Math.max(0, f)) * HEIGHT * 8) - row * 8;
      bar += EIGHTHS[Math.max(0, Math.min(8, eighths))];
    }
    lines.push(`${label} ${row === HEIGHT - 1 || row === 0 || row === HEIGHT / 2 ? '┤' : '│'}${c.cyan(bar)}`);
  }
  const last = points.length - 1;
  const axis = `round 0 (t=${formatNumber(points[0]![0])} ms)`;
  const end = `round ${last} (t=${formatNumber(points[last]![0])} ms)`;
  lines.push(`     └${'─'.repeat(columns)}`);
  lines.push(`      ${axis}${' '.repeat(Math.max(2, columns - axis.length - end.length))}${end}`);
  if (per > 1) lines.push(c.dim(`      each column ≈ ${formatNumber(per)} rounds`));
  return lines.join('\n');
}
