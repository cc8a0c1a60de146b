import type { ChalkInstance } from 'chalk';

export type Align = 'left' | 'right';
export interface Column { header: string; align?: Align }

/**
 * A plain text table: padded columns, a header rule, nothing clipped. `highlight`
 * marks cells (row, column) to emphasise, e.g. the best value of a column.
 */
export function renderTable(columns: Column[], rows: string[][], c: ChalkInstance, highlight?: (row: number, col: number) => boolean): string {
  const widths = columns.map((col, j) => Math.max(col.header.length, ...rows.map((r) => (r[j] ?? '').length)));
  const pad = (s: string, j: number) => (columns[j]!.align === 'left' ? s.padEnd(widths[j]!) : s.padStart(widths[j]!));
  const lines: string[] = [
    columns.map((col, j) => c.bold(pad(col.header, j))).join('  '),
    widths.map((w) => '─'.repeat(w)).join('  '),
    ...rows.map((r, i) => r.map((cell, j) => (highlight?.(i, j) ? c.green.bold(pad(cell, j)) : pad(cell, j))).join('  ')),
  ];
  return lines.map((l) => l.trimEnd()).join('\n');
}

/** A number as a table shows it: integers plain, others to 4 significant digits, null as '—'. */
export function formatNumber(x: number | null | undefined): string {
  if (x === null || x === undefined || Number.isNaN(x)) return '—';
  if (Number.isInteger(x)) return String(x);
  return Number(x.toPrecision(4)).toString();
}
