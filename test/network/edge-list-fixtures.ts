// Edge lists for the build tests and the plain construction they are checked against.
import type { Topology } from '../../src/network/topology.js';

/** Seeded lines: repeats (either orientation, other latencies), self-loops, any order, comments, odd spacing, CRLF, ids far apart. */
export function randomEdgeList(seed: number, lines: number, nodes: number): string {
  let s = seed;
  const rand = () => { s = (Math.imul(s, 1103515245) + 12345) >>> 0; return s / 2 ** 32; };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const id = () => Math.floor(rand() ** 2 * nodes); // low ids more often: long rows and many repeats
  const seen: [number, number][] = [];
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const r = rand();
    let u = id(), v = id();
    if (r < 0.1 && seen.length > 0) [v, u] = pick(seen); // a repeat, other way round
    else if (r < 0.15 && seen.length > 0) [u, v] = pick(seen);
    else if (r < 0.2) v = u; // self-loop
    seen.push([u, v]);
    const ms = pick([() => (rand() * 10).toFixed(2), () => String(Math.floor(rand() * 30)), () => `${(rand() * 9).toFixed(1)}e-1`])();
    out.push(pick([`${u} ${v} ${ms}`, `${u}\t${v}\t${ms}`, `  ${u}  ${v} ${ms}  # edge`, `${u} ${v} ${ms}\r`]));
    if (rand() < 0.05) out.push(pick(['# a comment', '', '   ']));
  }
  return out.join('\n') + '\n';
}

/** The topology by the book: a map from (low, high) to the first latency, links in key order, rows sorted. */
export function plainTopology(text: string): { nodes: number; offsets: number[]; targets: number[]; linkOf: number[]; linkU: number[]; linkV: number[]; linkLatency: number[]; slotLatency: number[] } {
  const first = new Map<string, number>();
  let nodes = 0;
  for (const line of text.split('\n')) {
    const cols = line.replace(/#.*/, '').split(/[ \t\r]+/).filter(Boolean);
    if (cols.length === 0) continue;
    const u = Number(cols[0]), v = Number(cols[1]);
    nodes = Math.max(nodes, u + 1, v + 1);
    const key = `${Math.min(u, v)},${Math.max(u, v)}`;
    if (u !== v && !first.has(key)) first.set(key, Number(cols[2]));
  }
  const links = [...first.entries()].map(([key, ms]) => { const [a, b] = key.split(',').map(Number) as [number, number]; return { a, b, ms }; })
    .sort((x, y) => x.a - y.a || x.b - y.b);
  const rows = Array.from({ length: nodes }, () => [] as { to: number; l: number; ms: number }[]);
  links.forEach(({ a, b, ms }, l) => { rows[a]!.push({ to: b, l, ms }); rows[b]!.push({ to: a, l, ms }); });
  const offsets = [0], targets: number[] = [], linkOf: number[] = [], slotLatency: number[] = [];
  for (const row of rows) {
    row.sort((x, y) => x.to - y.to);
    for (const h of row) { targets.push(h.to); linkOf.push(h.l); slotLatency.push(h.ms); }
    offsets.push(targets.length);
  }
  return { nodes, offsets, targets, linkOf, linkU: links.map((x) => x.a), linkV: links.map((x) => x.b), linkLatency: links.map((x) => x.ms), slotLatency };
}

export function arraysOf(t: Topology) {
  return {
    nodes: t.nodes, offsets: [...t.offsets], targets: [...t.targets], linkOf: [...t.linkOf], linkU: [...t.linkU], linkV: [...t.linkV],
    linkLatency: [...t.linkLatency!], slotLatency: [...t.slotLatency!],
  };
}

/**
 * Seeded lines with no pair twice (in either orientation): self-loops, any orientation, low ids
 * more often (rows longer than 32, a hub), comments, odd spacing, CRLF. fromEdges builds these
 * in one pass; `repeat` appends lines repeating given pairs, the other way round, with other
 * latencies (which must lose to the first).
 */
export function uniqueEdgeList(seed: number, lines: number, nodes: number, repeat: readonly [number, number][] = []): string {
  let s = seed;
  const rand = () => { s = (Math.imul(s, 1103515245) + 12345) >>> 0; return s / 2 ** 32; };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const id = () => Math.floor(rand() ** 3 * nodes);
  const seen = new Set<number>();
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    let u = id(), v = id();
    if (rand() < 0.05) v = u; // self-loop
    const key = Math.min(u, v) * nodes + Math.max(u, v);
    if (u !== v && seen.has(key)) continue;
    seen.add(key);
    const ms = pick([() => (rand() * 10).toFixed(2), () => String(Math.floor(rand() * 30)), () => `${(rand() * 9).toFixed(1)}e-1`])();
    out.push(pick([`${u} ${v} ${ms}`, `${u}\t${v}\t${ms}`, `  ${u}  ${v} ${ms}  # edge`, `${u} ${v} ${ms}\r`]));
    if (rand() < 0.05) out.push(pick(['# a comment', '', '   ']));
  }
  for (const [u, v] of repeat) out.push(`${v} ${u} 99.5`);
  return out.join('\n') + '\n';
}
