import type { Observer, TraceEvent } from '../../api/trace.js';
import { Topology } from '../../network/topology.js';
import { readTrace } from '../../observe/trace-reader.js';
import type { Scenario } from '../../scenario/types.js';
import { buildTopology } from '../../simulation/simulate.js';
import { forceLayout, layoutTopology, type Layout } from '../pictures/topology-layout.js';
import { DRAW_LINK_LIMIT, DRAW_NODE_LIMIT } from '../pictures/drawing-limits.js';
import { WireEncoder, type WireEvent } from './view-events.js';

/** The viewer keeps at most this many events (about 10 MB in a page); it says so when a run has more. */
export const VIEW_EVENT_LIMIT = 200_000;
/** Events per WebSocket message. */
export const VIEW_BATCH = 2000;

export interface ViewMeta { type: 'meta'; title: string; nodes: number; x: number[]; y: number[]; links: Array<[number, number]>; layoutNote: string }
export interface ViewBatch { type: 'events'; kinds: string[]; events: WireEvent[] }
export interface ViewEnd { type: 'end'; time: number; events: number; kept: number; truncated: boolean }
export type ViewMessage = ViewMeta | ViewBatch | ViewEnd | { type: 'error'; message: string };

export class ViewTooLarge extends Error {}

export function viewMeta(title: string, t: Topology, layout: Layout): ViewMeta {
  if (t.nodes > DRAW_NODE_LIMIT) throw new ViewTooLarge(`the viewer draws graphs of up to ${DRAW_NODE_LIMIT} nodes; this one has ${t.nodes} (use castsim run --html for a report of any size)`);
  const links: Array<[number, number]> = [];
  for (let l = 0; l < Math.min(t.links, DRAW_LINK_LIMIT); l++) links.push([t.linkU[l]!, t.linkV[l]!]);
  const note = `${t.nodes} nodes, ${t.links} links${t.links > DRAW_LINK_LIMIT ? ` (first ${DRAW_LINK_LIMIT} drawn)` : ''}; positions: ${layout.method}`;
  return { type: 'meta', title, nodes: t.nodes, x: [...layout.x], y: [...layout.y], links, layoutNote: note };
}

export function scenarioMeta(scenario: Scenario): ViewMeta {
  const t = buildTopology(scenario);
  if (t.nodes > DRAW_NODE_LIMIT) return viewMeta('', t, { x: new Float64Array(0), y: new Float64Array(0), method: '' }); // throws ViewTooLarge
  return viewMeta(`${scenario.name}: ${scenario.protocol.type}, seed ${scenario.seed}`, t, layoutTopology(t, scenario.topology, scenario.seed));
}

/**
 * Batches a live run's events for the viewer, up to VIEW_EVENT_LIMIT; `post`
 * sends each batch on (from a worker thread, to the server).
 */
export class ViewStream implements Observer {
  private readonly enc = new WireEncoder();
  private batch: WireEvent[] = [];
  kept = 0;
  truncated = false;

  constructor(private readonly post: (m: ViewMessage) => void) {}

  event(e: TraceEvent): void {
    if (this.kept >= VIEW_EVENT_LIMIT) { this.truncated = true; return; }
    const w = this.enc.fromEvent(e);
    if (!w) return;
    this.batch.push(w);
    this.kept++;
    if (this.batch.length >= VIEW_BATCH) this.flush();
  }

  flush(): void {
    if (this.batch.length === 0) return;
    this.post({ type: 'events', kinds: [...this.enc.kinds], events: this.batch });
    this.batch = [];
  }
}

/**
 * A recorded run: the trace's events (up to the limit) and a drawing of the graph
 * its transmissions reveal (a trace names no topology), laid out by force.
 */
export async function traceView(path: string): Promise<ViewMessage[]> {
  const enc = new WireEncoder();
  const events: WireEvent[] = [];
  const us: number[] = [], vs: number[] = [];
  let maxNode = 0, last = 0, total = 0, skipped = 0;
  const header = await readTrace(path, (l) => {
    total++;
    last = l.t;
    maxNode = Math.max(maxNode, l.node, l.peer ?? -1);
    if (l.type === 'send' && l.peer !== undefined && l.peer >= 0) { us.push(l.node); vs.push(l.peer); }
    const w = enc.fromLine(l);
    if (w && events.length < VIEW_EVENT_LIMIT) events.push(w); else if (w) skipped++;
  });
  const nodes = typeof header?.nodes === 'number' ? header.nodes : maxNode + 1;
  if (nodes > DRAW_NODE_LIMIT) throw new ViewTooLarge(`the viewer draws graphs of up to ${DRAW_NODE_LIMIT} nodes; ${path} has ${nodes}`);
  const t = Topology.fromEdges(nodes, us, vs);
  const seed = typeof header?.seed === 'number' ? header.seed : 1;
  const name = typeof header?.scenario === 'string' ? `${header.scenario}${typeof header.protocol === 'string' ? `: ${header.protocol}` : ''}, seed ${seed}` : path;
  const meta = viewMeta(name, t, forceLayout(t, seed));
  meta.layoutNote = `${meta.layoutNote}; links: those the trace's transmissions used`;
  const out: ViewMessage[] = [meta];
  for (let i = 0; i < events.length; i += VIEW_BATCH) out.push({ type: 'events', kinds: [...enc.kinds], events: events.slice(i, i + VIEW_BATCH) });
  out.push({ type: 'end', time: last, events: total, kept: events.length, truncated: skipped > 0 });
  return out;
}
