import type { LamportCap, SpaceTimeEvent } from '../../observe/lamport-recorder.js';
import { escapeHtml } from './html-page.js';
import { OKABE_ITO, SERIES_COLOURS } from './palette.js';
import { Plot, plotMarkup } from './plot-svg.js';

/** One transmission as drawn: sent by `from` at `t0`, reaching `to` at `t1` (or dropped there). */
export interface Arrow { from: number; to: number; t0: number; t1: number; kind: string; fate: 'received' | 'duplicate' | 'dropped' }
/** A mark on a node's line: a delivery, a drop at the sender, a crash or recovery. */
export interface Mark { node: number; t: number; what: 'deliver' | 'lost at send' | 'crash' | 'recover'; peer: number }

export interface SpaceTime { arrows: Arrow[]; marks: Mark[]; nodes: number[]; kinds: string[]; inFlight: number; unpaired: number }

/**
 * Pair each receipt with its send. A transmission has no id in the trace, so a
 * receipt (or a drop on arrival) takes the earliest pending send with the same
 * sender, receiver, kind and message; a second arrival with none pending is a
 * link duplicate of the last one paired. A drop emitted right after its send (same
 * time, same key) was lost on the way out. A receipt of a message copy the node
 * already had is a duplicate, as the `duplicates` metric counts it.
 */
export function pairTransmissions(events: readonly SpaceTimeEvent[]): SpaceTime {
  const pending = new Map<string, number[]>();
  const lastPaired = new Map<string, number>();
  const seen = new Set<string>();
  const arrows: Arrow[] = [], marks: Mark[] = [];
  const nodes = new Set<number>(), kinds: string[] = [];
  let unpaired = 0;
  let prev: SpaceTimeEvent | null = null;
  for (const e of events) {
    nodes.add(e.node);
    if (e.peer >= 0) nodes.add(e.peer);
    if ((e.type === 'send' || e.type === 'receive') && !kinds.includes(e.label)) kinds.push(e.label);
    const key = e.type === 'receive' ? `${e.peer}>${e.node}|${e.label}|${e.msg}` : `${e.node}>${e.peer}|${e.label}|${e.msg}`;
    switch (e.type) {
      case 'send': { const q = pending.get(key) ?? []; q.push(e.t); pending.set(key, q); break; }
      case 'drop': {
        const q = pending.get(key);
        if (prev && prev.type === 'send' && prev.t === e.t && prev.node === e.node && prev.peer === e.peer && prev.label === e.label && prev.msg === e.msg && q?.length) {
          q.pop();
          marks.push({ node: e.node, t: e.t, what: 'lost at send', peer: e.peer });
        } else if (q?.length) {
          arrows.push({ from: e.node, to: e.peer, t0: q.shift()!, t1: e.t, kind: e.label, fate: 'dropped' });
        } else unpaired++;
        break;
      }
      case 'receive': {
        const q = pending.get(key);
        const t0 = q?.length ? q.shift()! : lastPaired.get(key);
        if (t0 === undefined) { unpaired++; break; }
        lastPaired.set(key, t0);
        const copy = `${e.node}|${e.msg}`;
        const dup = e.msg >= 0 && seen.has(copy);
        if (e.msg >= 0) seen.add(copy);
        arrows.push({ from: e.peer, to: e.node, t0, t1: e.t, kind: e.label, fate: dup ? 'duplicate' : 'received' });
        break;
      }
      case 'deliver': marks.push({ node: e.node, t: e.t, what: 'deliver', peer: -1 }); break;
      case 'crash': case 'recover': marks.push({ node: e.node, t: e.t, what: e.type, peer: -1 }); break;
    }
    prev = e;
  }
  let inFlight = 0;
  for (const q of pending.values()) inFlight += q.length;
  return { arrows, marks, nodes: [...nodes].sort((a, b) => a - b), kinds, inFlight, unpaired };
}

export interface LamportInput { events: readonly SpaceTimeEvent[]; cap: LamportCap; leftOut: number; outsideWindow: number; title: string }

const HEADER = 96;

/**
 * The space-time (Lamport) diagram as a standalone SVG: one vertical line per node,
 * time downward, an arrow per transmission coloured by its kind, drops as ×, link
 * and copy duplicates dashed, deliveries as dots; the cap is written at the top.
 */
export function lamportSvg(input: LamportInput): string {
  const st = pairTransmissions(input.events);
  const col = new Map(st.nodes.map((v, i) => [v, i]));
  const colour = new Map(st.kinds.map((k, i) => [k, SERIES_COLOURS[i % SERIES_COLOURS.length]!]));
  const k = Math.max(st.nodes.length, 1);
  const width = Math.round(Math.min(4000, Math.max(640, 60 + k * 28)));
  const tMin = input.events[0]?.t ?? 0, tMax = input.events.at(-1)?.t ?? 1;
  const height = Math.round(Math.min(6000, Math.max(400, 6 * input.events.length ** 0.8)));
  const cx = (v: number) => col.get(v)!;
  const arrowOptions = { x1: (a: Arrow) => cx(a.from), y1: 't0', x2: (a: Arrow) => cx(a.to), y2: 't1', strokeWidth: 1.2, headLength: 6, insetEnd: 1 };
  const every = Math.max(1, Math.ceil(k / 60));
  const plot = plotMarkup({
    width, height, marginTop: 30, marginLeft: 60, marginRight: 20, marginBottom: 20,
    x: { axis: 'top', label: 'node', domain: [-0.5, k - 0.5], ticks: st.nodes.map((_, i) => i).filter((i) => i % every === 0), tickFormat: (i: number) => String(st.nodes[i]) },
    y: { label: 'time (ms) ↓', reverse: true, domain: [tMin, tMax === tMin ? tMin + 1 : tMax], grid: true },
    marks: [
      Plot.ruleX(st.nodes.map((_, i) => i), { stroke: 'currentColor', strokeOpacity: 0.35 }),
      Plot.arrow(st.arrows.filter((a) => a.fate !== 'duplicate'), { ...arrowOptions, stroke: (a: Arrow) => colour.get(a.kind) }),
      Plot.arrow(st.arrows.filter((a) => a.fate === 'duplicate'), { ...arrowOptions, stroke: (a: Arrow) => colour.get(a.kind), strokeDasharray: '4,3' }),
      Plot.dot(st.arrows.filter((a) => a.fate === 'dropped'), { x: (a: Arrow) => cx(a.to), y: 't1', symbol: 'times', stroke: OKABE_ITO.vermillion, strokeWidth: 2.5, r: 5 }),
      Plot.dot(st.marks.filter((m) => m.what === 'lost at send'), { x: (m: Mark) => cx(m.node) + (cx(m.peer) > cx(m.node) ? 0.3 : -0.3), y: 't', symbol: 'times', stroke: OKABE_ITO.vermillion, strokeWidth: 2.5, r: 5 }),
      Plot.dot(st.marks.filter((m) => m.what === 'deliver'), { x: (m: Mark) => cx(m.node), y: 't', r: 3.5, fill: OKABE_ITO.sky, stroke: 'currentColor', strokeWidth: 0.8 }),
      Plot.link(st.marks.filter((m) => m.what === 'crash' || m.what === 'recover'), { x1: (m: Mark) => cx(m.node) - 0.3, x2: (m: Mark) => cx(m.node) + 0.3, y1: 't', y2: 't', stroke: (m: Mark) => (m.what === 'crash' ? OKABE_ITO.vermillion : OKABE_ITO.green), strokeWidth: 3 }),
    ],
  }).replace(/^<svg /, `<svg x="0" y="${HEADER}" `);

  const w = input.cap.window;
  const capParts = [
    w ? `time window ${w.from}–${w.to} ms` : `the first ${input.cap.maxEvents} events`,
    `${input.events.length} events drawn`,
    input.leftOut > 0 ? `${input.leftOut} more left out by the cap` : 'nothing left out by the cap',
    w ? `${input.outsideWindow} outside the window` : '',
    st.inFlight > 0 ? `${st.inFlight} transmissions still in flight at the cut` : '',
  ].filter(Boolean);
  // The cap line wraps at ' · ' to fit the picture's width (about 7 px per character of bold 12 px text).
  const capLines: string[] = [];
  for (const part of capParts) {
    const line = capLines.length === 0 ? 'Cap: ' + part : `${capLines[capLines.length - 1]} · ${part}`;
    if (capLines.length > 0 && line.length * 7 > width - 24) capLines.push(part);
    else if (capLines.length === 0) capLines.push(line);
    else capLines[capLines.length - 1] = line;
  }
  const extra = (capLines.length - 1) * 16;
  const legendItems: Array<[string, string]> = [...st.kinds.map((kd): [string, string] => [`<path d="M0,0L22,0" stroke="${colour.get(kd)}" stroke-width="2"/>`, kd]),
    [`<path d="M0,0L22,0" stroke="currentColor" stroke-width="1.5" stroke-dasharray="4,3"/>`, 'duplicate copy'],
    [`<path d="M6,-5L16,5M6,5L16,-5" stroke="${OKABE_ITO.vermillion}" stroke-width="2.5"/>`, 'dropped'],
    [`<circle cx="11" r="4" fill="${OKABE_ITO.sky}" stroke="currentColor"/>`, 'delivered'],
    [`<path d="M3,0L19,0" stroke="${OKABE_ITO.vermillion}" stroke-width="3"/>`, 'crash'],
    [`<path d="M3,0L19,0" stroke="${OKABE_ITO.green}" stroke-width="3"/>`, 'recover']];
  let lx = 12, ly = 66 + extra;
  const legend = legendItems.map(([svg, text]) => {
    const itemWidth = 34 + text.length * 7;
    if (lx + itemWidth > width - 12) { lx = 12; ly += 18; }
    const g = `<g transform="translate(${lx},${ly})">${svg}<text x="28" y="4">${escapeHtml(text)}</text></g>`;
    lx += itemWidth;
    return g;
  });
  const total = HEADER + height + (ly - 66);
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${total}" viewBox="0 0 ${width} ${total}" font-family="system-ui, sans-serif" font-size="12" fill="currentColor">
<style>svg { color: #1a1a1a; background: #ffffff; } @media (prefers-color-scheme: dark) { svg { color: #e6e6e6; background: #15171a; } }</style>
<text x="12" y="22" font-size="16" font-weight="bold">${escapeHtml(input.title)}</text>
<text x="12" y="42">Space-time diagram: one line per node, time downward, one arrow per transmission.</text>
${capLines.map((l, i) => `<text x="12" y="${58 + 16 * i}" font-weight="bold">${escapeHtml(l)}</text>`).join('\n')}
<g>${legend.join('')}</g>
<g transform="translate(0,${ly - 66})">${plot}</g>
</svg>
`;
}
