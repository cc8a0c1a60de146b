import { compare, type CompareOptions } from '../../compare/compare.js';
import { RunPictureObserver, type RunPicture } from '../../observe/run-picture.js';
import type { Scenario } from '../../scenario/types.js';
import type { RunResult } from '../../simulation/simulate.js';
import { cellText, dataTable, figure, htmlPage, type Figure } from './html-page.js';
import { SERIES_COLOURS } from './palette.js';
import { Plot, plotMarkup } from './plot-svg.js';
import { coveragePoints } from './run-charts.js';

const WIDTH = 960;

export interface CompareRow { result: RunResult; picture: RunPicture }

/** The six coverage curves on one chart: each type's own fraction of its expected deliveries. */
export function compareCoverageFigure(rows: readonly CompareRow[]): Figure {
  const types = rows.map((r) => r.result.protocol);
  const long = rows.flatMap((r) => coveragePoints(r.picture, r.result.metrics.expected).map((p) => ({ type: r.result.protocol, ...p })));
  const chart = plotMarkup({
    width: WIDTH, height: 340, marginLeft: 56, marginBottom: 40,
    x: { label: 'time (ms)', grid: true },
    y: { label: 'delivered (fraction of expected)', domain: [0, 1], grid: true },
    color: { legend: true, domain: types, range: SERIES_COLOURS.slice(0, types.length) },
    marks: [Plot.line(long, { x: 't', y: 'fraction', stroke: 'type', z: 'type', strokeWidth: 2 }), Plot.ruleY([0])],
  });
  return {
    id: 'coverage', title: 'Coverage over time, by type',
    caption: 'For each type, the fraction of its expected deliveries made by each time (ms). Types expect different recipients: one for unicast and anycast, the group for multicast and reliable, everyone for broadcast and gossip.',
    chart, data: { columns: ['type', 'time_ms', 'fraction_delivered'], rows: long.map((p) => [p.type, p.t, p.fraction]) },
  };
}

/** A bar per type (or per type and statistic) of one measure. */
export function barsFigure(id: string, title: string, caption: string, unit: string, rows: ReadonlyArray<{ type: string; stat: string; value: number | null }>): Figure {
  const types = [...new Set(rows.map((r) => r.type))];
  const stats = [...new Set(rows.map((r) => r.stat))];
  const known = rows.filter((r) => r.value !== null);
  const missing = rows.filter((r) => r.value === null);
  const grouped = stats.length > 1;
  const chart = plotMarkup({
    width: grouped ? WIDTH : WIDTH / 2 - 16, height: 300, marginLeft: 64, marginBottom: 44,
    x: { label: null, domain: grouped ? stats : types, axis: grouped ? null : 'bottom' },
    fx: grouped ? { label: null, domain: types } : undefined,
    y: { label: unit, grid: true },
    color: { legend: grouped, domain: grouped ? stats : types, range: SERIES_COLOURS.slice(0, grouped ? stats.length : types.length) },
    marks: [
      Plot.barY(known, { x: grouped ? 'stat' : 'type', fx: grouped ? 'type' : undefined, y: 'value', fill: grouped ? 'stat' : 'type' }),
      Plot.text(known, { x: grouped ? 'stat' : 'type', fx: grouped ? 'type' : undefined, y: 'value', text: (d: { value: number }) => cellText(d.value), dy: -7 }),
      Plot.text(missing, { x: grouped ? 'stat' : 'type', fx: grouped ? 'type' : undefined, y: 0, text: () => 'none', dy: -7 }),
      Plot.ruleY([0]),
    ],
  });
  return { id, title, caption, chart, data: { columns: ['type', 'statistic', unit], rows: rows.map((r) => [r.type, r.stat, r.value]) } };
}

const TABLE: Array<[string, (r: RunResult) => unknown]> = [
  ['expected', (r) => r.metrics.expected], ['delivered', (r) => r.metrics.delivered], ['ratio', (r) => r.metrics.deliveryRatio],
  ['transmissions', (r) => r.metrics.sent], ['dropped', (r) => r.metrics.dropped], ['duplicates', (r) => r.metrics.duplicates],
  ['hops mean', (r) => r.metrics.hops.mean], ['latency p50 (ms)', (r) => r.metrics.latency.p50], ['latency p95 (ms)', (r) => r.metrics.latency.p95],
  ['t100 (ms)', (r) => r.metrics.convergence.t100],
];

export function compareHtml(rows: readonly CompareRow[]): string {
  const rs = rows.map((r) => r.result);
  const first = rs[0];
  const bars = (pick: (r: RunResult) => Array<[string, number | null]>) => rs.flatMap((r) => pick(r).map(([stat, value]) => ({ type: r.protocol, stat, value })));
  const half = (a: string, b: string) => `<div class="grid">${a}${b}</div>`;
  return htmlPage({
    title: `${first?.scenario ?? 'compare'}: the six types compared`,
    subtitle: first ? `${first.nodes} nodes, ${first.links} links, seed ${first.seed}; every type ran on the same network (topology ${first.topologyFingerprint.slice(0, 16)})` : 'no type ran',
    body: [
      figure(compareCoverageFigure(rows)),
      half(
        figure(barsFigure('transmissions', 'Transmissions', 'Every message each type put on a link: data, acks and control.', 'transmissions', bars((r) => [['sent', r.metrics.sent]]))),
        figure(barsFigure('t100', 'Time to full delivery (t100)', 'Time (ms) by which every expected recipient delivered; "none" when some never did.', 't100 (ms)', bars((r) => [['t100', r.metrics.convergence.t100]]))),
      ),
      figure(barsFigure('latency', 'Delivery latency', 'Median (p50) and 95th percentile (p95) of delivery latency, ms.', 'latency (ms)', bars((r) => [['p50', r.metrics.latency.p50], ['p95', r.metrics.latency.p95]]))),
      `<section class="figure" id="table"><h2>Table</h2><p class="caption">The numbers of <code>castsim compare</code>.</p>${dataTable({ columns: ['type', ...TABLE.map(([h]) => h)], rows: rs.map((r) => [r.protocol, ...TABLE.map(([, f]) => cellText(f(r)))]) })}</section>`,
    ],
  });
}

/** `compare()` with the observers the report needs; the results are the same as without them. */
export function compareWithPictures(base: Scenario, opts: CompareOptions = {}): { results: RunResult[]; html: string } {
  const pictures = new Map<string, RunPictureObserver>();
  const results = compare(base, {
    ...opts,
    observers: (type, nodes) => {
      const o = new RunPictureObserver(nodes, 0);
      pictures.set(type, o);
      return [...(opts.observers?.(type, nodes) ?? []), o];
    },
  });
  return { results, html: compareHtml(results.map((result) => ({ result, picture: pictures.get(result.protocol)!.result() }))) };
}
