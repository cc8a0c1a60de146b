import type { SweepReport } from '../../sweep/aggregate.js';
import { showValue } from '../sweep-table.js';
import { figure, htmlPage, type Figure } from './html-page.js';
import { SERIES_COLOURS } from './palette.js';
import { Plot, plotMarkup } from './plot-svg.js';

export interface SweepPointRow { x: number | string; series: string; mean: number; lo: number | null; hi: number | null; n: number }

/** A metric's points: x is the first varied field's value, the series names the others' values. */
export function sweepRows(r: SweepReport, metric: string): SweepPointRow[] {
  const [first, ...rest] = r.vary;
  const rows: SweepPointRow[] = [];
  for (const p of r.points) {
    const m = p.metrics[metric];
    if (!m || m.mean === null) continue;
    const v = p.values[first!.path];
    rows.push({
      x: typeof v === 'number' ? v : showValue(v),
      series: rest.map((a) => `${a.path}=${showValue(p.values[a.path])}`).join(', ') || 'all',
      mean: m.mean, lo: m.ci95?.[0] ?? null, hi: m.ci95?.[1] ?? null, n: m.n,
    });
  }
  return rows;
}

/** One metric against the first varied field: mean over the seeds, 95% CI as error bars, a line per value of the others. */
export function sweepMetricFigure(r: SweepReport, metric: string, index: number): Figure {
  const rows = sweepRows(r, metric);
  const first = r.vary[0]!;
  const series = [...new Set(rows.map((d) => d.series))];
  const numeric = first.values.every((v) => typeof v === 'number');
  const bars = rows.filter((d) => d.lo !== null && d.hi !== null);
  const chart = rows.length === 0 ? '<p class="note">No run gave a value.</p>' : plotMarkup({
    width: 460, height: 260, marginLeft: 64, marginBottom: 40,
    x: numeric ? { label: first.path, grid: true } : { label: first.path, type: 'point', domain: first.values.map(showValue), padding: 0.4 },
    y: { label: metric.replace(/^metrics\./, ''), grid: true },
    color: { legend: series.length > 1, domain: series, range: SERIES_COLOURS.slice(0, Math.max(1, series.length)).concat(series.length > SERIES_COLOURS.length ? SERIES_COLOURS : []) },
    // Each series is nudged a few pixels sideways so error bars at the same x do not hide each other.
    marks: series.flatMap((name, i) => {
      const dx = (i - (series.length - 1) / 2) * 4;
      const mine = (d: SweepPointRow) => d.series === name;
      return [
        Plot.link(bars.filter(mine), { x1: 'x', x2: 'x', y1: 'lo', y2: 'hi', stroke: 'series', strokeWidth: 1.5, dx }),
        Plot.line(rows.filter(mine), { x: 'x', y: 'mean', stroke: 'series', z: 'series', strokeWidth: 1.8, dx }),
        Plot.dot(rows.filter(mine), { x: 'x', y: 'mean', fill: 'series', r: 3, dx }),
      ];
    }),
  });
  return {
    id: `metric-${index}`, title: metric,
    caption: `Mean over ${r.seeds.length} seed${r.seeds.length === 1 ? '' : 's'} against ${first.path}; bars: 95% confidence interval of the mean.`,
    chart, data: { columns: [first.path, 'series', 'n', 'mean', 'ci95_lo', 'ci95_hi'], rows: rows.map((d) => [d.x, d.series, d.n, d.mean, d.lo, d.hi]) },
  };
}

/** The `castsim sweep --html` page: every metric of the report against the varied parameter. */
export function sweepHtml(r: SweepReport): string {
  const metrics: string[] = [];
  for (const p of r.points) for (const k of Object.keys(p.metrics)) if (!metrics.includes(k)) metrics.push(k);
  const grid = r.vary.map((a) => `${a.path} (${a.values.length} values)`).join(' × ');
  return htmlPage({
    title: `${r.scenario}: sweep`,
    subtitle: `${grid} × ${r.seeds.length} seeds = ${r.runs} runs${r.complete ? '' : ` — interrupted: ${r.points.length} points finished`}`,
    body: [`<div class="grid">${metrics.map((m, i) => figure(sweepMetricFigure(r, m, i))).join('\n')}</div>`],
  });
}
