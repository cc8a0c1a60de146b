/**
 * Topology generators: the deterministic kinds and the random graph models,
 * numbered exactly as docs/scenario-format.md says. All randomness comes from the `rng` passed
 * in (the run's `topology` stream), so a seed always gives the same graph.
 */
import { randomInt, type Rng } from '../engine/random.js';
import { EdgeBuffer, EdgeSet } from './edge-sets.js';
import { randomRegular } from './random-regular.js';
import type { TopologySpec } from './topology-spec.js';
import { edgeListMemory, readEdgeList, type ReadText } from './edgelist.js';
import { checkTopologySpec, DEFAULT_BRANCHING } from './topology-rules.js';
import { Topology } from './topology.js';

/**
 * The graph a spec describes. `checkTopologySpec` (topology-rules.ts) runs first, so a
 * direct library call gets the same refusal as a scenario; the builders below trust it.
 */
export function generateTopology(spec: TopologySpec, rng: Rng, readFile?: ReadText): Topology {
  checkTopologySpec(spec);
  if (spec.kind === 'edgelist') {
    const list = readEdgeList(spec.file!, readFile);
    // The list dies with this build: its memory may take the rows.
    return Topology.fromEdges(list.nodes, list.us, list.vs, list.latency, edgeListMemory(list));
  }
  if (spec.kind === 'grid' || spec.kind === 'torus') {
    const width = spec.width!, height = spec.height!;
    return build(width * height, lattice(width, height, spec.kind === 'torus'));
  }
  const n = spec.nodes!;
  switch (spec.kind) {
    case 'complete': {
      const edges = new EdgeBuffer(n * (n - 1) / 2);
      for (let u = 0; u < n; u++) for (let v = u + 1; v < n; v++) edges.push(u, v);
      return build(n, edges);
    }
    case 'ring': {
      const edges = new EdgeBuffer(n);
      for (let u = 0; u + 1 < n; u++) edges.push(u, u + 1);
      if (n >= 3) edges.push(n - 1, 0); // for n = 2 it would repeat 0—1
      return build(n, edges);
    }
    case 'line': {
      const edges = new EdgeBuffer(n);
      for (let u = 0; u + 1 < n; u++) edges.push(u, u + 1);
      return build(n, edges);
    }
    case 'star': {
      const edges = new EdgeBuffer(n);
      for (let v = 1; v < n; v++) edges.push(0, v);
      return build(n, edges);
    }
    case 'tree': {
      const b = spec.branching ?? DEFAULT_BRANCHING;
      const edges = new EdgeBuffer(n);
      // Node 0 is the root; the children of i are b·i+1 … b·i+b, so v's parent is ⌊(v−1)/b⌋.
      for (let v = 1; v < n; v++) edges.push(Math.floor((v - 1) / b), v);
      return build(n, edges);
    }
    case 'random-regular': return randomRegular(n, spec.degree!, rng);
    case 'erdos-renyi': return build(n, erdosRenyi(n, spec.p!, rng));
    case 'watts-strogatz': return build(n, wattsStrogatz(n, spec.k!, spec.beta!, rng));
    case 'barabasi-albert': return build(n, barabasiAlbert(n, spec.m!, rng));
  }
}

/** Topology.fromEdges sorts the links into (low id, high id) order itself, in O(n + m). */
function build(n: number, edges: EdgeBuffer): Topology {
  return Topology.fromEdges(n, edges.us.subarray(0, edges.length), edges.vs.subarray(0, edges.length));
}

/** Grid or torus, row-major: node r·width + c links to its right and lower neighbours. */
function lattice(width: number, height: number, wrap: boolean): EdgeBuffer {
  const edges = new EdgeBuffer(2 * width * height);
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      const id = r * width + c;
      if (c + 1 < width) edges.push(id, id + 1);
      else if (wrap && width >= 3) edges.push(id, r * width); // width ≤ 2: the wrap link already exists or is a loop
      if (r + 1 < height) edges.push(id, id + width);
      else if (wrap && height >= 3) edges.push(id, c);
    }
  }
  return edges;
}

/**
 * G(n, p) by geometric skipping (Batagelj & Brandes 2005): jump straight to the
 * next present pair, so the work is O(n + m) rather than O(n²).
 */
function erdosRenyi(n: number, p: number, rng: Rng): EdgeBuffer {
  const pairs = n * (n - 1) / 2;
  const edges = new EdgeBuffer(Math.ceil(p * pairs * 1.05) + 16);
  if (p === 0) return edges;
  if (p === 1) {
    for (let u = 0; u < n; u++) for (let v = u + 1; v < n; v++) edges.push(u, v);
    return edges;
  }
  const logq = Math.log1p(-p);
  let v = 1, w = -1;
  while (v < n) {
    const skip = Math.floor(Math.log(1 - rng()) / logq);
    if (!(skip < pairs)) break; // past the last pair (also guards skip = ∞ for tiny p)
    w += 1 + skip;
    while (w >= v && v < n) { w -= v; v++; }
    if (v < n) edges.push(v, w);
  }
  return edges;
}

/**
 * Watts–Strogatz as in NetworkX: a ring lattice where each node links to k/2
 * neighbours per side, then each lattice link (u, u+j) is rewired to (u, w) with
 * probability beta, w uniform, never a self-loop or an existing link. The link
 * count stays exactly n·k/2.
 */
function wattsStrogatz(n: number, k: number, beta: number, rng: Rng): EdgeBuffer {
  const half = k / 2, m = n * half;
  const edges = new EdgeBuffer(m), set = new EdgeSet(m);
  const degree = new Int32Array(n).fill(k);
  for (let j = 1; j <= half; j++) {
    for (let u = 0; u < n; u++) { const v = (u + j) % n; edges.push(u, v); set.add(u, v); }
  }
  if (beta === 0) return edges;
  for (let e = 0; e < m; e++) {
    if (rng() >= beta) continue;
    const u = edges.us[e]!, v = edges.vs[e]!;
    if (degree[u]! >= n - 1) continue; // u already links to everyone: nowhere to go
    let w = randomInt(rng, n);
    while (w === u || set.has(u, w)) w = randomInt(rng, n);
    set.delete(u, v); set.add(u, w);
    edges.vs[e] = w; degree[v]!--; degree[w]!++;
  }
  return edges;
}

/**
 * Barabási–Albert linear preferential attachment. Nodes 0 … m−1 start with no
 * links; node m links to all of them, and every later node links to m distinct
 * nodes drawn from the list in which each node appears once per link end. So
 * the graph has exactly m·(n − m) links.
 */
function barabasiAlbert(n: number, m: number, rng: Rng): EdgeBuffer {
  const edges = new EdgeBuffer(m * (n - m));
  const ends = new Int32Array(2 * m * (n - m));
  let size = 0;
  const chosen = new Int32Array(n).fill(-1); // chosen[t] === v: t is already a target of v
  const targets = new Int32Array(m);
  for (let t = 0; t < m; t++) targets[t] = t;
  for (let v = m; v < n; v++) {
    for (let t = 0; t < m; t++) {
      edges.push(v, targets[t]!);
      ends[size++] = targets[t]!; ends[size++] = v;
    }
    if (v + 1 === n) break;
    for (let t = 0; t < m;) {
      const pick = ends[randomInt(rng, size)]!;
      if (chosen[pick] === v) continue;
      chosen[pick] = v; targets[t++] = pick;
    }
  }
  return edges;
}
