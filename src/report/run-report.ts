import type { ChalkInstance } from 'chalk';
import type { RunResult } from '../simulation/simulate.js';
import { coverageChart } from './coverage-chart.js';
import { formatNumber, renderTable } from './table.js';

/**
 * Extra renderings for a protocol's metrics block (e.g. a coverage chart), keyed by
 * the block's name. Each returns lines to print under the table.
 */
export const blockCharts: Record<string, (block: unknown, c: ChalkInstance) => string> = {
  gossip: coverageChart,
};

/** The human report of one run: a header, the common metrics, each protocol block, the fingerprint. */
export function renderRun(r: RunResult, c: ChalkInstance): string {
  const m = r.metrics;
  const out: string[] = [];
  out.push(c.bold(`${r.scenario}`) + `  ${r.protocol} on ${r.nodes} nodes, ${r.links} links, seed ${r.seed}`);
  out.push('');
  const dist = (d: { min: number | null; mean: number | null; p50: number | null; p95: number | null; max: number | null }) =>
    `min ${formatNumber(d.min)}  mean ${formatNumber(d.mean)}  p50 ${formatNumber(d.p50)}  p95 ${formatNumber(d.p95)}  max ${formatNumber(d.max)}`;
  const rows: string[][] = [
    ['messages', formatNumber(m.messages)],
    ['delivered / expected', `${m.delivered} / ${m.expected}`],
    ['delivery ratio', formatNumber(m.deliveryRatio)],
    ['transmissions (sent)', formatNumber(m.sent)],
    ['dropped', formatNumber(m.dropped)],
    ['duplicates', formatNumber(m.duplicates)],
    ['hops', dist(m.hops)],
    ['latency (ms)', dist(m.latency)],
    ['convergence (ms)', `t50 ${formatNumber(m.convergence.t50)}  t90 ${formatNumber(m.convergence.t90)}  t99 ${formatNumber(m.convergence.t99)}  t100 ${formatNumber(m.convergence.t100)}`],
  ];
  out.push(renderTable([{ header: 'metric', align: 'left' }, { header: 'value', align: 'left' }], rows, c));
  const common = new Set(['messages', 'expected', 'delivered', 'deliveryRatio', 'sent', 'dropped', 'duplicates', 'hops', 'latency', 'convergence']);
  for (const [name, block] of Object.entries(m)) {
    if (common.has(name)) continue;
    out.push('');
    out.push(c.bold(name));
    // Long lists (coverage curves, violation lists) belong in --json or a chart; an empty list says 'none'.
    const flat = flatten(block).filter(([, v]) => !Array.isArray(v) || v.length <= 12);
    out.push(renderTable([{ header: 'metric', align: 'left' }, { header: 'value', align: 'left' }], flat.map(([k, v]) => [k, show(v)]), c));
    const chart = blockCharts[name];
    if (chart) out.push('', chart(block, c));
  }
  out.push('');
  out.push(c.dim(`${r.events} events, ended at t=${formatNumber(r.time)} ms (${r.stop}); fingerprint ${r.fingerprint.slice(0, 16)}`));
  return out.join('\n');
}

function flatten(v: unknown, prefix = ''): Array<[string, unknown]> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return [[prefix || 'value', v]];
  const entries = Object.entries(v as Record<string, unknown>);
  return entries.flatMap(([k, x]) => (x !== null && typeof x === 'object' && !Array.isArray(x) ? flatten(x, prefix ? `${prefix}.${k}` : k) : [[prefix ? `${prefix}.${k}` : k, x] as [string, unknown]]));
}

function show(v: unknown): string {
  if (typeof v === 'number' || v === null) return formatNumber(v as number | null);
  if (Array.isArray(v) && v.length === 0) return 'none';
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'number' ? formatNumber(x) : JSON.stringify(x))).join(', ');
  return String(v);
}
