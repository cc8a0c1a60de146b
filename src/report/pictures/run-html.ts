import type { Topology } from '../../network/topology.js';
import type { RunPicture } from '../../observe/run-picture.js';
import type { RunResult } from '../../simulation/simulate.js';
import { cellText, dataTable, escapeHtml, figure, htmlPage } from './html-page.js';
import { coverageFigure, hopsFigure, latencyFigure, trafficFigure } from './run-charts.js';
import type { Layout } from './topology-layout.js';
import { topologyFigure } from './topology-drawing.js';

/** Every metric of the result as (name, value) rows: nested blocks flattened to dotted names; long lists summarised. */
export function metricRows(r: RunResult): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [];
  const walk = (v: unknown, name: string) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) { for (const [k, x] of Object.entries(v)) walk(x, name ? `${name}.${k}` : k); return; }
    if (Array.isArray(v)) { out.push([name, v.length <= 12 ? (v.length === 0 ? 'none' : JSON.stringify(v)) : `${v.length} entries (in --json)`]); return; }
    out.push([name, v]);
  };
  walk(r.metrics, '');
  return out;
}

export function summarySection(r: RunResult): string {
  const rows = metricRows(r);
  return `<section class="figure" id="summary"><h2>Summary</h2><p class="caption">Every metric of the run (times in ms). The same numbers as <code>castsim run --json</code>.</p>`
    + dataTable({ columns: ['metric', 'value'], rows: rows.map(([k, v]) => [k, cellText(v)]) })
    + `<p class="note">${r.events} events; ended at t=${cellText(r.time)} ms (${escapeHtml(r.stop)}); fingerprint <code>${r.fingerprint}</code></p></section>`;
}

export interface RunPage { result: RunResult; picture: RunPicture; topology: Topology; layout: Layout | null }

/** The `castsim run --html` page. */
export function runHtml({ result: r, picture, topology, layout }: RunPage): string {
  const half = (a: string, b: string) => `<div class="grid">${a}${b}</div>`;
  return htmlPage({
    title: `${r.scenario}: ${r.protocol}`,
    subtitle: `${r.protocol} on ${r.nodes} nodes, ${r.links} links, seed ${r.seed}; delivered ${r.metrics.delivered} of ${r.metrics.expected} expected (ratio ${cellText(r.metrics.deliveryRatio)}), ${r.metrics.sent} transmissions`,
    body: [
      figure(coverageFigure(picture, r.metrics.expected)),
      half(figure(latencyFigure(picture)), figure(hopsFigure(picture))),
      figure(trafficFigure(picture)),
      figure(topologyFigure(topology, layout ?? { x: new Float64Array(0), y: new Float64Array(0), method: '' }, layout ? picture.nodes : null)),
      summarySection(r),
    ],
  });
}
