import type { ChalkInstance } from 'chalk';
import type { SweepReport } from '../sweep/aggregate.js';
import type { MetricSummary } from '../sweep/statistics.js';
import { formatNumber, renderTable, type Column } from './table.js';

/** The metrics the table shows; --json and --csv carry all of them. */
const SHOWN: Array<{ header: string; path: string }> = [
  { header: 'delivery ratio', path: 'metrics.deliveryRatio' },
  { header: 'transmissions', path: 'metrics.sent' },
  { header: 'latency mean', path: 'metrics.latency.mean' },
  { header: 't100', path: 'metrics.convergence.t100' },
];

/** A varied field's value as a cell: numbers and words as written, structures as compact JSON. */
export function showValue(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** `mean ± half-width` of the 95% CI; `(n=k)` when some seeds gave no value. */
function cell(m: MetricSummary | undefined, runs: number): string {
  if (!m) return '—';
  if (m.mean === null) return m.nulls > 0 ? '— (n=0)' : '—';
  const half = m.ci95 ? (m.ci95[1] - m.ci95[0]) / 2 : null;
  const text = half === null ? formatNumber(m.mean) : `${formatNumber(m.mean)} ± ${formatNumber(half)}`;
  return m.n < runs ? `${text} (n=${m.n})` : text;
}

/** The human output of `castsim sweep` and `castsim merge`: one row per grid point. */
export function renderSweep(r: SweepReport, c: ChalkInstance): string {
  const columns: Column[] = [...r.vary.map((a): Column => ({ header: a.path, align: a.values.every((v) => typeof v === 'number') ? 'right' : 'left' })), { header: 'runs' }, ...SHOWN.map((s) => ({ header: s.header }))];
  const rows = r.points.map((p) => [
    ...r.vary.map((a) => showValue(p.values[a.path])),
    String(p.runs),
    ...SHOWN.map((s) => cell(p.metrics[s.path], p.runs)),
  ]);
  const seeds = r.seeds.length;
  const grid = r.vary.map((a) => `${a.path} (${a.values.length})`).join(' × ');
  const out = [
    c.bold(r.scenario) + `  sweep over ${grid} × ${seeds} seed${seeds === 1 ? '' : 's'} = ${r.runs} runs`,
    '',
    renderTable(columns, rows, c),
    '',
    c.dim("mean ± half-width of the 95% confidence interval over the seeds (Student's t, n − 1 df); (n=k): only k seeds gave a value"),
    c.dim('every metric (hops, latency percentiles, convergence, protocol blocks) is in --json and --csv'),
  ];
  const points = r.runs / seeds;
  if (!r.complete) out.push(c.yellow(`interrupted: ${r.points.length} of ${points} points finished; only those are shown`));
  return out.join('\n');
}
