import { forceCenter, forceLink, forceManyBody, forceSimulation, type SimulationNodeDatum } from 'd3-force';
import { RandomStreams } from '../../engine/random.js';
import type { Topology } from '../../network/topology.js';
import type { TopologySpec } from '../../scenario/types.js';

export interface Layout {
  x: Float64Array;
  y: Float64Array;
  /** How the positions were made, for the caption. */
  method: string;
}

const r2 = (v: number) => Math.round(v * 100) / 100;

function circle(n: number, from = 0): { x: Float64Array; y: Float64Array } {
  const x = new Float64Array(n), y = new Float64Array(n);
  const k = n - from;
  for (let i = from; i < n; i++) {
    const a = (2 * Math.PI * (i - from)) / k - Math.PI / 2;
    x[i] = r2(Math.cos(a) * 100); y[i] = r2(Math.sin(a) * 100);
  }
  return { x, y };
}

/** Layered tree: node 0 at the top, children of i are b·i+1 … b·i+b; leaves spaced evenly, parents centred over children. */
function treeLayout(n: number, b: number): { x: Float64Array; y: Float64Array } {
  const x = new Float64Array(n), y = new Float64Array(n);
  let nextLeaf = 0;
  // Children have larger ids than parents, so visiting ids downwards places children first.
  const depth = new Int32Array(n);
  for (let i = 1; i < n; i++) depth[i] = depth[Math.floor((i - 1) / b)]! + 1;
  const leafX = new Float64Array(n).fill(NaN);
  for (let i = 0; i < n; i++) if (b * i + 1 >= n) leafX[i] = nextLeaf++;
  for (let i = n - 1; i >= 0; i--) {
    if (!Number.isNaN(leafX[i]!)) { x[i] = leafX[i]!; continue; }
    const first = b * i + 1, last = Math.min(n - 1, b * i + b);
    x[i] = (x[first]! + x[last]!) / 2;
  }
  for (let i = 0; i < n; i++) { x[i] = r2(x[i]! * 10); y[i] = depth[i]! * 40; }
  return { x, y };
}

/**
 * A seeded force layout (d3-force: link springs, many-body repulsion, centring)
 * for graphs with no geometry of their own. It starts from d3's fixed phyllotaxis
 * arrangement, its random source (which separates coincident nodes) is a named
 * stream of the run seed, and it runs a fixed number of ticks: the same graph and
 * seed give the same drawing. Positions are rounded to 0.01 so the bytes are stable.
 */
export function forceLayout(t: Topology, seed: number, ticks = 300): Layout {
  const nodes: SimulationNodeDatum[] = Array.from({ length: t.nodes }, () => ({}));
  const links = Array.from({ length: t.links }, (_, l) => ({ source: t.linkU[l]!, target: t.linkV[l]! }));
  const sim = forceSimulation(nodes)
    .randomSource(new RandomStreams(seed).stream('layout'))
    .force('link', forceLink(links).distance(20).iterations(1))
    .force('charge', forceManyBody().strength(-30).distanceMax(400))
    .force('center', forceCenter(0, 0))
    .stop();
  sim.tick(ticks);
  return {
    x: Float64Array.from(nodes, (d) => r2(d.x ?? 0)),
    y: Float64Array.from(nodes, (d) => r2(d.y ?? 0)),
    method: `force layout (d3-force, ${ticks} ticks, seeded by the run seed)`,
  };
}

/** Positions from the topology's own geometry where it has one, else a seeded force layout. */
export function layoutTopology(t: Topology, spec: Pick<TopologySpec, 'kind' | 'width' | 'branching'>, seed: number): Layout {
  const n = t.nodes;
  switch (spec.kind) {
    case 'grid': case 'torus': {
      const w = spec.width ?? Math.ceil(Math.sqrt(n));
      return { x: Float64Array.from({ length: n }, (_, i) => (i % w) * 20), y: Float64Array.from({ length: n }, (_, i) => Math.floor(i / w) * 20), method: `${spec.kind}: row-major, ${w} columns` };
    }
    case 'ring': case 'complete': return { ...circle(n), method: `${spec.kind}: nodes in id order on a circle, clockwise from the top` };
    case 'star': { const c = circle(n, 1); c.x[0] = 0; c.y[0] = 0; return { ...c, method: 'star: hub (node 0) in the centre' }; }
    case 'line': return { x: Float64Array.from({ length: n }, (_, i) => i * 20), y: new Float64Array(n), method: 'line: nodes in id order, left to right' };
    case 'tree': return { ...treeLayout(n, spec.branching ?? 2), method: `tree: root (node 0) at the top, branching ${spec.branching ?? 2}` };
    default: return forceLayout(t, seed);
  }
}
