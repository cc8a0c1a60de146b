import { TRAFFIC_SERIES, type RunPicture } from '../../observe/run-picture.js';
import type { Figure } from './html-page.js';
import { OKABE_ITO, TRAFFIC_COLOURS } from './palette.js';
import { Plot, plotMarkup } from './plot-svg.js';

const WIDTH = 960;
const HEIGHT = 320;
const round = (x: number) => Number(x.toPrecision(9));

/** The cumulative fraction of expected deliveries made by the end of each time bin, from (first bin's start, 0). */
export function coveragePoints(p: RunPicture, expected: number): Array<{ t: number; fraction: number }> {
  const out = [{ t: p.deliveries[0]?.start ?? 0, fraction: 0 }];
  let done = 0;
  for (const b of p.deliveries) {
    done += b.count;
    out.push({ t: round(b.end), fraction: expected > 0 ? round(done / expected) : 0 });
  }
  return out;
}

export function coverageFigure(p: RunPicture, expected: number): Figure {
  const pts = coveragePoints(p, expected);
  const chart = plotMarkup({
    width: WIDTH, height: HEIGHT, marginLeft: 56, marginBottom: 40,
    x: { label: 'time (ms)', grid: true },
    y: { label: 'delivered (fraction of expected)', domain: [0, 1], grid: true },
    marks: [
      Plot.areaY(pts, { x: 't', y: 'fraction', fill: OKABE_ITO.blue, fillOpacity: 0.15 }),
      Plot.line(pts, { x: 't', y: 'fraction', stroke: OKABE_ITO.blue, strokeWidth: 2 }),
      Plot.ruleY([0]),
    ],
  });
  return {
    id: 'coverage', title: 'Coverage over time',
    caption: `Fraction of the ${expected} expected deliveries made by each time (ms since the run started), over all messages.`,
    chart, data: { columns: ['time_ms', 'fraction_delivered'], rows: pts.map((q) => [q.t, q.fraction]) },
  };
}

export function latencyFigure(p: RunPicture): Figure {
  const bins = p.latency;
  const chart = bins.some((b) => b.count > 0)
    ? plotMarkup({
      width: WIDTH / 2 - 16, height: HEIGHT - 40, marginLeft: 56, marginBottom: 40,
      x: { label: 'latency (ms)' }, y: { label: 'deliveries', grid: true },
      marks: [Plot.rectY(bins, { x1: 'start', x2: 'end', y: 'count', fill: OKABE_ITO.blue, insetLeft: 0.5, insetRight: 0.5 }), Plot.ruleY([0])],
    })
    : '<p class="note">No delivery: nothing to draw.</p>';
  return {
    id: 'latency', title: 'Delivery latency',
    caption: 'How many deliveries took each latency: delivery time minus the time the source sent the message, in ms.',
    chart, data: { columns: ['latency_from_ms', 'latency_to_ms', 'deliveries'], rows: bins.map((b) => [round(b.start), round(b.end), b.count]) },
  };
}

export function hopsFigure(p: RunPicture): Figure {
  const rows = p.hops.map((h) => ({ ...h, x1: h.hops - 0.4, x2: h.hops + 0.4 }));
  const chart = rows.length > 0
    ? plotMarkup({
      width: WIDTH / 2 - 16, height: HEIGHT - 40, marginLeft: 56, marginBottom: 40,
      x: { label: 'hops (links crossed)', tickFormat: (d: number) => (Number.isInteger(d) ? String(d) : '') },
      y: { label: 'deliveries', grid: true },
      marks: [Plot.rectY(rows, { x1: 'x1', x2: 'x2', y: 'count', fill: OKABE_ITO.green }), Plot.ruleY([0])],
    })
    : '<p class="note">No delivery: nothing to draw.</p>';
  return {
    id: 'hops', title: 'Hops per delivery',
    caption: 'How many deliveries crossed each number of links (for gossip: the infection generation).',
    chart, data: { columns: ['hops', 'deliveries'], rows: p.hops.map((h) => [h.hops, h.count]) },
  };
}

export function trafficFigure(p: RunPicture): Figure {
  const width = p.traffic.length > 0 ? p.traffic[0]!.end - p.traffic[0]!.start : 0;
  const long = p.traffic.flatMap((b) => TRAFFIC_SERIES.map((s) => ({ t: round((b.start + b.end) / 2), series: s, count: b[s] })));
  const chart = plotMarkup({
    width: WIDTH, height: HEIGHT, marginLeft: 56, marginBottom: 40,
    x: { label: 'time (ms)', grid: true },
    y: { label: `per ${round(width)} ms`, grid: true },
    color: { legend: true, domain: [...TRAFFIC_SERIES], range: TRAFFIC_SERIES.map((s) => TRAFFIC_COLOURS[s]!) },
    marks: [Plot.line(long, { x: 't', y: 'count', stroke: 'series', z: 'series', strokeWidth: 1.8 }), Plot.ruleY([0])],
  });
  return {
    id: 'traffic', title: 'Transmissions over time, by kind',
    caption: `Per time bin of ${round(width)} ms: transmissions carrying a message copy (data), acknowledgements (ack, nak, feedback), other control messages, copies received again (duplicate) and transmissions lost (drop).`,
    chart, data: { columns: ['from_ms', 'to_ms', ...TRAFFIC_SERIES], rows: p.traffic.map((b) => [round(b.start), round(b.end), ...TRAFFIC_SERIES.map((s) => b[s])]) },
  };
}
