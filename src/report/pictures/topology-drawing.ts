import type { Topology } from '../../network/topology.js';
import type { NodeFacts } from '../../observe/run-picture.js';
import type { Figure } from './html-page.js';
import type { Layout } from './topology-layout.js';
import { OKABE_ITO, SEQUENTIAL_SCHEME } from './palette.js';
import { Plot, plotMarkup } from './plot-svg.js';

import { DRAW_LINK_LIMIT, DRAW_NODE_LIMIT } from './drawing-limits.js';

export { DRAW_LINK_LIMIT, DRAW_NODE_LIMIT };

const WIDTH = 960;

/** A small key of the node markers, as inline SVG (the colour ramp is Plot's legend). */
function key(): string {
  const item = (svg: string, text: string) => `<span class="key"><svg width="16" height="16" viewBox="-8 -8 16 16">${svg}</svg> ${text}</span>`;
  return `<p class="caption">${[
    item(`<circle r="5" fill="${OKABE_ITO.grey}"/>`, 'recipient, never delivered'),
    item(`<circle r="4" fill="none" stroke="${OKABE_ITO.grey}" stroke-width="1.2"/>`, 'not a recipient'),
    item(`<path d="M-5,-5L5,5M-5,5L5,-5" stroke="${OKABE_ITO.vermillion}" stroke-width="2.5"/>`, 'crashed (down at the end)'),
    item(`<circle r="6" fill="none" stroke="${OKABE_ITO.vermillion}" stroke-width="2"/>`, 'crashed, recovered'),
    item(`<rect x="-6" y="-6" width="12" height="12" fill="none" stroke="${OKABE_ITO.purple}" stroke-width="2"/>`, 'cut off from the source by a partition'),
    item(`<path d="M0,-7L2,-2L7,-2L3,1L5,7L0,3L-5,7L-3,1L-7,-2L-2,-2Z" fill="currentColor"/>`, 'source'),
    item(`<path d="M-7,0L7,0" stroke="${OKABE_ITO.orange}" stroke-width="2"/>`, 'delivery tree (first receipt)'),
  ].join(' · ')}</p>`;
}

/**
 * The topology drawn at `layout`, nodes coloured by when they delivered the run's
 * first message, the delivery tree (the link each node first received it over)
 * drawn over the links, crashed and partitioned nodes marked.
 */
export function topologyFigure(t: Topology, layout: Layout, facts: NodeFacts | null): Figure {
  const id = 'topology', title = 'Topology and delivery tree';
  if (!facts || t.nodes > DRAW_NODE_LIMIT) {
    return {
      id, title, caption: `Not drawn: the graph has ${t.nodes} nodes, above the drawing limit of ${DRAW_NODE_LIMIT}. The other charts cover every node.`,
      chart: '<p class="note">Topology drawing skipped above its limit.</p>', data: { columns: ['nodes', 'limit'], rows: [[t.nodes, DRAW_NODE_LIMIT]] },
    };
  }
  const { x, y } = layout;
  const n = t.nodes;
  const nodes = Array.from({ length: n }, (_, v) => ({ v, x: x[v]!, y: y[v]!, at: facts.deliveredAt[v]!, parent: facts.parent[v]!, crashed: facts.crashed[v]!, cutOff: facts.cutOff[v]!, expected: facts.expected[v]! }));
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (const d of nodes) { x0 = Math.min(x0, d.x); x1 = Math.max(x1, d.x); y0 = Math.min(y0, d.y); y1 = Math.max(y1, d.y); }
  const spanX = Math.max(x1 - x0, 1), spanY = Math.max(y1 - y0, 1);
  const height = Math.round(Math.min(760, Math.max(140, ((WIDTH - 40) * spanY) / spanX + 40)));
  // Node size from the room each node has on the canvas, so a 10 × 10 grid and 2,000 nodes both read.
  const spacing = Math.sqrt(((WIDTH - 40) * (height - 44)) / n);
  const r = Math.round(Math.min(9, Math.max(2, 0.16 * spacing)) * 10) / 10;
  const drawLinks = t.links <= DRAW_LINK_LIMIT;
  const links = drawLinks ? Array.from({ length: t.links }, (_, l) => [t.linkU[l]!, t.linkV[l]!] as const) : [];
  const tree = nodes.filter((d) => d.parent >= 0);
  const delivered = nodes.filter((d) => !Number.isNaN(d.at));
  const marks = [
    Plot.link(links, { x1: (l: readonly [number, number]) => x[l[0]], y1: (l: readonly [number, number]) => y[l[0]], x2: (l: readonly [number, number]) => x[l[1]], y2: (l: readonly [number, number]) => y[l[1]], stroke: 'currentColor', strokeOpacity: 0.18 }),
    Plot.link(tree, { x1: (d: { parent: number }) => x[d.parent], y1: (d: { parent: number }) => y[d.parent], x2: 'x', y2: 'y', stroke: OKABE_ITO.orange, strokeWidth: n <= 300 ? 2 : 0.8, strokeOpacity: n <= 300 ? 0.9 : 0.7 }),
    Plot.dot(nodes.filter((d) => Number.isNaN(d.at) && d.expected), { x: 'x', y: 'y', r, fill: OKABE_ITO.grey }),
    Plot.dot(nodes.filter((d) => Number.isNaN(d.at) && !d.expected && d.v !== facts.source), { x: 'x', y: 'y', r: r * 0.8, stroke: OKABE_ITO.grey, strokeWidth: 1.2, fill: 'none' }),
    Plot.dot(delivered, { x: 'x', y: 'y', r, fill: 'at', stroke: 'var(--bg)', strokeWidth: 0.5, title: (d: { v: number; at: number }) => `node ${d.v}: delivered at ${d.at} ms` }),
    Plot.dot(nodes.filter((d) => d.cutOff), { x: 'x', y: 'y', r: r + 2.5, symbol: 'square', stroke: OKABE_ITO.purple, strokeWidth: 2, fill: 'none' }),
    Plot.dot(nodes.filter((d) => d.crashed === 2), { x: 'x', y: 'y', r: r + 2, symbol: 'times', stroke: OKABE_ITO.vermillion, strokeWidth: 2.5 }),
    Plot.dot(nodes.filter((d) => d.crashed === 1), { x: 'x', y: 'y', r: r + 2, stroke: OKABE_ITO.vermillion, strokeWidth: 2, fill: 'none' }),
    Plot.dot(facts.source >= 0 ? [nodes[facts.source]!] : [], { x: 'x', y: 'y', r: r + 4, symbol: 'star', fill: 'currentColor' }),
  ];
  if (n <= 60) marks.push(Plot.text(nodes, { x: 'x', y: 'y', text: 'v', dy: -r - 7, fontSize: 10 }));
  const chart = plotMarkup({
    width: WIDTH, height, margin: 20, marginTop: 24,
    x: { axis: null, domain: [x0, x1] }, y: { axis: null, domain: [y0, y1], reverse: true },
    color: { type: 'quantize', n: 6, scheme: SEQUENTIAL_SCHEME, legend: true, width: 440, tickFormat: (d: number) => String(Math.round(d)), label: 'delivered at (ms after the first message was sent)' } as Record<string, unknown>,
    marks,
  }) + key();
  return {
    id, title,
    caption: `${n} nodes, ${t.links} links${drawLinks ? '' : ` (only the delivery tree drawn: above ${DRAW_LINK_LIMIT} links)`}. Positions: ${layout.method}. Colour: when each node delivered the run's first message.`,
    chart,
    data: { columns: ['node', 'x', 'y', 'recipient', 'delivered_ms', 'first_receipt_from', 'crashed', 'cut_off'], rows: nodes.map((d) => [d.v, d.x, d.y, d.expected ? 'yes' : 'no', d.at, d.parent, ['no', 'recovered', 'down'][d.crashed], d.cutOff ? 'yes' : 'no']) },
  };
}
